import AmendsCore
import AmendsHTTP
import AmendsTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Compensation within authority: grants, approvals, budgets, guarantees and the ledger.
@Suite("Compensation over HTTP")
struct CompensationAPITests {
    struct Team {
        var harness: Harness
        var lead: (member: StaffMember, token: String)
        var manager: (member: StaffMember, token: String)
        var portoLead: (member: StaffMember, token: String)
        var colleague: (member: StaffMember, token: String)
    }

    static func start() async throws -> Team {
        let harness = try await Harness.start()
        _ = try await harness.runtime.importPlaybook(Fixture.compensatedPlaybook(), by: "test")
        return Team(
            harness: harness,
            lead: try await harness.runtime.tokens.addStaff(name: "Rui", email: "rui@hotel.test", role: .lead),
            manager: try await harness.runtime.tokens.addStaff(name: "Mia", email: "manager@hotel.test", role: .manager),
            portoLead: try await harness.runtime.tokens.addStaff(name: "Inês", email: nil, role: .lead, locations: ["porto"]),
            colleague: try await harness.runtime.tokens.addStaff(name: "Ana", email: nil, role: .frontline))
    }

    static func openCase(_ client: any TestClientProtocol, _ harness: Harness, customer: String = "guest@example.com") async throws -> String {
        let complaint = try await client.send(
            .post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","customer":{"email":"\#(customer)"},"text":"The room was dirty"}"#)
        return try #require(complaint.json["case"]?["id"]?.string)
    }

    /// The audit of a case (`?target=CASE_ID`) includes what was done to its grants, whose own target is the grant.
    @Test func aCasesAuditIncludesItsGrants() async throws {
        let team = try await Self.start()
        let harness = team.harness
        try await harness.router { client in
            let caseID = try await Self.openCase(client, harness)
            let other = try await Self.openCase(client, harness, customer: "someone@example.com")
            let grant = try await client.send(
                .post, "/v1/cases/\(caseID)/compensation", token: harness.frontline, json: #"{"remedy":"drinks","reason":"Sorry about the room"}"#)
            let grantID = try #require(grant.json["id"]?.string)
            _ = try await client.send(
                .post, "/v1/cases/\(other)/compensation", token: harness.frontline, json: #"{"remedy":"drinks","reason":"Another guest"}"#)
            let audit = try await client.send(.get, "/v1/audit?target=\(caseID)", token: harness.admin).json["items"]?.array ?? []
            let granted = audit.filter { $0["action"] == .string("compensation.granted") }
            #expect(granted.count == 1)
            #expect(granted.first?["target"] == .string(grantID) && granted.first?["detail"]?["case_id"] == .string(caseID))
        }
    }

    @Test func aGrantWithinAuthorityTakesEffectAtOnce() async throws {
        let team = try await Self.start()
        let harness = team.harness
        try await harness.router { client in
            let caseID = try await Self.openCase(client, harness)
            let catalog = try await client.send(.get, "/v1/remedies", token: harness.frontline)
            #expect(catalog.json["items"]?.array.compactMap { $0["key"]?.string } == ["drinks", "refund", "night"])
            #expect(catalog.json["authority"]?["per_grant"]?["amount"] == .string("50.00"))

            let grant = try await client.send(
                .post, "/v1/cases/\(caseID)/compensation", token: harness.frontline, json: #"{"remedy":"drinks","reason":"Sorry about the room"}"#)
            #expect(grant.status == .created)
            #expect(grant.json["status"] == .string("granted"))
            #expect(grant.json["value"]?["amount"] == .string("25.00") && grant.json["value"]?["currency"] == .string("EUR"))
            #expect(grant.json["customer_key"] == .string("email:guest@example.com"))
            #expect(grant.json["decided_by"] == grant.json["requested_by"])

            // A refund is granted for the amount chosen, up to the catalog's maximum.
            let refund = try await client.send(
                .post, "/v1/cases/\(caseID)/compensation", token: harness.frontline, json: #"{"remedy":"refund","amount":"12.5","reason":"Minibar charge"}"#)
            #expect(refund.json["value"]?["amount"] == .string("12.50"))

            let detail = try await client.send(.get, "/v1/cases/\(caseID)", token: harness.frontline)
            #expect(detail.json["compensation"]?.array.count == 2)
            let messages = detail.json["timeline"]?.array.compactMap { $0["message"]?.string } ?? []
            #expect(messages.contains("Marta granted Drinks at the bar (25.00 EUR): Sorry about the room"))
        }
    }

    @Test func aboveAuthorityTheGrantWaitsForSomeoneWhoseAuthorityCoversIt() async throws {
        let team = try await Self.start()
        let harness = team.harness
        try await harness.router { client in
            let caseID = try await Self.openCase(client, harness)
            let asked = try await client.send(
                .post, "/v1/cases/\(caseID)/compensation", token: harness.frontline, json: #"{"remedy":"night","reason":"Two nights of dirty rooms"}"#)
            #expect(asked.status == .accepted)
            #expect(asked.json["status"] == .string("pending"))
            #expect(asked.json["holds"]?.array == [.string("authority")])
            // Routed to the leads who work Lisbon, not to the Porto lead or the manager.
            #expect(asked.json["approvers"]?.array == [.string(team.lead.member.id)])
            let grantID = try #require(asked.json["id"]?.string)

            #expect(try await client.send(.get, "/v1/approvals", token: team.lead.token).json["items"]?.array.count == 1)
            #expect(try await client.send(.get, "/v1/approvals", token: team.manager.token).json["items"]?.array.count == 0)

            // Neither the asker, nor a colleague without the authority, nor someone elsewhere may approve it.
            #expect(try await client.send(.post, "/v1/compensation/\(grantID)/approve", token: harness.frontline).errorCode == "own_request")
            #expect(try await client.send(.post, "/v1/compensation/\(grantID)/approve", token: team.colleague.token).errorCode == "beyond_authority")
            #expect(try await client.send(.post, "/v1/compensation/\(grantID)/approve", token: team.portoLead.token).errorCode == "location_not_allowed")

            let approved = try await client.send(
                .post, "/v1/compensation/\(grantID)/approve", token: team.lead.token, json: #"{"reason":"Fair, given two nights"}"#)
            #expect(approved.status == .ok)
            #expect(approved.json["status"] == .string("granted"))
            #expect(approved.json["decided_by"] == .string("staff:\(team.lead.member.id)"))
            #expect(try await client.send(.post, "/v1/compensation/\(grantID)/deny", token: team.lead.token, json: #"{"reason":"x"}"#).errorCode == "not_pending")

            // The other outcome: denied, with a reason that is required.
            let second = try await client.send(
                .post, "/v1/cases/\(caseID)/compensation", token: harness.frontline, json: #"{"remedy":"refund","amount":"150","reason":"Refund the stay"}"#)
            let secondID = try #require(second.json["id"]?.string)
            #expect(try await client.send(.post, "/v1/compensation/\(secondID)/deny", token: team.lead.token).errorCode == "missing_field")
            let denied = try await client.send(
                .post, "/v1/compensation/\(secondID)/deny", token: team.lead.token, json: #"{"reason":"The free night covers it"}"#)
            #expect(denied.json["status"] == .string("denied"))
            #expect(denied.json["decision_reason"] == .string("The free night covers it"))

            let kinds = try await client.send(.get, "/v1/cases/\(caseID)", token: harness.admin).json["timeline"]?.array.compactMap { $0["kind"]?.string } ?? []
            #expect(kinds.filter { $0 == "compensation_requested" }.count == 2)
            #expect(kinds.contains("compensation_approved") && kinds.contains("compensation_denied"))
            let audit = try await client.send(.get, "/v1/audit?action=compensation.approved", token: harness.admin)
            #expect(audit.json["items"]?.array.first?["target"] == .string(grantID))
        }
    }

    @Test func theDailyLimitCountsTheDaysGrantsAndStartsAgainTomorrow() async throws {
        let team = try await Self.start()
        let harness = team.harness
        try await harness.router { client in
            let caseID = try await Self.openCase(client, harness)
            func grant() async throws -> TestResponse {
                try await client.send(
                    .post, "/v1/cases/\(caseID)/compensation", token: harness.frontline, json: #"{"remedy":"drinks","reason":"Another round"}"#)
            }
            #expect(try await grant().json["status"] == .string("granted"))
            #expect(try await grant().json["status"] == .string("granted"))
            // 25 + 25 + 25 is past the €60 a day of a frontline member.
            #expect(try await grant().json["status"] == .string("pending"))
            harness.clock?.advance(by: 86_400)
            #expect(try await grant().json["status"] == .string("granted"))
        }
    }

    @Test func concurrentGrantsNeverTogetherPassALimitThatOnlySomeFit() async throws {
        let team = try await Self.start()
        let harness = team.harness
        try await harness.router { client in
            let caseID = try await Self.openCase(client, harness)
            // Six grants of €25 at once against a frontline member's €60 a day: two fit, whatever the interleaving.
            let statuses = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await client.send(
                            .post, "/v1/cases/\(caseID)/compensation", token: harness.frontline, json: #"{"remedy":"drinks","reason":"Rush hour"}"#
                        ).json["status"]?.string
                    }
                }
                var statuses: [String?] = []
                for try await status in group { statuses.append(status) }
                return statuses
            }
            #expect(statuses.filter { $0 == "granted" }.count == 2)
            #expect(statuses.filter { $0 == "pending" }.count == 4)
        }
    }

    @Test func aClosedCaseTakesNoCompensation() async throws {
        let team = try await Self.start()
        let harness = team.harness
        try await harness.router { client in
            let caseID = try await Self.openCase(client, harness)
            _ = try await client.send(.post, "/v1/cases/\(caseID)/acknowledge", token: harness.frontline)
            for move in [
                #"{"status":"resolved","root_cause":{"category":"process","description":"Room released before the check"}}"#, #"{"status":"closed"}"#,
            ] {
                #expect(try await client.send(.post, "/v1/cases/\(caseID)/status", token: harness.frontline, json: move).status == .ok)
            }
            let refused = try await client.send(.post, "/v1/cases/\(caseID)/compensation", token: harness.frontline, json: #"{"remedy":"drinks","reason":"x"}"#)
            #expect(refused.status == .conflict && refused.errorCode == "case_closed")
        }
    }

    @Test func pastTheMonthlyBudgetAManagerDecides() async throws {
        let team = try await Self.start()
        let harness = team.harness
        try await harness.router { client in
            let caseID = try await Self.openCase(client, harness)
            func refund(_ amount: String, token: String) async throws -> TestResponse {
                try await client.send(
                    .post, "/v1/cases/\(caseID)/compensation", token: token, json: #"{"remedy":"refund","amount":"\#(amount)","reason":"Refund"}"#)
            }
            #expect(try await refund("190", token: team.lead.token).json["status"] == .string("granted"))
            // €190 + €150 is past Lisbon's €300 a month: within the lead's authority, but the budget needs a manager.
            let held = try await refund("150", token: team.lead.token)
            #expect(held.json["holds"]?.array == [.string("budget")])
            #expect(held.json["approvers"]?.array == [.string(team.manager.member.id)])
            // The manager is on the housekeeping team: the request reaches them like an alarm.
            let alarms = try await client.send(.get, "/v1/alarms?case_id=\(caseID)", token: harness.admin).json["items"]?.array ?? []
            #expect(!alarms.isEmpty && alarms.allSatisfy { $0["case_id"] == .string(caseID) })
            let request = alarms.first { $0["recipient"] == .string("manager") && $0["body"]?.string?.contains("compensation.approval_requested") == true }
            #expect(request != nil)
            let heldID = try #require(held.json["id"]?.string)
            #expect(try await client.send(.post, "/v1/compensation/\(heldID)/approve", token: team.lead.token).errorCode == "own_request")
            #expect(try await client.send(.post, "/v1/compensation/\(heldID)/approve", token: team.manager.token).json["status"] == .string("granted"))
            // A manager's own grant past the budget takes effect at once.
            #expect(try await refund("20", token: team.manager.token).json["status"] == .string("granted"))
            // Next month the budget starts again.
            harness.clock?.advance(by: 32 * 86_400)
            #expect(try await refund("100", token: team.lead.token).json["status"] == .string("granted"))
        }
    }

    @Test func aGuaranteeIsKeptWhenItsCaseOpens() async throws {
        let team = try await Self.start()
        let harness = team.harness
        try await harness.router { client in
            let complaint = try await client.send(
                .post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","customer":{"email":"b@example.com"},"text":"Loud music all night"}"#)
            let caseID = try #require(complaint.json["case"]?["id"]?.string)
            let detail = try await client.send(.get, "/v1/cases/\(caseID)", token: harness.frontline)
            let grant = try #require(detail.json["compensation"]?.array.first)
            #expect(grant["guarantee"] == .bool(true) && grant["status"] == .string("granted") && grant["decided_by"] == .string("guarantee"))
            #expect(grant["reason"] == .string("A quiet night, or your drinks are on us."))
            // The same customer complaining again joins the case; the guarantee is not granted twice.
            _ = try await client.send(
                .post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","customer":{"email":"b@example.com"},"text":"Still noisy"}"#)
            let ledger = try await client.send(.get, "/v1/compensation?case_id=\(caseID)", token: team.lead.token)
            #expect(ledger.json["items"]?.array.count == 1)
        }
    }

    @Test func theLedgerIsForLeadsAndAboveAtTheirLocations() async throws {
        let team = try await Self.start()
        let harness = team.harness
        try await harness.router { client in
            let caseID = try await Self.openCase(client, harness)
            _ = try await client.send(.post, "/v1/cases/\(caseID)/compensation", token: harness.frontline, json: #"{"remedy":"drinks","reason":"Sorry"}"#)
            _ = try await client.send(.post, "/v1/cases/\(caseID)/compensation", token: harness.frontline, json: #"{"remedy":"night","reason":"Sorry"}"#)
            #expect(try await client.send(.get, "/v1/compensation", token: harness.frontline).errorCode == "role")
            let all = try await client.send(.get, "/v1/compensation", token: team.lead.token)
            #expect(all.json["items"]?.array.count == 2)
            #expect(try await client.send(.get, "/v1/compensation?status=pending", token: team.lead.token).json["items"]?.array.count == 1)
            #expect(try await client.send(.get, "/v1/compensation?customer=email:guest@example.com", token: team.lead.token).json["items"]?.array.count == 2)
            #expect(try await client.send(.get, "/v1/compensation", token: team.portoLead.token).json["items"]?.array.count == 0)
            #expect(try await client.send(.get, "/v1/compensation?location=lisbon", token: team.portoLead.token).errorCode == "location_not_allowed")
            #expect(try await client.send(.get, "/v1/compensation?status=spent", token: team.lead.token).errorCode == "invalid_field")
            #expect(try await client.send(.get, "/v1/compensation?since=yesterday", token: team.lead.token).errorCode == "invalid_field")
            let page = try await client.send(.get, "/v1/compensation?limit=1", token: team.lead.token)
            let cursor = try #require(page.json["next_cursor"]?.string)
            #expect(try await client.send(.get, "/v1/compensation?limit=1&cursor=\(cursor)", token: team.lead.token).json["items"]?.array.count == 1)
            let grantID = try #require(all.json["items"]?.array.first?["id"]?.string)
            #expect(try await client.send(.get, "/v1/compensation/\(grantID)", token: team.portoLead.token).errorCode == "location_not_allowed")
            #expect(try await client.send(.get, "/v1/compensation/\(grantID)", token: harness.frontline).status == .ok)
            #expect(try await client.send(.get, "/v1/compensation/nope", token: harness.frontline).status == .notFound)
        }
    }

    @Test func aPersonsOwnLimitReplacesTheirRoles() async throws {
        let team = try await Self.start()
        let harness = team.harness
        try await harness.router { client in
            let caseID = try await Self.openCase(client, harness)
            let colleague = team.colleague.member.id
            let body = #"{"authority":{"per_grant":"150.00 EUR","per_day":{"amount":"300","currency":"EUR"}}}"#
            #expect(try await client.send(.post, "/v1/staff/\(colleague)/authority", token: team.manager.token, json: body).errorCode == "role")
            let set = try await client.send(.post, "/v1/staff/\(colleague)/authority", token: harness.admin, json: body)
            #expect(set.json["authority"]?["per_grant"]?["amount"] == .string("150.00"))
            let night = try await client.send(
                .post, "/v1/cases/\(caseID)/compensation", token: team.colleague.token, json: #"{"remedy":"night","reason":"Long wait"}"#)
            #expect(night.json["status"] == .string("granted"))
            let bad = #"{"authority":{"per_grant":"500 EUR","per_day":"300 EUR"}}"#
            #expect(try await client.send(.post, "/v1/staff/\(colleague)/authority", token: harness.admin, json: bad).errorCode == "invalid_field")
            let mixed = #"{"authority":{"per_grant":"5 EUR","per_day":"300 USD"}}"#
            #expect(try await client.send(.post, "/v1/staff/\(colleague)/authority", token: harness.admin, json: mixed).errorCode == "invalid_field")
            #expect(try await client.send(.post, "/v1/staff/\(colleague)/authority", token: harness.admin, json: #"{}"#).errorCode == "missing_field")
            let cleared = try await client.send(.post, "/v1/staff/\(colleague)/authority", token: harness.admin, json: #"{"authority":null}"#)
            #expect(cleared.json["authority"] == nil)
            let again = try await client.send(
                .post, "/v1/cases/\(caseID)/compensation", token: team.colleague.token, json: #"{"remedy":"night","reason":"Long wait"}"#)
            #expect(again.json["status"] == .string("pending"))
        }
    }

    @Test func badGrantsAreRefusedClearly() async throws {
        let team = try await Self.start()
        let harness = team.harness
        try await harness.router { client in
            let caseID = try await Self.openCase(client, harness)
            func grant(_ json: String, token: String? = nil) async throws -> TestResponse {
                try await client.send(.post, "/v1/cases/\(caseID)/compensation", token: token ?? harness.frontline, json: json)
            }
            #expect(try await grant(#"{"remedy":"spa","reason":"x"}"#).errorCode == "unknown_remedy")
            #expect(try await grant(#"{"remedy":"drinks","amount":"30","reason":"x"}"#).errorCode == "invalid_field")
            #expect(try await grant(#"{"remedy":"refund","reason":"x"}"#).errorCode == "invalid_field")
            #expect(try await grant(#"{"remedy":"refund","amount":"600","reason":"x"}"#).errorCode == "invalid_field")
            #expect(try await grant(#"{"remedy":"refund","amount":"1.005","reason":"x"}"#).errorCode == "invalid_field")
            #expect(try await grant(#"{"remedy":"refund","amount":"0","reason":"x"}"#).errorCode == "invalid_field")
            #expect((400..<500).contains(try await grant(#"{"remedy":"refund","amount":12,"reason":"x"}"#).status.code))
            #expect(try await grant(#"{"remedy":"drinks","reason":"  "}"#).errorCode == "invalid_field")
            #expect(try await grant(#"{"remedy":"drinks"}"#).errorCode == "missing_field")
            #expect(try await grant(#"{"remedy":"drinks","reason":"x","tip":"5"}"#).errorCode == "unknown_field")
            #expect(try await grant(#"{"remedy":"drinks","reason":"x"}"#, token: harness.channel).errorCode == "channel_token")
            #expect(try await grant(#"{"remedy":"drinks","reason":"x"}"#, token: team.portoLead.token).errorCode == "location_not_allowed")
            #expect(try await client.send(.post, "/v1/cases/nope/compensation", token: harness.frontline, json: #"{"remedy":"drinks","reason":"x"}"#).status == .notFound)
            // Nothing was granted by any of that.
            #expect(try await client.send(.get, "/v1/compensation", token: team.lead.token).json["items"]?.array.count == 0)
        }
    }

    @Test func withoutACompensationSectionNothingCanBeGranted() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            let caseID = try await Self.openCase(client, harness)
            #expect(try await client.send(.get, "/v1/remedies", token: harness.frontline).errorCode == "no_compensation_policy")
            let refused = try await client.send(.post, "/v1/cases/\(caseID)/compensation", token: harness.frontline, json: #"{"remedy":"drinks","reason":"x"}"#)
            #expect(refused.status == .conflict && refused.errorCode == "no_compensation_policy")
        }
    }
}
