import SQLKit

/// One value bound to a statement, typed when the row is built so the SQLite writer binds it without casts.
///
/// A null keeps its column's type: PostgreSQL needs it to bind the parameter.
enum SQLCell: Sendable, Equatable {
    case text(String?)
    case integer(Int64?)
    case real(Double?)

    init(_ text: String?) { self = .text(text) }
    init(_ number: Int64?) { self = .integer(number) }
    init(_ number: Int) { self = .integer(Int64(number)) }
    init(_ number: Double?) { self = .real(number) }
    init(_ flag: Bool) { self = .integer(flag ? 1 : 0) }

    /// The value as an expression in a statement: a bind of the plain value, and for a null either the SQL literal
    /// (SQLite, which needs no type) or a bind of the typed optional (PostgreSQL).
    ///
    /// sqlite-kit converts a `String`, `Int64` or `Double` bind directly, but an optional through an `Encoder`, a class
    /// allocated per value: measured on intake, that conversion alone was the largest single cost of the writer.
    func expression(nullLiteral: Bool) -> any SQLExpression {
        switch self {
        case .text(let text?): SQLBind(text)
        case .integer(let number?): SQLBind(number)
        case .real(let number?): SQLBind(number)
        case .text(let none): nullLiteral ? SQLLiteral.null : SQLBind(none)
        case .integer(let none): nullLiteral ? SQLLiteral.null : SQLBind(none)
        case .real(let none): nullLiteral ? SQLLiteral.null : SQLBind(none)
        }
    }
}
