import AmendsText
import Foundation

/// A guarantee's remedy granted as its case opens, with the timeline event that says so, and the message that tells
/// the customer (the scenario's apology, when it has one the customer can be reached by).
public struct KeptGuarantee: Sendable, Equatable {
    public var grant: CompensationGrant
    public var event: TimelineEvent
    public var message: CustomerMessage?
    public var messageEvent: TimelineEvent?
}

/// An accepted feedback item ready to be stored, with the case it opens when it is a failure.
public struct IntakeRecord: Sendable, Equatable {
    public var feedback: Feedback
    /// The channel's idempotency key; a retry with the same key and body returns the first result.
    public var idempotencyKey: String?
    /// A digest of the request, to tell a retry from a different request that reuses a key.
    public var fingerprint: String
    public var opening: CaseOpening?

    public init(feedback: Feedback, idempotencyKey: String?, fingerprint: String, opening: CaseOpening?) {
        self.feedback = feedback
        self.idempotencyKey = idempotencyKey
        self.fingerprint = fingerprint
        self.opening = opening
    }
}

/// What storing an intake record came to.
public enum IntakeOutcome: Sendable, Equatable {
    /// Stored now. `caseOpened` tells whether the feedback opened its case or joined an open one.
    case accepted(Feedback, caseOpened: Bool)
    /// The idempotency key was seen before with the same request: the original feedback.
    case replayed(Feedback)
    /// The idempotency key was seen before with a different request.
    case conflict(existingID: String)
}
