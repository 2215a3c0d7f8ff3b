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
    static func words(_ medium: MessageTemplate.Medium) -> String {
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

extension MessageTemplate.Kind {
    var words: String {
        switch self {
        case .apology: "apology"
        case .update: "update"
        case .resolution: "resolution"
        case .followUp: "follow-up"
        }
    }
}

/// What happened when the outbox tried to deliver a message.
public struct MessageAttempt: Sendable, Equatable {
    public var message: CustomerMessage
    public var attempt: Int
    public var at: Date
    public var result: DeliveryAttempt.Result

    public init(message: CustomerMessage, attempt: Int, at: Date, result: DeliveryAttempt.Result) {
        self.message = message
        self.attempt = attempt
        self.at = at
        self.result = result
    }

    /// The timeline event that records this try.
    public func event(id eventID: String) -> TimelineEvent {
        let what = CustomerMessage.words(message.medium)
        let (kind, text): (TimelineEvent.Kind, String) =
            switch result {
            case .delivered: (.messageSent, "The \(what) to \(message.address) was handed over for delivery.")
            case .retry(let next, let error): (.messageFailed, "Try \(attempt) of the \(what) to \(message.address) failed (\(error)); next try at \(Timestamp.string(next)).")
            case .dead(let error): (.messageDead, "The \(what) to \(message.address) could not be delivered after \(attempt) tries (\(error)). Reach the customer another way.")
            }
        return TimelineEvent(id: eventID, caseID: message.caseID, at: at, kind: kind, actor: "system", message: text, data: ["message_id": .string(message.id)])
    }
}

/// A message ready for a person to read, edit and send.
public struct MessageDraft: Sendable, Equatable, Encodable {
    public var kind: MessageTemplate.Kind
    public var medium: MessageTemplate.Medium
    public var language: String
    public var address: String
    public var subject: String?
    public var body: String

    public init(kind: MessageTemplate.Kind, medium: MessageTemplate.Medium, language: String, address: String, subject: String?, body: String) {
        self.kind = kind
        self.medium = medium
        self.language = language
        self.address = address
        self.subject = subject
        self.body = body
    }
}

extension Playbook {
    /// The message of `kind` for the case, from its scenario's templates, filled in for its customer.
    ///
    /// The medium and language are the asked-for ones when given; otherwise the first template of the kind whose medium
    /// the customer can be reached on.
    public func draft(
        _ kind: MessageTemplate.Kind, medium: MessageTemplate.Medium?, language: String?, for recoveryCase: RecoveryCase, context: MessageContext
    ) throws(AmendsError) -> MessageDraft {
        let templates = (scenario(recoveryCase.scenario)?.templates ?? []).filter { $0.kind == kind }
        guard !templates.isEmpty else {
            throw AmendsError(
                .conflict, code: "no_template",
                message: "scenario '\(recoveryCase.scenario)' has no \(kind.rawValue) template; write the message yourself (send a body) or add one to the playbook")
        }
        let reachable = templates.filter { recoveryCase.customer?.address(for: $0.channel) != nil }
        let candidates = templates.filter { (medium == nil || $0.channel == medium) && (language == nil || $0.language == language) }
        guard let template = candidates.first(where: { reachable.contains($0) }) ?? candidates.first else {
            let offered = templates.map { "\($0.channel.rawValue)/\($0.language)" }.joined(separator: ", ")
            throw AmendsError(.conflict, code: "no_template", message: "no \(kind.rawValue) template for that medium and language; the scenario has \(offered)")
        }
        guard let address = recoveryCase.customer?.address(for: template.channel) else {
            throw AmendsError(
                .conflict, code: "no_address", message: "the customer of case \(recoveryCase.id) has no \(CustomerMessage.words(template.channel)) address")
        }
        let body = try TextTemplate(parsing: template.body).render(context.value)
        var subject: String?
        if let text = template.subject { subject = MessageDraft.oneLine(try TextTemplate(parsing: text).render(context.value)) }
        return MessageDraft(
            kind: kind, medium: template.channel, language: template.language, address: address, subject: subject,
            body: body.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// What a sender asks to send: a kind, and optionally the medium, language and their own (or edited) words.
public struct MessageRequest: Sendable, Equatable {
    public var kind: MessageTemplate.Kind
    public var medium: MessageTemplate.Medium?
    public var language: String?
    public var subject: String?
    public var body: String?

    public init(kind: MessageTemplate.Kind, medium: MessageTemplate.Medium? = nil, language: String? = nil, subject: String? = nil, body: String? = nil) {
        self.kind = kind
        self.medium = medium
        self.language = language
        self.subject = subject
        self.body = body
    }

    /// Whether the scenario's template is needed: the sender did not write the whole message and say how it goes.
    public var needsTemplate: Bool { body == nil || medium == nil }
}

extension Playbook {
    /// The message to send for `request`: the sender's words as written, else the scenario's template filled in from
    /// `context` (with any subject or body the sender gave instead). An e-mail needs a subject, and no message is empty.
    public func compose(_ request: MessageRequest, for recoveryCase: RecoveryCase, context: MessageContext?) throws(AmendsError) -> MessageDraft {
        var draft: MessageDraft
        if let body = request.body, let medium = request.medium {
            guard let address = recoveryCase.customer?.address(for: medium) else {
                throw AmendsError(.conflict, code: "no_address", message: "the customer of case \(recoveryCase.id) has no \(medium.rawValue) address")
            }
            draft = MessageDraft(kind: request.kind, medium: medium, language: request.language ?? "", address: address, subject: request.subject, body: body)
        } else {
            guard let context else { throw AmendsError(.conflict, code: "no_template", message: "a message from a template needs the case's details") }
            draft = try self.draft(request.kind, medium: request.medium, language: request.language, for: recoveryCase, context: context)
            if let body = request.body { draft.body = body }
            if let subject = request.subject { draft.subject = subject }
        }
        draft.subject = draft.subject.map(MessageDraft.oneLine)
        if draft.medium == .email && (draft.subject ?? "").isEmpty { throw AmendsError.missingField("subject") }
        guard !draft.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw AmendsError.invalidField("body", "must not be empty") }
        return draft
    }
}

extension MessageDraft {
    /// The draft as a message in the outbox, due at once.
    public func outbound(id: String, caseID: String, at date: Date, by actor: String) -> CustomerMessage {
        CustomerMessage(
            id: id, caseID: caseID, direction: .outbound, kind: kind, medium: medium, language: language.isEmpty ? nil : language, address: address,
            subject: subject, body: body, state: .queued, nextAttemptAt: date, createdAt: date, createdBy: actor)
    }

    /// A subject on one line: line breaks and control characters become spaces, so a header can never be split.
    public static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
            .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}

extension CustomerIdentity {
    /// The customer known only by the address a reply came from on `medium`.
    public init(reachedAt address: String, on medium: MessageTemplate.Medium) {
        switch medium {
        case .email: self.init(email: address)
        case .sms: self.init(phone: address)
        case .chat: self.init(externalID: address)
        }
    }

    /// Where the customer is reached on `medium`: their e-mail address, phone number, or (for chat) external id.
    public func address(for medium: MessageTemplate.Medium) -> String? {
        let value: String? =
            switch medium {
            case .email: email
            case .sms: phone
            case .chat: externalID
            }
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
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
