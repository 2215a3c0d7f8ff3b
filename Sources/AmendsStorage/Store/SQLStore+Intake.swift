import AmendsCore
import AmendsJSON
import AmendsText
import Foundation
import Logging
import SQLKit

extension SQLStore {
    public func record(_ records: [IntakeRecord]) async throws -> [IntakeOutcome] {
        guard !records.isEmpty else { return [] }
        // Rows are written out here, on the caller's task, so the shared writer only binds them.
        let prepared = records.map(PreparedIntake.init)
        if records.count >= SQLStore.maxBatch {
            return try await recordNow(prepared)
        }
        return try await commits.submit(prepared) { batch in try await self.recordNow(batch) }
    }

    /// Stores `records` in one transaction.
    func recordNow(_ records: [PreparedIntake]) async throws -> [IntakeOutcome] {
        let dialect = backend.dialect
        let ids = self.ids
        return try await backend.transaction { database in
            try await IntakeWriter(database: database, dialect: dialect, ids: ids).write(records)
        }
    }

    public func feedback(id: String) async throws -> Feedback? {
        try await backend.read { database in
            try await database.raw("SELECT * FROM feedback WHERE id = \(bind: id)").first().map(Rows.feedback)
        }
    }

    public func feedback(caseID: String, limit: Int) async throws -> [Feedback] {
        try await backend.read { database in
            try await database.raw("SELECT * FROM feedback WHERE case_id = \(bind: caseID) ORDER BY id LIMIT \(unsafeRaw: String(max(1, limit)))").all()
                .map(Rows.feedback)
        }
    }
}
