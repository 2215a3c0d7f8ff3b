import AmendsCore
import Foundation
import SQLKit

/// The statements of one intake transaction: feedback in multi-row inserts, then cases, alarms and timers.
struct IntakeWriter {
    let database: any SQLDatabase
    let dialect: Dialect
    let ids: any IdentifierSource

    /// Feedback rows per `UPDATE … CASE` that points them at their cases, below both databases' limits on bound parameters.
    static let rowsPerUpdate = 400

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

        let inserted = toInsert.isEmpty ? [] : try await insertFeedback(toInsert.map { records[$0] })

        // Cases for every failure in the batch, in a fixed number of statements however many there are.
        let failing = toInsert.filter { inserted.contains(records[$0].feedback.id) && records[$0].opening != nil }
        let placed = try await openAll(failing.map { (records[$0].opening!, records[$0].feedback) }, createdBy: "feedback")
        var caseOf: [Int: (String, Bool)] = [:]
        for (index, result) in zip(failing, placed) { caseOf[index] = result }
        try await setCaseIDs(failing.map { (records[$0].feedback.id, caseOf[$0]!.0) })

        for index in toInsert {
            let record = records[index]
            if inserted.contains(record.feedback.id) {
                var feedback = record.feedback
                feedback.caseID = caseOf[index]?.0
                outcomes[index] = .accepted(feedback, caseOpened: caseOf[index]?.1 ?? false)
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
        let rows: [[any Encodable & Sendable]] = records.map { record in
            let feedback = record.feedback
            return [
                feedback.id, feedback.channel, feedback.location, feedback.customer?.key, feedback.customer?.jsonText,
                feedback.score?.value, feedback.score?.scale.rawValue, feedback.text,
                JSONValue.object(feedback.metadata).canonicalText, feedback.occurredAt.millis,
                feedback.receivedAt.millis, feedback.analysis.failure ? 1 : 0, feedback.analysis.scenario, feedback.analysis.jsonText,
                String?.none, record.idempotencyKey, record.fingerprint,
            ]
        }
        let columns = [
            "id", "channel", "location", "customer_key", "customer", "score_value", "score_scale", "content", "metadata", "occurred_at",
            "received_at", "failure", "scenario", "analysis", "case_id", "idempotency_key", "fingerprint",
        ]
        if records.contains(where: { $0.idempotencyKey != nil }) {
            let returned = try await Self.insert(
                into: "feedback", columns: columns, rows: rows, suffix: " ON CONFLICT (channel, idempotency_key) DO NOTHING RETURNING id", in: database)
            return Set(try returned.map { try $0.decode(column: "id", as: String.self) })
        }
        _ = try await Self.insert(into: "feedback", columns: columns, rows: rows, in: database)
        return Set(records.map(\.feedback.id))
    }

    /// Points each feedback row at its case, in one statement per chunk.
    private func setCaseIDs(_ pairs: [(feedback: String, case: String)]) async throws {
        for chunk in stride(from: 0, to: pairs.count, by: Self.rowsPerUpdate) {
            let slice = pairs[chunk..<min(chunk + Self.rowsPerUpdate, pairs.count)]
            var sql = SQLQueryString("UPDATE feedback SET case_id = ")
            sql.appendCase(on: "id", slice.map { ($0.feedback, $0.case) })
            sql.appendInterpolation(unsafeRaw: " WHERE id ")
            sql.appendList(slice.map(\.feedback))
            try await database.raw(sql).run()
        }
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

    /// Opens one planned case, or attaches to the open case with the same dedup key. Returns the case id and whether it is new.
    func open(
        _ opening: CaseOpening, createdBy: String, idempotencyKey: String?, fingerprint: String?, attaching feedback: Feedback?
    ) async throws -> (String, Bool) {
        try await openAll([(opening, feedback)], createdBy: createdBy, idempotencyKey: idempotencyKey, fingerprint: fingerprint)[0]
    }

    /// Opens the planned cases, or attaches each to the open case with its dedup key (also one opened earlier in the list).
    /// Returns each case id and whether it was opened now, in order.
    func openAll(
        _ openings: [(opening: CaseOpening, feedback: Feedback?)], createdBy: String, idempotencyKey: String? = nil, fingerprint: String? = nil
    ) async throws -> [(String, Bool)] {
        guard !openings.isEmpty else { return [] }
        // Within the list, the first opening per dedup key is the candidate; the rest follow it.
        var leaderOf: [String: Int] = [:]
        var candidates: [Int] = []
        for (index, item) in openings.enumerated() {
            if let key = item.opening.dedupKey {
                if leaderOf[key] != nil { continue }
                leaderOf[key] = index
            }
            candidates.append(index)
        }
        let rows: [[any Encodable & Sendable]] = candidates.map { index in
            let opening = openings[index].opening
            let recoveryCase = opening.recoveryCase
            return [
                recoveryCase.id, recoveryCase.scenario, recoveryCase.location, recoveryCase.team, recoveryCase.severity.rawValue,
                recoveryCase.status.rawValue, recoveryCase.origin.rawValue, recoveryCase.summary, recoveryCase.customer?.jsonText,
                recoveryCase.customer?.key, recoveryCase.openedAt.millis, recoveryCase.acknowledgeBy.millis, recoveryCase.resolveBy.millis,
                Int64?.none, String?.none, 0, recoveryCase.feedbackCount, opening.dedupKey, createdBy, idempotencyKey, fingerprint,
            ]
        }
        let columns = [
            "id", "scenario", "location", "team", "severity", "status", "origin", "summary", "customer", "customer_key", "opened_at",
            "acknowledge_by", "resolve_by", "acknowledged_at", "owner", "escalation_level", "feedback_count", "dedup_key", "created_by",
            "idempotency_key", "fingerprint",
        ]
        var opened: Set<String>
        if candidates.contains(where: { openings[$0].opening.dedupKey != nil }) {
            let returned = try await Self.insert(
                into: "cases", columns: columns, rows: rows, suffix: " ON CONFLICT (dedup_key) DO NOTHING RETURNING id", in: database)
            opened = Set(try returned.map { try $0.decode(column: "id", as: String.self) })
        } else {
            _ = try await Self.insert(into: "cases", columns: columns, rows: rows, in: database)
            opened = Set(candidates.map { openings[$0].opening.recoveryCase.id })
        }

        // Candidates that met an open case already in the database join it.
        var existing: [String: String] = [:]
        let blocked = candidates.compactMap { index -> String? in
            opened.contains(openings[index].opening.recoveryCase.id) ? nil : openings[index].opening.dedupKey
        }
        if !blocked.isEmpty {
            var sql = SQLQueryString("SELECT id, dedup_key FROM cases WHERE dedup_key ")
            sql.appendList(blocked)
            for row in try await database.raw(sql).all() {
                existing[try row.decode(column: "dedup_key", as: String.self)] = try row.decode(column: "id", as: String.self)
            }
        }

        var results: [(String, Bool)] = []
        var events: [TimelineEvent] = []
        var steps: [EscalationStep] = []
        var attachedCounts: [String: Int] = [:]
        for item in openings {
            let recoveryCase = item.opening.recoveryCase
            if opened.contains(recoveryCase.id) {
                results.append((recoveryCase.id, true))
                events.append(item.opening.openedEvent)
                steps.append(item.opening.step)
                continue
            }
            guard let key = item.opening.dedupKey else {
                throw AmendsError(.conflict, code: "case_race", message: "the case could not be stored; retry")
            }
            let leader = leaderOf[key].map { openings[$0].opening.recoveryCase.id }
            guard let caseID = leader.flatMap({ opened.contains($0) ? $0 : nil }) ?? existing[key] else {
                throw AmendsError(.conflict, code: "case_race", message: "the case could not be stored; retry")
            }
            results.append((caseID, false))
            let at = item.feedback?.receivedAt ?? recoveryCase.openedAt
            if let feedback = item.feedback {
                attachedCounts[caseID, default: 0] += 1
                events.append(Recovery.attachedEvent(id: ids.makeID(at: at), caseID: caseID, feedback: feedback))
            } else {
                events.append(Recovery.reportedAgainEvent(id: ids.makeID(at: at), caseID: caseID, at: at, actor: createdBy, summary: recoveryCase.summary))
            }
        }
        for (caseID, count) in attachedCounts.sorted(by: { $0.key < $1.key }) {
            try await database.raw("UPDATE cases SET feedback_count = feedback_count + \(bind: count) WHERE id = \(bind: caseID)").run()
        }
        try await Self.apply(
            EscalationStep(alarms: steps.flatMap(\.alarms), events: events + steps.flatMap(\.events)), timers: steps.compactMap(\.nextTimer),
            to: database)
        return results
    }

    /// Inserts an escalation step's alarms, events and next timer.
    static func apply(_ step: EscalationStep, to database: any SQLDatabase) async throws {
        try await apply(step, timers: step.nextTimer.map { [$0] } ?? [], to: database)
    }

    /// Inserts alarms, timeline events and timers, each kind in multi-row statements.
    static func apply(_ step: EscalationStep, timers: [EscalationTimer], to database: any SQLDatabase) async throws {
        try await insert(events: step.events, into: database)
        _ = try await insert(
            into: "alarms",
            columns: [
                "id", "case_id", "level", "recipient", "endpoint", "format", "secret", "body", "state", "attempts", "next_attempt_at", "lease_until",
                "last_error", "created_at", "delivered_at",
            ],
            rows: step.alarms.map { alarm in
                [
                    alarm.id, alarm.caseID, alarm.level, alarm.recipient, alarm.endpoint, alarm.format.rawValue, alarm.secret, alarm.body, "pending", 0,
                    alarm.nextAttemptAt.millis, Int64?.none, String?.none, alarm.createdAt.millis, Int64?.none,
                ]
            }, in: database)
        _ = try await insert(
            into: "timers", columns: ["id", "case_id", "level", "due_at", "fired_at"],
            rows: timers.map { [$0.id, $0.caseID, $0.level, $0.dueAt.millis, Int64?.none] }, in: database)
    }

    static func insert(events: [TimelineEvent], into database: any SQLDatabase) async throws {
        _ = try await insert(
            into: "timeline", columns: ["id", "case_id", "at", "kind", "actor", "message", "data"],
            rows: events.map { event in
                [
                    event.id, event.caseID, event.at.millis, event.kind.rawValue, event.actor, event.message,
                    JSONValue.object(event.data).canonicalText,
                ]
            }, in: database)
    }

    /// A multi-row INSERT, split so no statement binds more parameters than the databases allow; returns rows of `suffix`'s RETURNING.
    static func insert(
        into table: String, columns: [String], rows: [[any Encodable & Sendable]], suffix: String = "", in database: any SQLDatabase
    ) async throws -> [any SQLRow] {
        guard !rows.isEmpty else { return [] }
        var returned: [any SQLRow] = []
        if let direct = database as? DirectSQLiteDatabase {
            // On the SQLite writer, one prepared single-row statement run per row beats building and parsing a long one.
            let placeholders = (1...columns.count).map { "?\($0)" }.joined(separator: ", ")
            let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))\(suffix)"
            for row in rows {
                try direct.connection.execute(sql, binds: row) { returned.append($0) }
            }
            return returned
        }
        let perStatement = max(1, 20_000 / columns.count)
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            var sql = SQLQueryString("INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: columns.joined(separator: ", "))) VALUES")
            for (offset, row) in rows[start..<min(start + perStatement, rows.count)].enumerated() {
                sql.appendInterpolation(unsafeRaw: offset == 0 ? " (" : ", (")
                for (column, value) in row.enumerated() {
                    if column > 0 { sql.appendInterpolation(unsafeRaw: ", ") }
                    sql.appendInterpolation(SQLBind(value))
                }
                sql.appendInterpolation(unsafeRaw: ")")
            }
            sql.appendInterpolation(unsafeRaw: suffix)
            if suffix.contains("RETURNING") {
                returned += try await database.raw(sql).all()
            } else {
                try await database.raw(sql).run()
            }
        }
        return returned
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

extension SQLQueryString {
    /// Appends `IN (?, ?, …)` binding `values`.
    mutating func appendList(_ values: [some Encodable & Sendable]) {
        appendInterpolation(unsafeRaw: "IN (")
        for (offset, value) in values.enumerated() {
            if offset > 0 { appendInterpolation(unsafeRaw: ", ") }
            appendInterpolation(bind: value)
        }
        appendInterpolation(unsafeRaw: ")")
    }

    /// Appends `CASE column WHEN ? THEN ? … END`, mapping each key to its value.
    mutating func appendCase(on column: String, _ pairs: [(some Encodable & Sendable, some Encodable & Sendable)]) {
        appendInterpolation(unsafeRaw: "CASE \(column)")
        for (key, value) in pairs {
            appendInterpolation(unsafeRaw: " WHEN ")
            appendInterpolation(bind: key)
            appendInterpolation(unsafeRaw: " THEN ")
            appendInterpolation(bind: value)
        }
        appendInterpolation(unsafeRaw: " END")
    }
}
