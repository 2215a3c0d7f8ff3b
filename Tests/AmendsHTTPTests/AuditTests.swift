import AmendsCore
import AmendsHTTP
import AmendsTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The audit log: every change a person makes, with who, when, what and from where.
@Suite("Audit log")
struct AuditTests {
    @Test func everyChangeByStaffIsLoggedWithWhoAndWhereAndFailuresAreNot() async throws {
        let harness = try await Harness.start()
        let app = buildApplication(runtime: harness.runtime)
        try await app.test(.live) { client in
            let staff = try await client.send(.post, "/v1/staff", token: harness.admin, json: #"{"name":"Inês","role":"frontline"}"#)
            let inesID = try #require(staff.json["member"]?["id"]?.string)
            let complaint = try await client.send(
                .post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","customer":{"email":"a@example.com"},"text":"The room was dirty"}"#)
            let caseID = try #require(complaint.json["case"]?["id"]?.string)
            let feedbackID = try #require(complaint.json["feedback"]?["id"]?.string)
            _ = try await client.send(.post, "/v1/cases/\(caseID)/acknowledge", token: harness.frontline)
            // A refused change leaves no entry.
            #expect(try await client.send(.post, "/v1/cases/\(caseID)/status", token: harness.frontline, json: #"{"status":"closed"}"#).status == .conflict)
            _ = try await client.send(.post, "/v1/cases/\(caseID)/steps", token: harness.frontline, json: #"{"step":"apologize","note":"Sorry"}"#)
            _ = try await client.send(.post, "/v1/cases/\(caseID)/notes", token: harness.frontline, json: #"{"text":"Guest on the phone"}"#)
            _ = try await client.send(.post, "/v1/cases/\(caseID)/status", token: harness.frontline, json: #"{"status":"in_progress"}"#)
            _ = try await client.send(.post, "/v1/feedback/\(feedbackID)/label", token: harness.frontline, json: #"{"failure":true,"category":"cleaning"}"#)
            _ = try await client.send(.post, "/v1/channels/web/tokens", token: harness.admin, json: #"{"label":"kiosk 2"}"#)
            _ = try await client.send(.post, "/v1/staff/\(inesID)/disable", token: harness.admin)

            let log = try await client.send(.get, "/v1/audit?limit=100", token: harness.admin)
            #expect(log.status == .ok)
            let items = log.json["items"]?.array ?? []
            #expect(
                items.compactMap { $0["action"]?.string } == [
                    "staff.disabled", "token.issued", "feedback.labeled", "case.status_changed", "case.note_added", "case.step_recorded",
                    "case.acknowledged", "token.issued", "staff.added", "token.issued", "token.issued", "staff.added", "token.issued",
                    "staff.added", "playbook.imported",
                ])
            // Through the API: the caller and their address. Set up by the test harness itself: the system, internally.
            let disabled = try #require(items.first)
            #expect(disabled["target"] == .string(inesID))
            #expect(disabled["actor"]?.string?.hasPrefix("staff:") == true)
            #expect(disabled["source"] == .string("127.0.0.1"))
            let status = try #require(items.first { $0["action"] == .string("case.status_changed") })
            #expect(status["target"] == .string(caseID))
            #expect(status["detail"]?["to"] == .string("in_progress"))
            #expect(items.last?["actor"] == .string("test") && items.last?["source"] == .string("internal"))
            let issued = try #require(items.first { $0["action"] == .string("token.issued") })
            #expect(issued["detail"]?["kind"] == .string("channel") && issued["detail"]?["digest"] == nil)

            let marta = try #require(status["actor"]?.string)
            let byMarta = try await client.send(.get, "/v1/audit?actor=\(marta)", token: harness.admin).json["items"]?.array ?? []
            #expect(byMarta.count == 5)
            let aboutCase = try await client.send(.get, "/v1/audit?target=\(caseID)&action=case.note_added", token: harness.admin).json["items"]?.array
            #expect(aboutCase?.count == 1)

            // Pages of two, newest first, until the end.
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await client.send(.get, "/v1/audit?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""), token: harness.admin)
                seen += page.json["items"]?.array.compactMap { $0["id"]?.string } ?? []
                cursor = page.json["next_cursor"]?.string
            } while cursor != nil
            #expect(seen == items.compactMap { $0["id"]?.string })

            #expect(try await client.send(.get, "/v1/audit", token: harness.frontline).status == .forbidden)
            #expect(try await client.send(.get, "/v1/audit?limit=0", token: harness.admin).errorCode == "invalid_field")
            #expect(try await client.send(.get, "/v1/audit?cursor=%%%", token: harness.admin).errorCode == "invalid_field")
        }
        await harness.runtime.close()
    }
}
