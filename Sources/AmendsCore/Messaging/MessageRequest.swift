import Foundation

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
