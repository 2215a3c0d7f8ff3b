import AmendsJSON
import Foundation

/// One alarm to one address, waiting in the outbox or already delivered.
///
/// The ``id`` is the `webhook-id` and stays the same across retries, so a receiver can drop repeats.
public struct Alarm: Codable, Sendable, Equatable {
    /// Where the alarm is in its delivery.
    public enum State: String, Codable, Sendable, CaseIterable {
        /// Waiting for its first try or a retry.
        case pending
        /// The receiver answered 2xx.
        case delivered
        /// Every allowed try failed; it waits for a person.
        case dead
    }

    public var id: String
    public var caseID: String
    /// The escalation level this alarm belongs to (0 = first).
    public var level: Int
    /// The team member alarmed.
    public var recipient: String
    public var endpoint: String
    public var format: Contact.Format
    /// The contact's own signing secret; the server's is used when nil.
    public var secret: String?
    /// The exact body sent on every try.
    public var body: String
    public var state: State
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var createdAt: Date
    public var deliveredAt: Date?

    public init(
        id: String,
        caseID: String,
        level: Int,
        recipient: String,
        endpoint: String,
        format: Contact.Format,
        secret: String?,
        body: String,
        state: State = .pending,
        attempts: Int = 0,
        nextAttemptAt: Date,
        lastError: String? = nil,
        createdAt: Date,
        deliveredAt: Date? = nil
    ) {
        self.id = id
        self.caseID = caseID
        self.level = level
        self.recipient = recipient
        self.endpoint = endpoint
        self.format = format
        self.secret = secret
        self.body = body
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
    }

    enum CodingKeys: String, CodingKey {
        case id, level, recipient, endpoint, format, body, state, attempts
        case caseID = "case_id"
        case nextAttemptAt = "next_attempt_at"
        case lastError = "last_error"
        case createdAt = "created_at"
        case deliveredAt = "delivered_at"
    }
}

extension Alarm {
    /// The timeline event that says this alarm went into the outbox: "Alarm queued for marta (level 2) to
    /// https://host/…", the URL shown without what makes it a credential.
    public func queuedEvent(id eventID: String, what: String = "Alarm", level shownLevel: Int? = nil, note: String = "") -> TimelineEvent {
        var data: [String: JSONValue] = ["alarm_id": .string(id), "recipient": .string(recipient)]
        if let shownLevel { data["level"] = .number(Double(shownLevel)) }
        let levelText = shownLevel.map { " (level \($0 + 1))" } ?? ""
        return TimelineEvent(
            id: eventID, caseID: caseID, at: createdAt, kind: .alarmQueued, actor: "system",
            message: "\(what) queued for \(recipient)\(levelText) to \(WebhookURL.redacted(endpoint))\(note).", data: data)
    }
}
