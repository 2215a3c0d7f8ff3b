import AmendsCore
import Foundation
import SQLKit

extension SQLStore {
    /// The column holding the deadline a case of `status` works against (as ``RecoveryCase/dueAt`` reads it), or nil
    /// when none runs. Each has an index with the status first, so the nearest deadlines of a status are read in order.
    static func dueColumn(_ status: RecoveryCase.Status) -> String? {
        switch status {
        case .new: "acknowledge_by"
        case .acknowledged, .inProgress, .reopened: "resolve_by"
        case .waitingOnCustomer, .resolved, .followedUp, .closed: nil
        }
    }

    /// `FROM cases` read through `index`. SQLite is told which index, as it keeps no statistics unless asked and
    /// would otherwise walk a filter's own index (`cases_scenario`, `cases_location`) and read every row it names;
    /// PostgreSQL's planner has its statistics and chooses for itself.
    func cases(through index: String) -> String {
        backend.dialect == .sqlite ? "cases INDEXED BY \(index)" : "cases"
    }

    /// The nearest deadlines of each status asked for, read from that status's deadline index, merged.
    public func queue(_ query: QueueQuery) async throws -> [RecoveryCase] {
        let tables = Dictionary(uniqueKeysWithValues: RecoveryCase.Status.allCases.map { ($0, cases(through: "cases_" + (Self.dueColumn($0) ?? "status"))) })
        let dialect = backend.dialect
        return try await backend.read { database in
            let now = query.now.millis
            let limit = max(1, query.limit)
            var found: [RecoveryCase] = []
            for status in Set(query.statuses).sorted(by: { $0.rawValue < $1.rawValue }) {
                let column = Self.dueColumn(status)
                if query.due != nil && column == nil { continue }
                guard var sql = Self.queueSelection("SELECT * FROM \(unsafeRaw: tables[status] ?? "cases")", query, statuses: [status], dialect: dialect) else { continue }
                if let column {
                    switch query.due {
                    case .overdue?:
                        sql.appendInterpolation(unsafeRaw: " AND \(column) < ")
                        sql.appendInterpolation(bind: now)
                    case .hour?:
                        sql.appendInterpolation(unsafeRaw: " AND \(column) >= ")
                        sql.appendInterpolation(bind: now)
                        sql.appendInterpolation(unsafeRaw: " AND \(column) < ")
                        sql.appendInterpolation(bind: now + 3_600_000)
                    case nil:
                        break
                    }
                    sql.appendInterpolation(unsafeRaw: " ORDER BY \(column), id LIMIT \(limit)")
                } else {
                    sql.appendInterpolation(unsafeRaw: " ORDER BY id LIMIT \(limit)")
                }
                found += try await database.raw(sql).all().map(Rows.recoveryCase)
            }
            // Nearest deadline first, then the cases without one, oldest first.
            var cases = Array(
                found.sorted { left, right in
                    switch (left.dueAt, right.dueAt) {
                    case (let a?, let b?): a != b ? a < b : left.id < right.id
                    case (.some, nil): true
                    case (nil, .some): false
                    case (nil, nil): left.id < right.id
                    }
                }.prefix(limit))
            let helpers = try await Self.collaborators(of: cases.map(\.id), in: database)
            for index in cases.indices { cases[index].collaborators = helpers[cases[index].id] }
            return cases
        }
    }

    /// Each counter is counted on a deadline index, a range of it when it is about deadlines, and stops at
    /// ``QueueQuery/countLimit`` and one: a queue of more cases than that shows the limit and a plus, and costs no more to
    /// count than one of that many. The indexes hold every column the queue filters on, so SQLite reads no row; on
    /// PostgreSQL a count is a walk of at most that many index entries however large the table.
    public func queueCounts(_ query: QueueQuery) async throws -> QueueCounts {
        let acknowledging = cases(through: "cases_acknowledge_by")
        let resolving = cases(through: "cases_resolve_by")
        let dialect = backend.dialect
        return try await backend.read { database in
            let now = query.now.millis
            let soon = now + 3_600_000
            let cap = max(0, query.countLimit) + 1
            let open = RecoveryCase.Status.allCases.filter(\.isOpen)
            let working: [RecoveryCase.Status] = [.acknowledged, .inProgress, .reopened]
            func count(_ statuses: [RecoveryCase.Status], from table: String, _ range: (column: String, from: Int64?, to: Int64?)? = nil) async throws
                -> Int
            {
                let head = SQLQueryString("SELECT COUNT(*) AS total FROM (SELECT 1 AS one FROM \(unsafeRaw: table)")
                guard var sql = Self.queueSelection(head, query, statuses: statuses, dialect: dialect) else { return 0 }
                if let range {
                    if let from = range.from {
                        sql.appendInterpolation(unsafeRaw: " AND \(range.column) >= ")
                        sql.appendInterpolation(bind: from)
                    }
                    if let to = range.to {
                        sql.appendInterpolation(unsafeRaw: " AND \(range.column) < ")
                        sql.appendInterpolation(bind: to)
                    }
                }
                sql.appendInterpolation(unsafeRaw: " LIMIT \(cap)) AS capped")
                return try await database.raw(sql).first()?.decode(column: "total", as: Int.self) ?? 0
            }
            let overdue =
                try await count([.new], from: acknowledging, ("acknowledge_by", nil, now))
                + (try await count(working, from: resolving, ("resolve_by", nil, now)))
            let dueSoon =
                try await count([.new], from: acknowledging, ("acknowledge_by", now, soon))
                + (try await count(working, from: resolving, ("resolve_by", now, soon)))
            return QueueCounts(
                open: try await count(open, from: resolving), unacknowledged: try await count([.new], from: acknowledging),
                overdue: min(overdue, cap), dueWithinHour: min(dueSoon, cap))
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
    private static func queueSelection(
        _ select: SQLQueryString, _ query: QueueQuery, statuses: [RecoveryCase.Status], dialect: Dialect
    ) -> SQLQueryString? {
        guard !statuses.isEmpty, query.locations?.isEmpty != true, query.teams?.isEmpty != true else { return nil }
        var sql = select
        if statuses.count == 1 {
            sql.appendInterpolation(unsafeRaw: " WHERE status = ")
            sql.appendInterpolation(bind: statuses[0].rawValue)
        } else {
            sql.appendInterpolation(unsafeRaw: " WHERE status ")
            sql.appendList(statuses.map(\.rawValue))
        }
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
            sql.appendInvolving(staffID, dialect: dialect)
        }
        return sql
    }
}
