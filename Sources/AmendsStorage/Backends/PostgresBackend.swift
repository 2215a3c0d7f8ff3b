import AmendsCore
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import Synchronization

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
        // The pool is ready once `run()` has begun. An immediate task runs here until `run()` first suspends, after it
        // has marked the client running, so the first query never finds it idle (PostgresNIO would warn, and did,
        // under load, when the task was only known to have started).
        runTask = Task.immediate {
            await client.run()
        }
    }

    /// A short reason for a connection failure, without the driver's internals.
    static func describe(_ error: any Error) -> String {
        let text = String(reflecting: error)
        if text.contains("Connection refused") { return "connection refused" }
        if let error = error as? PSQLError, let message = error.serverInfo?[.message] { return message }
        return String(text.prefix(200))
    }

    func read<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        do {
            return try await client.withConnection { connection in
                try await body(connection.sql(queryLogLevel: nil))
            }
        } catch {
            throw DatabaseError.wrapping(error)
        }
    }

    /// How many times a transaction is tried when PostgreSQL ends it to break a deadlock or a serialization failure.
    static let tries = 5

    /// Runs `body` in a transaction. Concurrent transactions that write the same keys in different orders (two import
    /// batches naming the same customers) can deadlock; PostgreSQL then rolls one back (40P01, or 40001), and that
    /// one is run again from the start, after a short random pause, a few times before the error is given up.
    func transaction<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        var tried = 1
        while true {
            do {
                return try await transactionOnce(body)
            } catch let error as DatabaseError where (error.code == "40P01" || error.code == "40001") && tried < Self.tries {
                tried += 1
                try await Task.sleep(for: .milliseconds(Int.random(in: 5...(20 * tried))))
            }
        }
    }

    private func transactionOnce<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        do {
            return try await client.withConnection { connection in
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
        } catch {
            throw DatabaseError.wrapping(error)
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
