import Foundation

/// A score a customer gave, on a named scale.
public struct Score: Codable, Sendable, Equatable {
    /// The scale a score is on; each has its own range.
    public enum Scale: String, Codable, Sendable, CaseIterable {
        /// Net Promoter Score question, 0–10.
        case nps
        /// Customer satisfaction, 1–5.
        case csat
        /// Star rating, 1–5.
        case stars

        /// The values a score on this scale may take.
        public var range: ClosedRange<Double> {
            switch self {
            case .nps: 0...10
            case .csat, .stars: 1...5
            }
        }

        /// The range in words, for messages.
        public var rangeDescription: String {
            switch self {
            case .nps: "0 to 10"
            case .csat, .stars: "1 to 5"
            }
        }
    }

    public var value: Double
    public var scale: Scale

    public init(value: Double, scale: Scale) {
        self.value = value
        self.scale = scale
    }
}

/// Who the customer is, as far as the channel knows. Every part is optional.
public struct CustomerIdentity: Codable, Sendable, Equatable {
    public var email: String?
    public var phone: String?
    public var externalID: String?
    public var name: String?

    public init(email: String? = nil, phone: String? = nil, externalID: String? = nil, name: String? = nil) {
        self.email = email
        self.phone = phone
        self.externalID = externalID
        self.name = name
    }

    enum CodingKeys: String, CodingKey {
        case email, phone, name
        case externalID = "external_id"
    }

    /// A stable key for "the same customer", used to attach repeated complaints to one case:
    /// the external id, else the lowercased e-mail, else the phone's digits. Nil for an anonymous customer.
    public var key: String? {
        if let externalID = externalID?.trimmed, !externalID.isEmpty {
            return "id:" + externalID
        }
        if let email = email?.trimmed.lowercased(), !email.isEmpty {
            return "email:" + email
        }
        if let phone {
            let digits = phone.filter { $0.isASCII && $0.isNumber }
            if !digits.isEmpty { return "phone:" + digits }
        }
        return nil
    }

    /// True when no part is given.
    public var isEmpty: Bool { email == nil && phone == nil && externalID == nil && name == nil }
}

/// What a channel sends: one customer's feedback, before it is accepted.
public struct FeedbackSubmission: Sendable, Equatable {
    public var channel: String
    public var location: String
    public var customer: CustomerIdentity?
    public var score: Score?
    public var text: String?
    public var metadata: [String: JSONValue]
    public var occurredAt: Date?

    public init(
        channel: String,
        location: String,
        customer: CustomerIdentity? = nil,
        score: Score? = nil,
        text: String? = nil,
        metadata: [String: JSONValue] = [:],
        occurredAt: Date? = nil
    ) {
        self.channel = channel
        self.location = location
        self.customer = customer
        self.score = score
        self.text = text
        self.metadata = metadata
        self.occurredAt = occurredAt
    }
}

/// One accepted item of feedback with what the detector concluded.
public struct Feedback: Codable, Sendable, Equatable {
    public var id: String
    public var channel: String
    public var location: String
    public var customer: CustomerIdentity?
    public var score: Score?
    public var text: String?
    public var metadata: [String: JSONValue]
    public var occurredAt: Date
    public var receivedAt: Date
    public var analysis: Analysis
    /// The case this feedback opened or was attached to.
    public var caseID: String?

    public init(
        id: String,
        channel: String,
        location: String,
        customer: CustomerIdentity?,
        score: Score?,
        text: String?,
        metadata: [String: JSONValue],
        occurredAt: Date,
        receivedAt: Date,
        analysis: Analysis,
        caseID: String? = nil
    ) {
        self.id = id
        self.channel = channel
        self.location = location
        self.customer = customer
        self.score = score
        self.text = text
        self.metadata = metadata
        self.occurredAt = occurredAt
        self.receivedAt = receivedAt
        self.analysis = analysis
        self.caseID = caseID
    }

    enum CodingKeys: String, CodingKey {
        case id, channel, location, customer, score, text, metadata, analysis
        case occurredAt = "occurred_at"
        case receivedAt = "received_at"
        case caseID = "case_id"
    }
}

/// Limits on what intake accepts, set by the operator.
public struct IntakeLimits: Sendable, Equatable {
    /// The most characters a feedback text may have.
    public var maxTextLength: Int
    /// The most metadata entries an item may carry.
    public var maxMetadataEntries: Int

    public init(maxTextLength: Int = 10_000, maxMetadataEntries: Int = 50) {
        self.maxTextLength = maxTextLength
        self.maxMetadataEntries = maxMetadataEntries
    }
}

extension FeedbackSubmission {
    /// Checks the submission against the playbook and limits; the first problem found is thrown.
    public func validate(against playbook: Playbook, limits: IntakeLimits) throws(AmendsError) {
        if playbook.channel(channel) == nil {
            throw AmendsError(.invalid, code: "unknown_channel", message: "channel: '\(channel)' is not a channel in the playbook", field: "channel")
        }
        if playbook.location(location) == nil {
            throw AmendsError(.invalid, code: "unknown_location", message: "location: '\(location)' is not a location in the playbook", field: "location")
        }
        if let score, !score.scale.range.contains(score.value) {
            throw AmendsError.invalidField(
                "score.value", "\(Self.format(score.value)) is outside the \(score.scale.rawValue) scale (\(score.scale.rangeDescription))")
        }
        if let score, score.value != score.value.rounded() {
            throw AmendsError.invalidField("score.value", "must be a whole number on the \(score.scale.rawValue) scale")
        }
        if let text, text.count > limits.maxTextLength {
            throw AmendsError.invalidField("text", "is \(text.count) characters; the limit is \(limits.maxTextLength)")
        }
        if metadata.count > limits.maxMetadataEntries {
            throw AmendsError.invalidField("metadata", "has \(metadata.count) entries; the limit is \(limits.maxMetadataEntries)")
        }
        if let email = customer?.email, !email.contains("@") || email.count > 320 {
            throw AmendsError.invalidField("customer.email", "'\(email)' is not an e-mail address")
        }
        if let phone = customer?.phone, phone.filter({ $0.isASCII && $0.isNumber }).count < 5 || phone.count > 40 {
            throw AmendsError.invalidField("customer.phone", "'\(phone)' is not a phone number")
        }
        if score == nil && !(text ?? "").contains(where: { !$0.isWhitespace }) {
            throw AmendsError(.invalid, code: "empty_feedback", message: "feedback needs a text or a score")
        }
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
