import AmendsApp
import AmendsCore
import AmendsDelivery
import AmendsHTTP
import AmendsTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The follow-up survey: sent after resolution by a signed link, answered once, and judged by the customer.
@Suite("Follow-up surveys")
struct FollowUpTests {
    static func playbook(followUpAfter: SLADuration? = nil) -> Playbook {
        var playbook = Fixture.messagingPlaybook()
        playbook.scenarios[0].templates?.append(
            MessageTemplate(kind: .followUp, channel: .sms, language: "en", body: "{{customer.name}}, did we put it right? {{follow_up.url}}"))
        playbook.scenarios[0].followUpAfter = followUpAfter
        return playbook
    }

    /// A resolved case of a customer reachable by SMS, its follow-up sent; returns the case id and the survey path.
    static func resolvedAndSurveyed(_ client: any TestClientProtocol, _ harness: Harness, scheduler: FollowUpScheduler) async throws -> (String, String) {
        let complaint = try await client.send(
            .post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","customer":{"phone":"+351912000333","name":"Rita"}, "text":"The room was dirty"}"#)
        let caseID = try #require(complaint.json["case"]?["id"]?.string)
        _ = try await client.send(.post, "/v1/cases/\(caseID)/acknowledge", token: harness.frontline)
        let resolved = try await client.send(
            .post, "/v1/cases/\(caseID)/status", token: harness.frontline,
            json: #"{"status":"resolved","root_cause":{"category":"process","description":"Room released too early"}}"#)
        #expect(resolved.status == .ok)
        #expect(try await scheduler.runOnce() == 0)
        harness.clock?.advance(by: 86_400)
        #expect(try await scheduler.runOnce() == 1)
        let message = try #require(try await harness.runtime.store.messages(caseID: caseID).first { $0.kind == .followUp })
        let link = try #require(message.body.split(separator: " ").last.map(String.init))
        #expect(message.body.hasPrefix("Rita, did we put it right? http://"))
        return (caseID, try #require(URLComponents(string: link)?.path))
    }

    @Test func aSatisfiedAnswerFollowsTheCaseUpAndIsKeptOnce() async throws {
        let harness = try await Harness.start { $0.smsGateway = "http://127.0.0.1:9/sms" }
        _ = try await harness.runtime.importPlaybook(Self.playbook(), by: "test")
        let scheduler = FollowUpScheduler(runtime: harness.runtime)
        try await harness.router { client in
            let (caseID, path) = try await Self.resolvedAndSurveyed(client, harness, scheduler: scheduler)
            let json: HTTPFields = [.accept: "application/json"]
            let shown = try await client.send(.get, path, token: nil, headers: json)
            #expect(shown.json["answered"] == .bool(false) && shown.json["about"] == .string("Room not cleaned"))
            let page = String(buffer: try await client.send(.get, path, token: nil).body)
            #expect(page.contains("<form method=\"post\"") && page.contains("name=\"satisfaction\" value=\"5\""))

            let answered = try await client.send(.post, path, token: nil, json: #"{"satisfaction":5,"recommend":9,"comment":"Lovely new room"}"#)
            #expect(answered.status == .created)
            let detail = try await client.send(.get, "/v1/cases/\(caseID)", token: harness.frontline)
            #expect(detail.json["case"]?["status"] == .string("followed_up"))
            #expect(detail.json["follow_up"]?["answer"]?["satisfaction"] == .number(5))
            #expect(
                detail.json["timeline"]?.array.contains {
                    $0["message"] == .string("The customer answered the follow-up: satisfied 5 of 5, would come back or recommend 9 of 10: \"Lovely new room\".")
                } == true)
            let again = try await client.send(.post, path, token: nil, json: #"{"satisfaction":1,"recommend":0}"#)
            #expect(again.status == .conflict && again.errorCode == "already_answered")
            #expect(try await client.send(.get, path, token: nil, headers: json).json["answered"] == .bool(true))
        }
    }

    @Test func aDissatisfiedAnswerReopensTheCaseAndAlertsTheLead() async throws {
        let harness = try await Harness.start { $0.smsGateway = "http://127.0.0.1:9/sms" }
        _ = try await harness.runtime.importPlaybook(Self.playbook(), by: "test")
        // The housekeeping manager's team member is linked to this lead's account.
        _ = try await harness.runtime.tokens.addStaff(name: "Rui", email: "manager@hotel.test", role: .lead)
        let scheduler = FollowUpScheduler(runtime: harness.runtime)
        try await harness.router { client in
            let (caseID, path) = try await Self.resolvedAndSurveyed(client, harness, scheduler: scheduler)
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            let answered = try await client.send(
                .post, path, token: nil, bytes: Array("satisfaction=1&recommend=2&comment=Still+smells+of+smoke".utf8), headers: form)
            #expect(answered.status == .created)
            #expect(String(buffer: answered.body).contains("Thank you"))
            let recoveryCase = try #require(try await harness.runtime.store.recoveryCase(id: caseID))
            #expect(recoveryCase.status == .reopened)
            let alarms = try await harness.runtime.store.alarms(state: nil, caseID: caseID, limit: 50)
            let alert = try #require(alarms.first { $0.body.contains("case.customer_dissatisfied") })
            #expect(alert.recipient == "manager" && alert.body.contains("Still smells of smoke"))
            // The reopened case takes its customer's complaints again.
            let again = try await client.send(
                .post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","customer":{"phone":"+351912000333"},"text":"The room is still dirty"}"#)
            #expect(again.json["case"]?["id"] == .string(caseID))
        }
    }

    @Test func surveyLinksCannotBeForgedReusedForAnotherPurposeOrUsedLate() async throws {
        let harness = try await Harness.start { $0.smsGateway = "http://127.0.0.1:9/sms" }
        _ = try await harness.runtime.importPlaybook(Self.playbook(), by: "test")
        let scheduler = FollowUpScheduler(runtime: harness.runtime)
        try await harness.router { client in
            let (caseID, path) = try await Self.resolvedAndSurveyed(client, harness, scheduler: scheduler)
            let json: HTTPFields = [.accept: "application/json"]
            var forged = path
            forged.removeLast()
            forged += path.hasSuffix("A") ? "B" : "A"
            #expect(try await client.send(.get, forged, token: nil, headers: json).errorCode == "unknown_link")
            // A status link for the same case opens no survey.
            let status = try await client.send(.post, "/v1/cases/\(caseID)/status-link", token: harness.frontline)
            let statusToken = try #require(status.json["path"]?.string?.split(separator: "/").last)
            #expect(try await client.send(.get, "/customer/surveys/\(statusToken)", token: nil, headers: json).status == .notFound)
            for bad in [#"{"satisfaction":6,"recommend":9}"#, #"{"satisfaction":3,"recommend":11}"#, #"{"satisfaction":3}"#, #"{"satisfaction":3,"recommend":4,"x":1}"#] {
                #expect((400..<500).contains(try await client.send(.post, path, token: nil, json: bad).status.code), "\(bad)")
            }
            harness.clock?.advance(by: 31 * 86_400)
            let late = try await client.send(.post, path, token: nil, json: #"{"satisfaction":4,"recommend":8}"#)
            #expect(late.status == .gone && late.errorCode == "link_expired")
            #expect(try await harness.runtime.store.followUp(caseID: caseID)?.answer == nil)
        }
    }

    @Test func theDelayIsTheScenariosAndACustomerOutOfReachIsNoted() async throws {
        let harness = try await Harness.start { $0.smsGateway = "http://127.0.0.1:9/sms" }
        _ = try await harness.runtime.importPlaybook(Self.playbook(followUpAfter: SLADuration(seconds: 7200)), by: "test")
        let scheduler = FollowUpScheduler(runtime: harness.runtime)
        try await harness.router { client in
            // A customer with only an e-mail address: the follow-up template is by SMS.
            let complaint = try await client.send(
                .post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","customer":{"email":"x@example.com"},"text":"The room was dirty"}"#)
            let caseID = try #require(complaint.json["case"]?["id"]?.string)
            _ = try await client.send(.post, "/v1/cases/\(caseID)/acknowledge", token: harness.frontline)
            _ = try await client.send(
                .post, "/v1/cases/\(caseID)/status", token: harness.frontline,
                json: #"{"status":"resolved","root_cause":{"category":"process","description":"x"}}"#)
            let due = try #require(try await harness.runtime.store.followUp(caseID: caseID)?.dueAt)
            #expect(due == harness.clock!.now().addingTimeInterval(7200))
            harness.clock?.advance(by: 7200)
            #expect(try await scheduler.runOnce() == 1)
            let last = try #require(try await harness.runtime.store.timeline(caseID: caseID).last)
            #expect(last.kind == .followUpSkipped)
            #expect(last.message.hasPrefix("The follow-up survey could not be sent: the customer of case"))
            #expect(try await scheduler.runOnce() == 0)
        }
    }
}
