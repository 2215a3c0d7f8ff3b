import AmendsTestSupport
import Foundation
import Logging
import SQLKit
import Testing

@testable import AmendsStorage

/// The SQLite backend: sqlite-nio's public API, one writer taking transactions one at a time, readers beside it.
@Suite("SQLite backend")
struct SQLiteBackendTests {
    func withBackend(_ body: (SQLiteBackend) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("amends-sqlite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let backend = try await SQLiteBackend(path: folder.appendingPathComponent("test.sqlite").path, logger: Logger(label: "test"))
        do {
            try await body(backend)
        } catch {
            await backend.close()
            throw error
        }
        await backend.close()
    }

    /// However many callers at once, transactions run one at a time: each sees the table as the one before left it.
    @Test func transactionsRunOneAtATime() async throws {
        try await withBackend { backend in
            try await backend.transaction { try await $0.raw("CREATE TABLE t (n INTEGER)").run() }
            let steps = try await withThrowingTaskGroup(of: Bool.self) { group in
                for number in 0..<50 {
                    group.addTask {
                        try await backend.transaction { database in
                            let before = try await database.raw("SELECT COUNT(*) AS n FROM t").first()!.decode(column: "n", as: Int.self)
                            try await database.raw("INSERT INTO t (n) VALUES (\(bind: number))").run()
                            let after = try await database.raw("SELECT COUNT(*) AS n FROM t").first()!.decode(column: "n", as: Int.self)
                            return after == before + 1
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(steps.count == 50 && steps.allSatisfy { $0 })
            let count = try await backend.read { try await $0.raw("SELECT COUNT(*) AS n FROM t").first()!.decode(column: "n", as: Int.self) }
            #expect(count == 50)
        }
    }

    @Test func aFailedTransactionLeavesNothingAndTheWriterGoesOn() async throws {
        try await withBackend { backend in
            try await backend.transaction { try await $0.raw("CREATE TABLE t (id INTEGER PRIMARY KEY)").run() }
            await #expect(throws: DatabaseError.self) {
                try await backend.transaction { database in
                    try await database.raw("INSERT INTO t (id) VALUES (\(bind: 1))").run()
                    try await database.raw("INSERT INTO t (id) VALUES (\(bind: 1))").run()
                }
            }
            try await backend.transaction { try await $0.raw("INSERT INTO t (id) VALUES (\(bind: 2))").run() }
            let ids = try await backend.read { try await $0.raw("SELECT id FROM t").all().map { try $0.decode(column: "id", as: Int.self) } }
            #expect(ids == [2])
            do {
                _ = try await backend.read { try await $0.raw("SELECT id FROM nowhere").all() }
                Issue.record("a bad statement ran")
            } catch let error as DatabaseError {
                #expect(error.summary.contains("nowhere"))
            }
        }
    }

    @Test func valuesOfEveryKindRoundTrip() async throws {
        try await withBackend { backend in
            let rows: [(Int, String, Double?, Bool, String?)] = [
                (1, "", 0.5, true, nil),
                (2, "Ação 🙂 ≠ \"quoted\" 'single'", nil, false, "nota"),
                (3, String(repeating: "x", count: 10_000), -1e300, true, ""),
            ]
            try await backend.transaction { database in
                try await database.raw("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL, flag INTEGER, note TEXT)").run()
                for row in rows {
                    try await database.raw(
                        "INSERT INTO t (id, name, score, flag, note) VALUES (\(bind: row.0), \(bind: row.1), \(bind: row.2), \(bind: row.3), \(bind: row.4))"
                    ).run()
                }
            }
            let read = try await backend.read { try await $0.raw("SELECT * FROM t ORDER BY id").all() }
            #expect(read.count == 3)
            for (row, expected) in zip(read, rows) {
                #expect(try row.decode(column: "id", as: Int.self) == expected.0)
                #expect(try row.decode(column: "name", as: String.self) == expected.1)
                #expect(try row.decode(column: "score", as: Double?.self) == expected.2)
                #expect(try row.decode(column: "flag", as: Bool.self) == expected.3)
                #expect(try row.decode(column: "note", as: String?.self) == expected.4)
            }
        }
    }

    /// Typed rows go to sqlite-nio directly on the writer: nulls, text, numbers and RETURNING come back as written,
    /// also when the rows need more than one statement.
    @Test func typedRowsInsertedDirectlyRoundTrip() async throws {
        struct Row: Equatable {
            var id: String, note: String?, n: Int64, score: Double?
            var cells: [SQLCell] { [SQLCell(id), SQLCell(note), SQLCell(n), SQLCell(score)] }
        }
        let columns = ["id", "note", "n", "score"]
        let rows: [Row] = (0..<2_500).map { (number: Int) -> Row in
            let note: String? = number % 3 == 0 ? nil : "Ação \(number) 'x'"
            let score: Double? = number % 2 == 0 ? 0.25 : nil
            return Row(id: "id-\(number)", note: note, n: Int64(number), score: score)
        }
        let again: [Row] = rows.enumerated().map { (index: Int, row: Row) -> Row in
            // One row repeats an id already stored, which ON CONFLICT skips.
            Row(id: index == 7 ? "id-7" : "again-\(index)", note: row.note, n: row.n, score: row.score)
        }
        let returned = try await backend(rows: rows.map { $0.cells }, then: again.map { $0.cells }, columns: columns)
        #expect(returned == 2_499)
    }

    private func backend(rows: [[SQLCell]], then again: [[SQLCell]], columns: [String]) async throws -> Int {
        var returnedCount = 0
        try await withBackend { backend in
            let returned = try await backend.transaction { database in
                #expect(database is SQLiteWriterDatabase)
                try await database.raw("CREATE TABLE t (id TEXT PRIMARY KEY, note TEXT, n INTEGER NOT NULL, score REAL)").run()
                // 20,000 binds per statement at most: 5,000 rows of four columns, so 2,500 rows make one statement
                // and the 5,000 rows at once below make two.
                _ = try await IntakeWriter.insert(into: "t", columns: columns, rows: rows, in: database)
                return try await IntakeWriter.insert(
                    into: "t", columns: columns, rows: again, suffix: " ON CONFLICT (id) DO NOTHING RETURNING id", in: database
                ).map { try $0.decode(column: "id", as: String.self) }
            }
            returnedCount = returned.count
            #expect(!returned.contains("id-7"))
            let read = try await backend.read { try await $0.raw("SELECT * FROM t WHERE id LIKE 'id-%' ORDER BY n").all() }
            #expect(read.count == rows.count)
            for (row, expected) in zip(read, rows) {
                let cells: [SQLCell] = [
                    SQLCell(try row.decode(column: "id", as: String.self)), SQLCell(try row.decode(column: "note", as: String?.self)),
                    SQLCell(try row.decode(column: "n", as: Int64.self)), SQLCell(try row.decode(column: "score", as: Double?.self)),
                ]
                #expect(cells == expected)
            }
            // Two statements in one call, and a failing row in the second: the transaction leaves none of its rows.
            let more = (0..<5_000).map { [SQLCell("more-\($0)"), SQLCell(String?.none), SQLCell(Int64($0)), SQLCell(Double?.none)] }
            await #expect(throws: DatabaseError.self) {
                try await backend.transaction { database in
                    _ = try await IntakeWriter.insert(into: "t", columns: columns, rows: more + [rows[1]], in: database)
                }
            }
            try await backend.transaction { database in
                _ = try await IntakeWriter.insert(into: "t", columns: columns, rows: more, in: database)
            }
            let count = try await backend.read {
                try await $0.raw("SELECT COUNT(*) AS n FROM t WHERE id LIKE 'more-%'").first()!.decode(column: "n", as: Int.self)
            }
            #expect(count == 5_000)
        }
        return returnedCount
    }

    /// A backend closed and then released is not closed a second time: sqlite-nio would pass SQLite a closed handle,
    /// which crashes a release build (a debug build's SQLite checks handles and only refuses).
    /// The database holds customer data and webhook secrets: a new one, with its WAL and shared-memory files, is its
    /// owner's alone; an existing one others can read is named in a warning, and left as it is.
    @Test func aNewDatabaseIsItsOwnersAloneAndAWiderOneIsNamed() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("amends-sqlite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("amends.sqlite").path
        func mode(_ path: String) throws -> Int { try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) }

        let backend = try await SQLiteBackend(path: path, logger: Logger(label: "test"))
        try await backend.transaction { try await $0.raw("CREATE TABLE t (n INTEGER)").run() }
        for file in [path, path + "-wal", path + "-shm"] { #expect(try mode(file) == 0o600, "\(file)") }
        await backend.close()

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let log = CapturedLog()
        let reopened = try await SQLiteBackend(path: path, logger: log.logger())
        await reopened.close()
        #expect(log.entries.contains { $0.hasPrefix("warning the database file can be read by others") && $0.contains("mode=644") })
        #expect(try mode(path) == 0o644)
    }

    @Test func closingThenReleasingClosesOnce() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("amends-sqlite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("test.sqlite").path
        for _ in 0..<3 {
            var backend: SQLiteBackend? = try await SQLiteBackend(path: path, logger: Logger(label: "test"))
            try await backend!.transaction { try await $0.raw("CREATE TABLE IF NOT EXISTS t (n INTEGER)").run() }
            await backend!.close()
            await backend!.close()
            backend = nil
            // Whatever a second close would have queued runs on the shared pool now: give it the time to.
            try await Task.sleep(for: .milliseconds(100))
        }
        // Released without close, it closes its connections itself.
        var unclosed: SQLiteBackend? = try await SQLiteBackend(path: path, logger: Logger(label: "test"))
        _ = try await unclosed!.read { try await $0.raw("SELECT 1 AS one").all() }
        unclosed = nil
        try await Task.sleep(for: .milliseconds(100))
    }
}
