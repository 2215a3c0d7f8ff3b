import AmendsCore
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import VaporCSQLite

/// An SQLite connection driven through SQLite's C interface on the calling thread.
///
/// The write path runs whole transactions of many statements; SQLite needs microseconds for each, while a hand-off to a
/// thread pool and back costs far more on a loaded machine. The caller serializes all use of one connection.
final class DirectSQLiteConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    /// Prepared statements by SQL text, for the short statements that repeat (multi-row inserts differ by row count).
    private var cache: [String: OpaquePointer] = [:]
    private static let cacheLimit = 64
    private static let cacheableLength = 600

    init(path: String) throws {
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite_nio_sqlite3_open_v2(path, &opened, flags, nil)
        guard status == SQLITE_OK, let opened else {
            let message = opened.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "cannot open"
            sqlite_nio_sqlite3_close(opened)
            throw DirectSQLiteError(code: status, message: "cannot open the database at \(path): \(message)")
        }
        handle = opened
        sqlite_nio_sqlite3_extended_result_codes(opened, 1)
    }

    deinit { close() }

    func close() {
        for statement in cache.values { sqlite_nio_sqlite3_finalize(statement) }
        cache.removeAll()
        if let handle { sqlite_nio_sqlite3_close_v2(handle) }
        handle = nil
    }

    /// Runs one statement with `binds` for `?NNN` placeholders, handing each result row to `onRow`.
    func execute(_ sql: String, binds: [any Encodable & Sendable], onRow: (DirectSQLiteRow) throws -> Void) throws {
        try execute(sql, onRow: onRow) { statement in
            for (offset, value) in binds.enumerated() {
                let status = bind(value, at: Int32(offset + 1), in: statement)
                guard status == SQLITE_OK else { throw error(status, sql: sql) }
            }
        }
    }

    /// Runs one statement with typed `cells` for `?NNN` placeholders, handing each result row to `onRow`.
    func execute(_ sql: String, cells: [SQLCell], onRow: (DirectSQLiteRow) throws -> Void) throws {
        try execute(sql, onRow: onRow) { statement in
            for (offset, cell) in cells.enumerated() {
                let index = Int32(offset + 1)
                let status =
                    switch cell {
                    case .text(let text?): Self.bind(text: text, at: index, in: statement)
                    case .integer(let number?): sqlite_nio_sqlite3_bind_int64(statement, index, number)
                    case .real(let number?): sqlite_nio_sqlite3_bind_double(statement, index, number)
                    case .text(nil), .integer(nil), .real(nil): sqlite_nio_sqlite3_bind_null(statement, index)
                    }
                guard status == SQLITE_OK else { throw error(status, sql: sql) }
            }
        }
    }

    private func execute(_ sql: String, onRow: (DirectSQLiteRow) throws -> Void, bindAll: (OpaquePointer) throws -> Void) throws {
        guard let handle else { throw DirectSQLiteError(code: SQLITE_MISUSE, message: "the database connection is closed") }
        let cacheable = sql.utf8.count <= Self.cacheableLength
        var statement: OpaquePointer?
        if cacheable, let cached = cache[sql] {
            statement = cached
        } else {
            let status = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, cacheable ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0, &statement, nil)
            guard status == SQLITE_OK, statement != nil else {
                sqlite_nio_sqlite3_finalize(statement)
                throw error(status, sql: sql)
            }
            if cacheable {
                if cache.count >= Self.cacheLimit {
                    for old in cache.values { sqlite_nio_sqlite3_finalize(old) }
                    cache.removeAll(keepingCapacity: true)
                }
                cache[sql] = statement
            }
        }
        guard let statement else { return }
        defer {
            if cacheable {
                sqlite_nio_sqlite3_reset(statement)
                sqlite_nio_sqlite3_clear_bindings(statement)
            } else {
                sqlite_nio_sqlite3_finalize(statement)
            }
        }
        try bindAll(statement)
        var columns: [String]?
        while true {
            let status = sqlite_nio_sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw error(status, sql: sql) }
            let names = columns ?? Self.columnNames(of: statement)
            columns = names
            var values: [SQLiteData] = []
            values.reserveCapacity(names.count)
            for column in 0..<Int32(names.count) {
                values.append(Self.value(of: statement, at: column))
            }
            try onRow(DirectSQLiteRow(columns: names, values: values))
        }
    }

    private func error(_ status: Int32, sql: String) -> DirectSQLiteError {
        let message = handle.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "error \(status)"
        return DirectSQLiteError(code: status, message: message)
    }

    private func bind(_ value: any Encodable, at index: Int32, in statement: OpaquePointer) -> Int32 {
        switch value {
        case let text as String:
            return Self.bind(text: text, at: index, in: statement)
        case let number as Int:
            return sqlite_nio_sqlite3_bind_int64(statement, index, Int64(number))
        case let number as Int64:
            return sqlite_nio_sqlite3_bind_int64(statement, index, number)
        case let number as Int32:
            return sqlite_nio_sqlite3_bind_int64(statement, index, Int64(number))
        case let number as Double:
            return sqlite_nio_sqlite3_bind_double(statement, index, number)
        case let flag as Bool:
            return sqlite_nio_sqlite3_bind_int64(statement, index, flag ? 1 : 0)
        case let optional as any OptionalBindable:
            guard let wrapped = optional.wrappedBindable else { return sqlite_nio_sqlite3_bind_null(statement, index) }
            return bind(wrapped, at: index, in: statement)
        default:
            // Anything else goes through SQLiteKit's encoder, as it would on a pooled connection.
            guard let data = try? SQLiteDataEncoder().encode(value) else { return SQLITE_MISMATCH }
            switch data {
            case .integer(let number): return sqlite_nio_sqlite3_bind_int64(statement, index, Int64(number))
            case .float(let number): return sqlite_nio_sqlite3_bind_double(statement, index, number)
            case .text(let text): return Self.bind(text: text, at: index, in: statement)
            case .blob(let buffer):
                return buffer.withUnsafeReadableBytes {
                    sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), transient)
                }
            case .null: return sqlite_nio_sqlite3_bind_null(statement, index)
            }
        }
    }

    private static func bind(text: String, at index: Int32, in statement: OpaquePointer) -> Int32 {
        var text = text
        return text.withUTF8 { bytes in
            // An empty buffer may have no address, which SQLite would read as NULL.
            guard let base = bytes.baseAddress else { return sqlite_nio_sqlite3_bind_text(statement, index, "", 0, transient) }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite_nio_sqlite3_bind_text64(statement, index, $0, UInt64(bytes.count), transient, UInt8(SQLITE_UTF8))
            }
        }
    }

    private static func columnNames(of statement: OpaquePointer) -> [String] {
        (0..<sqlite_nio_sqlite3_column_count(statement)).map { column in
            sqlite_nio_sqlite3_column_name(statement, column).map { String(cString: $0) } ?? ""
        }
    }

    private static func value(of statement: OpaquePointer, at column: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER:
            return .integer(SQLiteInt64(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT:
            return .float(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            guard let text = sqlite_nio_sqlite3_column_text(statement, column) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: count))
            }
            return .blob(buffer)
        default:
            return .null
        }
    }
}

private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// An optional whose value, if any, can be bound.
private protocol OptionalBindable {
    var wrappedBindable: (any Encodable)? { get }
}

extension Optional: OptionalBindable where Wrapped: Encodable {
    fileprivate var wrappedBindable: (any Encodable)? { self }
}

/// An error SQLite reported, with its extended result code.
struct DirectSQLiteError: Error, CustomStringConvertible {
    let code: Int32
    let message: String

    var description: String { "SQLite error \(code): \(message)" }
}

/// One result row: column names shared by the statement's rows, values decoded with SQLiteKit's decoder.
struct DirectSQLiteRow: SQLRow {
    let columns: [String]
    let values: [SQLiteData]

    var allColumns: [String] { columns }

    func contains(column: String) -> Bool { columns.contains(column) }

    func decodeNil(column: String) throws -> Bool {
        guard let index = columns.firstIndex(of: column) else { return true }
        return values[index] == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let index = columns.firstIndex(of: column) else {
            throw AmendsError(.invalid, code: "missing_column", message: "the query returned no column \(column)")
        }
        return try SQLiteDataDecoder().decode(D.self, from: values[index])
    }
}

/// SQLKit's view of a direct connection: statements run at once on the caller's thread, no hand-offs.
struct DirectSQLiteDatabase: SQLDatabase {
    let connection: DirectSQLiteConnection
    let logger: Logger

    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        do {
            try run(query, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try run(query, onRow)
    }

    private func run(_ query: any SQLExpression, _ onRow: (any SQLRow) -> Void) throws {
        var serializer = SQLSerializer(database: self)
        query.serialize(to: &serializer)
        try connection.execute(serializer.sql, binds: serializer.binds) { onRow($0) }
    }
}
