import AmendsCore
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import Synchronization

/// SQLite in WAL mode with `synchronous=FULL`, through sqlite-nio's public API: one writer connection, serialized, and
/// a few readers.
///
/// The writer has a thread pool of one thread to itself, so a commit waiting for the disk (fsync) takes nothing from
/// the readers, whose connections share sqlite-nio's pool, nor from the concurrency pool, which goes on analysing the
/// requests that make up the next commit. A transaction's own code runs on that thread too (a task executor
/// preference), so between two statements it never waits behind request work nor for another thread to wake.
final class SQLiteBackend: SQLBackend {
    let dialect = Dialect.sqlite
    private let writer: SQLiteConnection
    private let writerPool: NIOThreadPool
    private let writerExecutor: ThreadPoolTaskExecutor
    private let readers: [SQLiteConnection]
    private let writeLock = AsyncLock()
    private let nextReader = Atomic<Int>(0)
    /// Set by `close()`, so the safety net in `deinit` never closes a connection twice (sqlite-nio does not allow it).
    private let closed = Atomic<Bool>(false)

    /// A new database file is made readable and writable by its owner alone, since it holds customer data and webhook
    /// secrets (SQLite gives its WAL and shared-memory files the same mode); an existing one that others may read or
    /// write is named in a warning.
    static func restrictAccess(path: String, logger: Logger) {
        let manager = FileManager.default
        guard manager.fileExists(atPath: path) else {
            manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            return
        }
        if let mode = (try? manager.attributesOfItem(atPath: path))?[.posixPermissions] as? Int, mode & 0o077 != 0 {
            logger.warning(
                "the database file can be read by others than its owner, and it holds customer data and secrets: run chmod 600 on it",
                metadata: ["path": "\(path)", "mode": "\(String(mode, radix: 8))"])
        }
    }

    init(path: String, readers readerCount: Int = 2, logger: Logger) async throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            throw AmendsError(.invalid, code: "database_path", message: "the folder of the database, \(directory), does not exist")
        }
        Self.restrictAccess(path: path, logger: logger)
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        let writer: SQLiteConnection
        do {
            writer = try await SQLiteConnection.open(
                storage: .file(path: path), threadPool: pool, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
        } catch {
            try? await pool.shutdownGracefully()
            throw DatabaseError.wrapping(error)
        }
        var opened: [SQLiteConnection] = []
        do {
            // A checkpoint every 10,000 pages (40 MiB of WAL) rather than SQLite's 1,000: pages written many times between
            // checkpoints (index interiors, the tails of tables) are copied into the database once instead of ten times.
            for pragma in [
                "PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA busy_timeout=10000", "PRAGMA foreign_keys=ON",
                "PRAGMA cache_size=-65536", "PRAGMA temp_store=MEMORY", "PRAGMA wal_autocheckpoint=10000",
            ] {
                _ = try await writer.query(pragma, [])
            }
            for _ in 0..<readerCount {
                let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                opened.append(reader)
                _ = try await reader.query("PRAGMA busy_timeout=10000", [])
            }
        } catch {
            for reader in opened { try? await reader.close() }
            try? await writer.close()
            try? await pool.shutdownGracefully()
            throw DatabaseError.wrapping(error)
        }
        self.writer = writer
        writerPool = pool
        writerExecutor = ThreadPoolTaskExecutor(pool)
        readers = opened
    }

    func read<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let index = nextReader.wrappingAdd(1, ordering: .relaxed).oldValue % readers.count
        do {
            return try await body(readers[index].sql(queryLogLevel: nil))
        } catch {
            throw DatabaseError.wrapping(error)
        }
    }

    func transaction<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await withTaskExecutorPreference(writerExecutor) { try await self.serialized(body) }
    }

    private func serialized<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let database = SQLiteWriterDatabase(writer)
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

    deinit {
        // A store dropped without close (a command that failed half way): the connections close on their own threads,
        // each kept alive until it has.
        guard !closed.load(ordering: .acquiring) else { return }
        for reader in readers { _ = reader.close() }
        let pool = writerPool
        writer.close().whenComplete { _ in pool.shutdownGracefully { _ in } }
    }

    func close() async {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        await writeLock.lock()
        try? await writer.close()
        writeLock.unlock()
        try? await writerPool.shutdownGracefully()
        for reader in readers { try? await reader.close() }
    }
}
