import Foundation

/// One entry of the append-only audit log: who did what to which thing, when, and from where.
public struct AuditEntry: Codable, Sendable, Equatable {
    public var id: String
    public var at: Date
    /// `staff:<id>`, `cli`, or `system`.
    public var actor: String
    /// What was done, such as `case.status_changed` or `staff.disabled`.
    public var action: String
    /// The id of the thing it was done to.
    public var target: String
    public var detail: [String: JSONValue]
    /// Where the request came from: the client's address, `command line`, or `internal`.
    public var source: String

    public init(id: String, at: Date, actor: String, action: String, target: String, detail: [String: JSONValue], source: String) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.detail = detail
        self.source = source
    }
}

/// Who is acting and from where, for the audit entries the store writes while serving one request or command.
public struct AuditContext: Sendable, Equatable {
    public var actor: String?
    public var source: String

    public init(actor: String?, source: String) {
        self.actor = actor
        self.source = source
    }

    @TaskLocal public static var current: AuditContext?
}

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
