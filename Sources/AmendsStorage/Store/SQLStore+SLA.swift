import AmendsCore
import Foundation
import SQLKit

extension SQLStore {
    static let noticeColumns = ["respond_warned_at", "respond_breached_at", "resolve_warned_at", "resolve_breached_at"]

    public func slaCandidates(before horizon: Date, limit: Int) async throws -> [(RecoveryCase, given: Set<String>)] {
        let open = RecoveryCase.Status.allCases.filter(\.isOpen).map(\.rawValue)
        return try await backend.read { database in
            var sql = SQLQueryString("SELECT * FROM cases WHERE status ")
            sql.appendList(open)
            sql.appendInterpolation(
                unsafeRaw:
                    " AND ((respond_by IS NOT NULL AND responded_at IS NULL AND respond_breached_at IS NULL AND respond_by <= \(horizon.millis))"
                    + " OR (resolve_breached_at IS NULL AND resolve_by <= \(horizon.millis))) ORDER BY resolve_by, id LIMIT \(limit)")
            return try await database.raw(sql).all().map { row in
                var given: Set<String> = []
                for column in Self.noticeColumns where try row.decode(column: column, as: Int64?.self) != nil { given.insert(column) }
                return (try Rows.recoveryCase(row), given)
            }
        }
    }

    public func recordSLA(
        caseID: String, notices: [SLANotice], at date: Date, step: @escaping @Sendable ([SLANotice]) -> EscalationStep
    ) async throws -> [SLANotice] {
        try await backend.transaction { database in
            var recorded: [SLANotice] = []
            for notice in notices where Self.noticeColumns.contains(notice.column) {
                // The column is set only where it is still empty: of two instances, one records the notice.
                let taken = try await database.raw(
                    "UPDATE cases SET \(unsafeRaw: notice.column) = \(bind: date.millis) WHERE id = \(bind: caseID) AND \(unsafeRaw: notice.column) IS NULL RETURNING id"
                ).all()
                if !taken.isEmpty { recorded.append(notice) }
            }
            if !recorded.isEmpty { try await IntakeWriter.apply(step(recorded), to: database) }
            return recorded
        }
    }

    /// Notes inside the caller's transaction that a person answered the customer, if nobody had yet.
    static func noteResponse(caseID: String, at date: Date, in database: any SQLDatabase) async throws {
        try await database.raw("UPDATE cases SET responded_at = \(bind: date.millis) WHERE id = \(bind: caseID) AND responded_at IS NULL").run()
    }
}
