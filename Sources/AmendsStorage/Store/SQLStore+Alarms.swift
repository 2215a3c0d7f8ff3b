import AmendsCore
import AmendsJSON
import AmendsText
import Foundation
import Logging
import SQLKit

extension SQLStore {
    public func claimAlarms(now: Date, leaseUntil: Date, limit: Int) async throws -> [Alarm] {
        let skipLocked = backend.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        // SQLite, with no statistics, would read every pending alarm through `alarms_state` and sort them all.
        let pending = backend.dialect == .sqlite ? "alarms INDEXED BY alarms_due" : "alarms"
        return try await backend.transaction { database in
            try await database.raw(
                """
                UPDATE alarms SET lease_until = \(bind: leaseUntil.millis) WHERE id IN (
                SELECT id FROM \(unsafeRaw: pending) WHERE state = 'pending' AND next_attempt_at <= \(bind: now.millis)
                AND (lease_until IS NULL OR lease_until <= \(bind: now.millis))
                ORDER BY next_attempt_at, id LIMIT \(unsafeRaw: String(limit))\(unsafeRaw: skipLocked)) RETURNING *
                """
            ).all().map(Rows.alarm).sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }
        }
    }

    public func complete(_ attempts: [DeliveryAttempt]) async throws {
        guard !attempts.isEmpty else { return }
        let ids = self.ids
        try await backend.transaction { database in
            // One statement for every delivered alarm; failures are few and each has its own next time and error.
            let delivered = attempts.filter { $0.result == .delivered }
            if !delivered.isEmpty {
                var sql = SQLQueryString("UPDATE alarms SET state = 'delivered', attempts = attempts + 1, lease_until = NULL, last_error = NULL, delivered_at = ")
                sql.appendCase(on: "id", delivered.map { ($0.alarmID, $0.at.millis) })
                sql.appendInterpolation(unsafeRaw: " WHERE id ")
                sql.appendList(delivered.map(\.alarmID))
                try await database.raw(sql).run()
            }
            for attempt in attempts {
                switch attempt.result {
                case .delivered:
                    break
                case .retry(let next, let error):
                    try await database.raw(
                        """
                        UPDATE alarms SET attempts = attempts + 1, next_attempt_at = \(bind: next.millis), lease_until = NULL,
                        last_error = \(bind: error) WHERE id = \(bind: attempt.alarmID)
                        """
                    ).run()
                case .dead(let error):
                    try await database.raw(
                        "UPDATE alarms SET state = 'dead', attempts = attempts + 1, lease_until = NULL, last_error = \(bind: error) WHERE id = \(bind: attempt.alarmID)"
                    ).run()
                }
            }
            try await IntakeWriter.insert(events: attempts.map { $0.timelineEvent(id: ids.makeID(at: $0.at)) }, into: database)
        }
    }

    public func nextAlarmDue() async throws -> Date? {
        try await backend.read { database in
            // An alarm out on a lease is not due before the lease ends.
            try await database.raw(
                "SELECT MIN(CASE WHEN lease_until > next_attempt_at THEN lease_until ELSE next_attempt_at END) AS due FROM alarms WHERE state = 'pending'"
            ).first()?
            .decode(column: "due", as: Int64?.self).map(Date.init(millis:))
        }
    }

    public func alarms(state: Alarm.State?, caseID: String?, locations: [String]?, limit: Int) async throws -> [Alarm] {
        try await backend.read { database in
            var sql = SQLQueryString("SELECT * FROM alarms WHERE 1 = 1")
            if let locations {
                guard !locations.isEmpty else { return [] }
                sql.appendInterpolation(unsafeRaw: " AND case_id IN (SELECT id FROM cases WHERE location ")
                sql.appendList(locations)
                sql.appendInterpolation(unsafeRaw: ")")
            }
            if let state { sql.appendInterpolation(unsafeRaw: " AND state = "); sql.appendInterpolation(bind: state.rawValue) }
            if let caseID { sql.appendInterpolation(unsafeRaw: " AND case_id = "); sql.appendInterpolation(bind: caseID) }
            sql.appendInterpolation(unsafeRaw: " ORDER BY id DESC LIMIT \(limit)")
            return try await database.raw(sql).all().map(Rows.alarm)
        }
    }

    public func alarm(id: String) async throws -> Alarm? {
        try await backend.read { database in
            try await database.raw("SELECT * FROM alarms WHERE id = \(bind: id)").first().map(Rows.alarm)
        }
    }

    public func retry(alarmID: String, at date: Date) async throws -> Alarm {
        let ids = self.ids
        return try await backend.transaction { database in
            guard let row = try await database.raw("SELECT * FROM alarms WHERE id = \(bind: alarmID)").first() else {
                throw AmendsError.notFound("alarm", alarmID)
            }
            let alarm = try Rows.alarm(row)
            guard alarm.state == .dead else {
                throw AmendsError(.conflict, code: "alarm_not_dead", message: "alarm \(alarmID) is \(alarm.state.rawValue); only dead alarms can be retried")
            }
            let requeued = try Rows.alarm(
                try await database.raw(
                    "UPDATE alarms SET state = 'pending', attempts = 0, next_attempt_at = \(bind: date.millis), lease_until = NULL WHERE id = \(bind: alarmID) RETURNING *"
                ).first()!
            )
            try await Self.audit("alarm.retried", target: alarmID, detail: ["case_id": .string(alarm.caseID)], actor: nil, at: date, ids: ids, in: database)
            return requeued
        }
    }
}
