import Foundation

/// One recovery: a failure that someone must own, fix and follow up.
public struct RecoveryCase: Codable, Sendable, Equatable {
    /// Where the recovery stands.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case new
        case acknowledged
        case inProgress = "in_progress"
        case waitingOnCustomer = "waiting_on_customer"
        case resolved
        case followedUp = "followed_up"
        case closed
        case reopened

        /// Whether new complaints of the same customer and scenario still attach to the case.
        public var isOpen: Bool {
            switch self {
            case .resolved, .followedUp, .closed: false
            default: true
            }
        }
    }

    /// How the case came to be.
    public enum Origin: String, Codable, Sendable {
        /// Detected in a customer's feedback.
        case feedback
        /// Logged by a staff member who witnessed the failure.
        case staff
    }

    public var id: String
    public var scenario: String
    public var location: String
    public var team: String
    public var severity: Severity
    public var status: Status
    public var origin: Origin
    /// A short description: the feedback's words or the staff member's note.
    public var summary: String
    public var customer: CustomerIdentity?
    public var openedAt: Date
    public var acknowledgeBy: Date
    public var resolveBy: Date
    public var acknowledgedAt: Date?
    /// The staff member who owns the case.
    public var owner: String?
    /// How far up the team's escalation chain the alarm has gone (0 = first level).
    public var escalationLevel: Int
    /// How many feedback items are attached.
    public var feedbackCount: Int
    /// When the case was last resolved (cleared when it reopens).
    public var resolvedAt: Date?
    /// When the case was closed (cleared when it reopens).
    public var closedAt: Date?
    /// Why the failure happened, required to close.
    public var rootCause: RootCause?
    /// Staff from any team who help the owner, by id; nil when nobody does.
    public var collaborators: [String]?
    /// While the case waits on the customer, when the resolution clock stopped; `resolve_by` moves on by the time
    /// waited when the case goes on.
    public var slaPausedAt: Date?
    /// When the customer must first hear from a person, for scenarios with a first-response SLA.
    public var respondBy: Date?
    /// When a person first answered the customer (a message, or an apology recorded on the checklist).
    public var respondedAt: Date?
    /// The case this one was merged into, as a duplicate: everything it had is there now.
    public var mergedInto: String?
    /// Cases linked to this one as related (not duplicates), by id; nil when none are.
    public var related: [String]?

    public init(
        id: String,
        scenario: String,
        location: String,
        team: String,
        severity: Severity,
        status: Status,
        origin: Origin,
        summary: String,
        customer: CustomerIdentity?,
        openedAt: Date,
        acknowledgeBy: Date,
        resolveBy: Date,
        acknowledgedAt: Date? = nil,
        owner: String? = nil,
        escalationLevel: Int = 0,
        feedbackCount: Int = 0,
        resolvedAt: Date? = nil,
        closedAt: Date? = nil,
        rootCause: RootCause? = nil,
        slaPausedAt: Date? = nil,
        respondBy: Date? = nil,
        respondedAt: Date? = nil
    ) {
        self.id = id
        self.scenario = scenario
        self.location = location
        self.team = team
        self.severity = severity
        self.status = status
        self.origin = origin
        self.summary = summary
        self.customer = customer
        self.openedAt = openedAt
        self.acknowledgeBy = acknowledgeBy
        self.resolveBy = resolveBy
        self.acknowledgedAt = acknowledgedAt
        self.owner = owner
        self.escalationLevel = escalationLevel
        self.feedbackCount = feedbackCount
        self.resolvedAt = resolvedAt
        self.closedAt = closedAt
        self.rootCause = rootCause
        self.slaPausedAt = slaPausedAt
        self.respondBy = respondBy
        self.respondedAt = respondedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, scenario, location, team, severity, status, origin, summary, customer, owner
        case openedAt = "opened_at"
        case acknowledgeBy = "acknowledge_by"
        case resolveBy = "resolve_by"
        case acknowledgedAt = "acknowledged_at"
        case escalationLevel = "escalation_level"
        case feedbackCount = "feedback_count"
        case resolvedAt = "resolved_at"
        case closedAt = "closed_at"
        case rootCause = "root_cause"
        case collaborators
        case slaPausedAt = "sla_paused_at"
        case respondBy = "respond_by"
        case respondedAt = "responded_at"
        case mergedInto = "merged_into"
        case related
    }

    /// The timeline event of `staffID` taking ownership at `date`, or nil when they already own the case.
    /// Throws a conflict when someone else owns it or the case is no longer open.
    public func acknowledgement(by staffID: String, name: String, at date: Date, eventID: String) throws(AmendsError) -> TimelineEvent? {
        if acknowledgedAt != nil {
            if owner == staffID { return nil }
            throw AmendsError(.conflict, code: "already_acknowledged", message: "case \(id) is already owned by \(owner ?? "someone else")")
        }
        guard status.isOpen else {
            throw AmendsError(.conflict, code: "case_not_open", message: "case \(id) is \(status.rawValue) and cannot be acknowledged")
        }
        let late = date > acknowledgeBy
        return TimelineEvent(
            id: eventID, caseID: id, at: date, kind: .acknowledged, actor: "staff:\(staffID)",
            message: "\(name) took ownership" + (late ? ", after the acknowledgement deadline." : ", within the acknowledgement deadline."),
            data: ["owner": .string(staffID), "late": .bool(late)]
        )
    }

    /// The key that keeps one open case per customer and scenario; nil for an anonymous customer.
    public static func dedupKey(scenario: String, customer: CustomerIdentity?) -> String? {
        customer?.key.map { "\(scenario)|\($0)" }
    }
}
