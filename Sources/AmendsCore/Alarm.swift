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
    /// The timeline event that says this alarm went into the outbox: "Alarm queued for marta (level 2) to URL.".
    public func queuedEvent(id eventID: String, what: String = "Alarm", level shownLevel: Int? = nil, note: String = "") -> TimelineEvent {
        var data: [String: JSONValue] = ["alarm_id": .string(id), "recipient": .string(recipient)]
        if let shownLevel { data["level"] = .number(Double(shownLevel)) }
        let levelText = shownLevel.map { " (level \($0 + 1))" } ?? ""
        return TimelineEvent(
            id: eventID, caseID: caseID, at: createdAt, kind: .alarmQueued, actor: "system",
            message: "\(what) queued for \(recipient)\(levelText) to \(endpoint)\(note).", data: data)
    }
}

/// What happened when the delivery worker tried an alarm.
public struct DeliveryAttempt: Sendable, Equatable {
    public enum Result: Sendable, Equatable {
        case delivered
        /// Failed; try again at the given time.
        case retry(at: Date, error: String)
        /// Failed for the last allowed time.
        case dead(error: String)
    }

    public var alarmID: String
    public var caseID: String
    public var recipient: String
    /// Which try this was, counting from 1.
    public var attempt: Int
    public var at: Date
    public var result: Result

    public init(alarmID: String, caseID: String, recipient: String, attempt: Int, at: Date, result: Result) {
        self.alarmID = alarmID
        self.caseID = caseID
        self.recipient = recipient
        self.attempt = attempt
        self.at = at
        self.result = result
    }

    /// The case timeline's record of this try.
    public func timelineEvent(id: String) -> TimelineEvent {
        var data: [String: JSONValue] = ["alarm_id": .string(alarmID), "attempts": .number(Double(attempt))]
        let kind: TimelineEvent.Kind
        let message: String
        switch result {
        case .delivered:
            kind = .alarmDelivered
            message = "Alarm delivered to \(recipient)" + (attempt > 1 ? " on try \(attempt)." : ".")
        case .retry(let next, let error):
            kind = .alarmFailed
            message = "Alarm to \(recipient) failed on try \(attempt) (\(error)); next try at \(Timestamp.string(next))."
            data["error"] = .string(error)
        case .dead(let error):
            kind = .alarmDeadLettered
            message = "Alarm to \(recipient) gave up after \(attempt) tries (\(error)); it waits in the dead letters."
            data["error"] = .string(error)
        }
        return TimelineEvent(id: id, caseID: caseID, at: at, kind: kind, actor: "system", message: message, data: data)
    }
}

/// How the delivery worker spaces its retries.
public struct RetryPolicy: Sendable, Equatable {
    /// How many tries in all before an alarm is dead-lettered.
    public var maxAttempts: Int
    /// The wait after the first failure; doubled after each further one.
    public var baseDelay: Double
    /// The longest wait between two tries.
    public var maxDelay: Double

    public init(maxAttempts: Int = 8, baseDelay: Double = 1, maxDelay: Double = 300) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The wait after the `attempt`-th failed try (1-based), with "full jitter": a random share of the exponential step,
    /// never less than half of it, so retries from many alarms spread out.
    public func delay(afterAttempt attempt: Int, random: Double) -> Double {
        let exponent = Double(max(0, attempt - 1))
        let step = min(maxDelay, baseDelay * pow(2, exponent))
        return step / 2 + step / 2 * min(max(random, 0), 1)
    }

    /// The result of a failed `attempt`-th try at `now`.
    public func failure(attempt: Int, error: String, now: Date, random: Double) -> DeliveryAttempt.Result {
        attempt >= maxAttempts ? .dead(error: error) : .retry(at: now.addingTimeInterval(delay(afterAttempt: attempt, random: random)), error: error)
    }
}
