import AmendsCore
import AmendsHTTP
import AmendsTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Staff accounts through the API, and what a staff member scoped to some locations may see and do.
@Suite("Staff and locations over HTTP")
struct StaffAPITests {
    @Test func adminsAddListAndDisableStaff() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            let added = try await client.send(
                .post, "/v1/staff", token: harness.admin, json: #"{"name":"Inês","email":"ines@example.com","role":"lead","locations":["porto"]}"#)
            #expect(added.status == .created)
            let id = try #require(added.json["member"]?["id"]?.string)
            let token = try #require(added.json["token"]?.string)
            #expect(added.json["member"]?["locations"]?.array == [.string("porto")])
            #expect(try await client.send(.get, "/v1/cases", token: token).status == .ok)

            let list = try await client.send(.get, "/v1/staff", token: harness.admin)
            #expect(list.json["items"]?.array.compactMap { $0["name"]?.string }.sorted() == ["Admin", "Inês", "Marta"])
            let refused = try await client.send(.get, "/v1/staff", token: harness.frontline)
            #expect(refused.status == .forbidden)
            #expect(refused.errorCode == "role")
            #expect(try await client.send(.post, "/v1/staff", token: token, json: #"{"name":"X","role":"admin"}"#).status == .forbidden)

            let disabled = try await client.send(.post, "/v1/staff/\(id)/disable", token: harness.admin)
            #expect(disabled.status == .ok)
            #expect(disabled.json["disabled_at"]?.string != nil)
            // The token stops working at once, though it was trusted a moment ago.
            #expect(try await client.send(.get, "/v1/cases", token: token).status == .unauthorized)
            #expect(try await client.send(.post, "/v1/staff/\(id)/disable", token: harness.admin).status == .ok)
            #expect(try await client.send(.post, "/v1/staff/nobody/disable", token: harness.admin).status == .notFound)
            let adminID = try #require(list.json["items"]?.array.first { $0["name"] == .string("Admin") }?["id"]?.string)
            #expect(try await client.send(.post, "/v1/staff/\(adminID)/disable", token: harness.admin).errorCode == "own_account")
        }
    }

    @Test func badStaffBodiesAreRefused() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            let cases: [(String, String, String?)] = [
                (#"{"name":"A","role":"boss"}"#, "invalid_field", "role"),
                (#"{"name":"  ","role":"lead"}"#, "invalid_field", "name"),
                (#"{"name":"A","role":"lead","email":"no-at-sign"}"#, "invalid_field", "email"),
                (#"{"name":"A","role":"lead","locations":[]}"#, "invalid_field", "locations"),
                (#"{"name":"A","role":"lead","locations":["lisbon","atlantis"]}"#, "invalid_field", "locations[1]"),
                (#"{"name":"A","role":"lead","team":"x"}"#, "unknown_field", nil),
                (#"{"role":"lead"}"#, "missing_field", "name"),
            ]
            for (body, code, field) in cases {
                let response = try await client.send(.post, "/v1/staff", token: harness.admin, json: body)
                #expect(response.status == .unprocessableContent, "\(body)")
                #expect(response.errorCode == code, "\(body): \(response.json)")
                if let field { #expect(response.json["error"]?["field"] == .string(field), "\(body)") }
            }
            #expect(try await client.send(.get, "/v1/staff", token: harness.admin).json["items"]?.array.count == 2)
        }
    }

    @Test func aStaffMemberSeesAndWorksOnlyTheirLocations() async throws {
        let harness = try await Harness.start()
        let (_, porto) = try await harness.runtime.tokens.addStaff(name: "Inês", email: nil, role: .lead, locations: ["porto"])
        try await harness.router { client in
            let lisbon = try await client.send(
                .post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","customer":{"email":"a@example.com"},"text":"The room was dirty"}"#)
            let feedbackID = try #require(lisbon.json["feedback"]?["id"]?.string)
            let caseID = try #require(lisbon.json["case"]?["id"]?.string)

            #expect(try await client.send(.get, "/v1/cases", token: porto).json["items"]?.array.isEmpty == true)
            #expect(try await client.send(.get, "/v1/cases", token: harness.admin).json["items"]?.array.count == 1)
            #expect(try await client.send(.get, "/v1/alarms", token: porto).json["items"]?.array.isEmpty == true)
            #expect(try await client.send(.get, "/v1/alarms", token: harness.admin).json["items"]?.array.isEmpty == false)

            let refusals: [(HTTPRequest.Method, String, String?)] = [
                (.get, "/v1/cases?location=lisbon", nil),
                (.get, "/v1/cases/\(caseID)", nil),
                (.post, "/v1/cases/\(caseID)/acknowledge", nil),
                (.post, "/v1/cases/\(caseID)/status", #"{"status":"in_progress"}"#),
                (.post, "/v1/cases/\(caseID)/notes", #"{"text":"hello"}"#),
                (.post, "/v1/cases/\(caseID)/steps", #"{"step":"apologize","note":"sorry"}"#),
                (.get, "/v1/feedback/\(feedbackID)", nil),
                (.post, "/v1/feedback/\(feedbackID)/label", #"{"failure":false}"#),
                (.post, "/v1/cases", #"{"scenario":"noise","location":"lisbon"}"#),
                (.post, "/v1/feedback", #"{"channel":"web","location":"lisbon","text":"dirty"}"#),
            ]
            for (method, path, body) in refusals {
                let response = try await client.send(method, path, token: porto, json: body)
                #expect(response.status == .forbidden, "\(method) \(path)")
                #expect(response.errorCode == "location_not_allowed", "\(method) \(path): \(response.json)")
            }
            let message = try await client.send(.get, "/v1/cases/\(caseID)", token: porto).json["error"]?["message"]?.string
            #expect(message == "case \(caseID) is at location 'lisbon'; Inês works 'porto'")
            // Nothing was changed by the refused calls.
            let detail = try await client.send(.get, "/v1/cases/\(caseID)", token: harness.admin)
            #expect(detail.json["case"]?["status"] == .string("new"))
            #expect(detail.json["timeline"]?.array.contains { $0["kind"] == .string("note") } == false)

            // At their own location they work as anyone would.
            let own = try await client.send(.post, "/v1/cases", token: porto, json: #"{"scenario":"noise","location":"porto","description":"Drilling at 7am"}"#)
            #expect(own.status == .created)
            let ownID = try #require(own.json["id"]?.string)
            #expect(try await client.send(.get, "/v1/cases", token: porto).json["items"]?.array.compactMap { $0["id"]?.string } == [ownID])
            #expect(try await client.send(.post, "/v1/cases/\(ownID)/acknowledge", token: porto).status == .ok)
            #expect(try await client.send(.get, "/v1/cases?location=porto", token: porto).json["items"]?.array.count == 1)
        }
    }
}
