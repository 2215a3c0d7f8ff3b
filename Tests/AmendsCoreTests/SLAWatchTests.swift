import AmendsCore
import AmendsTestSupport
import Foundation
import Testing

@Suite("SLA warnings and breaches")
struct SLAWatchTests {
    static func setUp() throws -> (Recovery, RecoveryCase, SLAWatch) {
        var playbook = Fixture.playbook()
        playbook.scenarios[0].respondWithin = SLADuration(seconds: 1800)
        let recovery = Recovery(playbook: playbook, clock: FakeClock(), ids: CountingIdentifiers())
        let opening = try recovery.report(FailureReport(scenario: "unclean-room", location: "lisbon", description: "Dirty room"), by: "s1")
        return (recovery, opening.recoveryCase, SLAWatch(playbook: playbook, ids: CountingIdentifiers()))
    }

    @Test func warningsComeAFifthOfTheSLABeforeItsDeadlineAndBreachesAfter() throws {
        let (_, recoveryCase, watch) = try Self.setUp()
        let opened = recoveryCase.openedAt
        #expect(recoveryCase.respondBy == opened.addingTimeInterval(1800))
        func due(after minutes: Double, given: Set<String> = []) -> [String] {
            watch.due(recoveryCase, given: given, at: opened.addingTimeInterval(minutes * 60)).map(\.column)
        }
        #expect(due(after: 23).isEmpty)
        // First response in 30 minutes: warned 6 minutes before; resolution in 2 hours: warned 24 minutes before.
        #expect(due(after: 24.5) == ["respond_warned_at"])
        #expect(due(after: 24.5, given: ["respond_warned_at"]).isEmpty)
        #expect(due(after: 31, given: ["respond_warned_at"]) == ["respond_breached_at"])
        #expect(due(after: 97, given: ["respond_warned_at", "respond_breached_at"]) == ["resolve_warned_at"])
        #expect(due(after: 121, given: ["respond_warned_at", "respond_breached_at", "resolve_warned_at"]) == ["resolve_breached_at"])
        // A late look gives only the breach, never a warning after the deadline.
        #expect(due(after: 200) == ["respond_breached_at", "resolve_breached_at"])
    }

    @Test func aResponseEndsTheFirstResponseClockAndWaitingStopsTheResolutionClock() throws {
        var (_, recoveryCase, watch) = try Self.setUp()
        recoveryCase.respondedAt = recoveryCase.openedAt.addingTimeInterval(60)
        #expect(watch.due(recoveryCase, given: [], at: recoveryCase.openedAt.addingTimeInterval(40 * 60)).isEmpty)
        recoveryCase.status = .waitingOnCustomer
        #expect(watch.due(recoveryCase, given: [], at: recoveryCase.openedAt.addingTimeInterval(300 * 60)).isEmpty)
        recoveryCase.status = .resolved
        #expect(watch.due(recoveryCase, given: [], at: recoveryCase.openedAt.addingTimeInterval(300 * 60)).isEmpty)
    }

    @Test func aWarningGoesToTheLevelHoldingTheCaseAndABreachToTheNext() throws {
        let (_, recoveryCase, watch) = try Self.setUp()
        let now = recoveryCase.openedAt.addingTimeInterval(3600 * 3)
        let warning = watch.step(for: recoveryCase, notices: [SLANotice(kind: .resolve, stage: .warning)], at: now)
        #expect(warning.alarms.map(\.recipient) == ["marta"])
        #expect(warning.alarms.first?.body.contains("\"type\":\"case.sla_warning\"") == true)
        let breach = watch.step(for: recoveryCase, notices: [SLANotice(kind: .resolve, stage: .breach)], at: now)
        #expect(breach.alarms.map(\.recipient) == ["rui"])
        #expect(breach.events.first?.kind == .slaBreached)
        #expect(breach.events.first?.message.hasSuffix("passed: level 2 of the chain alarmed.") == true)
        // At the top of the chain a breach stays with the last level.
        var escalated = recoveryCase
        escalated.escalationLevel = 2
        #expect(watch.step(for: escalated, notices: [SLANotice(kind: .respond, stage: .breach)], at: now).alarms.map(\.recipient) == ["manager"])
    }
}
