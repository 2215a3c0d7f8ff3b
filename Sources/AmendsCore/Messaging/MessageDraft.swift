import Foundation

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
