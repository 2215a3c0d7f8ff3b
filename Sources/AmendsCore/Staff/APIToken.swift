import Foundation

/// A bearer token: a channel's, to submit feedback, or a staff member's, to work cases.
///
/// Only a SHA-256 digest of the secret is stored; the secret is shown once, when the token is made.
public struct APIToken: Sendable, Equatable {
    /// Whose token it is.
    public enum Owner: Sendable, Equatable {
        case channel(String)
        case staff(String)
    }

    public var id: String
    public var digest: String
    public var owner: Owner
    public var label: String
    public var createdAt: Date
    public var revokedAt: Date?
    /// When the token stops working by itself (a session's); nil for a token that lasts until revoked.
    public var expiresAt: Date?

    public init(id: String, digest: String, owner: Owner, label: String, createdAt: Date, revokedAt: Date? = nil, expiresAt: Date? = nil) {
        self.id = id
        self.digest = digest
        self.owner = owner
        self.label = label
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.expiresAt = expiresAt
    }
}
