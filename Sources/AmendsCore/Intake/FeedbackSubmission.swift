import AmendsJSON
import Foundation

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
