import AmendsCore
import AmendsHTTP
import AmendsJSON
import AmendsTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Working a case through its recovery: statuses, who may move them, root causes, reopening and notes.
@Suite("Case lifecycle over HTTP")
struct CaseLifecycleTests {
    static let complaint = #"{"location":"lisbon","customer":{"email":"ana@example.com"},"text":"The room was dirty"}"#

    /// Posts the complaint and returns the id of the case it opened or joined.
    func complain(_ client: some TestClientProtocol, _ harness: Harness) async throws -> String {
        let response = try await client.send(.post, "/v1/feedback", token: harness.channel, json: Self.complaint)
        return try #require(response.json["case"]?["id"]?.string)
    }

    func move(_ client: some TestClientProtocol, _ caseID: String, token: String, _ body: String) async throws -> TestResponse {
        try await client.send(.post, "/v1/cases/\(caseID)/status", token: token, json: body)
    }

    @Test func aCaseGoesThroughEveryStepOfItsRecovery() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            let caseID = try await complain(client, harness)
            let early = try await move(client, caseID, token: harness.frontline, #"{"status":"in_progress"}"#)
            #expect(early.status == .conflict)
            #expect(early.errorCode == "not_acknowledged")

            #expect(try await client.send(.post, "/v1/cases/\(caseID)/acknowledge", token: harness.frontline).status == .ok)
            let started = try await move(client, caseID, token: harness.frontline, #"{"status":"in_progress","note":"On my way to the room"}"#)
            #expect(started.status == .ok)
            #expect(started.json["status"] == .string("in_progress"))
            #expect(try await move(client, caseID, token: harness.frontline, #"{"status":"waiting_on_customer"}"#).json["status"] == .string("waiting_on_customer"))
            #expect(try await move(client, caseID, token: harness.frontline, #"{"status":"in_progress"}"#).json["status"] == .string("in_progress"))
            let resolved = try await move(
                client, caseID, token: harness.frontline,
                #"{"status":"resolved","note":"New room, first one deep-cleaned","root_cause":{"category":" process ","description":"Released before the check"}}"#)
            #expect(resolved.status == .ok)
            #expect(resolved.json["resolved_at"]?.string != nil)
            #expect(resolved.json["root_cause"]?["category"] == .string("process"))
            #expect(try await move(client, caseID, token: harness.frontline, #"{"status":"followed_up"}"#).json["status"] == .string("followed_up"))
            // The root cause given on resolution is enough to close.
            let closed = try await move(client, caseID, token: harness.frontline, #"{"status":"closed"}"#)
            #expect(closed.status == .ok)
            #expect(closed.json["closed_at"]?.string != nil)

            let detail = try await client.send(.get, "/v1/cases/\(caseID)", token: harness.admin)
            #expect(detail.json["case"]?["status"] == .string("closed"))
            #expect(detail.json["case"]?["root_cause"]?["description"] == .string("Released before the check"))
            let moves = detail.json["timeline"]?.array.filter { $0["kind"] == .string("status_changed") } ?? []
            #expect(
                moves.map { "\($0["data"]?["from"]?.string ?? "")>\($0["data"]?["to"]?.string ?? "")" } == [
                    "acknowledged>in_progress", "in_progress>waiting_on_customer", "waiting_on_customer>in_progress", "in_progress>resolved",
                    "resolved>followed_up", "followed_up>closed",
                ])
            #expect(moves.first?["message"] == .string("Marta moved the case from acknowledged to in progress: On my way to the room."))
            #expect(moves[3]["data"]?["root_cause"]?["category"] == .string("process"))
            #expect(moves.allSatisfy { $0["actor"]?.string?.hasPrefix("staff:") == true })

            let reopened = try await move(client, caseID, token: harness.frontline, #"{"status":"reopened","note":"The guest called again"}"#)
            #expect(reopened.json["status"] == .string("reopened"))
            #expect(reopened.json["closed_at"] == nil && reopened.json["resolved_at"] == nil)
            #expect(reopened.json["root_cause"]?["category"] == .string("process"))
            #expect(try await move(client, caseID, token: harness.frontline, #"{"status":"resolved"}"#).json["status"] == .string("resolved"))
        }
    }

    @Test func closingNeedsARootCauseAndNothingIsHalfWritten() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            let caseID = try await complain(client, harness)
            _ = try await client.send(.post, "/v1/cases/\(caseID)/acknowledge", token: harness.frontline)
            #expect(try await move(client, caseID, token: harness.frontline, #"{"status":"resolved"}"#).status == .ok)
            let refused = try await move(client, caseID, token: harness.frontline, #"{"status":"closed","note":"done"}"#)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.errorCode == "root_cause_required")
            let blank = try await move(client, caseID, token: harness.frontline, #"{"status":"closed","root_cause":{"category":"","description":"x"}}"#)
            #expect(blank.status == .unprocessableContent)
            #expect(blank.json["error"]?["field"] == .string("root_cause.category"))
            let detail = try await client.send(.get, "/v1/cases/\(caseID)", token: harness.admin)
            #expect(detail.json["case"]?["status"] == .string("resolved"))
            #expect(detail.json["timeline"]?.array.filter { $0["kind"] == .string("status_changed") }.count == 1)
            let closed = try await move(
                client, caseID, token: harness.frontline, #"{"status":"closed","root_cause":{"category":"staffing","description":"One housekeeper for 40 rooms"}}"#)
            #expect(closed.json["status"] == .string("closed"))
        }
    }

    @Test func onlyTheOwnerOrALeadMovesACase() async throws {
        let harness = try await Harness.start()
        let (_, other) = try await harness.runtime.tokens.addStaff(name: "Rui", email: nil, role: .frontline)
        let (_, lead) = try await harness.runtime.tokens.addStaff(name: "Lia", email: nil, role: .lead)
        try await harness.router { client in
            let caseID = try await complain(client, harness)
            _ = try await client.send(.post, "/v1/cases/\(caseID)/acknowledge", token: harness.frontline)
            let stranger = try await move(client, caseID, token: other, #"{"status":"in_progress"}"#)
            #expect(stranger.status == .forbidden)
            #expect(stranger.errorCode == "not_owner")
            let byChannel = try await move(client, caseID, token: harness.channel, #"{"status":"in_progress"}"#)
            #expect(byChannel.status == .forbidden)
            #expect(try await move(client, caseID, token: lead, #"{"status":"in_progress"}"#).status == .ok)
            #expect(try await move(client, caseID, token: harness.admin, #"{"status":"resolved"}"#).status == .ok)
            #expect(try await move(client, caseID, token: "nope", #"{"status":"closed"}"#).status == .unauthorized)
        }
    }

    @Test func illegalMovesAndBadBodiesAreRefusedClearly() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            let caseID = try await complain(client, harness)
            _ = try await client.send(.post, "/v1/cases/\(caseID)/acknowledge", token: harness.frontline)
            let cases: [(String, HTTPResponse.Status, String)] = [
                (#"{"status":"closed"}"#, .conflict, "illegal_transition"),
                (#"{"status":"acknowledged"}"#, .conflict, "status_unchanged"),
                (#"{"status":"new"}"#, .unprocessableContent, "invalid_transition"),
                (#"{"status":"done"}"#, .unprocessableContent, "invalid_field"),
                (#"{"status":7}"#, .unprocessableContent, "invalid_field"),
                (#"{}"#, .unprocessableContent, "missing_field"),
                (#"{"status":"in_progress","colour":"red"}"#, .unprocessableContent, "unknown_field"),
                (#"{"status":"in_progress","root_cause":{"category":"a","description":"b"}}"#, .unprocessableContent, "invalid_field"),
                (#"{"status":"resolved","root_cause":{"category":"a","description":"b","who":"c"}}"#, .unprocessableContent, "unknown_field"),
                (#"{"status":"#, .badRequest, "invalid_json"),
            ]
            for (body, status, code) in cases {
                let response = try await move(client, caseID, token: harness.frontline, body)
                #expect(response.status == status, "\(body)")
                #expect(response.errorCode == code, "\(body): \(response.json)")
            }
            let illegal = try await move(client, caseID, token: harness.frontline, #"{"status":"followed_up"}"#)
            #expect(illegal.json["error"]?["message"]?.string?.contains("it can go to in progress, waiting on customer, resolved") == true)
            #expect(try await move(client, "missing", token: harness.frontline, #"{"status":"resolved"}"#).status == .notFound)
            let plain = try await client.send(
                .post, "/v1/cases/\(caseID)/status", token: harness.frontline, bytes: Array(#"{"status":"resolved"}"#.utf8), headers: [.contentType: "text/plain"])
            #expect(plain.status == .unsupportedMediaType)
            let detail = try await client.send(.get, "/v1/cases/\(caseID)", token: harness.admin)
            #expect(detail.json["case"]?["status"] == .string("acknowledged"))
        }
    }

    @Test func aResolvedCaseTakesNoNewComplaintsAndReopensOnlyAlone() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            let first = try await complain(client, harness)
            #expect(try await complain(client, harness) == first)
            _ = try await client.send(.post, "/v1/cases/\(first)/acknowledge", token: harness.frontline)
            _ = try await move(client, first, token: harness.frontline, #"{"status":"resolved"}"#)
            let second = try await complain(client, harness)
            #expect(second != first)
            let refused = try await move(client, first, token: harness.frontline, #"{"status":"reopened"}"#)
            #expect(refused.status == .conflict)
            #expect(refused.errorCode == "open_case_exists")
            #expect(refused.json["error"]?["message"]?.string?.contains(second) == true)

            _ = try await client.send(.post, "/v1/cases/\(second)/acknowledge", token: harness.frontline)
            _ = try await move(client, second, token: harness.frontline, #"{"status":"resolved"}"#)
            #expect(try await move(client, first, token: harness.frontline, #"{"status":"reopened"}"#).status == .ok)
            // The reopened case takes the customer's next complaint again.
            #expect(try await complain(client, harness) == first)
        }
    }

    @Test func theChecklistGuidesTheRecoveryAndGuardsResolving() async throws {
        let harness = try await Harness.start()
        var playbook = Fixture.playbook()
        playbook.scenarios[0].requiredSteps = ["apologize", "fix"]
        _ = try await harness.runtime.importPlaybook(playbook, by: "test")
        try await harness.router { client in
            let caseID = try await complain(client, harness)
            func checklist() async throws -> [String: JSONValue] {
                let items = try await client.send(.get, "/v1/cases/\(caseID)", token: harness.admin).json["checklist"]?.array ?? []
                return Dictionary(uniqueKeysWithValues: items.map { ($0["step"]?.string ?? "", $0) })
            }
            func step(_ body: String, token: String? = nil) async throws -> TestResponse {
                try await client.send(.post, "/v1/cases/\(caseID)/steps", token: token ?? harness.frontline, json: body)
            }
            var items = try await checklist()
            #expect(items.keys.sorted() == ["above_and_beyond", "apologize", "fix", "follow_up", "take_ownership"])
            #expect(items["apologize"]?["required"] == .bool(true) && items["above_and_beyond"]?["required"] == .bool(false))
            #expect(items.values.allSatisfy { $0["done"] == .bool(false) })
            #expect(try await step(#"{"step":"apologize","note":"Sorry"}"#).errorCode == "not_acknowledged")

            _ = try await client.send(.post, "/v1/cases/\(caseID)/acknowledge", token: harness.frontline)
            items = try await checklist()
            #expect(items["take_ownership"]?["done"] == .bool(true))
            #expect(items["take_ownership"]?["done_by"]?.string?.hasPrefix("staff:") == true)

            let early = try await move(client, caseID, token: harness.frontline, #"{"status":"resolved"}"#)
            #expect(early.status == .conflict)
            #expect(early.errorCode == "steps_missing")
            #expect(early.json["error"]?["message"]?.string?.hasSuffix("requires 'apologize', 'fix' first") == true)

            let apology = try await step(#"{"step":"apologize","note":"Apologized in person at the desk"}"#)
            #expect(apology.status == .created)
            #expect(apology.json["kind"] == .string("step_completed"))
            #expect(apology.json["message"] == .string("Marta did 'apologize': Apologized in person at the desk"))
            #expect(try await step(#"{"step":"apologize","note":"Again"}"#).errorCode == "step_done")
            #expect(try await step(#"{"step":"take_ownership","note":"x"}"#).errorCode == "invalid_step")
            #expect(try await step(#"{"step":"hug","note":"x"}"#).errorCode == "invalid_field")
            #expect(try await step(#"{"step":"fix","note":"  "}"#).errorCode == "invalid_field")
            #expect(try await step(#"{"step":"fix"}"#).errorCode == "missing_field")
            #expect(try await step(#"{"step":"follow_up","note":"Called"}"#).errorCode == "not_resolved")
            #expect(try await step(#"{"step":"fix","note":"x"}"#, token: harness.channel).status == .forbidden)

            // A colleague can do a step too; the checklist says who.
            let fix = try await step(#"{"step":"fix","note":"Moved to a cleaned room"}"#, token: harness.admin)
            #expect(fix.status == .created)
            #expect(try await move(client, caseID, token: harness.frontline, #"{"status":"resolved"}"#).status == .ok)
            #expect(try await step(#"{"step":"above_and_beyond","note":"Late checkout"}"#).errorCode == "case_not_open")
            #expect(try await step(#"{"step":"follow_up","note":"Called the next day; she is happy"}"#).status == .created)
            items = try await checklist()
            #expect(items["fix"]?["note"] == .string("Moved to a cleaned room"))
            #expect(items["fix"]?["done_by"] != items["apologize"]?["done_by"])
            #expect(items.filter { $0.value["done"] == .bool(true) }.keys.sorted() == ["apologize", "fix", "follow_up", "take_ownership"])
        }
    }

    @Test func waitingOnTheCustomerStopsTheResolutionClock() async throws {
        let harness = try await Harness.start()
        let clock = try #require(harness.clock)
        try await harness.router { client in
            let caseID = try await complain(client, harness)
            _ = try await client.send(.post, "/v1/cases/\(caseID)/acknowledge", token: harness.frontline)
            let before = try #require(try await client.send(.get, "/v1/cases/\(caseID)", token: harness.admin).json["case"]?["resolve_by"]?.string)
            clock.advance(by: 600)
            let waiting = try await move(client, caseID, token: harness.frontline, #"{"status":"waiting_on_customer"}"#)
            #expect(waiting.json["sla_paused_at"]?.string != nil)
            #expect(waiting.json["resolve_by"]?.string == before)
            // Three hours waiting for the guest's answer do not count against the team.
            clock.advance(by: 3 * 3600)
            let going = try await move(client, caseID, token: harness.frontline, #"{"status":"in_progress"}"#)
            #expect(going.json["sla_paused_at"] == nil)
            let after = try #require(going.json["resolve_by"]?.string)
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let moved = try #require(formatter.date(from: after)).timeIntervalSince(try #require(formatter.date(from: before)))
            #expect(abs(moved - 3 * 3600) < 0.01)
            // Resolving while waiting just stops the clock.
            _ = try await move(client, caseID, token: harness.frontline, #"{"status":"waiting_on_customer"}"#)
            let resolved = try await move(client, caseID, token: harness.frontline, #"{"status":"resolved"}"#)
            #expect(resolved.json["sla_paused_at"] == nil && resolved.json["resolve_by"]?.string == after)
        }
    }

    @Test func notesGoOnTheTimeline() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            let caseID = try await complain(client, harness)
            let note = try await client.send(.post, "/v1/cases/\(caseID)/notes", token: harness.frontline, json: #"{"text":"  Guest prefers a high floor  "}"#)
            #expect(note.status == .created)
            #expect(note.json["kind"] == .string("note"))
            #expect(note.json["data"]?["text"] == .string("Guest prefers a high floor"))
            #expect(note.json["message"] == .string("Marta: Guest prefers a high floor"))
            let detail = try await client.send(.get, "/v1/cases/\(caseID)", token: harness.admin)
            #expect(detail.json["timeline"]?.array.last?["kind"] == .string("note"))

            #expect(try await client.send(.post, "/v1/cases/\(caseID)/notes", token: harness.frontline, json: #"{"text":"   "}"#).errorCode == "invalid_field")
            let long = String(repeating: "a", count: 4001)
            #expect(try await client.send(.post, "/v1/cases/\(caseID)/notes", token: harness.frontline, json: #"{"text":"\#(long)"}"#).errorCode == "invalid_field")
            #expect(try await client.send(.post, "/v1/cases/\(caseID)/notes", token: harness.frontline, json: #"{}"#).errorCode == "missing_field")
            #expect(try await client.send(.post, "/v1/cases/missing/notes", token: harness.frontline, json: #"{"text":"x"}"#).status == .notFound)
            #expect(try await client.send(.post, "/v1/cases/\(caseID)/notes", token: harness.channel, json: #"{"text":"x"}"#).status == .forbidden)
        }
    }
}
