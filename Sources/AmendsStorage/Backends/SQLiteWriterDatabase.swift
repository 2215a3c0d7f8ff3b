import Logging
import NIOCore
import SQLKit
import SQLiteKit
import Synchronization

/// The SQLite writer as SQLKit sees it, plus a direct path for multi-row inserts.
///
/// Every statement otherwise goes through SQLKit: fragments serialized one by one, each bind converted by sqlite-kit's
/// encoder, on the writer's one thread, which every commit waits for. Intake's rows are built as typed cells before
/// the transaction, so their inserts are written here as one SQL text with `?` placeholders and their values as SQLite
/// values, handed to sqlite-nio's public `query`: measured on intake, SQLKit's path took a fifth of the writer's time.
struct SQLiteWriterDatabase: SQLDatabase {
    let base: any SQLDatabase
    let connection: SQLiteConnection

    init(_ connection: SQLiteConnection) {
        self.connection = connection
        base = connection.sql(queryLogLevel: nil)
    }

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await base.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }

    /// One `INSERT INTO table (columns) VALUES (…), (…)` followed by `suffix`; returns the rows of a `RETURNING` suffix.
    func insert(into table: String, columns: [String], rows: ArraySlice<[SQLCell]>, suffix: String) async throws -> [any SQLRow] {
        let tuple = "(" + repeatElement("?", count: columns.count).joined(separator: ", ") + ")"
        let sql =
            "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
            + repeatElement(tuple, count: rows.count).joined(separator: ", ") + suffix
        var binds: [SQLiteData] = []
        binds.reserveCapacity(rows.count * columns.count)
        for row in rows {
            precondition(row.count == columns.count, "a row for \(table) has \(row.count) cells for \(columns.count) columns")
            for cell in row { binds.append(cell.sqliteData) }
        }
        let returned = Mutex<[any SQLRow]>([])
        try await connection.query(sql, binds) { row in returned.withLock { $0.append(row.sql()) } }
        return returned.withLock { $0 }
    }
}

extension SQLCell {
    /// The cell as sqlite-nio's value; a null needs no type in SQLite.
    var sqliteData: SQLiteData {
        switch self {
        case .text(let text?): .text(text)
        case .integer(let number?): .integer(Int(number))
        case .real(let number?): .float(number)
        case .text(nil), .integer(nil), .real(nil): .null
        }
    }
}
