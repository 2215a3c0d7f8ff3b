import Foundation

/// A problem the product reports to a user: a stable code, a human message and what kind of problem it is.
///
/// The HTTP module maps ``Kind`` to a status and the CLI prints ``message``; nothing else is shown to a user.
public struct AmendsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, from the caller's point of view.
    public enum Kind: String, Sendable, Equatable {
        /// The request cannot be read at all: not JSON, not UTF-8.
        case malformed
        /// The request or file is readable but a field is invalid.
        case invalid
        /// No credentials, or credentials that are not recognised.
        case unauthenticated
        /// Recognised credentials that may not do this.
        case forbidden
        /// The thing asked for does not exist.
        case notFound
        /// The request conflicts with the current state (an idempotency key reused, a case already owned).
        case conflict
        /// The request body is larger than allowed.
        case tooLarge
        /// The request body is not of a supported media type.
        case unsupportedMediaType
        /// Something that existed has expired (a customer's status link).
        case gone
        /// Too many attempts: the caller must wait (``AmendsError/retryAfter`` says how long) before trying again.
        case tooManyRequests
    }

    public var kind: Kind
    /// A stable, machine-readable code such as `invalid_field`.
    public var code: String
    /// A sentence for a person, naming the field or thing at fault.
    public var message: String
    /// The field at fault, as a dotted path, when there is one.
    public var field: String?
    /// For ``Kind/tooManyRequests``: whole seconds to wait before trying again.
    public var retryAfter: Int?

    public init(_ kind: Kind, code: String, message: String, field: String? = nil, retryAfter: Int? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.field = field
        self.retryAfter = retryAfter
    }

    public var description: String { message }

    /// A field that is present but not acceptable.
    public static func invalidField(_ field: String, _ message: String) -> AmendsError {
        AmendsError(.invalid, code: "invalid_field", message: "\(field): \(message)", field: field)
    }

    /// A required field that is absent.
    public static func missingField(_ field: String) -> AmendsError {
        AmendsError(.invalid, code: "missing_field", message: "\(field): is required", field: field)
    }

    /// Something asked for by id or key that does not exist.
    public static func notFound(_ what: String, _ id: String) -> AmendsError {
        AmendsError(.notFound, code: "not_found", message: "\(what) '\(id)' does not exist")
    }
}
