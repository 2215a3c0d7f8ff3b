import AmendsCore
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import Synchronization

/// Where the data lives: an SQLite file (the default, embedded) or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    /// A `postgres://user:password@host:port/database` URL; `schema` sets the search path (tests use one per run).
    case postgres(url: String, schema: String?)

    /// Reads a `--database` value: a `postgres://` or `postgresql://` URL, else an SQLite path.
    public init(parsing text: String) {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text, schema: nil)
        } else {
            self = .sqlite(path: text)
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "SQLite at \(path)"
        case .postgres(let url, let schema):
            "PostgreSQL at \(DatabaseLocation.redacted(url))" + (schema.map { " (schema \($0))" } ?? "")
        }
    }

    /// The URL with its password hidden, for logs.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}

/// The SQL dialect in use, where the two databases differ.
enum Dialect: Sendable {
    case sqlite, postgres
}

/// A connection source that runs reads and serialized write transactions.
protocol SQLBackend: Sendable {
    var dialect: Dialect { get }
    /// Runs `body` on a connection outside any transaction.
    func read<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R
    /// Runs `body` in one transaction, committed durably before this returns.
    func transaction<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R
    func close() async
}

/// An async mutual exclusion that keeps waiters in order; taking it when it is free costs no hop to another executor.
final class AsyncLock: Sendable {
    private struct State {
        var locked = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    func lock() async {
        let taken = state.withLock { state in
            if state.locked { return false }
            state.locked = true
            return true
        }
        if taken { return }
        await withCheckedContinuation { continuation in
            let free = state.withLock { state in
                if !state.locked {
                    state.locked = true
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if free { continuation.resume() }
        }
    }

    /// Hands the lock to the first waiter, or frees it.
    func unlock() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.locked = false
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}

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
        try await body(readers[nextReader.next(readers.count)].sql(queryLogLevel: nil))
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
                throw error
            }
            do {
                let result = try await body(database)
                try await database.raw("COMMIT").run()
                writeLock.unlock()
                return result
            } catch {
                try? await database.raw("ROLLBACK").run()
                writeLock.unlock()
                throw error
            }
        }
    }

    func close() async {
        await writeLock.lock()
        writer.close()
        writeLock.unlock()
        writerThread.stop()
        for reader in readers { try? await reader.close().get() }
    }
}

/// PostgreSQL through PostgresNIO's connection pool.
final class PostgresBackend: SQLBackend {
    let dialect = Dialect.postgres
    private let client: PostgresClient
    private let runTask: Task<Void, Never>

    init(url: String, schema: String?, logger: Logger) async throws {
        let parsed: SQLPostgresConfiguration
        do {
            parsed = try SQLPostgresConfiguration(url: url)
        } catch {
            throw AmendsError(
                .invalid, code: "database_url",
                message: "'\(DatabaseLocation.redacted(url))' is not a PostgreSQL URL such as postgres://user:password@localhost:5432/amends")
        }
        let core = parsed.coreConfiguration
        var configuration: PostgresClient.Configuration
        let tls: PostgresClient.Configuration.TLS =
            switch (core.tls.isEnforced, core.tls.isAllowed) {
            case (true, _): .require(core.tls.sslContext!.configuration)
            case (_, true): .prefer(core.tls.sslContext!.configuration)
            default: .disable
            }
        if let host = core.host, let port = core.port {
            configuration = PostgresClient.Configuration(
                host: host, port: port, username: core.username, password: core.password, database: core.database, tls: tls)
        } else if let socket = core.unixSocketPath {
            configuration = PostgresClient.Configuration(
                unixSocketPath: socket, username: core.username, password: core.password, database: core.database)
        } else {
            throw AmendsError(.invalid, code: "database_url", message: "the PostgreSQL URL names no host")
        }
        configuration.options.maximumConnections = 16
        if let schema {
            configuration.options.additionalStartupParameters = [("search_path", schema)]
        }
        // One direct connection first: the pool retries a refused connection for a minute, a person wants to know now.
        do {
            var probeConfiguration = core
            probeConfiguration.options.connectTimeout = .seconds(5)
            let probe = try await PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: probeConfiguration, id: 0, logger: logger
            ).get()
            try await probe.close()
        } catch {
            throw AmendsError(
                .invalid, code: "database_unreachable",
                message: "cannot connect to \(DatabaseLocation.redacted(url)): \(PostgresBackend.describe(error))")
        }
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        runTask = Task { await client.run() }
    }

    /// A short reason for a connection failure, without the driver's internals.
    static func describe(_ error: any Error) -> String {
        let text = String(reflecting: error)
        if text.contains("Connection refused") { return "connection refused" }
        if let error = error as? PSQLError, let message = error.serverInfo?[.message] { return message }
        return String(text.prefix(200))
    }

    func read<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await client.withConnection { connection in
            try await body(connection.sql(queryLogLevel: nil))
        }
    }

    func transaction<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await client.withConnection { connection in
            let database = connection.sql(queryLogLevel: nil)
            try await database.raw("BEGIN").run()
            do {
                let result = try await body(database)
                try await database.raw("COMMIT").run()
                return result
            } catch {
                try? await database.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    func close() async {
        runTask.cancel()
    }

    /// Creates `schema` if it is missing (tests isolate each run in its own schema).
    static func createSchema(_ schema: String, url: String, logger: Logger) async throws {
        let backend = try await PostgresBackend(url: url, schema: nil, logger: logger)
        try await backend.read { database in
            try await database.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
        }
        await backend.close()
    }
}
