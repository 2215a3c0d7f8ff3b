import AmendsJSON
import Foundation

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
