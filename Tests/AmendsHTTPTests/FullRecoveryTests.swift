import AmendsApp
import AmendsCore
import AmendsHTTP
import AmendsTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// One case through every step of its recovery, as the people involved would take it.
@Suite("A whole recovery")
struct FullRecoveryTests {
    @Test func oneCaseFromComplaintToTheCustomersVerdictAndClosing() async throws {
        let receiver = AlarmReceiver()
        try await receiver.application().test(.live) { gatewayClient in
            let gateway = "http://127.0.0.1:\(try #require(gatewayClient.port))/hook/sms"
            let harness = try await Harness.start { $0.smsGateway = gateway }
            var playbook = FollowUpTests.playbook()
            playbook.scenarios[0].requiredSteps = ["apologize", "fix"]
            playbook.scenarios[0].respondWithin = SLADuration(seconds: 1800)
            _ = try await harness.runtime.importPlaybook(playbook, by: "test")
            let smsGateway = try await harness.runtime.tokens.issueChannelToken(channel: "sms-replies", label: "SMS gateway")
            let (lead, leadToken) = try await harness.runtime.tokens.addStaff(name: "Rui", email: "manager@hotel.test", role: .lead)
            let (helper, helperToken) = try await harness.runtime.tokens.addStaff(name: "Joana", email: nil, role: .frontline)
            let scheduler = FollowUpScheduler(runtime: harness.runtime)
            try await harness.router { client in
                let marta = harness.frontline
                func post(_ path: String, _ json: String? = nil, token: String? = nil) async throws -> TestResponse {
                    try await client.send(.post, path, token: token ?? marta, json: json)
                }
                // 1. The complaint opens a case and alarms housekeeping.
                let complaint = try await client.send(
                    .post, "/v1/feedback", token: harness.channel,
                    json: #"{"location":"lisbon","customer":{"phone":"+351912000555","name":"Beatriz"},"text":"Hair in the shower and the room was dirty"}"#)
                let id = try #require(complaint.json["case"]?["id"]?.string)
                // 2. Ownership, and a colleague from another team to help.
                #expect(try await post("/v1/cases/\(id)/acknowledge").status == .ok)
                #expect(try await post("/v1/cases/\(id)/collaborators", #"{"staff_id":"\#(helper.id)"}"#).status == .ok)
                #expect(try await post("/v1/cases/\(id)/status", #"{"status":"in_progress"}"#).status == .ok)
                // 3. The apology, by SMS from the template, within the first-response SLA; recorded on the checklist.
                #expect(try await post("/v1/cases/\(id)/messages", #"{"kind":"apology"}"#).status == .accepted)
                #expect(try await harness.runtime.messages.runOnce() == 1)
                #expect(try await post("/v1/cases/\(id)/steps", #"{"step":"apologize","note":"Called her room"}"#).status == .created)
                // 4. The fix, by the helper; something above and beyond, beyond Marta's authority, approved by the lead.
                #expect(try await post("/v1/cases/\(id)/steps", #"{"step":"fix","note":"Room deep-cleaned"}"#, token: helperToken).status == .created)
                let asked = try await post("/v1/cases/\(id)/compensation", #"{"remedy":"night","reason":"Two dirty rooms in a row"}"#)
                #expect(asked.json["approvers"]?.array == [.string(lead.id)])
                let grantID = try #require(asked.json["id"]?.string)
                #expect(try await post("/v1/compensation/\(grantID)/approve", #"{"reason":"Deserved"}"#, token: leadToken).json["status"] == .string("granted"))
                #expect(try await post("/v1/cases/\(id)/steps", #"{"step":"above_and_beyond","note":"A free night"}"#).status == .created)
                // 5. A question to the guest stops the clock; her reply comes back on the case.
                #expect(try await post("/v1/cases/\(id)/status", #"{"status":"waiting_on_customer","note":"Asked which night suits her"}"#).status == .ok)
                let reply = try await MessageTests.reply(
                    client, medium: "sms", token: smsGateway, #"{"from":"+351912000555","text":"Saturday, thank you!"}"#, at: try #require(harness.clock).now())
                #expect(reply.status == .accepted)
                #expect(try await post("/v1/cases/\(id)/status", #"{"status":"in_progress"}"#).status == .ok)
                #expect(try await post("/v1/cases/\(id)/notes", #"{"text":"Night booked for Saturday"}"#).status == .created)
                // 6. Resolved with its root cause; the follow-up goes out a day later, with a signed survey link.
                let resolved = try await post(
                    "/v1/cases/\(id)/status", #"{"status":"resolved","root_cause":{"category":"process","description":"Room released before the check"}}"#)
                #expect(resolved.status == .ok)
                harness.clock?.advance(by: 86_400)
                #expect(try await scheduler.runOnce() == 1)
                #expect(try await harness.runtime.messages.runOnce() == 1)
                let survey = try #require(receiver.deliveries.last?.body)
                let link = try #require(survey.components(separatedBy: "\"text\":\"").last?.components(separatedBy: " ").last?.components(separatedBy: "\"").first)
                let path = try #require(URLComponents(string: link)?.path)
                // 7. The customer judges it: satisfied, so the case is followed up; then closed.
                #expect(try await client.send(.post, path, token: nil, json: #"{"satisfaction":5,"recommend":10,"comment":"Above and beyond"}"#).status == .created)
                #expect(try await post("/v1/cases/\(id)/steps", #"{"step":"follow_up","note":"She answered the survey"}"#).status == .created)
                #expect(try await post("/v1/cases/\(id)/status", #"{"status":"closed"}"#, token: leadToken).status == .ok)

                let detail = try await client.send(.get, "/v1/cases/\(id)", token: marta)
                #expect(detail.json["case"]?["status"] == .string("closed"))
                #expect(detail.json["checklist"]?.array.allSatisfy { $0["done"] == .bool(true) } == true)
                #expect(detail.json["follow_up"]?["answer"]?["satisfaction"] == .number(5))
                #expect(detail.json["compensation"]?.array.first?["status"] == .string("granted"))
                #expect(detail.json["messages"]?.array.map { $0["state"]?.string ?? "" } == ["sent", "received", "sent"])
                let kinds = detail.json["timeline"]?.array.compactMap { $0["kind"]?.string } ?? []
                for kind in [
                    "opened", "alarm_queued", "acknowledged", "collaborator_added", "message_queued", "message_sent", "step_completed",
                    "compensation_requested", "compensation_approved", "customer_replied", "note", "status_changed", "survey_answered",
                ] {
                    #expect(kinds.contains(kind), "\(kind)")
                }
                #expect(!kinds.contains("sla_breached"))
                // The customer on one page sees all of it.
                let customer = try await client.send(.get, "/v1/cases/\(id)/customer", token: marta)
                #expect(customer.json["summary"]?["mean_satisfaction"] == .number(5))
                #expect(customer.json["follow_ups"]?.array.count == 1)
            }
        }
    }
}
