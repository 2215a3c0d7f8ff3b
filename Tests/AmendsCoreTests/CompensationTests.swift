import AmendsCore
import AmendsTestSupport
import Foundation
import Testing

@Suite("Money and authority")
struct CompensationTests {
    @Test func moneyIsReadAndWrittenInTheCurrencysMinorUnits() throws {
        #expect(Money(parsing: "25 EUR") == Money(minorUnits: 2500, currency: "EUR"))
        #expect(Money(parsing: "25.5 EUR")?.description == "25.50 EUR")
        #expect(Money(parsing: "0.10 USD")?.minorUnits == 10)
        #expect(Money(parsing: "25.000 EUR")?.minorUnits == 2500)
        #expect(Money(parsing: "1500 JPY")?.description == "1500 JPY")
        #expect(Money(parsing: "1.5 JPY") == nil)
        #expect(Money(parsing: "1.234 KWD")?.description == "1.234 KWD")
        for bad in ["25.001 EUR", "-5 EUR", "1e3 EUR", "25 euro", "25", "EUR 25", "25. EUR", ".5 EUR", "25,00 EUR", "99999999999 EUR", ""] {
            #expect(Money(parsing: bad) == nil, "\(bad)")
        }
        // The API form is an object with a decimal string; the playbook's short form reads too.
        let encoded = String(decoding: try JSONEncoder().encode(Money(minorUnits: 1999, currency: "EUR")), as: UTF8.self)
        #expect(encoded.contains(#""amount":"19.99""#) && encoded.contains(#""currency":"EUR""#))
        #expect(try JSONDecoder().decode(Money.self, from: Data(#""19.99 EUR""#.utf8)) == Money(minorUnits: 1999, currency: "EUR"))
        #expect(try JSONDecoder().decode(Money.self, from: Data(#"{"amount":"19.99","currency":"EUR"}"#.utf8)).minorUnits == 1999)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Money.self, from: Data(#"{"amount":19.99,"currency":"EUR"}"#.utf8)) }
    }

    @Test func aLimitCoversAGrantAndTheDaySoFar() {
        let limit = AuthorityLimit(perGrant: Money(parsing: "50 EUR")!, perDay: Money(parsing: "60 EUR")!)
        #expect(limit.covers(Money(parsing: "50 EUR")!, grantedToday: nil))
        #expect(!limit.covers(Money(parsing: "50.01 EUR")!, grantedToday: nil))
        #expect(limit.covers(Money(parsing: "10 EUR")!, grantedToday: Money(parsing: "50 EUR")!))
        #expect(!limit.covers(Money(parsing: "10.01 EUR")!, grantedToday: Money(parsing: "50 EUR")!))
        // Another currency is never known to be within the limit.
        #expect(!limit.covers(Money(parsing: "1 USD")!, grantedToday: nil))
    }

    @Test func holdsNameWhatIsMissingAndApprovalGoesToTheLowestRoleThatCoversIt() {
        let playbook = Fixture.compensatedPlaybook()
        let rules = try! #require(playbook.compensationRules(at: "lisbon"))
        let at = Date(timeIntervalSince1970: 0)
        func member(_ id: String, _ role: StaffMember.Role, locations: [String]? = nil) -> StaffMember {
            StaffMember(id: id, name: id, email: nil, role: role, locations: locations, createdAt: at)
        }
        let ana = member("ana", .frontline)
        let rui = member("rui", .lead)
        let porto = member("ines", .lead, locations: ["porto"])
        let mia = member("mia", .manager)
        var totals = CompensationTotals()
        #expect(rules.holds(granting: Money(parsing: "25 EUR")!, by: ana, totals: totals).isEmpty)
        #expect(rules.holds(granting: Money(parsing: "120 EUR")!, by: ana, totals: totals) == [.authority])
        totals.grantedToday["ana"] = ["EUR": 5000]
        #expect(rules.holds(granting: Money(parsing: "25 EUR")!, by: ana, totals: totals) == [.authority])
        // Past the month's budget only a manager grants.
        totals.spentThisMonth["EUR"] = 25000
        #expect(rules.holds(granting: Money(parsing: "60 EUR")!, by: rui, totals: totals) == [.budget])
        #expect(rules.holds(granting: Money(parsing: "60 EUR")!, by: mia, totals: totals).isEmpty)

        let grant = CompensationGrant(
            id: "g1", caseID: "c1", location: "lisbon", customerKey: nil, remedy: playbook.compensation!.remedy("night")!, value: Money(parsing: "120 EUR")!,
            reason: "r", status: .pending, holds: [.authority], requestedBy: "staff:ana", requestedAt: at)
        totals = CompensationTotals()
        #expect(rules.approvers(for: grant, among: [ana, rui, porto, mia], totals: totals).map(\.id) == ["rui"])
        // A lead who already used the day's authority is passed over for the manager.
        totals.grantedToday["rui"] = ["EUR": 30000]
        #expect(rules.approvers(for: grant, among: [ana, rui, porto, mia], totals: totals).map(\.id) == ["mia"])
        #expect(throws: AmendsError.self) { try rules.requireApproval(grant, by: rui, totals: totals) }
        // The asker never approves their own request, whatever their authority.
        var own = grant
        own.requestedBy = "staff:mia"
        #expect(!rules.mayApprove(own, by: mia, totals: totals))
    }

    @Test func theCompensationSectionIsChecked() {
        var playbook = Fixture.compensatedPlaybook()
        #expect(playbook.problems().isEmpty)
        playbook.compensation?.catalog.append(Remedy(key: "drinks", kind: .voucher, name: " "))
        playbook.compensation?.authority?["intern"] = AuthorityLimit(perGrant: Money(parsing: "10 EUR")!, perDay: Money(parsing: "5 EUR")!)
        playbook.compensation?.authority?["lead"] = AuthorityLimit(perGrant: Money(parsing: "10 EUR")!, perDay: Money(parsing: "50 USD")!)
        playbook.scenarios[0].guarantee = Guarantee(promise: "Clean or free", remedy: "refund")
        playbook.scenarios[2].guarantee = Guarantee(promise: "Swim or free", remedy: "spa")
        playbook.teams[0].members[0].staff = "marta"
        let fields = Set(playbook.problems().map(\.path.description))
        #expect(
            fields == [
                "compensation.catalog[3].key", "compensation.catalog[3].name", "compensation.catalog[3]", "compensation.authority.intern",
                "compensation.authority.intern.per_grant", "compensation.authority.lead.per_day", "scenarios[0].guarantee.amount",
                "scenarios[2].guarantee.remedy", "teams[0].members[0].staff",
            ])
    }

    @Test func aGuaranteeIsGrantedAsItsCaseOpens() throws {
        let recovery = Recovery(playbook: Fixture.compensatedPlaybook(), clock: FakeClock(), ids: CountingIdentifiers())
        let record = try recovery.intake(
            FeedbackSubmission(channel: "web", location: "lisbon", text: "So much noise from the bar"), idempotencyKey: nil, fingerprint: "f")
        let kept = try #require(record.opening?.guarantee)
        #expect(kept.grant.status == .granted && kept.grant.guarantee && kept.grant.value == Money(parsing: "25 EUR"))
        #expect(kept.event.kind == .compensationGranted)
        #expect(kept.event.message == "Guarantee kept: Drinks at the bar (25.00 EUR) granted automatically.")
        let plain = try recovery.intake(FeedbackSubmission(channel: "web", location: "lisbon", text: "The room was dirty"), idempotencyKey: nil, fingerprint: "g")
        #expect(plain.opening != nil && plain.opening?.guarantee == nil)
    }
}
