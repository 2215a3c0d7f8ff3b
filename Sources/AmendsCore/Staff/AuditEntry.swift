import AmendsJSON
import Foundation

/// One entry of the append-only audit log: who did what to which thing, when, and from where.
public struct AuditEntry: Codable, Sendable, Equatable {
    public var id: String
    public var at: Date
    /// `staff:<id>` (through the API), `cli:<user>` (the command line, by the system user running it), or `system`
    /// (Amends itself: the demo's first start, schedulers).
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
