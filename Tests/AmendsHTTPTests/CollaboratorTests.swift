import AmendsCore
import AmendsHTTP
import AmendsTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Colleagues from other teams helping the owner of a case.
@Suite("Collaborators over HTTP")
struct CollaboratorTests {
    @Test func theOwnerAsksColleaguesToHelpAndTheySeeTheirCases() async throws {
        let harness = try await Harness.start()
        let (joao, joaoToken) = try await harness.runtime.tokens.addStaff(name: "João", email: nil, role: .frontline)
        let (porto, _) = try await harness.runtime.tokens.addStaff(name: "Inês", email: nil, role: .frontline, locations: ["porto"])
        try await harness.router { client in
            let complaint = try await client.send(
                .post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","customer":{"email":"a@example.com"},"text":"The room was dirty"}"#)
            let caseID = try #require(complaint.json["case"]?["id"]?.string)
            let other = try await client.send(.post, "/v1/cases", token: harness.admin, json: #"{"scenario":"noise","location":"lisbon"}"#)
            let otherID = try #require(other.json["id"]?.string)
            _ = try await client.send(.post, "/v1/cases/\(caseID)/acknowledge", token: harness.frontline)
            func add(_ staffID: String, token: String) async throws -> TestResponse {
                try await client.send(.post, "/v1/cases/\(caseID)/collaborators", token: token, json: #"{"staff_id":"\#(staffID)"}"#)
            }

            // Only the owner (or a lead) chooses who helps.
            #expect(try await add(joao.id, token: joaoToken).errorCode == "not_owner")
            let added = try await add(joao.id, token: harness.frontline)
            #expect(added.status == .ok)
            #expect(added.json["collaborators"]?.array == [.string(joao.id)])
            #expect(try await add(joao.id, token: harness.frontline).errorCode == "already_collaborating")
            #expect(try await add(porto.id, token: harness.frontline).errorCode == "location_not_allowed")
            #expect(try await add("nobody", token: harness.frontline).errorCode == "invalid_field")
            #expect(try await client.send(.post, "/v1/cases/\(caseID)/collaborators", token: harness.frontline, json: #"{}"#).errorCode == "missing_field")

            // The helper finds the case among theirs; the other case is nobody's.
            let mine = try await client.send(.get, "/v1/cases?mine=true", token: joaoToken)
            #expect(mine.json["items"]?.array.compactMap { $0["id"]?.string } == [caseID])
            #expect(try await client.send(.get, "/v1/cases?mine=true", token: harness.frontline).json["items"]?.array.count == 1)
            #expect(try await client.send(.get, "/v1/cases", token: joaoToken).json["items"]?.array.count == 2)
            #expect(try await client.send(.get, "/v1/cases?mine=maybe", token: joaoToken).errorCode == "invalid_field")
            #expect(otherID != caseID)

            // A helper records a step; moving the case stays with the owner.
            #expect(try await client.send(.post, "/v1/cases/\(caseID)/steps", token: joaoToken, json: #"{"step":"fix","note":"Replaced the towels"}"#).status == .created)
            #expect(try await client.send(.post, "/v1/cases/\(caseID)/status", token: joaoToken, json: #"{"status":"in_progress"}"#).errorCode == "not_owner")

            // A helper may step back; otherwise only the owner takes them off.
            let removed = try await client.send(.delete, "/v1/cases/\(caseID)/collaborators/\(joao.id)", token: joaoToken)
            #expect(removed.status == .ok)
            #expect(removed.json["collaborators"] == nil)
            #expect(try await client.send(.delete, "/v1/cases/\(caseID)/collaborators/\(joao.id)", token: harness.frontline).errorCode == "not_collaborating")
            let detail = try await client.send(.get, "/v1/cases/\(caseID)", token: harness.admin)
            let kinds = detail.json["timeline"]?.array.compactMap { $0["kind"]?.string } ?? []
            #expect(kinds.contains("collaborator_added") && kinds.contains("collaborator_removed"))
            #expect(detail.json["timeline"]?.array.last?["message"] == .string("João stopped helping."))
        }
    }
}
