import AmendsCore
import Foundation
import SQLKit

extension SQLStore {
    /// The deadline a case works against, as ``RecoveryCase/dueAt`` reads it, in SQL.
    static let dueAt =
        "(CASE WHEN status = 'new' THEN acknowledge_by WHEN status IN ('acknowledged', 'in_progress', 'reopened') THEN resolve_by END)"

    public func queue(_ query: QueueQuery) async throws -> [RecoveryCase] {
        try await backend.read { database in
            guard var sql = Self.queueSelection("SELECT * FROM cases", query, statuses: query.statuses) else { return [] }
            let now = query.now.millis
            switch query.due {
            case .overdue?:
                sql.appendInterpolation(unsafeRaw: " AND \(Self.dueAt) < ")
                sql.appendInterpolation(bind: now)
            case .hour?:
                sql.appendInterpolation(unsafeRaw: " AND \(Self.dueAt) >= ")
                sql.appendInterpolation(bind: now)
                sql.appendInterpolation(unsafeRaw: " AND \(Self.dueAt) < ")
                sql.appendInterpolation(bind: now + 3_600_000)
            case nil:
                break
            }
            sql.appendInterpolation(unsafeRaw: " ORDER BY CASE WHEN \(Self.dueAt) IS NULL THEN 1 ELSE 0 END, \(Self.dueAt), id LIMIT \(max(1, query.limit))")
            var cases = try await database.raw(sql).all().map(Rows.recoveryCase)
            let helpers = try await Self.collaborators(of: cases.map(\.id), in: database)
            for index in cases.indices { cases[index].collaborators = helpers[cases[index].id] }
            return cases
        }
    }

    public func queueCounts(_ query: QueueQuery) async throws -> QueueCounts {
        try await backend.read { database in
            let open = RecoveryCase.Status.allCases.filter(\.isOpen)
            let now = query.now.millis
            var head = SQLQueryString("SELECT COUNT(*) AS open_count, ")
            head.appendInterpolation(unsafeRaw: "COALESCE(SUM(CASE WHEN status = 'new' THEN 1 ELSE 0 END), 0) AS unacknowledged, ")
            head.appendInterpolation(unsafeRaw: "COALESCE(SUM(CASE WHEN \(Self.dueAt) < ")
            head.appendInterpolation(bind: now)
            head.appendInterpolation(unsafeRaw: " THEN 1 ELSE 0 END), 0) AS overdue, COALESCE(SUM(CASE WHEN \(Self.dueAt) >= ")
            head.appendInterpolation(bind: now)
            head.appendInterpolation(unsafeRaw: " AND \(Self.dueAt) < ")
            head.appendInterpolation(bind: now + 3_600_000)
            head.appendInterpolation(unsafeRaw: " THEN 1 ELSE 0 END), 0) AS due_soon FROM cases")
            guard let sql = Self.queueSelection(head, query, statuses: open), let row = try await database.raw(sql).first() else { return QueueCounts() }
            return QueueCounts(
                open: try row.decode(column: "open_count", as: Int.self), unacknowledged: try row.decode(column: "unacknowledged", as: Int.self),
                overdue: try row.decode(column: "overdue", as: Int.self), dueWithinHour: try row.decode(column: "due_soon", as: Int.self))
        }
    }

    public func caseChanges(after: String?, limit: Int) async throws -> [CaseChange] {
        try await backend.read { database in
            var sql = SQLQueryString("SELECT timeline.id AS id, timeline.case_id AS case_id, cases.location AS location FROM timeline")
            sql.appendInterpolation(unsafeRaw: " JOIN cases ON cases.id = timeline.case_id WHERE 1 = 1")
            sql.appendFilter("timeline.id", after, operation: ">")
            sql.appendInterpolation(unsafeRaw: " ORDER BY timeline.id LIMIT \(max(1, limit))")
            return try await database.raw(sql).all().map { row in
                CaseChange(
                    id: try row.decode(column: "id", as: String.self), caseID: try row.decode(column: "case_id", as: String.self),
                    location: try row.decode(column: "location", as: String.self))
            }
        }
    }

    public func lastCaseChange() async throws -> String? {
        try await backend.read { database in
            try await database.raw("SELECT MAX(id) AS id FROM timeline").first()?.decode(column: "id", as: String?.self)
        }
    }

    /// `select` with the query's filters but its deadline; nil when they can match nothing.
    private static func queueSelection(_ select: SQLQueryString, _ query: QueueQuery, statuses: [RecoveryCase.Status]) -> SQLQueryString? {
        guard !statuses.isEmpty, query.locations?.isEmpty != true, query.teams?.isEmpty != true else { return nil }
        var sql = select
        sql.appendInterpolation(unsafeRaw: " WHERE status ")
        sql.appendList(statuses.map(\.rawValue))
        if let locations = query.locations {
            sql.appendInterpolation(unsafeRaw: " AND location ")
            sql.appendList(locations)
        }
        if let teams = query.teams {
            sql.appendInterpolation(unsafeRaw: " AND team ")
            sql.appendList(teams)
        }
        sql.appendFilter("location", query.location)
        sql.appendFilter("scenario", query.scenario)
        sql.appendFilter("severity", query.severity?.rawValue)
        sql.appendFilter("owner", query.owner)
        if query.unowned { sql.appendInterpolation(unsafeRaw: " AND owner IS NULL") }
        if let staffID = query.involving {
            sql.appendFilter("owner", staffID, or: "id", in: "case_id", from: "case_collaborators", where: "staff_id")
        }
        return sql
    }
}
