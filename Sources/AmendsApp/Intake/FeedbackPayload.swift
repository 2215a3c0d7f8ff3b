import AmendsCore
import AmendsJSON
import Foundation

/// The JSON a channel posts for one feedback item.
public struct FeedbackPayload: Sendable {
    public var channel: String?
    public var location: String
    public var customer: CustomerIdentity?
    public var score: Score?
    public var text: String?
    public var metadata: [String: JSONValue]?
    public var occurredAt: Date?
    /// Only in batches and imports, where one header cannot name every item.
    public var idempotencyKey: String?

    static let known: Set<String> = ["channel", "location", "customer", "score", "text", "metadata", "occurred_at", "idempotency_key"]

    /// Reads the payload from a JSON body, naming the field at fault when it does not fit, without `JSONDecoder`: this runs
    /// for every item intake receives.
    public static func read(_ bytes: some Collection<UInt8>) throws -> FeedbackPayload {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw AmendsError(.malformed, code: "invalid_json", message: "the body is not valid JSON: \(error.reason) at byte \(error.offset + 1)")
        }
        guard case .object(let members) = document else {
            throw AmendsError(.malformed, code: "invalid_json", message: "the body must be a JSON object")
        }
        return try FeedbackPayload(members: members)
    }

    private init(members: [String: JSONValue]) throws(AmendsError) {
        try Self.rejectUnknown(members, known: Self.known, in: nil)
        channel = try Self.string(members, "channel", in: nil)
        guard let location = try Self.string(members, "location", in: nil) else { throw AmendsError.missingField("location") }
        self.location = location
        if let customer = try Self.object(members, "customer", in: nil) {
            try Self.rejectUnknown(customer, known: ["email", "phone", "external_id", "name"], in: "customer")
            self.customer = CustomerIdentity(
                email: try Self.string(customer, "email", in: "customer"), phone: try Self.string(customer, "phone", in: "customer"),
                externalID: try Self.string(customer, "external_id", in: "customer"), name: try Self.string(customer, "name", in: "customer"))
        }
        if let score = try Self.object(members, "score", in: nil) {
            try Self.rejectUnknown(score, known: ["value", "scale"], in: "score")
            let value: Double
            switch score["value"] {
            case nil: throw AmendsError.missingField("score.value")
            case .number(let number)?: value = number
            case .null?: throw AmendsError.invalidField("score.value", "expected a number, found null")
            case _?: throw AmendsError.invalidField("score.value", "expected a number")
            }
            guard let scaleText = try Self.string(score, "scale", in: "score") else {
                throw score["scale"] == nil
                    ? AmendsError.missingField("score.scale") : AmendsError.invalidField("score.scale", "expected a string, found null")
            }
            guard let scale = Score.Scale(rawValue: scaleText) else {
                throw AmendsError.invalidField("score.scale", "'\(scaleText)' is not a scale; use nps, csat or stars")
            }
            self.score = Score(value: value, scale: scale)
        }
        text = try Self.string(members, "text", in: nil)
        metadata = try Self.object(members, "metadata", in: nil)
        if let occurred = try Self.string(members, "occurred_at", in: nil) {
            guard let date = Timestamp.parse(occurred) else {
                throw AmendsError.invalidField("occurred_at", "'\(occurred)' is not an ISO 8601 time such as 2026-11-22T09:15:00Z")
            }
            occurredAt = date
        }
        idempotencyKey = try Self.string(members, "idempotency_key", in: nil)
    }

    private static func path(_ key: String, in parent: String?) -> String { parent.map { "\($0).\(key)" } ?? key }

    private static func rejectUnknown(_ members: [String: JSONValue], known: Set<String>, in parent: String?) throws(AmendsError) {
        // The first unknown name in sorted order, so the answer does not depend on hashing.
        if let name = members.keys.filter({ !known.contains($0) }).min() {
            let field = path(name, in: parent)
            throw AmendsError(.invalid, code: "unknown_field", message: "\(field): is not a known field", field: field)
        }
    }

    /// An optional string member: absent or null is nil.
    private static func string(_ members: [String: JSONValue], _ key: String, in parent: String?) throws(AmendsError) -> String? {
        switch members[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case _?: throw AmendsError.invalidField(path(key, in: parent), "expected a string")
        }
    }

    /// An optional object member: absent or null is nil.
    private static func object(_ members: [String: JSONValue], _ key: String, in parent: String?) throws(AmendsError) -> [String: JSONValue]? {
        switch members[key] {
        case nil, .null?: return nil
        case .object(let object)?: return object
        case _?: throw AmendsError.invalidField(path(key, in: parent), "expected an object")
        }
    }

    /// The submission for `channel`, which the caller's token decided.
    public func submission(channel: String) -> FeedbackSubmission {
        FeedbackSubmission(
            channel: channel, location: location, customer: customer, score: score, text: text,
            metadata: metadata ?? [:], occurredAt: occurredAt)
    }
}
