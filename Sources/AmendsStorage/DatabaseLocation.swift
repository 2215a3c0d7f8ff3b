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

    /// Reads a `--database` value: a `postgres://` or `postgresql://` URL (with `?schema=NAME` to keep Amends' tables in a
    /// schema of their own, made when missing), else an SQLite path.
    public init(parsing text: String) {
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") else {
            self = .sqlite(path: text)
            return
        }
        guard var components = URLComponents(string: text), let schema = components.queryItems?.first(where: { $0.name == "schema" })?.value,
            !schema.isEmpty
        else {
            self = .postgres(url: text, schema: nil)
            return
        }
        components.queryItems = components.queryItems?.filter { $0.name != "schema" }
        if components.queryItems?.isEmpty == true { components.queryItems = nil }
        self = .postgres(url: components.string ?? text, schema: schema)
    }

    /// The location as `--database` takes it.
    public var argument: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url, nil): url
        case .postgres(let url, let schema?): url + (url.contains("?") ? "&" : "?") + "schema=" + schema
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
