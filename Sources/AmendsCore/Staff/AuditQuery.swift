import Foundation

/// Which audit entries to list, newest first.
public struct AuditQuery: Sendable, Equatable {
    public var actor: String?
    public var action: String?
    public var target: String?
    public var limit: Int
    /// The id after which the page starts (ids smaller than this).
    public var after: String?

    public init(actor: String? = nil, action: String? = nil, target: String? = nil, limit: Int = 100, after: String? = nil) {
        self.actor = actor
        self.action = action
        self.target = target
        self.limit = limit
        self.after = after
    }
}
