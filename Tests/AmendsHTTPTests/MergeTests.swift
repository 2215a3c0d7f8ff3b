import AmendsApp
import AmendsCore
import AmendsHTTP
import AmendsTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Duplicate cases merged into the one that carries on, and related cases linked.
@Suite("Merging and linking cases")
struct MergeTests {
    @Test func aDuplicateMovesEverythingToTheCaseThatCarriesOn() async throws {
        let harness = try await Harness.start()
        _ = try await harness.runtime.importPlaybook(Fixture.compensatedPlaybook(), by: "test")
        let store = harness.runtime.store
        try await harness.router { client in
            func complain(_ text: String, email: String) async throws -> String {
                let json = #"{"channel":"web","location":"lisbon","customer":{"email":"\#(email)"},"text":"\#(text)"}"#
                return try #require(try await client.send(.post, "/v1/feedback", token: harness.channel, json: json).json["case"]?["id"]?.string)
            }
            // The same dirty room, told by two guests sharing it: two cases.
            let survivor = try await complain("The room was dirty", email: "ana@example.com")
            let duplicate = try await complain("Dirty towels in room 412", email: "rui@example.com")
            _ = try await client.send(.post, "/v1/cases/\(duplicate)/acknowledge", token: harness.admin)
            _ = try await client.send(
                .post, "/v1/cases/\(duplicate)/compensation", token: harness.admin, json: #"{"remedy":"drinks","reason":"Sorry"}"#)
            #expect(try await client.send(.post, "/v1/cases/\(duplicate)/merge", token: harness.frontline, json: #"{"into":"\#(survivor)"}"#).errorCode == "not_owner")
            #expect(try await client.send(.post, "/v1/cases/\(duplicate)/merge", token: harness.admin, json: #"{"into":"\#(duplicate)"}"#).errorCode == "invalid_field")
            #expect(try await client.send(.post, "/v1/cases/\(duplicate)/merge", token: harness.admin, json: #"{"into":"nothing"}"#).status == .notFound)
            let merged = try await client.send(.post, "/v1/cases/\(duplicate)/merge", token: harness.admin, json: #"{"into":"\#(survivor)"}"#)
            #expect(merged.status == .ok && merged.json["merged_into"] == .string(survivor) && merged.json["status"] == .string("closed"))
            #expect(merged.json["root_cause"]?["category"] == .string("duplicate"))
            // Everything is on the survivor now.
            #expect(try await store.feedback(caseID: survivor, limit: 10).count == 2)
            #expect(try await store.feedback(caseID: duplicate, limit: 10).isEmpty)
            #expect(try await store.compensationLedger(CompensationQuery(caseID: survivor, limit: 10)).items.count == 1)
            let timeline = try await store.timeline(caseID: survivor)
            #expect(timeline.contains { $0.kind == .merged } && timeline.contains { $0.kind == .compensationGranted || $0.kind == .compensationRequested })
            #expect(try await store.timeline(caseID: duplicate).map(\.kind) == [.merged])
            #expect(try await store.recoveryCase(id: survivor)?.feedbackCount == 2)
            // Merged once: never again, and nothing merges into it.
            #expect(try await client.send(.post, "/v1/cases/\(duplicate)/merge", token: harness.admin, json: #"{"into":"\#(survivor)"}"#).errorCode == "already_merged")
            let third = try await complain("Stains on the pillow", email: "eva@example.com")
            #expect(try await client.send(.post, "/v1/cases/\(third)/merge", token: harness.admin, json: #"{"into":"\#(duplicate)"}"#).errorCode == "already_merged")
            let audit = try await store.auditLog(AuditQuery(action: "case.merged", limit: 5)).items
            #expect(audit.count == 1 && audit[0].target == duplicate)
        }
    }

    @Test func relatedCasesAreLinkedBothWays() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            func complain(_ text: String, email: String, location: String = "lisbon") async throws -> String {
                let json = #"{"channel":"web","location":"\#(location)","customer":{"email":"\#(email)"},"text":"\#(text)"}"#
                return try #require(try await client.send(.post, "/v1/feedback", token: harness.channel, json: json).json["case"]?["id"]?.string)
            }
            let one = try await complain("The room was dirty", email: "ana@example.com")
            let other = try await complain("Too loud, could not sleep", email: "rui@example.com")
            let linked = try await client.send(.post, "/v1/cases/\(one)/links", token: harness.frontline, json: #"{"case_id":"\#(other)"}"#)
            #expect(linked.status == .ok && linked.json["related"]?.array == [.string(other)])
            #expect(try await client.send(.get, "/v1/cases/\(other)", token: harness.frontline).json["case"]?["related"]?.array == [.string(one)])
            #expect(try await client.send(.post, "/v1/cases/\(other)/links", token: harness.frontline, json: #"{"case_id":"\#(one)"}"#).errorCode == "already_linked")
            #expect(try await client.send(.post, "/v1/cases/\(one)/links", token: harness.frontline, json: #"{"case_id":"\#(one)"}"#).errorCode == "invalid_field")
            let unlinked = try await client.send(.delete, "/v1/cases/\(other)/links/\(one)", token: harness.frontline)
            #expect(unlinked.status == .ok && unlinked.json["related"] == nil)
            #expect(try await client.send(.delete, "/v1/cases/\(other)/links/\(one)", token: harness.frontline).errorCode == "not_linked")
            #expect(try await harness.runtime.store.timeline(caseID: one).filter { $0.kind == .linked || $0.kind == .unlinked }.count == 2)
        }
    }

    @Test func aLeadGivesACaseToAnOwner() async throws {
        let harness = try await Harness.start()
        let runtime = harness.runtime
        let (lead, leadToken) = try await runtime.tokens.addStaff(name: "Lena", email: nil, role: .lead)
        let (marta, _) = try await runtime.tokens.addStaff(name: "Marta", email: nil, role: .frontline)
        let (rita, _) = try await runtime.tokens.addStaff(name: "Rita", email: nil, role: .frontline, locations: ["porto"])
        _ = lead
        try await harness.router { client in
            let json = #"{"channel":"web","location":"lisbon","customer":{"email":"ana@example.com"},"text":"The room was dirty"}"#
            let caseID = try #require(try await client.send(.post, "/v1/feedback", token: harness.channel, json: json).json["case"]?["id"]?.string)
            #expect(try await client.send(.post, "/v1/cases/\(caseID)/assign", token: harness.frontline, json: #"{"staff_id":"\#(marta.id)"}"#).errorCode == "not_lead")
            #expect(try await client.send(.post, "/v1/cases/\(caseID)/assign", token: leadToken, json: #"{"staff_id":"\#(rita.id)"}"#).errorCode == "location_not_allowed")
            let given = try await client.send(.post, "/v1/cases/\(caseID)/assign", token: leadToken, json: #"{"staff_id":"\#(marta.id)"}"#)
            #expect(given.status == .ok && given.json["owner"] == .string(marta.id) && given.json["status"] == .string("acknowledged"))
            #expect(try await client.send(.post, "/v1/cases/\(caseID)/assign", token: leadToken, json: #"{"staff_id":"\#(marta.id)"}"#).errorCode == "already_owner")
            // The checklist's first step is done by it, and the timeline says who gave it.
            let detail = try await client.send(.get, "/v1/cases/\(caseID)", token: leadToken).json
            #expect(detail["checklist"]?.array.first?["done"] == .bool(true))
            let events = try await runtime.store.timeline(caseID: caseID).map(\.message)
            #expect(events.contains("Lena gave the case to Marta, who owns it now."))
        }
    }
}
