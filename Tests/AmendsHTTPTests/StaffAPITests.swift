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

    /// A member added without an e-mail address is given one later and signs in; an edit changes only what it names,
    /// is audited with what was and what is, and keeps to the rules of adding.
    @Test func adminsEditStaffAndAMemberWithoutAnAddressCanThenSignIn() async throws {
        let harness = try await Harness.start(configure: { $0.passwordCost = 4 })
        try await harness.router { client in
            let added = try await client.send(.post, "/v1/staff", token: harness.admin, json: #"{"name":"Inês","role":"frontline"}"#)
            let id = try #require(added.json["member"]?["id"]?.string)
            #expect(try await client.send(.post, "/v1/staff/\(id)/password", token: harness.admin, json: #"{"password":"harbour-lights-42"}"#).status == .noContent)
            let signIn = #"{"email":"ines@example.com","password":"harbour-lights-42"}"#
            #expect(try await client.send(.post, "/v1/sessions", token: nil, json: signIn).status == .unauthorized)

            let edited = try await client.send(
                .patch, "/v1/staff/\(id)", token: harness.admin, json: #"{"email":"ines@example.com","role":"lead","locations":["porto"]}"#)
            #expect(edited.status == .ok, "\(edited.json)")
            #expect(edited.json["name"] == .string("Inês") && edited.json["email"] == .string("ines@example.com"))
            #expect(edited.json["role"] == .string("lead") && edited.json["locations"]?.array == [.string("porto")])
            #expect(try await client.send(.post, "/v1/sessions", token: nil, json: signIn).status == .created)

            let audit = try await client.send(.get, "/v1/audit?target=\(id)&action=staff.updated", token: harness.admin).json["items"]?.array ?? []
            #expect(audit.count == 1)
            #expect(audit.first?["detail"]?["email"] == .object(["from": .null, "to": .string("ines@example.com")]))
            #expect(audit.first?["detail"]?["role"] == .object(["from": .string("frontline"), "to": .string("lead")]))
            #expect(audit.first?["detail"]?["name"] == nil)

            // null gives every location back; the address can be removed.
            let widened = try await client.send(.patch, "/v1/staff/\(id)", token: harness.admin, json: #"{"locations":null,"email":null}"#)
            #expect(widened.json["locations"] == nil && widened.json["email"] == nil)

            // Refused: another member's address, nothing to change, an unknown location, one's own role, no such member.
            let other = try await client.send(.post, "/v1/staff", token: harness.admin, json: #"{"name":"Rui","email":"rui@example.com","role":"frontline"}"#)
            #expect(other.status == .created)
            let taken = try await client.send(.patch, "/v1/staff/\(id)", token: harness.admin, json: #"{"email":"RUI@example.com"}"#)
            #expect(taken.status == .conflict && taken.errorCode == "email_taken")
            #expect(
                try await client.send(.post, "/v1/staff", token: harness.admin, json: #"{"name":"Rui 2","email":"rui@example.com","role":"frontline"}"#).errorCode == "email_taken")
            #expect(try await client.send(.patch, "/v1/staff/\(id)", token: harness.admin, json: "{}").errorCode == "empty_change")
            #expect(try await client.send(.patch, "/v1/staff/\(id)", token: harness.admin, json: #"{"locations":["atlantis"]}"#).errorCode == "invalid_field")
            #expect(try await client.send(.patch, "/v1/staff/\(id)", token: harness.admin, json: #"{"nick":"I"}"#).errorCode == "unknown_field")
            #expect(try await client.send(.patch, "/v1/staff/nobody", token: harness.admin, json: #"{"name":"X"}"#).status == .notFound)
            let adminID = try #require(try await client.send(.get, "/v1/staff", token: harness.admin).json["items"]?.array.first { $0["name"] == .string("Admin") }?["id"]?.string)
            #expect(try await client.send(.patch, "/v1/staff/\(adminID)", token: harness.admin, json: #"{"role":"lead"}"#).errorCode == "own_account")
            #expect(try await client.send(.patch, "/v1/staff/\(adminID)", token: harness.admin, json: #"{"name":"Head Admin"}"#).status == .ok)
            #expect(try await client.send(.patch, "/v1/staff/\(id)", token: harness.frontline, json: #"{"name":"X"}"#).errorCode == "role")
        }
    }

    /// An admin of some locations edits only members within them, and cannot widen anyone beyond them.
    @Test func anAdminOfSomeLocationsCannotWidenAnyoneBeyondThem() async throws {
        let harness = try await Harness.start()
        let (_, portoAdmin) = try await harness.runtime.tokens.addStaff(name: "Porto Admin", email: nil, role: .admin, locations: ["porto"])
        let (lisbonMember, _) = try await harness.runtime.tokens.addStaff(name: "Lisbon", email: nil, role: .frontline, locations: ["lisbon"])
        let (portoMember, _) = try await harness.runtime.tokens.addStaff(name: "Porto", email: nil, role: .frontline, locations: ["porto"])
        try await harness.router { client in
            #expect(try await client.send(.patch, "/v1/staff/\(lisbonMember.id)", token: portoAdmin, json: #"{"name":"X"}"#).status == .forbidden)
            let widen = try await client.send(.patch, "/v1/staff/\(portoMember.id)", token: portoAdmin, json: #"{"locations":["porto","lisbon"]}"#)
            #expect(widen.status == .forbidden && widen.errorCode == "location_not_allowed")
            #expect(try await client.send(.patch, "/v1/staff/\(portoMember.id)", token: portoAdmin, json: #"{"locations":null}"#).errorCode == "location_not_allowed")
            #expect(try await client.send(.patch, "/v1/staff/\(portoMember.id)", token: portoAdmin, json: #"{"role":"lead"}"#).status == .ok)
            #expect(try await harness.runtime.store.staff(id: portoMember.id)?.locations == ["porto"])
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
