import AmendsCore
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import Synchronization

/// SQLite in WAL mode with `synchronous=FULL`: one writer connection, serialized, and a few readers.
///
/// The writer runs each transaction straight through on a thread of its own; readers go through sqlite-nio's pool.
final class SQLiteBackend: SQLBackend {
    let dialect = Dialect.sqlite
    private let writer: DirectSQLiteConnection
    private let writerDatabase: DirectSQLiteDatabase
    private let readers: [SQLiteConnection]
    private let writeLock = AsyncLock()
    /// Where every write transaction runs, off the shared concurrency pool.
    let writerThread = WriterThread(name: "amends-writer")
    private let nextReader = ReaderCounter()

    private final class ReaderCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next(_ count: Int) -> Int {
            lock.lock()
            defer { lock.unlock() }
            value = (value + 1) % count
            return value
        }
    }

    init(path: String, readers readerCount: Int = 2, logger: Logger) async throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            throw AmendsError(.invalid, code: "database_path", message: "the folder of the database, \(directory), does not exist")
        }
        writer = try DirectSQLiteConnection(path: path)
        writerDatabase = DirectSQLiteDatabase(connection: writer, logger: logger)
        // A checkpoint every 10,000 pages (40 MiB of WAL) rather than SQLite's 1,000: pages written many times between
        // checkpoints (index interiors, the tails of tables) are copied into the database once instead of ten times.
        for pragma in [
            "PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA busy_timeout=10000", "PRAGMA foreign_keys=ON",
            "PRAGMA cache_size=-65536", "PRAGMA temp_store=MEMORY", "PRAGMA wal_autocheckpoint=10000",
        ] {
            try writer.execute(pragma, binds: []) { _ in }
        }
        var opened: [SQLiteConnection] = []
        for _ in 0..<readerCount {
            let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger).get()
            try await reader.sql(queryLogLevel: nil).raw("PRAGMA busy_timeout=10000").run()
            opened.append(reader)
        }
        readers = opened
    }

    func read<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        do {
            return try await body(readers[nextReader.next(readers.count)].sql(queryLogLevel: nil))
        } catch {
            throw DatabaseError.wrapping(error)
        }
    }

    func transaction<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let database = writerDatabase
        let writeLock = self.writeLock
        return try await withTaskExecutorPreference(writerThread) {
            await writeLock.lock()
            do {
                try await database.raw("BEGIN IMMEDIATE").run()
            } catch {
                writeLock.unlock()
                throw DatabaseError.wrapping(error)
            }
            do {
                let result = try await body(database)
                try await database.raw("COMMIT").run()
                writeLock.unlock()
                return result
            } catch {
                try? await database.raw("ROLLBACK").run()
                writeLock.unlock()
                throw DatabaseError.wrapping(error)
            }
        }
    }

    deinit {
        // A store dropped without close (a command that failed half way): the readers close on their own threads, each
        // kept alive until it has.
        for reader in readers { _ = reader.close() }
    }

    func close() async {
        await writeLock.lock()
        writer.close()
        writeLock.unlock()
        writerThread.stop()
        for reader in readers { try? await reader.close().get() }
    }
}
