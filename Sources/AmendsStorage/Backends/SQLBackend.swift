import AmendsCore
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import Synchronization

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
