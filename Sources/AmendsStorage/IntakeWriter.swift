import AmendsCore
import Foundation
import SQLKit

/// The statements of one intake transaction: feedback in multi-row inserts, then cases, alarms and timers.
struct IntakeWriter {
    let database: any SQLDatabase
    let dialect: Dialect
    let ids: any IdentifierSource

    /// Rows per multi-row INSERT, below both databases' limits on bound parameters.
    static let rowsPerInsert = 400

    func write(_ records: [IntakeRecord]) async throws -> [IntakeOutcome] {
        var outcomes = [IntakeOutcome?](repeating: nil, count: records.count)
        // A key repeated inside the batch is answered from its first occurrence.
        var firstByKey: [String: Int] = [:]
        var toInsert: [Int] = []
        var repeats: [(index: Int, first: Int)] = []
        for (index, record) in records.enumerated() {
            if let key = record.idempotencyKey {
                let scoped = record.feedback.channel + "\u{1F}" + key
                if let first = firstByKey[scoped] {
                    repeats.append((index, first))
                    continue
                }
                firstByKey[scoped] = index
            }
            toInsert.append(index)
        }

        var inserted: Set<String> = []
        for chunk in stride(from: 0, to: toInsert.count, by: Self.rowsPerInsert) {
            let slice = toInsert[chunk..<min(chunk + Self.rowsPerInsert, toInsert.count)]
            inserted.formUnion(try await insertFeedback(slice.map { records[$0] }))
        }

        for index in toInsert {
            let record = records[index]
            if inserted.contains(record.feedback.id) {
                var feedback = record.feedback
                var opened = false
                if let opening = record.opening {
                    let (caseID, isNew) = try await open(
                        opening, createdBy: "feedback", idempotencyKey: nil, fingerprint: nil, attaching: feedback)
                    feedback.caseID = caseID
                    opened = isNew
                    try await database.raw("UPDATE feedback SET case_id = \(bind: caseID) WHERE id = \(bind: feedback.id)").run()
                }
                outcomes[index] = .accepted(feedback, caseOpened: opened)
            } else {
                outcomes[index] = try await replay(record)
            }
        }
        for (index, first) in repeats {
            outcomes[index] =
                switch outcomes[first]! {
                case .accepted(let feedback, _), .replayed(let feedback):
                    records[index].fingerprint == records[first].fingerprint ? .replayed(feedback) : .conflict(existingID: feedback.id)
                case .conflict(let existing): .conflict(existingID: existing)
                }
        }
        return outcomes.map { $0! }
    }

    /// Inserts feedback rows, skipping those whose idempotency key exists; returns the ids inserted.
    private func insertFeedback(_ records: [IntakeRecord]) async throws -> Set<String> {
        var sql = SQLQueryString(
            """
            INSERT INTO feedback (id, channel, location, customer_key, customer, score_value, score_scale, content, metadata,
            occurred_at, received_at, failure, scenario, analysis, case_id, idempotency_key, fingerprint) VALUES
            """
        )
        for (offset, record) in records.enumerated() {
            let feedback = record.feedback
            sql.appendInterpolation(unsafeRaw: offset == 0 ? " (" : ", (")
            sql.appendInterpolation(bind: feedback.id)
            sql.appendInterpolation(unsafeRaw: ", ")
            sql.appendInterpolation(bind: feedback.channel)
            sql.appendInterpolation(unsafeRaw: ", ")
            sql.appendInterpolation(bind: feedback.location)
            sql.appendInterpolation(unsafeRaw: ", ")
            sql.appendInterpolation(bind: feedback.customer?.key)
            sql.appendInterpolation(unsafeRaw: ", ")
            sql.appendInterpolation(bind: try feedback.customer.map(Coding.encode))
            sql.appendInterpolation(unsafeRaw: ", ")
            sql.appendInterpolation(bind: feedback.score?.value)
            sql.appendInterpolation(unsafeRaw: ", ")
            sql.appendInterpolation(bind: feedback.score?.scale.rawValue)
            sql.appendInterpolation(unsafeRaw: ", ")
            sql.appendInterpolation(bind: feedback.text)
            sql.appendInterpolation(unsafeRaw: ", ")
            sql.appendInterpolation(bind: feedback.metadata.isEmpty ? "{}" : try Coding.encode(feedback.metadata))
            sql.appendInterpolation(unsafeRaw: ", ")
            sql.appendInterpolation(bind: feedback.occurredAt.millis)
            sql.appendInterpolation(unsafeRaw: ", ")
            sql.appendInterpolation(bind: feedback.receivedAt.millis)
            sql.appendInterpolation(unsafeRaw: feedback.analysis.failure ? ", 1, " : ", 0, ")
            sql.appendInterpolation(bind: feedback.analysis.scenario)
            sql.appendInterpolation(unsafeRaw: ", ")
            sql.appendInterpolation(bind: try Coding.encode(feedback.analysis))
            sql.appendInterpolation(unsafeRaw: ", NULL, ")
            sql.appendInterpolation(bind: record.idempotencyKey)
            sql.appendInterpolation(unsafeRaw: ", ")
            sql.appendInterpolation(bind: record.fingerprint)
            sql.appendInterpolation(unsafeRaw: ")")
        }
        let anyKeyed = records.contains { $0.idempotencyKey != nil }
        if anyKeyed {
            sql.appendInterpolation(unsafeRaw: " ON CONFLICT (channel, idempotency_key) DO NOTHING RETURNING id")
            return Set(try await database.raw(sql).all().map { try $0.decode(column: "id", as: String.self) })
        }
        try await database.raw(sql).run()
        return Set(records.map(\.feedback.id))
    }

    /// The answer for a record whose idempotency key was already stored.
    private func replay(_ record: IntakeRecord) async throws -> IntakeOutcome {
        guard let key = record.idempotencyKey,
            let row = try await database.raw(
                "SELECT * FROM feedback WHERE channel = \(bind: record.feedback.channel) AND idempotency_key = \(bind: key)"
            ).first()
        else {
            throw AmendsError(.conflict, code: "idempotency_race", message: "the request could not be stored; retry it")
        }
        let original = try Rows.feedback(row)
        return try row.decode(column: "fingerprint", as: String.self) == record.fingerprint
            ? .replayed(original) : .conflict(existingID: original.id)
    }

    /// Opens the planned case, or attaches to the open case with the same dedup key. Returns the case id and whether it is new.
    func open(
        _ opening: CaseOpening, createdBy: String, idempotencyKey: String?, fingerprint: String?, attaching feedback: Feedback?
    ) async throws -> (String, Bool) {
        let recoveryCase = opening.recoveryCase
        var sql: SQLQueryString = """
            INSERT INTO cases (id, scenario, location, team, severity, status, origin, summary, customer, customer_key, opened_at,
            acknowledge_by, resolve_by, acknowledged_at, owner, escalation_level, feedback_count, dedup_key, created_by, idempotency_key, fingerprint)
            VALUES (\(bind: recoveryCase.id), \(bind: recoveryCase.scenario), \(bind: recoveryCase.location), \(bind: recoveryCase.team),
            \(bind: recoveryCase.severity.rawValue), \(bind: recoveryCase.status.rawValue), \(bind: recoveryCase.origin.rawValue),
            \(bind: recoveryCase.summary), \(bind: try recoveryCase.customer.map(Coding.encode)), \(bind: recoveryCase.customer?.key),
            \(bind: recoveryCase.openedAt.millis), \(bind: recoveryCase.acknowledgeBy.millis), \(bind: recoveryCase.resolveBy.millis),
            NULL, NULL, 0, \(bind: recoveryCase.feedbackCount), \(bind: opening.dedupKey), \(bind: createdBy), \(bind: idempotencyKey), \(bind: fingerprint))
            """
        if let dedupKey = opening.dedupKey {
            sql.appendInterpolation(unsafeRaw: " ON CONFLICT (dedup_key) DO NOTHING RETURNING id")
            let opened = try await database.raw(sql).all()
            if opened.isEmpty {
                guard let existing = try await database.raw("SELECT id FROM cases WHERE dedup_key = \(bind: dedupKey)").first() else {
                    throw AmendsError(.conflict, code: "case_race", message: "the case could not be stored; retry")
                }
                let caseID = try existing.decode(column: "id", as: String.self)
                let at = feedback?.receivedAt ?? recoveryCase.openedAt
                let event: TimelineEvent
                if let feedback {
                    try await database.raw("UPDATE cases SET feedback_count = feedback_count + 1 WHERE id = \(bind: caseID)").run()
                    event = Recovery.attachedEvent(id: ids.makeID(at: at), caseID: caseID, feedback: feedback)
                } else {
                    event = TimelineEvent(
                        id: ids.makeID(at: at), caseID: caseID, at: at, kind: .feedbackAttached, actor: createdBy,
                        message: "Staff reported the same failure again: \(recoveryCase.summary)")
                }
                try await Self.insert(events: [event], into: database)
                return (caseID, false)
            }
        } else {
            try await database.raw(sql).run()
        }
        try await Self.insert(events: [opening.openedEvent], into: database)
        try await Self.apply(opening.step, to: database)
        return (recoveryCase.id, true)
    }

    /// Inserts an escalation step's alarms, events and next timer.
    static func apply(_ step: EscalationStep, to database: any SQLDatabase) async throws {
        try await insert(events: step.events, into: database)
        if !step.alarms.isEmpty {
            var sql = SQLQueryString(
                "INSERT INTO alarms (id, case_id, level, recipient, endpoint, format, secret, body, state, attempts, next_attempt_at, lease_until, last_error, created_at, delivered_at) VALUES"
            )
            for (offset, alarm) in step.alarms.enumerated() {
                sql.appendInterpolation(unsafeRaw: offset == 0 ? " (" : ", (")
                sql.appendInterpolation(bind: alarm.id)
                sql.appendInterpolation(unsafeRaw: ", ")
                sql.appendInterpolation(bind: alarm.caseID)
                sql.appendInterpolation(unsafeRaw: ", ")
                sql.appendInterpolation(bind: alarm.level)
                sql.appendInterpolation(unsafeRaw: ", ")
                sql.appendInterpolation(bind: alarm.recipient)
                sql.appendInterpolation(unsafeRaw: ", ")
                sql.appendInterpolation(bind: alarm.endpoint)
                sql.appendInterpolation(unsafeRaw: ", ")
                sql.appendInterpolation(bind: alarm.format.rawValue)
                sql.appendInterpolation(unsafeRaw: ", ")
                sql.appendInterpolation(bind: alarm.secret)
                sql.appendInterpolation(unsafeRaw: ", ")
                sql.appendInterpolation(bind: alarm.body)
                sql.appendInterpolation(unsafeRaw: ", 'pending', 0, ")
                sql.appendInterpolation(bind: alarm.nextAttemptAt.millis)
                sql.appendInterpolation(unsafeRaw: ", NULL, NULL, ")
                sql.appendInterpolation(bind: alarm.createdAt.millis)
                sql.appendInterpolation(unsafeRaw: ", NULL)")
            }
            try await database.raw(sql).run()
        }
        if let timer = step.nextTimer {
            try await database.raw(
                "INSERT INTO timers (id, case_id, level, due_at, fired_at) VALUES (\(bind: timer.id), \(bind: timer.caseID), \(bind: timer.level), \(bind: timer.dueAt.millis), NULL)"
            ).run()
        }
    }

    static func insert(events: [TimelineEvent], into database: any SQLDatabase) async throws {
        guard !events.isEmpty else { return }
        var sql = SQLQueryString("INSERT INTO timeline (id, case_id, at, kind, actor, message, data) VALUES")
        for (offset, event) in events.enumerated() {
            sql.appendInterpolation(unsafeRaw: offset == 0 ? " (" : ", (")
            sql.appendInterpolation(bind: event.id)
            sql.appendInterpolation(unsafeRaw: ", ")
            sql.appendInterpolation(bind: event.caseID)
            sql.appendInterpolation(unsafeRaw: ", ")
            sql.appendInterpolation(bind: event.at.millis)
            sql.appendInterpolation(unsafeRaw: ", ")
            sql.appendInterpolation(bind: event.kind.rawValue)
            sql.appendInterpolation(unsafeRaw: ", ")
            sql.appendInterpolation(bind: event.actor)
            sql.appendInterpolation(unsafeRaw: ", ")
            sql.appendInterpolation(bind: event.message)
            sql.appendInterpolation(unsafeRaw: ", ")
            sql.appendInterpolation(bind: event.data.isEmpty ? "{}" : try Coding.encode(event.data))
            sql.appendInterpolation(unsafeRaw: ")")
        }
        try await database.raw(sql).run()
    }
}

/// Commits concurrent callers' records together: while one transaction runs, new records queue for the next.
///
/// One fsync then covers a whole batch, which is how durable intake keeps up with many connections.
actor CommitQueue {
    private struct Waiter {
        var records: [IntakeRecord]
        var continuation: CheckedContinuation<[IntakeOutcome], any Error>
    }

    private let maxBatch: Int
    private var waiting: [Waiter] = []
    private var draining = false

    init(maxBatch: Int) { self.maxBatch = maxBatch }

    func submit(
        _ records: [IntakeRecord], commit: @escaping @Sendable ([IntakeRecord]) async throws -> [IntakeOutcome]
    ) async throws -> [IntakeOutcome] {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append(Waiter(records: records, continuation: continuation))
            if !draining {
                draining = true
                Task { await self.drain(commit) }
            }
        }
    }

    private func drain(_ commit: @escaping @Sendable ([IntakeRecord]) async throws -> [IntakeOutcome]) async {
        while !waiting.isEmpty {
            var batch: [Waiter] = []
            var count = 0
            while let next = waiting.first, batch.isEmpty || count + next.records.count <= maxBatch {
                batch.append(waiting.removeFirst())
                count += next.records.count
            }
            do {
                let outcomes = try await commit(batch.flatMap(\.records))
                var offset = 0
                for waiter in batch {
                    waiter.continuation.resume(returning: Array(outcomes[offset..<offset + waiter.records.count]))
                    offset += waiter.records.count
                }
            } catch {
                // One bad request must not fail its neighbours: retry each caller on its own.
                if batch.count == 1 {
                    batch[0].continuation.resume(throwing: error)
                } else {
                    for waiter in batch {
                        do {
                            waiter.continuation.resume(returning: try await commit(waiter.records))
                        } catch {
                            waiter.continuation.resume(throwing: error)
                        }
                    }
                }
            }
        }
        draining = false
    }
}
