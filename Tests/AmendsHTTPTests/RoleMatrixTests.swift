import AmendsCore
import AmendsHTTP
import AmendsTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// What each role may do, and what it is refused, across the API in one table.
@Suite("Roles")
struct RoleMatrixTests {
    @Test func eachRoleIsAllowedAndRefusedWhatItShouldBe() async throws {
        let harness = try await Harness.start()
        _ = try await harness.runtime.importPlaybook(Fixture.compensatedPlaybook(), by: "test")
        let tokens: [StaffMember.Role: String] = [
            .frontline: harness.frontline, .admin: harness.admin,
            .lead: try await harness.runtime.tokens.addStaff(name: "Lia", email: nil, role: .lead).1,
            .manager: try await harness.runtime.tokens.addStaff(name: "Mo", email: nil, role: .manager).1,
        ]
        let (other, _) = try await harness.runtime.tokens.addStaff(name: "Olga", email: nil, role: .frontline)
        try await harness.router { client in
            // (method, path, body, the least role allowed)
            let complaint = try await client.send(
                .post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","customer":{"email":"a@example.com"},"text":"The room was dirty"}"#)
            let caseID = try #require(complaint.json["case"]?["id"]?.string)
            let routes: [(HTTPRequest.Method, String, String?, StaffMember.Role)] = [
                (.get, "/v1/cases", nil, .frontline),
                (.get, "/v1/cases/\(caseID)", nil, .frontline),
                (.get, "/v1/cases/\(caseID)/customer", nil, .frontline),
                (.get, "/v1/remedies", nil, .frontline),
                (.get, "/v1/approvals", nil, .frontline),
                (.get, "/v1/analyze?text=dirty%20room", nil, .frontline),
                (.get, "/v1/compensation", nil, .lead),
                (.get, "/v1/audit", nil, .admin),
                (.get, "/v1/staff", nil, .admin),
                (.post, "/v1/staff/\(other.id)/authority", #"{"authority":null}"#, .admin),
                (.get, "/v1/playbook", nil, .frontline),
            ]
            for (method, path, body, least) in routes {
                for role in StaffMember.Role.allCases {
                    let answer = try await client.send(method, path, token: tokens[role], json: body)
                    if role >= least {
                        #expect((200..<300).contains(answer.status.code), "\(role) \(method) \(path): \(answer.status)")
                    } else {
                        #expect(answer.status == .forbidden && answer.errorCode == "role", "\(role) \(method) \(path): \(answer.status)")
                    }
                }
                // A channel token only ever submits feedback.
                #expect(try await client.send(method, path, token: harness.channel, json: body).status == .forbidden, "channel \(path)")
            }

            // Moving a case: its owner, or a lead and above; not another frontline member.
            _ = try await client.send(.post, "/v1/cases/\(caseID)/acknowledge", token: harness.frontline)
            let progress = #"{"status":"in_progress"}"#
            let waiting = #"{"status":"waiting_on_customer"}"#
            let otherToken = try await harness.runtime.tokens.addStaff(name: "Pia", email: nil, role: .frontline).1
            #expect(try await client.send(.post, "/v1/cases/\(caseID)/status", token: otherToken, json: progress).errorCode == "not_owner")
            #expect(try await client.send(.post, "/v1/cases/\(caseID)/status", token: harness.frontline, json: progress).status == .ok)
            #expect(try await client.send(.post, "/v1/cases/\(caseID)/status", token: tokens[.lead], json: waiting).status == .ok)

            // Granting: each role's own limit decides what takes effect at once.
            for (role, expected) in [(StaffMember.Role.frontline, "pending"), (.lead, "granted"), (.manager, "granted"), (.admin, "pending")] {
                let grant = try await client.send(
                    .post, "/v1/cases/\(caseID)/compensation", token: tokens[role], json: #"{"remedy":"night","reason":"Long wait"}"#)
                #expect(grant.json["status"] == .string(expected), "\(role)")
            }
        }
    }
}
