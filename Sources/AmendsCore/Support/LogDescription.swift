import Foundation

/// An error that knows how to be written to the log without the values it carries.
public protocol LogDescribable: Error {
    /// What went wrong, with codes and names but never the data involved (bind values, secrets, customers' words).
    var logDescription: String { get }
}

/// How any error is written to the log: its own ``LogDescribable/logDescription``, an ``AmendsError``'s code, or else
/// only its type and case. A driver's full description (`String(reflecting:)`) can hold the statement and its bind
/// values, so it never reaches the log.
public func logDescription(of error: any Error) -> String {
    switch error {
    case let error as any LogDescribable:
        return error.logDescription
    case let error as AmendsError:
        return "\(error.kind.rawValue) \(error.code)"
    case let error as DecodingError:
        switch error {
        case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "DecodingError at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        @unknown default:
            return "DecodingError"
        }
    default:
        let text = String(describing: error)
        let name = text.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        let type = String(describing: Swift.type(of: error))
        return name.isEmpty || name == type ? type : "\(type).\(name)"
    }
}
