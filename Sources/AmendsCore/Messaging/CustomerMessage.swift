import Foundation

/// A message to or from the customer of a case: sent through the outbox by e-mail, SMS or chat, or a reply received.
public struct CustomerMessage: Sendable, Equatable {
    public enum Direction: String, Codable, Sendable {
        case outbound, inbound
    }

    public enum State: String, Codable, Sendable, CaseIterable {
        /// Waiting for its first try or a retry.
        case queued
        /// Handed to the mail server or gateway.
        case sent
        /// Every allowed try failed.
        case dead
        /// A reply from the customer.
        case received
    }

    public var id: String
    public var caseID: String
    public var direction: Direction
    /// What the message is for; nil for a customer's reply.
    public var kind: MessageTemplate.Kind?
    public var medium: MessageTemplate.Medium
    public var language: String?
    /// The customer's address: where it goes, or where a reply came from.
    public var address: String
    public var subject: String?
    public var body: String
    public var state: State
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastError: String?
    public var createdAt: Date
    public var sentAt: Date?
    /// Who wrote it: `staff:<id>`, `system`, or `customer`.
    public var createdBy: String

    public init(
        id: String, caseID: String, direction: Direction, kind: MessageTemplate.Kind?, medium: MessageTemplate.Medium, language: String?,
        address: String, subject: String?, body: String, state: State, attempts: Int = 0, nextAttemptAt: Date?, lastError: String? = nil,
        createdAt: Date, sentAt: Date? = nil, createdBy: String
    ) {
        self.id = id
        self.caseID = caseID
        self.direction = direction
        self.kind = kind
        self.medium = medium
        self.language = language
        self.address = address
        self.subject = subject
        self.body = body
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.sentAt = sentAt
        self.createdBy = createdBy
    }

    /// The longest message body accepted.
    public static let maxBodyLength = 20_000

    /// How the medium is named in sentences.
    public static func words(_ medium: MessageTemplate.Medium) -> String {
        switch medium {
        case .email: "e-mail"
        case .sms: "SMS"
        case .chat: "chat message"
        }
    }

    /// The timeline event of a message queued for the customer.
    public func queuedEvent(id eventID: String, actorName: String) -> TimelineEvent {
        let what = (kind.map { "\($0.words) " } ?? "") + Self.words(medium)
        // "an apology", "an SMS", "a resolution e-mail", "a chat message".
        let article = what.hasPrefix("a") || what.hasPrefix("u") || what.hasPrefix("e-") || what.hasPrefix("SMS") ? "an" : "a"
        return TimelineEvent(
            id: eventID, caseID: caseID, at: createdAt, kind: .messageQueued, actor: createdBy,
            message: "\(actorName) sent the customer \(article) \(what) to \(address); waiting to be delivered.",
            data: ["message_id": .string(id), "medium": .string(medium.rawValue), "kind": kind.map { .string($0.rawValue) } ?? .null])
    }

    /// The timeline event of a reply from the customer.
    public func receivedEvent(id eventID: String) -> TimelineEvent {
        TimelineEvent(
            id: eventID, caseID: caseID, at: createdAt, kind: .customerReplied, actor: "customer",
            message: "The customer replied by \(Self.words(medium)): \(body.count > 280 ? String(body.prefix(279)) + "…" : body)",
            data: ["message_id": .string(id), "medium": .string(medium.rawValue)])
    }
}

/// `next_attempt_at` is the outbox's own business and is not shown.
extension CustomerMessage: Encodable {
    enum CodingKeys: String, CodingKey {
        case id, direction, kind, medium, language, address, subject, body, state, attempts
        case caseID = "case_id"
        case nextAttemptAt = "next_attempt_at"
        case lastError = "last_error"
        case createdAt = "created_at"
        case sentAt = "sent_at"
        case createdBy = "created_by"
    }
}
