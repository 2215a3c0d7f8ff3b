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
}
