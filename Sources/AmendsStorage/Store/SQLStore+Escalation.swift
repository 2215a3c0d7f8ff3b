import AmendsCore
import AmendsJSON
import AmendsText
import Foundation
import Logging
import SQLKit

extension SQLStore {
    public func nextTimerDue() async throws -> Date? {
        try await backend.read { database in
            try await database.raw("SELECT MIN(due_at) AS due FROM timers WHERE fired_at IS NULL").first()?
                .decode(column: "due", as: Int64?.self).map(Date.init(millis:))
        }
    }

    public func dueTimers(now: Date, limit: Int) async throws -> [EscalationTimer] {
        try await backend.read { database in
            try await database.raw(
                "SELECT * FROM timers WHERE fired_at IS NULL AND due_at <= \(bind: now.millis) ORDER BY due_at, id LIMIT \(unsafeRaw: String(limit))"
            ).all().map { row in
                EscalationTimer(
                    id: try row.decode(column: "id", as: String.self),
                    caseID: try row.decode(column: "case_id", as: String.self),
                    level: try row.decode(column: "level", as: Int.self),
                    dueAt: Date(millis: try row.decode(column: "due_at", as: Int64.self))
                )
            }
        }
    }

    public func fire(_ timer: EscalationTimer, at now: Date, decide: @escaping @Sendable (RecoveryCase) -> EscalationStep) async throws -> Bool {
        try await backend.transaction { database in
            let claimed = try await database.raw(
                "UPDATE timers SET fired_at = \(bind: now.millis) WHERE id = \(bind: timer.id) AND fired_at IS NULL RETURNING id"
            ).all()
            guard !claimed.isEmpty else { return false }
            guard let row = try await database.raw("SELECT * FROM cases WHERE id = \(bind: timer.caseID)").first() else { return true }
            let step = decide(try Rows.recoveryCase(row))
            if let level = step.newLevel {
                try await database.raw("UPDATE cases SET escalation_level = \(bind: level) WHERE id = \(bind: timer.caseID)").run()
            }
            try await IntakeWriter.apply(step, to: database)
            return true
        }
    }
}
