import Foundation

/// A way feedback reaches the business; each has its own tokens.
public struct Channel: Codable, Sendable, Equatable {
    /// The kind of channel, which says how customers use it.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case survey, kiosk, qr, sms, email, api, chat, social, staff
    }

    public var key: String
    public var name: String
    public var kind: Kind
    /// Score thresholds for this channel, overriding the defaults.
    public var scoreThresholds: ScoreThresholds?

    public init(key: String, name: String, kind: Kind, scoreThresholds: ScoreThresholds? = nil) {
        self.key = key
        self.name = name
        self.kind = kind
        self.scoreThresholds = scoreThresholds
    }

    enum CodingKeys: String, CodingKey {
        case key, name, kind
        case scoreThresholds = "score_thresholds"
    }
}
