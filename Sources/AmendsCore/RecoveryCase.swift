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

/// Something that happened to a case, in order: opened, feedback attached, alarmed, escalated, acknowledged.
public struct TimelineEvent: Codable, Sendable, Equatable {
    /// The kinds of event a timeline holds.
    public enum Kind: String, Codable, Sendable {
        case opened
        case feedbackAttached = "feedback_attached"
        case alarmQueued = "alarm_queued"
        case alarmDelivered = "alarm_delivered"
        case alarmFailed = "alarm_failed"
        case alarmDeadLettered = "alarm_dead_lettered"
        case escalated
        case escalationEnded = "escalation_ended"
        case acknowledged
        /// A person corrected how the feedback was read.
        case feedbackLabeled = "feedback_labeled"
        /// The case moved to another status.
        case statusChanged = "status_changed"
        /// A staff member's internal note.
        case note
        /// A step of the recovery checklist was done.
        case stepCompleted = "step_completed"
        case collaboratorAdded = "collaborator_added"
        case collaboratorRemoved = "collaborator_removed"
        /// A status link was made for the customer.
        case statusLinkMade = "status_link_made"
        /// Compensation took effect: within the granter's authority, or a guarantee kept.
        case compensationGranted = "compensation_granted"
        /// Compensation beyond the asker's authority or the budget, waiting for approval.
        case compensationRequested = "compensation_requested"
        case compensationApproved = "compensation_approved"
        case compensationDenied = "compensation_denied"
        /// A message to the customer went into the outbox.
        case messageQueued = "message_queued"
        case messageSent = "message_sent"
        case messageFailed = "message_failed"
        case messageDead = "message_dead"
        /// The customer wrote back on an inbound channel.
        case customerReplied = "customer_replied"
        /// The follow-up survey's answer came in.
        case surveyAnswered = "survey_answered"
        /// The follow-up survey could not be sent (no template or address for the customer).
        case followUpSkipped = "follow_up_skipped"
        /// An SLA deadline is near.
        case slaWarning = "sla_warning"
        /// An SLA deadline passed.
        case slaBreached = "sla_breached"
    }

    public var id: String
    public var caseID: String
    public var at: Date
    public var kind: Kind
    /// Who did it: `system`, `staff:<id>`, `channel:<key>`.
    public var actor: String
    /// A sentence for people.
    public var message: String
    public var data: [String: JSONValue]

    public init(id: String, caseID: String, at: Date, kind: Kind, actor: String, message: String, data: [String: JSONValue] = [:]) {
        self.id = id
        self.caseID = caseID
        self.at = at
        self.kind = kind
        self.actor = actor
        self.message = message
        self.data = data
    }

    enum CodingKeys: String, CodingKey {
        case id, at, kind, actor, message, data
        case caseID = "case_id"
    }
}

/// A filter and page request for listing cases.
public struct CaseQuery: Sendable, Equatable {
    public var status: RecoveryCase.Status?
    public var location: String?
    /// Only cases at these locations (a staff member's scope); nil for every location.
    public var locations: [String]?
    /// Only cases this staff member owns or helps with.
    public var involving: String?
    public var scenario: String?
    public var limit: Int
    /// The id after which the page starts (newest first, so ids smaller than this).
    public var after: String?

    public init(status: RecoveryCase.Status? = nil, location: String? = nil, scenario: String? = nil, limit: Int = 50, after: String? = nil) {
        self.status = status
        self.location = location
        self.scenario = scenario
        self.limit = limit
        self.after = after
    }
}

/// One page of a list and where the next one starts.
public struct Page<Element: Sendable>: Sendable {
    public var items: [Element]
    /// The id to continue after, nil on the last page.
    public var next: String?

    public init(items: [Element], next: String?) {
        self.items = items
        self.next = next
    }

    /// A page from up to `limit + 1` items read in page order: the one beyond the limit only says there is more.
    public init(reading items: [Element], limit: Int, id: (Element) -> String) {
        let page = Array(items.prefix(limit))
        self.init(items: page, next: items.count > limit ? page.last.map(id) : nil)
    }
}
