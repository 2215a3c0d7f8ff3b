import AmendsCore
import AmendsJSON
import Foundation
import SQLKit

/// The statements of one intake transaction: feedback, then cases, alarms and timers, each kind in as few statements as
/// the database allows.
struct IntakeWriter {
    let database: any SQLDatabase
    let dialect: Dialect
    let ids: any IdentifierSource

    /// Feedback rows per `UPDATE … CASE` that points them at their cases, below both databases' limits on bound parameters.
    static let rowsPerUpdate = 400

    func write(_ records: [PreparedIntake]) async throws -> [IntakeOutcome] {
        var outcomes = [IntakeOutcome?](repeating: nil, count: records.count)
        // A key repeated inside the batch is answered from its first occurrence.
        var firstByKey: [String: Int] = [:]
        var toInsert: [Int] = []
        var repeats: [(index: Int, first: Int)] = []
        for (index, prepared) in records.enumerated() {
            if let key = prepared.record.idempotencyKey {
                let scoped = prepared.record.feedback.channel + "\u{1F}" + key
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
        let failing = toInsert.filter { records[$0].opening != nil && inserted.contains(records[$0].record.feedback.id) }
        let placed = try await openAll(failing.map { (records[$0].opening!, records[$0].record.feedback) })
        var caseOf: [Int: (String, Bool)] = [:]
        var moved: [(feedback: String, case: String)] = []
        for (index, result) in zip(failing, placed) {
            caseOf[index] = result
            // The row already names the case it planned to open; only those that joined another case change.
            if result.0 != records[index].opening!.opening.recoveryCase.id { moved.append((records[index].record.feedback.id, result.0)) }
        }
        try await setCaseIDs(moved)

        for index in toInsert {
            let record = records[index].record
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
                    records[index].record.fingerprint == records[first].record.fingerprint ? .replayed(feedback) : .conflict(existingID: feedback.id)
                case .conflict(let existing): .conflict(existingID: existing)
                }
        }
        return outcomes.map { $0! }
    }

    /// Inserts feedback rows, skipping those whose idempotency key exists; returns the ids inserted.
    private func insertFeedback(_ records: [PreparedIntake]) async throws -> Set<String> {
        let rows = records.map(\.feedbackRow)
        if records.contains(where: { $0.record.idempotencyKey != nil }) {
            let returned = try await Self.insert(
                into: "feedback", columns: PreparedIntake.feedbackColumns, rows: rows,
                suffix: " ON CONFLICT (channel, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING RETURNING id", in: database)
            return Set(try returned.map { try $0.decode(column: "id", as: String.self) })
        }
        _ = try await Self.insert(into: "feedback", columns: PreparedIntake.feedbackColumns, rows: rows, in: database)
        return Set(records.map(\.record.feedback.id))
    }

    /// Points feedback rows at the open cases they joined.
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
        let prepared = PreparedOpening(opening, createdBy: createdBy, idempotencyKey: idempotencyKey, fingerprint: fingerprint)
        return try await openAll([(prepared, feedback)])[0]
    }

    /// Opens the planned cases, or attaches each to the open case with its dedup key (also one opened earlier in the list).
    /// Returns each case id and whether it was opened now, in order.
    func openAll(_ openings: [(prepared: PreparedOpening, feedback: Feedback?)]) async throws -> [(String, Bool)] {
        guard !openings.isEmpty else { return [] }
        // Within the list, the first opening per dedup key is the candidate; the rest follow it.
        var leaderOf: [String: Int] = [:]
        var candidates: [Int] = []
        for (index, item) in openings.enumerated() {
            if let key = item.prepared.opening.dedupKey {
                if leaderOf[key] != nil { continue }
                leaderOf[key] = index
            }
            candidates.append(index)
        }
        let rows = candidates.map { openings[$0].prepared.caseRow }
        var opened: Set<String>
        if candidates.contains(where: { openings[$0].prepared.opening.dedupKey != nil }) {
            let returned = try await Self.insert(
                into: "cases", columns: PreparedOpening.caseColumns, rows: rows, suffix: " ON CONFLICT (dedup_key) DO NOTHING RETURNING id",
                in: database)
            opened = Set(try returned.map { try $0.decode(column: "id", as: String.self) })
        } else {
            _ = try await Self.insert(into: "cases", columns: PreparedOpening.caseColumns, rows: rows, in: database)
            opened = Set(candidates.map { openings[$0].prepared.opening.recoveryCase.id })
        }

        // Candidates that met an open case already in the database join it.
        var existing: [String: String] = [:]
        let blocked = candidates.compactMap { index -> String? in
            opened.contains(openings[index].prepared.opening.recoveryCase.id) ? nil : openings[index].prepared.opening.dedupKey
        }
        if !blocked.isEmpty {
            var sql = SQLQueryString("SELECT id, dedup_key FROM cases WHERE dedup_key ")
            sql.appendList(blocked)
            for row in try await database.raw(sql).all() {
                existing[try row.decode(column: "dedup_key", as: String.self)] = try row.decode(column: "id", as: String.self)
            }
        }

        var results: [(String, Bool)] = []
        var events: [[SQLCell]] = []
        var alarms: [[SQLCell]] = []
        var timers: [[SQLCell]] = []
        var grants: [[SQLCell]] = []
        var messages: [[SQLCell]] = []
        var attachedCounts: [String: Int] = [:]
        for item in openings {
            let recoveryCase = item.prepared.opening.recoveryCase
            if opened.contains(recoveryCase.id) {
                results.append((recoveryCase.id, true))
                events += item.prepared.eventRows
                alarms += item.prepared.alarmRows
                timers += item.prepared.timerRows
                grants += item.prepared.grantRows
                messages += item.prepared.messageRows
                continue
            }
            guard let key = item.prepared.opening.dedupKey else {
                throw AmendsError(.conflict, code: "case_race", message: "the case could not be stored; retry")
            }
            let leader = leaderOf[key].map { openings[$0].prepared.opening.recoveryCase.id }
            guard let caseID = leader.flatMap({ opened.contains($0) ? $0 : nil }) ?? existing[key] else {
                throw AmendsError(.conflict, code: "case_race", message: "the case could not be stored; retry")
            }
            results.append((caseID, false))
            let at = item.feedback?.receivedAt ?? recoveryCase.openedAt
            if let feedback = item.feedback {
                attachedCounts[caseID, default: 0] += 1
                events.append(Self.row(Recovery.attachedEvent(id: ids.makeID(at: at), caseID: caseID, feedback: feedback)))
            } else {
                let event = Recovery.reportedAgainEvent(
                    id: ids.makeID(at: at), caseID: caseID, at: at, actor: item.prepared.createdBy, summary: recoveryCase.summary)
                events.append(Self.row(event))
            }
        }
        for (caseID, count) in attachedCounts.sorted(by: { $0.key < $1.key }) {
            try await database.raw("UPDATE cases SET feedback_count = feedback_count + \(bind: count) WHERE id = \(bind: caseID)").run()
        }
        try await Self.insert(events: events, alarms: alarms, timers: timers, into: database)
        _ = try await Self.insert(into: "compensation", columns: Self.grantColumns, rows: grants, in: database)
        _ = try await Self.insert(into: "messages", columns: SQLStore.messageColumns, rows: messages, in: database)
        return results
    }

    /// Inserts an escalation step's alarms, events and next timer.
    static func apply(_ step: EscalationStep, to database: any SQLDatabase) async throws {
        try await insert(
            events: step.events.map(row), alarms: step.alarms.map(row), timers: step.nextTimer.map { [row($0)] } ?? [], into: database)
    }

    static func insert(events: [TimelineEvent], into database: any SQLDatabase) async throws {
        try await insert(events: events.map(row), alarms: [], timers: [], into: database)
    }

    /// Inserts timeline events, alarms and timers, each kind in as few statements as the database allows.
    static func insert(events: [[SQLCell]], alarms: [[SQLCell]], timers: [[SQLCell]], into database: any SQLDatabase) async throws {
        _ = try await insert(into: "timeline", columns: ["id", "case_id", "at", "kind", "actor", "message", "data"], rows: events, in: database)
        _ = try await insert(
            into: "alarms",
            columns: [
                "id", "case_id", "level", "recipient", "endpoint", "format", "secret", "body", "state", "attempts", "next_attempt_at", "lease_until",
                "last_error", "created_at", "delivered_at",
            ],
            rows: alarms, in: database)
        _ = try await insert(into: "timers", columns: ["id", "case_id", "level", "due_at", "fired_at"], rows: timers, in: database)
    }

    static func row(_ event: TimelineEvent) -> [SQLCell] {
        [
            SQLCell(event.id), SQLCell(event.caseID), SQLCell(event.at.millis), SQLCell(event.kind.rawValue), SQLCell(event.actor),
            SQLCell(event.message), SQLCell(JSONValue.object(event.data).canonicalText),
        ]
    }

    static func row(_ alarm: Alarm) -> [SQLCell] {
        [
            SQLCell(alarm.id), SQLCell(alarm.caseID), SQLCell(alarm.level), SQLCell(alarm.recipient), SQLCell(alarm.endpoint),
            SQLCell(alarm.format.rawValue), SQLCell(alarm.secret), SQLCell(alarm.body), SQLCell("pending"), SQLCell(0),
            SQLCell(alarm.nextAttemptAt.millis), SQLCell(Int64?.none), SQLCell(String?.none), SQLCell(alarm.createdAt.millis), SQLCell(Int64?.none),
        ]
    }

    static func row(_ timer: EscalationTimer) -> [SQLCell] {
        [SQLCell(timer.id), SQLCell(timer.caseID), SQLCell(timer.level), SQLCell(timer.dueAt.millis), SQLCell(Int64?.none)]
    }

    /// A multi-row INSERT, split so no statement binds more parameters than the databases allow; returns rows of `suffix`'s RETURNING.
    static func insert(
        into table: String, columns: [String], rows: [[SQLCell]], suffix: String = "", in database: any SQLDatabase
    ) async throws -> [any SQLRow] {
        guard !rows.isEmpty else { return [] }
        var returned: [any SQLRow] = []
        let perStatement = max(1, 20_000 / columns.count)
        let nullLiteral = database.dialect.name == "sqlite"
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            if let sqlite = database as? SQLiteWriterDatabase {
                returned += try await sqlite.insert(
                    into: table, columns: columns, rows: rows[start..<min(start + perStatement, rows.count)], suffix: suffix)
                continue
            }
            var sql = SQLQueryString("INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: columns.joined(separator: ", "))) VALUES")
            for (offset, row) in rows[start..<min(start + perStatement, rows.count)].enumerated() {
                sql.appendInterpolation(unsafeRaw: offset == 0 ? " (" : ", (")
                for (column, cell) in row.enumerated() {
                    if column > 0 { sql.appendInterpolation(unsafeRaw: ", ") }
                    sql.appendInterpolation(cell.expression(nullLiteral: nullLiteral))
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

extension SQLQueryString {
    /// Appends ` AND column op ?` when `value` is given.
    mutating func appendFilter(_ column: String, _ value: (some Encodable & Sendable)?, operation: String = "=") {
        guard let value else { return }
        appendInterpolation(unsafeRaw: " AND \(column) \(operation) ")
        appendInterpolation(bind: value)
    }

    /// Appends ` AND (column = value OR other IN (SELECT select FROM table WHERE match = value))`: rows that name `value`
    /// themselves or through a table that links them to it.
    mutating func appendFilter(
        _ column: String, _ value: some Encodable & Sendable, or other: String, in select: String, from table: String, where match: String
    ) {
        appendInterpolation(unsafeRaw: " AND (\(column) = ")
        appendInterpolation(bind: value)
        appendInterpolation(unsafeRaw: " OR \(other) IN (SELECT \(select) FROM \(table) WHERE \(match) = ")
        appendInterpolation(bind: value)
        appendInterpolation(unsafeRaw: "))")
    }

    /// Appends the test for the cases `staffID` owns or helps with. On PostgreSQL, ` AND id IN (…)` read through the owner
    /// index and the collaborators' index: a handful of ids, where `owner = ? OR id IN (…)` was tested on every case
    /// (200 ms on 200,000 open cases). SQLite walks the queue's covering index either way and does that test faster.
    mutating func appendInvolving(_ staffID: String, dialect: Dialect) {
        guard dialect == .postgres else {
            appendFilter("owner", staffID, or: "id", in: "case_id", from: "case_collaborators", where: "staff_id")
            return
        }
        appendInterpolation(unsafeRaw: " AND id IN (SELECT id FROM cases WHERE owner = ")
        appendInterpolation(bind: staffID)
        appendInterpolation(unsafeRaw: " UNION SELECT case_id FROM case_collaborators WHERE staff_id = ")
        appendInterpolation(bind: staffID)
        appendInterpolation(unsafeRaw: ")")
    }

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
