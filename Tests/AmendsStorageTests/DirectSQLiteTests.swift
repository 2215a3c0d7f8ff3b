import Foundation
import SQLKit
import Testing

@testable import AmendsStorage

/// The SQLite writer connection that runs statements on the caller's thread, through SQLKit.
@Suite("SQLite writer connection")
struct DirectSQLiteTests {
    func withDatabase(_ body: (DirectSQLiteDatabase) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("amends-direct-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let connection = try DirectSQLiteConnection(path: folder.appendingPathComponent("test.sqlite").path)
        defer { connection.close() }
        try await body(DirectSQLiteDatabase(connection: connection, logger: .init(label: "test")))
    }

    /// Typed cells bind as their own types, nulls included, and read back the same.
    @Test func typedCellsRoundTrip() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("amends-cells-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let connection = try DirectSQLiteConnection(path: folder.appendingPathComponent("test.sqlite").path)
        defer { connection.close() }
        try connection.execute("CREATE TABLE t (a TEXT, b INTEGER, c REAL, d TEXT, e INTEGER)", cells: []) { _ in }
        let cells = [SQLCell("Ação 🙂"), SQLCell(Int64(-42)), SQLCell(0.25), SQLCell(String?.none), SQLCell(true)]
        try connection.execute("INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)", cells: cells) { _ in }
        var rows: [DirectSQLiteRow] = []
        try connection.execute("SELECT * FROM t", cells: []) { rows.append($0) }
        #expect(rows.count == 1)
        #expect(try rows[0].decode(column: "a", as: String.self) == "Ação 🙂")
        #expect(try rows[0].decode(column: "b", as: Int64.self) == -42)
        #expect(try rows[0].decode(column: "c", as: Double.self) == 0.25)
        #expect(try rows[0].decodeNil(column: "d"))
        #expect(try rows[0].decode(column: "e", as: Int.self) == 1)
    }

    /// Write transactions run on the writer's own thread, so a commit's wait for the disk holds no shared thread, and one
    /// at a time however many callers there are.
    @Test func transactionsRunOneAtATimeOnTheWriterThread() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("amends-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let backend = try await SQLiteBackend(path: folder.appendingPathComponent("test.sqlite").path, logger: .init(label: "test"))
        try await backend.transaction { try await $0.raw("CREATE TABLE t (n INTEGER)").run() }
        let writer = backend.writerThread
        let onWriter = try await withThrowingTaskGroup(of: Bool.self) { group in
            for number in 0..<50 {
                group.addTask {
                    try await backend.transaction { database in
                        let before = try await database.raw("SELECT COUNT(*) AS n FROM t").first()!.decode(column: "n", as: Int.self)
                        try await database.raw("INSERT INTO t (n) VALUES (\(bind: number))").run()
                        let after = try await database.raw("SELECT COUNT(*) AS n FROM t").first()!.decode(column: "n", as: Int.self)
                        #expect(after == before + 1)
                        return writer.isCurrent
                    }
                }
            }
            return try await group.reduce(into: Set<Bool>()) { $0.insert($1) }
        }
        #expect(onWriter == [true])
        #expect(!writer.isCurrent)
        let count = try await backend.read { try await $0.raw("SELECT COUNT(*) AS n FROM t").first()!.decode(column: "n", as: Int.self) }
        #expect(count == 50)
        await backend.close()
    }

    @Test func valuesOfEveryKindRoundTrip() async throws {
        try await withDatabase { database in
            try await database.raw("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL, flag INTEGER, note TEXT)").run()
            let rows: [(Int, String, Double?, Bool, String?)] = [
                (1, "", 0.5, true, nil),
                (2, "Ação 🙂 ≠ \"quoted\" 'single'", nil, false, "nota"),
                (3, String(repeating: "x", count: 10_000), -1e300, true, ""),
            ]
            for row in rows {
                try await database.raw(
                    "INSERT INTO t (id, name, score, flag, note) VALUES (\(bind: row.0), \(bind: row.1), \(bind: row.2), \(bind: row.3), \(bind: row.4))"
                ).run()
            }
            let read = try await database.raw("SELECT * FROM t ORDER BY id").all()
            #expect(read.count == 3)
            for (row, expected) in zip(read, rows) {
                #expect(try row.decode(column: "id", as: Int.self) == expected.0)
                #expect(try row.decode(column: "name", as: String.self) == expected.1)
                #expect(try row.decode(column: "score", as: Double?.self) == expected.2)
                #expect(try row.decode(column: "flag", as: Bool.self) == expected.3)
                #expect(try row.decode(column: "note", as: String?.self) == expected.4)
                #expect(try row.decodeNil(column: "note") == (expected.4 == nil))
            }
            // The empty string is stored as text, not NULL.
            let empty = try await database.raw("SELECT COUNT(*) AS n FROM t WHERE name = ''").first()
            #expect(try empty?.decode(column: "n", as: Int.self) == 1)
        }
    }

    @Test func repeatedStatementsReuseTheirPreparationAndKeepNoStaleBindings() async throws {
        try await withDatabase { database in
            try await database.raw("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)").run()
            for index in 0..<200 {
                try await database.raw("INSERT INTO t (id, name) VALUES (\(bind: index), \(bind: index.isMultiple(of: 2) ? "even" : nil))").run()
            }
            let row = try await database.raw("SELECT COUNT(*) AS n, COUNT(name) AS named FROM t").first()
            #expect(try row?.decode(column: "n", as: Int.self) == 200)
            #expect(try row?.decode(column: "named", as: Int.self) == 100)
        }
    }

    @Test func errorsNameTheProblemAndLeaveTheConnectionUsable() async throws {
        try await withDatabase { database in
            try await database.raw("CREATE TABLE t (id INTEGER PRIMARY KEY)").run()
            try await database.raw("INSERT INTO t (id) VALUES (\(bind: 1))").run()
            await #expect(throws: DirectSQLiteError.self) {
                try await database.raw("INSERT INTO t (id) VALUES (\(bind: 1))").run()
            }
            do {
                try await database.raw("SELECT id FROM nowhere").run()
                Issue.record("a bad statement ran")
            } catch let error as DirectSQLiteError {
                #expect(error.description.contains("nowhere"))
            }
            try await database.raw("INSERT INTO t (id) VALUES (\(bind: 2))").run()
            let row = try await database.raw("SELECT COUNT(*) AS n FROM t").first()
            #expect(try row?.decode(column: "n", as: Int.self) == 2)
        }
    }

    @Test func aMissingColumnIsAnErrorNotACrash() async throws {
        try await withDatabase { database in
            let row = try #require(try await database.raw("SELECT 1 AS one").first())
            #expect(try row.decode(column: "one", as: Int.self) == 1)
            #expect(!row.contains(column: "two"))
            #expect(throws: (any Error).self) { try row.decode(column: "two", as: Int.self) }
        }
    }
}
