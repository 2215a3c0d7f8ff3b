import AmendsApp
import AmendsCore
import AmendsJSON
import Foundation

/// A message to send to a case's customer: from the scenario's template, or written (or edited) by the sender.
struct MessagePayload: Decodable {
    var kind: MessageTemplate.Kind
    var medium: MessageTemplate.Medium?
    var language: String?
    var subject: String?
    var body: String?

    enum CodingKeys: String, CodingKey { case kind, medium, language, subject, body }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["kind", "medium", "language", "subject", "body"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try MessageController.kind(try container.decodeIfPresent(String.self, forKey: .kind))
        medium = try MessageController.medium(try container.decodeIfPresent(String.self, forKey: .medium))
        language = try container.decodeIfPresent(String.self, forKey: .language)
        subject = try container.decodeIfPresent(String.self, forKey: .subject)
        if let subject, subject.count > 300 { throw AmendsError.invalidField("subject", "must be at most 300 characters") }
        body = try container.decodeIfPresent(String.self, forKey: .body)
        if let body, body.count > CustomerMessage.maxBodyLength {
            throw AmendsError.invalidField("body", "must be at most \(CustomerMessage.maxBodyLength) characters")
        }
        if body != nil && medium == nil {
            throw AmendsError.invalidField("medium", "is required with a body written by hand, unless the scenario has a template to take it from")
        }
    }
}

/// A customer's reply, as an inbound e-mail or SMS webhook delivers it.
struct ReplyPayload: Decodable {
    var from: String
    var subject: String?
    var text: String
    /// Where the customer is, for a reply that has no open case to attach to.
    var location: String?

    enum CodingKeys: String, CodingKey { case from, subject, text, location }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["from", "subject", "text", "location"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        from = try container.decode(String.self, forKey: .from).trimmingCharacters(in: .whitespaces)
        guard !from.isEmpty, from.count <= 320 else { throw AmendsError.invalidField("from", "must be 1 to 320 characters") }
        subject = try container.decodeIfPresent(String.self, forKey: .subject)
        text = try container.decode(String.self, forKey: .text)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, text.count <= CustomerMessage.maxBodyLength else {
            throw AmendsError.invalidField("text", "must be 1 to \(CustomerMessage.maxBodyLength) characters")
        }
        location = try container.decodeIfPresent(String.self, forKey: .location)
    }
}
