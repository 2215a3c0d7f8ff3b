import AmendsCore
import PostgresKit
import SQLiteKit

/// A failure the database reported, kept to its code and what the database says of it in general: the statement and
/// its bind values, which the drivers' own errors carry, stay out of messages and logs.
public struct DatabaseError: Error, LogDescribable, CustomStringConvertible {
    /// PostgreSQL's SQLSTATE, or SQLite's extended result code.
    public var code: String
    /// SQLite's message (names of tables and columns, never values), or PostgreSQL's class of error.
    public var summary: String

    public var description: String { "database error \(code): \(summary)" }
    public var logDescription: String { description }

    /// The error as it may be shown and logged; errors that are not the database's are returned as they are.
    static func wrapping(_ error: any Error) -> any Error {
        switch error {
        case let error as PSQLError:
            let state = error.serverInfo?[.sqlState]
            return DatabaseError(code: state ?? "\(error.code)", summary: state.map(Self.postgresClass) ?? "the connection failed")
        case let error as SQLiteError:
            return DatabaseError(code: "sqlite \(error.reason)", summary: error.message)
        default:
            return error
        }
    }

    /// The class of a PostgreSQL error, from the first two characters of its SQLSTATE.
    static func postgresClass(_ state: String) -> String {
        switch state.prefix(2) {
        case "08": "connection exception"
        case "22": "data exception"
        case "23": "integrity constraint violation"
        case "25": "invalid transaction state"
        case "40": "transaction rollback (serialization failure or deadlock)"
        case "42": "syntax error or access rule violation"
        case "53": "insufficient resources"
        case "57": "operator intervention"
        default: "error class \(state.prefix(2))"
        }
    }
}
