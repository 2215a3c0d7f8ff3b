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

    /// Every key this identity can be known by: its external id, e-mail address and phone, each alone, so records
    /// that share any one of them belong to the same customer.
    public var keys: [String] {
        var keys: [String] = []
        if let key = externalKey { keys.append(key) }
        if let key = emailKey { keys.append(key) }
        if let key = phoneKey { keys.append(key) }
        return keys
    }

    public var externalKey: String? { externalID?.trimmed.nonEmpty.map { "id:" + $0 } }
    public var emailKey: String? { email?.trimmed.lowercased().nonEmpty.map { "email:" + $0 } }
    public var phoneKey: String? { phone.map { $0.filter { $0.isASCII && $0.isNumber } }?.nonEmpty.map { "phone:" + $0 } }

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

extension String {
    /// The string, or nil when it is empty.
    var nonEmpty: String? { isEmpty ? nil : self }
}

/// Everything known of one customer, merged across the identities their feedback and cases share: so whoever picks
/// up a case knows the history.
public struct CustomerHistory: Sendable, Encodable {
    public var names: [String]
    public var emails: [String]
    public var phones: [String]
    public var externalIDs: [String]
    /// Newest first.
    public var feedback: [Feedback]
    public var cases: [RecoveryCase]
    public var messages: [CustomerMessage]
    public var compensation: [CompensationGrant]
    /// Follow-up answers by case id.
    public var followUps: [String: SurveyAnswer]

    public init(feedback: [Feedback], cases: [RecoveryCase], messages: [CustomerMessage], compensation: [CompensationGrant], followUps: [String: SurveyAnswer]) {
        self.feedback = feedback
        self.cases = cases
        self.messages = messages
        self.compensation = compensation
        self.followUps = followUps
        let identities = feedback.compactMap(\.customer) + cases.compactMap(\.customer)
        /// Each value once, as first written (newest first): e-mail addresses compared without case, phone numbers by their digits.
        func distinct(_ values: [String?], by key: (String) -> String = { $0 }) -> [String] {
            var seen: Set<String> = []
            return values.compactMap { $0?.trimmed }.filter { !$0.isEmpty && seen.insert(key($0)).inserted }
        }
        names = distinct(identities.map(\.name))
        emails = distinct(identities.map(\.email)) { $0.lowercased() }
        phones = distinct(identities.map(\.phone)) { $0.filter { $0.isASCII && $0.isNumber } }
        externalIDs = distinct(identities.map(\.externalID))
    }

    enum CodingKeys: String, CodingKey {
        case names, emails, phones, feedback, cases, messages, compensation, summary
        case externalIDs = "external_ids"
        case followUps = "follow_ups"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(names, forKey: .names)
        try container.encode(emails, forKey: .emails)
        try container.encode(phones, forKey: .phones)
        try container.encode(externalIDs, forKey: .externalIDs)
        try container.encode(summary, forKey: .summary)
        try container.encode(cases, forKey: .cases)
        try container.encode(feedback, forKey: .feedback)
        try container.encode(messages, forKey: .messages)
        try container.encode(compensation, forKey: .compensation)
        try container.encode(followUps.sorted { $0.key > $1.key }.map { FollowUpLine(caseID: $0.key, answer: $0.value) }, forKey: .followUps)
    }

    struct FollowUpLine: Encodable {
        var caseID: String
        var answer: SurveyAnswer

        enum CodingKeys: String, CodingKey {
            case answer
            case caseID = "case_id"
        }
    }

    /// The history in figures.
    public var summary: Summary {
        var granted: [String: Int64] = [:]
        for grant in compensation where grant.status == .granted { granted[grant.value.currency, default: 0] += grant.value.minorUnits }
        let answers = followUps.values
        return Summary(
            feedback: feedback.count, cases: cases.count, openCases: cases.filter(\.status.isOpen).count,
            granted: granted.sorted { $0.key < $1.key }.map { Money(minorUnits: $0.value, currency: $0.key) },
            meanSatisfaction: answers.isEmpty ? nil : Double(answers.map(\.satisfaction).reduce(0, +)) / Double(answers.count),
            dissatisfied: answers.filter(\.dissatisfied).count)
    }

    public struct Summary: Sendable, Encodable {
        public var feedback: Int
        public var cases: Int
        public var openCases: Int
        public var granted: [Money]
        public var meanSatisfaction: Double?
        public var dissatisfied: Int

        enum CodingKeys: String, CodingKey {
            case feedback, cases, granted, dissatisfied
            case openCases = "open_cases"
            case meanSatisfaction = "mean_satisfaction"
        }
    }
}
