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

    /// The value for SQLKit's binds, as the optional of its own type.
    var bindable: any Encodable & Sendable {
        switch self {
        case .text(let text): text
        case .integer(let number): number
        case .real(let number): number
        }
    }
}
