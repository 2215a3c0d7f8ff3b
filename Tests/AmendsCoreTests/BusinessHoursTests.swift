import AmendsCore
import AmendsTestSupport
import Foundation
import Testing

/// SLAs counted in a location's business hours: opening hours, weekends, holidays and its time zone.
@Suite("Business hours")
struct BusinessHoursTests {
    static let weekdays = ["mon": "09:00-18:00", "tue": "09:00-18:00", "wed": "09:00-18:00", "thu": "09:00-18:00", "fri": "09:00-18:00"]

    /// A moment in Lisbon, written as local time.
    func lisbon(_ text: String) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/Lisbon")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: text)!
    }

    var calendar: BusinessCalendar {
        Location(key: "lisbon", name: "Lisbon", timeZone: "Europe/Lisbon", openingHours: Self.weekdays, holidays: ["2026-12-25"]).businessCalendar!
    }

    @Test func timeRunsOnlyWhileTheLocationIsOpen() {
        // 2026-11-20 is a Friday.
        #expect(calendar.adding(3600, to: lisbon("2026-11-20 10:00")) == lisbon("2026-11-20 11:00"))
        // Half an hour left on Friday, the rest on Monday morning.
        #expect(calendar.adding(3600, to: lisbon("2026-11-20 17:30")) == lisbon("2026-11-23 09:30"))
        // Before opening, the clock starts at opening; on a Saturday, on Monday.
        #expect(calendar.adding(900, to: lisbon("2026-11-20 07:00")) == lisbon("2026-11-20 09:15"))
        #expect(calendar.adding(900, to: lisbon("2026-11-21 12:00")) == lisbon("2026-11-23 09:15"))
        // Two working days of nine hours.
        #expect(calendar.adding(18 * 3600, to: lisbon("2026-11-23 09:00")) == lisbon("2026-11-24 18:00"))
    }

    @Test func holidaysAreClosedAndTheTimeZoneIsTheLocations() {
        // Thursday 24 December at 17:00: one hour that day; Christmas, then the weekend, are closed; the second on Monday.
        #expect(calendar.adding(2 * 3600, to: lisbon("2026-12-24 17:00")) == lisbon("2026-12-28 10:00"))
        // Across the change to summer time (29 March 2026), opening hours stay local.
        #expect(calendar.adding(3600, to: lisbon("2026-03-27 17:30")) == lisbon("2026-03-30 09:30"))
        // A place never open counts in real time rather than never.
        let never = BusinessCalendar(hours: [:], holidays: [], timeZone: TimeZone(identifier: "UTC")!)
        #expect(never.adding(60, to: Date(timeIntervalSince1970: 0)) == Date(timeIntervalSince1970: 60))
    }

    @Test func openTimeBetweenTwoMomentsCountsOnlyOpenHours() {
        #expect(calendar.openSeconds(from: lisbon("2026-11-20 17:00"), to: lisbon("2026-11-23 10:00")) == 2 * 3600)
        #expect(calendar.openSeconds(from: lisbon("2026-11-21 10:00"), to: lisbon("2026-11-22 10:00")) == 0)
        #expect(calendar.openSeconds(from: lisbon("2026-11-23 10:00"), to: lisbon("2026-11-23 09:00")) == 0)
        let start = lisbon("2026-11-19 16:20")
        for seconds in [60, 3600, 9 * 3600, 30 * 3600] {
            #expect(calendar.openSeconds(from: start, to: calendar.adding(seconds, to: start)) == seconds)
        }
    }

    @Test func aPauseInBusinessHoursMovesTheDeadlineByTheOpenTimeLeft() throws {
        var playbook = Fixture.playbook()
        playbook.locations[0].openingHours = Self.weekdays
        playbook.scenarios[0].slaClock = .businessHours
        let member = StaffMember(id: "s1", name: "Marta", email: nil, role: .frontline, createdAt: Date(timeIntervalSince1970: 0))
        let opened = lisbon("2026-11-20 09:00")
        let waiting = RecoveryCase(
            id: "c1", scenario: "unclean-room", location: "lisbon", team: "housekeeping", severity: .high, status: .waitingOnCustomer,
            origin: .feedback, summary: "dirty", customer: nil, openedAt: opened, acknowledgeBy: opened, resolveBy: lisbon("2026-11-20 18:00"),
            acknowledgedAt: opened, owner: "s1", slaPausedAt: lisbon("2026-11-20 16:00"))
        // Paused with two open hours left; the customer answers on Monday at 11:00: due at 13:00.
        let resumed = try waiting.changing(
            to: .inProgress, by: member, at: lisbon("2026-11-23 11:00"), note: nil, rootCause: nil, eventID: "e", playbook: playbook)
        #expect(resumed.recoveryCase.resolveBy == lisbon("2026-11-23 13:00"))
        #expect(resumed.recoveryCase.slaPausedAt == nil)
    }

    @Test func openingHoursAndHolidaysAreChecked() {
        var playbook = Fixture.playbook()
        playbook.locations[0].openingHours = ["mon": "09:00-18:00", "fun": "10:00-12:00", "tue": "18:00-09:00", "wed": "9-5"]
        playbook.locations[0].holidays = ["2026-12-25", "25/12/2026"]
        let messages = Set(playbook.problems().map(\.description))
        #expect(
            messages == [
                "locations[0].opening_hours.fun: 'fun' is not a weekday; use mon, tue, wed, thu, fri, sat or sun",
                "locations[0].opening_hours.tue: '18:00-09:00' is not opening hours such as \"09:00-18:00\"",
                "locations[0].opening_hours.wed: '9-5' is not opening hours such as \"09:00-18:00\"",
                "locations[0].holidays[1]: '25/12/2026' is not a date such as \"2026-12-25\"",
            ])
        var nowhere = Fixture.playbook()
        nowhere.scenarios[0].slaClock = .businessHours
        #expect(nowhere.problems().map(\.description) == ["scenarios[0].sla_clock: no location has opening_hours to count business hours in"])
    }

    @Test func aBusinessHoursScenarioSetsItsDeadlinesAndEscalationByTheLocationsHours() throws {
        var playbook = Fixture.playbook()
        playbook.locations[0].openingHours = Self.weekdays
        playbook.scenarios[0].slaClock = .businessHours
        #expect(playbook.problems().isEmpty)
        let clock = FakeClock(lisbon("2026-11-20 17:50"))
        let recovery = Recovery(playbook: playbook, clock: clock, ids: CountingIdentifiers())
        let record = try recovery.intake(
            FeedbackSubmission(channel: "web", location: "lisbon", customer: CustomerIdentity(email: "ana@example.com"), text: "The room was dirty"),
            idempotencyKey: nil, fingerprint: "f")
        let opening = try #require(record.opening)
        // 15 minutes to acknowledge: 10 on Friday, 5 on Monday; the next level is woken then too.
        #expect(opening.recoveryCase.acknowledgeBy == lisbon("2026-11-23 09:05"))
        #expect(opening.step.nextTimer?.dueAt == lisbon("2026-11-23 09:05"))
        // The same scenario at a location without opening hours runs in real time.
        let porto = try #require(
            try recovery.report(FailureReport(scenario: "unclean-room", location: "porto", description: "dirty"), by: "s1").recoveryCase.acknowledgeBy)
        #expect(porto == clock.now().addingTimeInterval(900))
    }
}
