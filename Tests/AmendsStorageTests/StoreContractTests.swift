import AmendsCore
import AmendsStorage
import AmendsTestSupport
import AmendsText
import Foundation
import Testing

/// The contract every store must keep. Runs on SQLite, and on PostgreSQL when AMENDS_TEST_POSTGRES_URL is set.
@Suite("Store contract")
struct StoreContractTests {
    let clock = FakeClock()
    let ids = LiveIdentifierSource()

    var recovery: Recovery { Recovery(playbook: Fixture.playbook(), clock: clock, ids: ids) }

    func record(
        _ text: String, email: String? = "ana@example.com", key: String? = nil, fingerprint: String = "f", location: String = "lisbon"
    ) throws -> IntakeRecord {
        try recovery.intake(
            FeedbackSubmission(channel: "web", location: location, customer: email.map { CustomerIdentity(email: $0, name: "Ana") }, text: text),
            idempotencyKey: key, fingerprint: fingerprint)
    }

    func withStore(_ body: (SQLStore) async throws -> Void) async throws {
        let store = try await TestDatabase.store(ids: ids)
        do {
            try await body(store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    @Test func migrationsRunOnceAndAgainIsHarmless() async throws {
        try await withStore { store in
            let applied = try await store.migrate()
            #expect(applied.isEmpty)
        }
    }

    @Test func feedbackIsStoredWithItsAnalysis() async throws {
        try await withStore { store in
            let input = try record("The room was not clean")
            let outcomes = try await store.record([input])
            let (feedback, opened) = try #require(outcomes[0].accepted, "not accepted: \(outcomes)")
            #expect(opened)
            let stored = try #require(try await store.feedback(id: feedback.id))
            #expect(stored.analysis == input.feedback.analysis)
            #expect(stored.customer == CustomerIdentity(email: "ana@example.com", name: "Ana"))
            #expect(stored.caseID == input.opening?.recoveryCase.id)
            #expect(abs(stored.receivedAt.timeIntervalSince(input.feedback.receivedAt)) < 0.001)
        }
    }

    @Test func idempotencyKeysReplayOrConflict() async throws {
        try await withStore { store in
            let first = try await store.record([try record("dirty room", key: "k1", fingerprint: "a")])[0]
            let original = try #require(first.accepted).feedback
            // The same key and body, in a later transaction and twice within one batch.
            let again = try await store.record([
                try record("dirty room", key: "k1", fingerprint: "a"), try record("dirty room", key: "k1", fingerprint: "a"),
                try record("other", key: "k1", fingerprint: "b"),
            ])
            #expect(again[0] == .replayed(original))
            #expect(again[1] == .replayed(original))
            #expect(again[2] == .conflict(existingID: original.id))
            // Repeats inside one fresh batch answer from the first occurrence.
            let fresh = try await store.record([try record("noisy", key: "k2", fingerprint: "x"), try record("noisy", key: "k2", fingerprint: "y")])
            let newOne = try #require(fresh[0].accepted).feedback
            #expect(fresh[1] == .conflict(existingID: newOne.id))
            #expect(try await store.cases(CaseQuery()).items.count == 2)
        }
    }

    @Test func repeatedComplaintsAttachToTheOpenCase() async throws {
        try await withStore { store in
            let outcomes = try await store.record([try record("dirty room"), try record("still dirty!"), try record("noisy night")])
            let caseIDs = outcomes.compactMap { $0.accepted?.feedback.caseID }
            #expect(caseIDs.count == 3)
            #expect(caseIDs[0] == caseIDs[1])
            #expect(caseIDs[0] != caseIDs[2])
            let later = try await store.record([try record("the sheets are dirty")])
            let (feedback, opened) = try #require(later[0].accepted)
            #expect(!opened)
            #expect(feedback.caseID == caseIDs[0])
            let recoveryCase = try #require(try await store.recoveryCase(id: caseIDs[0]))
            #expect(recoveryCase.feedbackCount == 3)
            let timeline = try await store.timeline(caseID: caseIDs[0])
            #expect(timeline.map(\.kind) == [.opened, .alarmQueued, .feedbackAttached, .feedbackAttached])
            // One alarm for the one failure, however often the customer repeats it.
            #expect(try await store.alarms(state: nil, caseID: caseIDs[0], limit: 10).count == 1)
        }
    }

    @Test func anonymousComplaintsOpenSeparateCases() async throws {
        try await withStore { store in
            _ = try await store.record([try record("dirty", email: nil), try record("dirty", email: nil)])
            #expect(try await store.cases(CaseQuery()).items.count == 2)
        }
    }

    @Test func concurrentCallersAreCommittedTogetherAndAllAnswered() async throws {
        try await withStore { store in
            let records = try (0..<200).map { index in try record("dirty room \(index)", email: "guest\(index % 50)@example.com", key: "c\(index)") }
            let outcomes = try await withThrowingTaskGroup(of: IntakeOutcome.self) { group in
                for record in records { group.addTask { try await store.record([record])[0] } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.count == 200)
            #expect(outcomes.allSatisfy { $0.accepted != nil })
            // Fifty customers, one open case each, however the requests were batched.
            #expect(try await store.cases(CaseQuery(limit: 500)).items.count == 50)
        }
    }

    @Test func casesFilterAndPaginate() async throws {
        try await withStore { store in
            for index in 0..<7 {
                _ = try await store.record([try record(index % 2 == 0 ? "dirty" : "noisy", email: "g\(index)@example.com")])
            }
            var seen: [String] = []
            var after: String?
            repeat {
                let page = try await store.cases(CaseQuery(limit: 3, after: after))
                seen += page.items.map(\.id)
                after = page.next
            } while after != nil
            #expect(seen.count == 7)
            #expect(Set(seen).count == 7)
            #expect(seen == seen.sorted(by: >))
            #expect(try await store.cases(CaseQuery(scenario: "noise")).items.count == 3)
            #expect(try await store.cases(CaseQuery(status: .new, location: "porto")).items.isEmpty)
        }
    }

    @Test func acknowledgementSetsTheOwnerOnce() async throws {
        try await withStore { store in
            let outcome = try await store.record([try record("dirty")])[0]
            let caseID = try #require(outcome.accepted?.feedback.caseID, "no case")
            let acknowledged = try await store.acknowledge(caseID: caseID, staffID: "s1", staffName: "Marta", at: clock.now())
            #expect(acknowledged.status == .acknowledged)
            #expect(acknowledged.owner == "s1")
            // The same person again is harmless; someone else is refused.
            _ = try await store.acknowledge(caseID: caseID, staffID: "s1", staffName: "Marta", at: clock.now())
            await #expect(throws: AmendsError.self) {
                try await store.acknowledge(caseID: caseID, staffID: "s2", staffName: "Rui", at: clock.now())
            }
            await #expect(throws: AmendsError.self) {
                try await store.acknowledge(caseID: "missing", staffID: "s2", staffName: "Rui", at: clock.now())
            }
            #expect(try await store.timeline(caseID: caseID).filter { $0.kind == .acknowledged }.count == 1)
        }
    }

    @Test func timersFireExactlyOnceEvenWhenRaced() async throws {
        try await withStore { store in
            _ = try await store.record([try record("dirty")])
            #expect(try await store.dueTimers(now: clock.now(), limit: 10).isEmpty)
            clock.advance(by: 901)
            let timers = try await store.dueTimers(now: clock.now(), limit: 10)
            #expect(timers.count == 1)
            let recovery = self.recovery
            let now = clock.now()
            let fired = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<5 {
                    group.addTask { try await store.fire(timers[0], at: now) { recovery.fire(timers[0], case: $0, at: now) } }
                }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(fired == 1)
            let recoveryCase = try #require(try await store.cases(CaseQuery()).items.first)
            #expect(recoveryCase.escalationLevel == 1)
            #expect(try await store.alarms(state: .pending, caseID: recoveryCase.id, limit: 10).map(\.recipient).sorted() == ["marta", "rui"])
            #expect(try await store.nextTimerDue() == now.addingTimeInterval(300))
        }
    }

    @Test func outboxLeasesDeliversRetriesAndDeadLetters() async throws {
        try await withStore { store in
            _ = try await store.record([try record("dirty"), try record("noisy")])
            let now = clock.now()
            let claimed = try await store.claimAlarms(now: now, leaseUntil: now.addingTimeInterval(60), limit: 10)
            #expect(claimed.count == 2)
            // Leased alarms are not handed out twice.
            #expect(try await store.claimAlarms(now: now, leaseUntil: now.addingTimeInterval(60), limit: 10).isEmpty)
            try await store.complete([DeliveryAttempt(alarmID: claimed[0].id, caseID: claimed[0].caseID, recipient: "marta", attempt: 1, at: now, result: .delivered)])
            try await store.complete([
                DeliveryAttempt(
                    alarmID: claimed[1].id, caseID: claimed[1].caseID, recipient: "joao", attempt: 1, at: now, result: .retry(at: now.addingTimeInterval(5), error: "HTTP 500"))
            ])
            #expect(try await store.nextAlarmDue() == now.addingTimeInterval(5))
            #expect(try await store.claimAlarms(now: now.addingTimeInterval(4), leaseUntil: now.addingTimeInterval(64), limit: 10).isEmpty)
            let retried = try await store.claimAlarms(now: now.addingTimeInterval(5), leaseUntil: now.addingTimeInterval(65), limit: 10)
            #expect(retried.map(\.id) == [claimed[1].id])
            #expect(retried[0].attempts == 1)
            #expect(retried[0].lastError == "HTTP 500")
            try await store.complete([DeliveryAttempt(alarmID: retried[0].id, caseID: retried[0].caseID, recipient: "joao", attempt: 2, at: now, result: .dead(error: "HTTP 500"))])
            let dead = try await store.alarms(state: .dead, caseID: nil, limit: 10)
            #expect(dead.map(\.id) == [claimed[1].id])
            #expect(try await store.alarms(state: .delivered, caseID: nil, limit: 10).first?.deliveredAt != nil)
            let timeline = try await store.timeline(caseID: claimed[1].caseID)
            #expect(timeline.suffix(2).map(\.kind) == [.alarmFailed, .alarmDeadLettered])
            // A person can put a dead alarm back in the queue.
            let requeued = try await store.retry(alarmID: dead[0].id, at: now.addingTimeInterval(10))
            #expect(requeued.state == .pending)
            #expect(requeued.attempts == 0)
            await #expect(throws: AmendsError.self) { try await store.retry(alarmID: claimed[0].id, at: now) }
        }
    }

    @Test func playbooksAreVersioned() async throws {
        try await withStore { store in
            #expect(try await store.currentPlaybook() == nil)
            _ = try await store.savePlaybook(Fixture.playbook(), at: clock.now(), by: "test")
            var second = Fixture.playbook()
            second.name = "Second"
            let stored = try await store.savePlaybook(second, at: clock.now(), by: "test")
            #expect(stored.version == 2)
            #expect(try await store.currentPlaybook()?.playbook == second)
        }
    }

    @Test func tokensAndSettings() async throws {
        try await withStore { store in
            let member = StaffMember(id: "s1", name: "Marta", email: nil, role: .lead, createdAt: clock.now())
            try await store.addStaff(member)
            try await store.addToken(APIToken(id: "t1", digest: "d1", owner: .staff("s1"), label: "x", createdAt: clock.now()))
            #expect(try await store.token(digest: "d1")?.owner == .staff("s1"))
            #expect(try await store.token(digest: "nope") == nil)
            #expect(try await store.staff(id: "s1") == member)
            #expect(try await store.initializeSetting("secret", to: "a") == "a")
            #expect(try await store.initializeSetting("secret", to: "b") == "a")
        }
    }

    @Test func textModelsAreVersionedAndReadBackWhole() async throws {
        try await withStore { store in
            #expect(try await store.currentTextModel() == nil)
            let texts = [
                LabeledText(text: "the room was dirty", failure: true, category: "cleaning"), LabeledText(text: "loud all night", failure: true, category: "noise"),
                LabeledText(text: "lovely stay", failure: false),
            ]
            let model = TextTrainer().train(texts)
            let first = try await store.saveTextModel(model, at: clock.now(), by: "test", rows: 3)
            let second = try await store.saveTextModel(model, at: clock.now(), by: "test", rows: 3)
            #expect(first.version == 1 && second.version == 2)
            let current = try #require(try await store.currentTextModel())
            #expect(current.version == 2)
            #expect(current.model == model)
            #expect(current.rows == 3 && current.trainedBy == "test")
        }
    }

    @Test func labelsKeepTheNewestCorrectionAndNoteItOnTheCase() async throws {
        try await withStore { store in
            let complaint = try record("The room was dirty")
            let praise = try record("Lovely stay", email: "bo@example.com")
            let outcomes = try await store.record([complaint, praise])
            let stored = try #require(outcomes[0].accepted?.feedback)
            let caseID = try #require(stored.caseID, "the complaint opened no case")
            try await store.label(
                FeedbackLabel(feedbackID: stored.id, failure: false, category: nil, labeledBy: "staff:s1", labeledAt: clock.now()), eventID: "e1")
            try await store.label(
                FeedbackLabel(feedbackID: stored.id, failure: true, category: "cleaning", labeledBy: "staff:s2", labeledAt: clock.now()), eventID: "e2")
            try await store.label(
                FeedbackLabel(feedbackID: praise.feedback.id, failure: false, category: nil, labeledBy: "staff:s1", labeledAt: clock.now()), eventID: "e3")
            let texts = try await store.labeledTexts()
            #expect(texts.count == 2)
            #expect(texts.contains(LabeledText(text: "The room was dirty", failure: true, category: "cleaning")))
            #expect(texts.contains(LabeledText(text: "Lovely stay", failure: false)))
            let timeline = try await store.timeline(caseID: caseID)
            #expect(timeline.filter { $0.kind == .feedbackLabeled }.map(\.actor) == ["staff:s1", "staff:s2"])
            await #expect(throws: AmendsError.self) {
                try await store.label(
                    FeedbackLabel(feedbackID: "missing", failure: true, category: nil, labeledBy: "staff:s1", labeledAt: clock.now()), eventID: "e4")
            }
        }
    }
}
