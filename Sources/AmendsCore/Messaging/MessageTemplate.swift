import Foundation

/// A message to the customer, stored with the scenario and rendered when the recovery needs it.
public struct MessageTemplate: Codable, Sendable, Equatable {
    /// What the message is for in the recovery.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case apology, update, resolution
        case followUp = "follow_up"
    }

    /// Where the message is sent.
    public enum Medium: String, Codable, Sendable, CaseIterable {
        case email, sms, chat
    }

    public var kind: Kind
    public var channel: Medium
    /// A BCP 47 language tag such as `en` or `pt-PT`.
    public var language: String
    public var subject: String?
    public var body: String

    public init(kind: Kind, channel: Medium, language: String, subject: String? = nil, body: String) {
        self.kind = kind
        self.channel = channel
        self.language = language
        self.subject = subject
        self.body = body
    }
}

extension MessageTemplate.Kind {
    public var words: String {
        switch self {
        case .apology: "apology"
        case .update: "update"
        case .resolution: "resolution"
        case .followUp: "follow-up"
        }
    }
}
