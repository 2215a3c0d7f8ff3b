import AmendsCore
import AmendsJSON
import AmendsText
import Foundation
import Logging
import SQLKit

/// The store over SQL, for SQLite and PostgreSQL alike.
public final class SQLStore: Store {
    let backend: any SQLBackend
    let ids: any IdentifierSource
    let commits: CommitQueue
    /// What the store is connected to, for logs.
    public let location: DatabaseLocation

    /// The largest number of feedback items committed in one transaction.
    public static let maxBatch = 2000

    private init(backend: any SQLBackend, location: DatabaseLocation, ids: any IdentifierSource) {
        self.backend = backend
        self.location = location
        self.ids = ids
        self.commits = CommitQueue(maxBatch: SQLStore.maxBatch)
    }

    /// Opens the database at `location`, creating it when it is an SQLite file that does not exist yet.
    public static func open(
        _ location: DatabaseLocation,
        ids: any IdentifierSource = LiveIdentifierSource(),
        logger: Logger = Logger(label: "amends.storage")
    ) async throws -> SQLStore {
        let backend: any SQLBackend
        switch location {
        case .sqlite(let path):
            backend = try await SQLiteBackend(path: path, logger: logger)
        case .postgres(let url, let schema):
            if let schema { try await PostgresBackend.createSchema(schema, url: url, logger: logger) }
            backend = try await PostgresBackend(url: url, schema: schema, logger: logger)
        }
        return SQLStore(backend: backend, location: location, ids: ids)
    }

    /// Applies pending migrations; returns the names of those applied now.
    @discardableResult
    public func migrate(at now: Date = Date()) async throws -> [String] {
        try await AmendsStorage.migrate(backend, at: now)
    }

    /// Closes every connection.
    public func close() async {
        await backend.close()
    }
}
