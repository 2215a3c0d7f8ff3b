import AmendsCore
import AmendsJSON
import AmendsText
import Foundation
import Logging
import SQLKit

extension SQLStore {
    /// Appends an audit entry inside the caller's transaction: by `actor`, else by whoever ``AuditContext`` names.
    static func audit(
        _ action: String, target: String, detail: [String: JSONValue] = [:], actor: String?, at date: Date, ids: any IdentifierSource,
        in database: any SQLDatabase
    ) async throws {
        let context = AuditContext.current
        let who = actor ?? context?.actor ?? "system"
        try await database.raw(
            """
            INSERT INTO audit_log (id, at, actor, action, target, detail, source)
            VALUES (\(bind: ids.makeID(at: date)), \(bind: date.millis), \(bind: who), \(bind: action), \(bind: target),
            \(bind: JSONValue.object(detail).canonicalText), \(bind: context?.source ?? "internal"))
            """
        ).run()
    }

    public func auditLog(_ query: AuditQuery) async throws -> Page<AuditEntry> {
        try await backend.read { database in
            var sql = SQLQueryString("SELECT * FROM audit_log WHERE 1 = 1")
            sql.appendFilter("actor", query.actor)
            sql.appendFilter("action", query.action)
            if let target = query.target {
                // A case's audit includes what was done to its compensation grants.
                sql.appendFilter("target", target, or: "target", in: "id", from: "compensation", where: "case_id")
            }
            sql.appendFilter("id", query.after, operation: "<")
            sql.appendInterpolation(unsafeRaw: " ORDER BY id DESC LIMIT \(query.limit + 1)")
            let items = try await database.raw(sql).all().map { row in
                AuditEntry(
                    id: try row.decode(column: "id", as: String.self), at: Date(millis: try row.decode(column: "at", as: Int64.self)),
                    actor: try row.decode(column: "actor", as: String.self), action: try row.decode(column: "action", as: String.self),
                    target: try row.decode(column: "target", as: String.self),
                    detail: try Coding.decode([String: JSONValue].self, try row.decode(column: "detail", as: String.self)),
                    source: try row.decode(column: "source", as: String.self))
            }
            return Page(reading: items, limit: query.limit, id: \.id)
        }
    }
}
