import AmendsApp
import AmendsCore
import AmendsHTTP
import AmendsJSON
import AmendsTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Who may call each route of the API reference, and what a staff member limited to some locations reaches, in tables.
@Suite("Roles and locations")
struct RoleMatrixTests {
    /// The least caller each route takes, as the reference documents it in `x-amends-access`; every route of the
    /// reference is here, and nothing else.
    static let least: [String: String] = [
        "GET /health": "anyone", "GET /metrics": "anyone", "GET /openapi.json": "anyone",
        "POST /v1/feedback": "channel or staff", "POST /v1/feedback/batch": "channel or staff",
        "GET /v1/feedback/{id}": "frontline", "POST /v1/feedback/{id}/label": "frontline",
        "POST /v1/cases": "frontline", "GET /v1/cases": "frontline", "GET /v1/cases/{id}": "frontline",
        "POST /v1/cases/{id}/acknowledge": "frontline", "POST /v1/cases/{id}/status": "frontline", "POST /v1/cases/{id}/notes": "frontline",
        "POST /v1/cases/{id}/steps": "frontline", "POST /v1/cases/{id}/collaborators": "frontline",
        "DELETE /v1/cases/{id}/collaborators/{staff}": "frontline", "POST /v1/cases/{id}/status-link": "frontline",
        "GET /v1/cases/{id}/customer": "frontline", "GET /v1/customers": "frontline",
        "GET /v1/cases/{id}/messages/draft": "frontline", "GET /v1/cases/{id}/messages": "frontline", "POST /v1/cases/{id}/messages": "frontline",
        "POST /v1/inbound/{medium}": "channel",
        "GET /v1/remedies": "frontline", "POST /v1/cases/{id}/compensation": "frontline", "GET /v1/compensation": "lead",
        "GET /v1/compensation/{id}": "frontline", "POST /v1/compensation/{id}/approve": "frontline", "POST /v1/compensation/{id}/deny": "frontline",
        "GET /v1/approvals": "frontline",
        "GET /v1/playbook": "frontline", "PUT /v1/playbook": "admin", "POST /v1/channels/{key}/tokens": "admin",
        "GET /v1/alarms": "frontline", "POST /v1/alarms/{id}/retry": "lead", "GET /v1/analyze": "frontline",
        "GET /v1/messages": "frontline", "POST /v1/messages/{id}/retry": "lead",
        "POST /v1/cases/{id}/merge": "frontline", "POST /v1/cases/{id}/assign": "frontline", "POST /v1/cases/{id}/links": "frontline",
        "DELETE /v1/cases/{id}/links/{other}": "frontline",
        "GET /v1/audit": "admin", "POST /v1/sessions": "anyone", "DELETE /v1/sessions/current": "frontline",
        "GET /v1/staff": "admin", "POST /v1/staff": "admin", "PATCH /v1/staff/{id}": "admin", "POST /v1/staff/{id}/disable": "admin", "POST /v1/staff/{id}/password": "frontline",
        "POST /v1/staff/{id}/authority": "admin",
        "GET /customer/cases/{token}": "anyone", "GET /customer/surveys/{token}": "anyone", "POST /customer/surveys/{token}": "anyone",
        "POST /demo/inbox": "anyone", "GET /demo/inbox": "frontline",
        "POST /v1/visits": "channel or staff", "GET /v1/visits/{id}": "frontline", "GET /v1/campaigns": "frontline", "GET /v1/campaigns/{key}": "frontline",
        "GET /v1/locations/{key}/qr": "anyone", "POST /f/{location}/{channel}": "anyone",
    ]

    /// The codes that say a caller may not use a route at all, as opposed to a refusal of what they asked.
    static let refusals: Set<String> = ["missing_token", "invalid_token", "channel_token", "channel_only", "role"]

    /// A body that reads for each route that takes one; what it asks may still be refused, by rules other than who calls.
    static func body(_ route: String, other: String) -> String? {
        switch route {
        case "POST /v1/feedback": #"{"channel":"web","location":"lisbon","customer":{"email":"ana@example.com"},"text":"The room was dirty"}"#
        case "POST /v1/feedback/batch": #"{"channel":"web","location":"lisbon","text":"The towels were dirty"}"#
        case "POST /v1/feedback/{id}/label": #"{"failure":true}"#
        case "POST /v1/cases": #"{"scenario":"unclean-room","location":"lisbon","description":"Saw it myself"}"#
        case "POST /v1/cases/{id}/status": #"{"status":"in_progress"}"#
        case "POST /v1/cases/{id}/notes": #"{"text":"A note"}"#
        case "POST /v1/cases/{id}/steps": #"{"step":"apologize","note":"At the desk"}"#
        case "POST /v1/cases/{id}/collaborators": #"{"staff_id":"\#(other)"}"#
        case "POST /v1/cases/{id}/messages": #"{"kind":"apology","medium":"email","body":"We are sorry"}"#
        case "POST /v1/inbound/{medium}": #"{"from":"+351910000000","text":"Thanks"}"#
        case "POST /v1/cases/{id}/compensation": #"{"remedy":"night","reason":"Long wait"}"#
        case "POST /v1/compensation/{id}/approve", "POST /v1/compensation/{id}/deny": #"{"reason":"Fair"}"#
        case "PUT /v1/playbook": "name: [unreadable"
        case "POST /v1/sessions": #"{"email":"nobody@example.com","password":"wrong-password-1"}"#
        case "POST /v1/staff": #"{"name":"New Member","role":"frontline"}"#
        case "PATCH /v1/staff/{id}": #"{"name":"Renamed Member"}"#
        case "POST /v1/staff/{id}/password": #"{"password":"harbour-lights-42"}"#
        case "POST /v1/staff/{id}/authority": #"{"authority":null}"#
        case "POST /customer/surveys/{token}": #"{"satisfaction":5,"recommend":9}"#
        case "POST /demo/inbox": "{}"
        case "POST /v1/cases/{id}/merge": #"{"into":"no-such-case"}"#
        case "POST /v1/cases/{id}/assign": #"{"staff_id":"\#(other)"}"#
        case "POST /v1/cases/{id}/links": #"{"case_id":"no-such-case"}"#
        case "POST /v1/visits": #"{"campaign":"survey","location":"lisbon","visited_at":"2026-11-01T10:00:00Z","customer":{"email":"a@example.com"}}"#
        default: nil
        }
    }

    struct Ids {
        var caseID: String
        var feedbackID: String
        var grantID: String
        var alarmID: String
        var other: String
        /// Staff ids by role, to change one's own password.
        var ids: [StaffMember.Role: String]
    }

    /// The route with its path parameters filled from the fixture.
    static func path(_ route: String, _ fixture: Ids, caller: StaffMember.Role?) -> String {
        var path = String(route.split(separator: " ")[1])
        let id: String
        switch path {
        case _ where path.hasPrefix("/v1/feedback/"): id = fixture.feedbackID
        case _ where path.hasPrefix("/v1/compensation/"): id = fixture.grantID
        case _ where path.hasPrefix("/v1/alarms/"): id = fixture.alarmID
        case _ where path.hasSuffix("/password"): id = caller.flatMap { fixture.ids[$0] } ?? fixture.other
        case _ where path.hasPrefix("/v1/staff/"): id = fixture.other
        default: id = fixture.caseID
        }
        path = path.replacingOccurrences(of: "{id}", with: id).replacingOccurrences(of: "{staff}", with: fixture.other)
            .replacingOccurrences(of: "{other}", with: "no-such-case")
        path = path.replacingOccurrences(of: "{key}", with: "web").replacingOccurrences(of: "{medium}", with: "sms")
        path = path.replacingOccurrences(of: "{token}", with: "not-a-link").replacingOccurrences(of: "{location}", with: "lisbon")
            .replacingOccurrences(of: "{channel}", with: "web")
        if path == "/v1/analyze" { path += "?text=dirty%20room" }
        if path == "/v1/messages" { path += "?state=dead" }
        return path
    }

    @Test func everyRouteOfTheReferenceIsInTheTableWithTheAccessItDocuments() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            let reference = try await client.send(.get, "/openapi.json", token: nil).json
            var documented: [String: String] = [:]
            for (path, operations) in try #require(reference["paths"]?.objectValue) {
                for (method, operation) in try #require(operations.objectValue) where ["get", "post", "put", "delete", "patch"].contains(method) {
                    documented["\(method.uppercased()) \(path)"] = try #require(operation["x-amends-access"]?.string, "\(method) \(path)")
                }
            }
            #expect(documented == Self.least)
        }
    }

    @Test func eachRouteTakesTheCallersItShouldAndRefusesTheOthers() async throws {
        let harness = try await Harness.start()
        _ = try await harness.runtime.importPlaybook(Fixture.compensatedPlaybook(), by: "test")
        let (adminMember, _) = try await harness.runtime.tokens.addStaff(name: "Ada", email: nil, role: .admin)
        var tokens: [StaffMember.Role: String] = [:]
        var ids: [StaffMember.Role: String] = [.admin: adminMember.id]
        for role in StaffMember.Role.allCases {
            let (member, token) = try await harness.runtime.tokens.addStaff(name: "\(role.rawValue) member", email: nil, role: role)
            tokens[role] = token
            ids[role] = member.id
        }
        let (other, _) = try await harness.runtime.tokens.addStaff(name: "Olga", email: nil, role: .frontline)
        try await harness.router { [tokens, ids] client in
            let complaint = try await client.send(
                .post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","customer":{"email":"a@example.com"},"text":"The room was dirty"}"#)
            let caseID = try #require(complaint.json["case"]?["id"]?.string)
            let feedbackID = try #require(complaint.json["feedback"]?["id"]?.string)
            let grant = try await client.send(.post, "/v1/cases/\(caseID)/compensation", token: tokens[.frontline], json: #"{"remedy":"night","reason":"Long wait"}"#)
            let grantID = try #require(grant.json["id"]?.string)
            let alarms = try await client.send(.get, "/v1/alarms", token: harness.admin).json
            let alarmID = try #require(alarms["items"]?.array.first?["id"]?.string)
            let fixture = Ids(caseID: caseID, feedbackID: feedbackID, grantID: grantID, alarmID: alarmID, other: other.id, ids: ids)

            for (route, least) in Self.least.sorted(by: { $0.key < $1.key }) {
                let method = HTTPRequest.Method(String(route.split(separator: " ")[0]))!
                let body = Self.body(route, other: other.id)
                var callers: [(name: String, role: StaffMember.Role?, token: String?)] = [("no token", nil, nil), ("channel", nil, harness.channel)]
                for role in StaffMember.Role.allCases { callers.append((role.rawValue, role, tokens[role])) }
                for caller in callers {
                    var token = caller.token
                    // Signing out ends the token it is made with: each caller signs out with a token of its own.
                    if route == "DELETE /v1/sessions/current", let role = caller.role {
                        token = try await harness.runtime.tokens.addStaff(name: "Leaving \(role.rawValue)", email: nil, role: role).1
                    }
                    let answer = try await client.send(method, Self.path(route, fixture, caller: caller.role), token: token, json: body)
                    let code = answer.errorCode
                    let allowed: Bool =
                        switch (least, caller.role) {
                        case ("anyone", _): true
                        case (_, nil) where caller.token == nil: false
                        case ("channel", nil), ("channel or staff", _): true
                        case ("channel", _?): false
                        case (_, nil): false
                        case (let least, let role?): role >= StaffMember.Role(rawValue: least)!
                        }
                    if allowed {
                        #expect(!Self.refusals.contains(code ?? ""), "\(caller.name) \(route): \(answer.status) \(code ?? "")")
                        #expect(answer.status != .internalServerError, "\(caller.name) \(route)")
                    } else {
                        let expected =
                            caller.token == nil ? "missing_token" : caller.role == nil ? "channel_token" : least == "channel" ? "channel_only" : "role"
                        #expect(code == expected, "\(caller.name) \(route): \(answer.status) \(code ?? "")")
                        #expect(answer.status == (caller.token == nil ? .unauthorized : .forbidden), "\(caller.name) \(route)")
                    }
                }
            }
        }
    }

    /// Routes that reach one thing at a location, with what they are given: a member who works elsewhere is refused.
    static let scoped = [
        "GET /v1/feedback/{id}", "POST /v1/feedback/{id}/label", "POST /v1/cases", "GET /v1/cases/{id}", "POST /v1/cases/{id}/acknowledge",
        "POST /v1/cases/{id}/status", "POST /v1/cases/{id}/notes", "POST /v1/cases/{id}/steps", "POST /v1/cases/{id}/collaborators",
        "DELETE /v1/cases/{id}/collaborators/{staff}", "POST /v1/cases/{id}/status-link", "GET /v1/cases/{id}/customer",
        "GET /v1/cases/{id}/messages/draft", "GET /v1/cases/{id}/messages", "POST /v1/cases/{id}/messages", "POST /v1/cases/{id}/compensation",
        "GET /v1/compensation/{id}", "POST /v1/compensation/{id}/approve", "POST /v1/compensation/{id}/deny", "POST /v1/alarms/{id}/retry",
        "POST /v1/feedback",
    ]

    @Test func aMemberOfOneLocationReachesNothingAtAnother() async throws {
        let harness = try await Harness.start()
        _ = try await harness.runtime.importPlaybook(Fixture.compensatedPlaybook(), by: "test")
        let (porto, portoToken) = try await harness.runtime.tokens.addStaff(name: "Pia", email: nil, role: .lead, locations: ["porto"])
        let (other, _) = try await harness.runtime.tokens.addStaff(name: "Olga", email: nil, role: .frontline)
        try await harness.router { client in
            let complaint = try await client.send(
                .post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","customer":{"email":"a@example.com"},"text":"The room was dirty"}"#)
            let caseID = try #require(complaint.json["case"]?["id"]?.string)
            let feedbackID = try #require(complaint.json["feedback"]?["id"]?.string)
            let grant = try await client.send(.post, "/v1/cases/\(caseID)/compensation", token: harness.frontline, json: #"{"remedy":"night","reason":"Wait"}"#)
            let grantID = try #require(grant.json["id"]?.string)
            let alarmID = try #require(try await client.send(.get, "/v1/alarms", token: harness.admin).json["items"]?.array.first?["id"]?.string)
            let fixture = Ids(caseID: caseID, feedbackID: feedbackID, grantID: grantID, alarmID: alarmID, other: other.id, ids: [:])
            for route in Self.scoped {
                let method = HTTPRequest.Method(String(route.split(separator: " ")[0]))!
                let answer = try await client.send(method, Self.path(route, fixture, caller: nil), token: portoToken, json: Self.body(route, other: other.id))
                #expect(answer.status == .forbidden && answer.errorCode == "location_not_allowed", "\(route): \(answer.status)")
            }
            // A batch takes the lines at the member's locations and refuses, line by line, those elsewhere.
            let batch = try await client.send(
                .post, "/v1/feedback/batch", token: portoToken,
                json: #"{"channel":"web","location":"porto","text":"The pool was closed"}"# + "\n" + #"{"channel":"web","location":"lisbon","text":"Dirty"}"#)
            let results = batch.json["results"]?.array ?? []
            #expect(results.map { $0["status"]?.string } == ["accepted", "rejected"])
            #expect(results.last?["error"]?["code"]?.string == "location_not_allowed")
            // Lists show only the member's locations, and a filter on another location is refused.
            for list in ["/v1/cases", "/v1/alarms", "/v1/compensation", "/v1/approvals", "/v1/customers?email=a@example.com"] {
                let answer = try await client.send(.get, list, token: portoToken)
                #expect(answer.status == .ok, "\(list)")
                #expect(!String(buffer: answer.body).contains(caseID), "\(list) shows a case at lisbon")
            }
            for list in ["/v1/cases?location=lisbon", "/v1/compensation?location=lisbon"] {
                #expect(try await client.send(.get, list, token: portoToken).errorCode == "location_not_allowed", "\(list)")
            }
            _ = porto
        }
    }

    @Test func anAdminOfSomeLocationsManagesOnlyStaffWithinThem() async throws {
        let harness = try await Harness.start()
        let (_, lisbonAdmin) = try await harness.runtime.tokens.addStaff(name: "Lia", email: nil, role: .admin, locations: ["lisbon"])
        let (everywhere, _) = try await harness.runtime.tokens.addStaff(name: "Eva", email: nil, role: .lead)
        let (portoMember, _) = try await harness.runtime.tokens.addStaff(name: "Pia", email: nil, role: .frontline, locations: ["porto"])
        let (lisbonMember, _) = try await harness.runtime.tokens.addStaff(name: "Luis", email: nil, role: .frontline, locations: ["lisbon"])
        try await harness.router { client in
            for body in [#"{"name":"Nobody","role":"frontline"}"#, #"{"name":"Nobody","role":"frontline","locations":["lisbon","porto"]}"#] {
                let refused = try await client.send(.post, "/v1/staff", token: lisbonAdmin, json: body)
                #expect(refused.status == .forbidden && refused.errorCode == "location_not_allowed", "\(body)")
            }
            let added = try await client.send(.post, "/v1/staff", token: lisbonAdmin, json: #"{"name":"Nuno","role":"frontline","locations":["lisbon"]}"#)
            #expect(added.status == .created)
            for member in [everywhere, portoMember] {
                for (path, body) in [
                    ("/v1/staff/\(member.id)/disable", nil), ("/v1/staff/\(member.id)/authority", #"{"authority":null}"#),
                    ("/v1/staff/\(member.id)/password", #"{"password":"harbour-lights-42"}"#),
                ] {
                    let refused = try await client.send(.post, path, token: lisbonAdmin, json: body)
                    #expect(refused.errorCode == "location_not_allowed", "\(path) for \(member.name)")
                }
            }
            #expect(try await client.send(.post, "/v1/staff/\(lisbonMember.id)/disable", token: lisbonAdmin).status == .ok)
            let listed = try await client.send(.get, "/v1/staff", token: lisbonAdmin).json["items"]?.array.compactMap { $0["name"]?.string } ?? []
            #expect(!listed.contains("Pia") && listed.contains("Luis") && listed.contains("Eva"))
            // Nothing the refusals asked for happened.
            let everyone = try await client.send(.get, "/v1/staff", token: harness.admin).json["items"]?.array ?? []
            #expect(everyone.filter { $0["disabled_at"]?.string != nil }.compactMap { $0["name"]?.string } == ["Luis"])
            #expect(!everyone.contains { $0["name"]?.string == "Nobody" })
        }
    }
}
