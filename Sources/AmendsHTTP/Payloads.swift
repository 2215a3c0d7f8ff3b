import AmendsCore
import Foundation

/// The JSON a channel posts for one feedback item.
struct FeedbackPayload: Decodable {
    var channel: String?
    var location: String
    var customer: CustomerIdentity?
    var score: Score?
    var text: String?
    var metadata: [String: JSONValue]?
    var occurredAt: Date?
    /// Only in batches and imports, where one header cannot name every item.
    var idempotencyKey: String?

    enum CodingKeys: String, CodingKey {
        case channel, location, customer, score, text, metadata
        case occurredAt = "occurred_at"
        case idempotencyKey = "idempotency_key"
    }

    static let known: Set<String> = ["channel", "location", "customer", "score", "text", "metadata", "occurred_at", "idempotency_key"]

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Self.known)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        channel = try container.decodeIfPresent(String.self, forKey: .channel)
        location = try container.decode(String.self, forKey: .location)
        if container.contains(.customer) {
            let nested = try container.superDecoder(forKey: .customer)
            try nested.rejectUnknownKeys(["email", "phone", "external_id", "name"])
            customer = try container.decodeIfPresent(CustomerIdentity.self, forKey: .customer)
        }
        if container.contains(.score) {
            let nested = try container.superDecoder(forKey: .score)
            try nested.rejectUnknownKeys(["value", "scale"])
            let scoreContainer = try container.nestedContainer(keyedBy: ScoreKeys.self, forKey: .score)
            let value = try scoreContainer.decode(Double.self, forKey: .value)
            let scaleText = try scoreContainer.decode(String.self, forKey: .scale)
            guard let scale = Score.Scale(rawValue: scaleText) else {
                throw AmendsError.invalidField("score.scale", "'\(scaleText)' is not a scale; use nps, csat or stars")
            }
            score = Score(value: value, scale: scale)
        }
        text = try container.decodeIfPresent(String.self, forKey: .text)
        metadata = try container.decodeIfPresent([String: JSONValue].self, forKey: .metadata)
        if let occurred = try container.decodeIfPresent(String.self, forKey: .occurredAt) {
            guard let date = Timestamp.parse(occurred) else {
                throw AmendsError.invalidField("occurred_at", "'\(occurred)' is not an ISO 8601 time such as 2026-11-22T09:15:00Z")
            }
            occurredAt = date
        }
        idempotencyKey = try container.decodeIfPresent(String.self, forKey: .idempotencyKey)
    }

    enum ScoreKeys: String, CodingKey { case value, scale }

    /// The submission for `channel`, which the caller's token decided.
    func submission(channel: String) -> FeedbackSubmission {
        FeedbackSubmission(
            channel: channel, location: location, customer: customer, score: score, text: text,
            metadata: metadata ?? [:], occurredAt: occurredAt)
    }
}

/// The JSON a staff member posts to log a failure they witnessed.
struct FailureReportPayload: Decodable {
    var scenario: String
    var location: String
    var description: String?
    var customer: CustomerIdentity?

    enum CodingKeys: String, CodingKey { case scenario, location, description, customer }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["scenario", "location", "description", "customer"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        scenario = try container.decode(String.self, forKey: .scenario)
        location = try container.decode(String.self, forKey: .location)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        if container.contains(.customer) {
            try container.superDecoder(forKey: .customer).rejectUnknownKeys(["email", "phone", "external_id", "name"])
            customer = try container.decodeIfPresent(CustomerIdentity.self, forKey: .customer)
        }
    }

    var report: FailureReport {
        FailureReport(scenario: scenario, location: location, description: description ?? "", customer: customer)
    }
}

/// A staff member's correction of how a feedback item was read.
struct LabelPayload: Decodable {
    var failure: Bool
    var category: String?

    enum CodingKeys: String, CodingKey { case failure, category }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["failure", "category"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        failure = try container.decode(Bool.self, forKey: .failure)
        category = try container.decodeIfPresent(String.self, forKey: .category)?.trimmingCharacters(in: .whitespaces)
        if let category {
            guard failure else { throw AmendsError.invalidField("category", "only a failure has a category") }
            guard !category.isEmpty, category.count <= 100 else { throw AmendsError.invalidField("category", "must be 1 to 100 characters") }
        }
    }
}

/// The label kept for a feedback item.
struct LabelResponse: Encodable {
    var feedbackID: String
    var failure: Bool
    var category: String?
    var labeledBy: String
    var labeledAt: Date

    enum CodingKeys: String, CodingKey {
        case failure, category
        case feedbackID = "feedback_id"
        case labeledBy = "labeled_by"
        case labeledAt = "labeled_at"
    }
}

/// What `POST /v1/feedback` answers.
struct FeedbackResponse: Encodable {
    struct CaseLink: Encodable {
        var id: String
        var opened: Bool
    }

    var feedback: Feedback
    var `case`: CaseLink?
    var replayed: Bool

    /// The same document `JSONEncoder` writes, built directly: this answers every intake request.
    var jsonText: String {
        var fields: [String: JSONValue] = ["feedback": feedback.jsonValue, "replayed": .bool(replayed)]
        if let link = `case` { fields["case"] = .object(["id": .string(link.id), "opened": .bool(link.opened)]) }
        return JSONValue.object(fields).canonicalText
    }
}

/// A case with its timeline and alarms, for `GET /v1/cases/{id}`.
struct CaseDetail: Encodable {
    var `case`: RecoveryCase
    var timeline: [TimelineEvent]
    var alarms: [Alarm]
}

/// A page of cases.
struct CaseList: Encodable {
    var items: [RecoveryCase]
    var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }
}

/// Opaque cursors: the id to continue after, in URL-safe base64.
enum Cursor {
    static func encode(_ id: String) -> String {
        Data(id.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) throws(AmendsError) -> String {
        var base = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base.count % 4 != 0 { base += "=" }
        guard let data = Data(base64Encoded: base), let id = String(data: data, encoding: .utf8), !id.isEmpty, id.count <= 64 else {
            throw AmendsError.invalidField("cursor", "is not a cursor this server issued")
        }
        return id
    }
}
