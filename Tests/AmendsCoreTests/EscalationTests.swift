import AmendsCore
import AmendsJSON
import AmendsTestSupport
import Foundation
import Testing

@Suite("Cases, escalation and retries")
struct EscalationTests {
    let clock = FakeClock()
    var recovery: Recovery { Recovery(playbook: Fixture.playbook(), clock: clock, ids: CountingIdentifiers()) }

    func opening(_ text: String = "The room was dirty", email: String? = "ana@example.com") throws -> CaseOpening {
        let record = try recovery.intake(
            FeedbackSubmission(channel: "web", location: "lisbon", customer: email.map { CustomerIdentity(email: $0) }, text: text),
            idempotencyKey: nil, fingerprint: "f")
        return try #require(record.opening)
    }

    @Test func openingAlarmsTheFirstLevelAndSchedulesTheNext() throws {
        let opening = try opening()
        #expect(opening.recoveryCase.scenario == "unclean-room")
        #expect(opening.recoveryCase.acknowledgeBy == clock.now().addingTimeInterval(900))
        #expect(opening.step.alarms.map(\.recipient) == ["marta"])
        #expect(opening.step.alarms[0].endpoint == "http://127.0.0.1:9/hook/marta")
        #expect(opening.step.nextTimer?.level == 1)
        #expect(opening.step.nextTimer?.dueAt == clock.now().addingTimeInterval(900))
        #expect(opening.dedupKey == "unclean-room|email:ana@example.com")
    }

    @Test func anonymousFeedbackHasNoDedupKey() throws {
        #expect(try opening(email: nil).dedupKey == nil)
    }

    @Test func firingWalksTheChainThenStops() throws {
        let opening = try opening()
        var recoveryCase = opening.recoveryCase
        let first = try #require(opening.step.nextTimer)
        clock.advance(by: 900)
        let second = recovery.fire(first, case: recoveryCase, at: clock.now())
        #expect(second.alarms.map(\.recipient) == ["rui"])
        #expect(second.newLevel == 1)
        #expect(second.events.first?.kind == .escalated)
        // Level 2 (rui) has its own wait of five minutes.
        let secondTimer = try #require(second.nextTimer)
        #expect(secondTimer.dueAt == clock.now().addingTimeInterval(300))
        recoveryCase.escalationLevel = 1
        clock.advance(by: 300)
        let third = recovery.fire(secondTimer, case: recoveryCase, at: clock.now())
        #expect(third.alarms.map(\.recipient) == ["manager"])
        let last = try #require(third.nextTimer)
        clock.advance(by: 900)
        let end = recovery.fire(last, case: recoveryCase, at: clock.now())
        #expect(end.alarms.isEmpty)
        #expect(end.nextTimer == nil)
        #expect(end.events.map(\.kind) == [.escalationEnded])
    }

    @Test func acknowledgedCaseDoesNotEscalate() throws {
        let opening = try opening()
        var recoveryCase = opening.recoveryCase
        recoveryCase.status = .acknowledged
        recoveryCase.acknowledgedAt = clock.now()
        #expect(recovery.fire(try #require(opening.step.nextTimer), case: recoveryCase, at: clock.now()) == .none)
    }

    @Test func alarmBodyIsAStandardWebhooksEvent() throws {
        let alarm = try opening().step.alarms[0]
        let event = try JSONDecoder().decode([String: JSONValue].self, from: Data(alarm.body.utf8))
        #expect(event["type"] == .string("case.opened"))
        let data = try #require(event["data"]?.objectValue, "no data")
        #expect(data["scenario_name"] == .string("Room not cleaned"))
        #expect(data["recipient"] == .string("marta"))
    }

    @Test func slackFormatIsAChatMessage() throws {
        var playbook = Fixture.playbook()
        playbook.teams[0].members[0].contacts[0].format = .slack
        let recovery = Recovery(playbook: playbook, clock: clock, ids: CountingIdentifiers())
        let record = try recovery.intake(FeedbackSubmission(channel: "web", location: "lisbon", text: "dirty"), idempotencyKey: nil, fingerprint: "f")
        let body = try #require(record.opening?.step.alarms.first?.body)
        let message = try JSONDecoder().decode([String: String].self, from: Data(body.utf8))
        #expect(message["text"]?.contains("New case [HIGH] Room not cleaned at Lisbon") == true)
    }

    @Test func retriesBackOffExponentiallyWithJitterAndGiveUp() {
        let policy = RetryPolicy(maxAttempts: 4, baseDelay: 1, maxDelay: 10)
        #expect(policy.delay(afterAttempt: 1, random: 0) == 0.5)
        #expect(policy.delay(afterAttempt: 1, random: 1) == 1)
        #expect(policy.delay(afterAttempt: 3, random: 1) == 4)
        #expect(policy.delay(afterAttempt: 9, random: 1) == 10)
        let now = clock.now()
        #expect(policy.failure(attempt: 3, error: "HTTP 500", now: now, random: 0) == .retry(at: now.addingTimeInterval(2), error: "HTTP 500"))
        #expect(policy.failure(attempt: 4, error: "HTTP 500", now: now, random: 0) == .dead(error: "HTTP 500"))
    }

    @Test(
        "submission validation",
        arguments: [
            (FeedbackSubmission(channel: "sms", location: "lisbon", text: "x"), "unknown_channel"),
            (FeedbackSubmission(channel: "web", location: "madrid", text: "x"), "unknown_location"),
            (FeedbackSubmission(channel: "web", location: "lisbon", score: Score(value: 11, scale: .nps)), "invalid_field"),
            (FeedbackSubmission(channel: "web", location: "lisbon", score: Score(value: 0, scale: .stars)), "invalid_field"),
            (FeedbackSubmission(channel: "web", location: "lisbon", score: Score(value: 3.5, scale: .csat)), "invalid_field"),
            (FeedbackSubmission(channel: "web", location: "lisbon", text: String(repeating: "a", count: 10_001)), "invalid_field"),
            (FeedbackSubmission(channel: "web", location: "lisbon", text: "  "), "empty_feedback"),
            (FeedbackSubmission(channel: "web", location: "lisbon", customer: CustomerIdentity(email: "nope"), text: "x"), "invalid_field"),
        ])
    func validation(submission: FeedbackSubmission, code: String) {
        #expect(throws: AmendsError.self) { try submission.validate(against: Fixture.playbook(), limits: IntakeLimits()) }
        do {
            try submission.validate(against: Fixture.playbook(), limits: IntakeLimits())
        } catch {
            #expect(error.code == code)
        }
    }

    @Test func acknowledgementRules() throws {
        var recoveryCase = try opening().recoveryCase
        let onTime = try #require(try recoveryCase.acknowledgement(by: "s1", name: "Marta", at: clock.now(), eventID: "e1"))
        #expect(onTime.message == "Marta took ownership, within the acknowledgement deadline.")
        #expect(onTime.data["late"] == .bool(false))
        let late = try #require(try recoveryCase.acknowledgement(by: "s1", name: "Marta", at: clock.now().addingTimeInterval(901), eventID: "e2"))
        #expect(late.data["late"] == .bool(true))
        recoveryCase.acknowledgedAt = clock.now()
        recoveryCase.owner = "s1"
        #expect(try recoveryCase.acknowledgement(by: "s1", name: "Marta", at: clock.now(), eventID: "e3") == nil)
        #expect(throws: AmendsError.self) { try recoveryCase.acknowledgement(by: "s2", name: "Rui", at: clock.now(), eventID: "e4") }
        recoveryCase.acknowledgedAt = nil
        recoveryCase.status = .closed
        #expect(throws: AmendsError.self) { try recoveryCase.acknowledgement(by: "s2", name: "Rui", at: clock.now(), eventID: "e5") }
    }

    @Test func deliveryAttemptsAreRecordedOnTheTimeline() {
        let now = clock.now()
        func event(_ result: DeliveryAttempt.Result, attempt: Int) -> TimelineEvent {
            DeliveryAttempt(alarmID: "a", caseID: "c", recipient: "marta", attempt: attempt, at: now, result: result).timelineEvent(id: "e")
        }
        #expect(event(.delivered, attempt: 1).message == "Alarm delivered to marta.")
        #expect(event(.delivered, attempt: 3).message == "Alarm delivered to marta on try 3.")
        let failed = event(.retry(at: now.addingTimeInterval(2), error: "HTTP 500"), attempt: 1)
        #expect(failed.kind == .alarmFailed)
        #expect(failed.data["error"] == .string("HTTP 500"))
        let dead = event(.dead(error: "HTTP 500"), attempt: 8)
        #expect(dead.kind == .alarmDeadLettered)
        #expect(dead.message.hasPrefix("Alarm to marta gave up after 8 tries"))
    }
}
