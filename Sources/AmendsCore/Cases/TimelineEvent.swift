import AmendsJSON
import Foundation

/// Something that happened to a case, in order: opened, feedback attached, alarmed, escalated, acknowledged.
public struct TimelineEvent: Codable, Sendable, Equatable {
    /// The kinds of event a timeline holds.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case opened
        case feedbackAttached = "feedback_attached"
        case alarmQueued = "alarm_queued"
        case alarmDelivered = "alarm_delivered"
        case alarmFailed = "alarm_failed"
        case alarmDeadLettered = "alarm_dead_lettered"
        case escalated
        case escalationEnded = "escalation_ended"
        case acknowledged
        /// A lead gave the case to another owner.
        case assigned
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
        /// A duplicate case was merged into this one, or this one into another.
        case merged
        /// Another case was linked to this one as related, or unlinked.
        case linked
        case unlinked
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
