import Foundation

/// A way feedback reaches the business; each has its own tokens.
public struct Channel: Codable, Sendable, Equatable {
    /// The kind of channel, which says how customers use it.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case survey, kiosk, qr, sms, email, api, chat, social, staff

        /// The medium customers' replies come in by on a channel of this kind, for the kinds that take replies.
        public var replyMedium: MessageTemplate.Medium? {
            switch self {
            case .email: .email
            case .sms: .sms
            case .chat: .chat
            default: nil
            }
        }
    }

    public var key: String
    public var name: String
    public var kind: Kind
    /// Score thresholds for this channel, overriding the defaults.
    public var scoreThresholds: ScoreThresholds?
    /// The Standard Webhooks secret (`whsec_…`) the channel's gateway signs customers' replies with; an `email`, `sms` or
    /// `chat` channel takes replies only with one.
    public var secret: String?

    public init(key: String, name: String, kind: Kind, scoreThresholds: ScoreThresholds? = nil, secret: String? = nil) {
        self.key = key
        self.name = name
        self.kind = kind
        self.scoreThresholds = scoreThresholds
        self.secret = secret
    }

    enum CodingKeys: String, CodingKey {
        case key, name, kind, secret
        case scoreThresholds = "score_thresholds"
    }
}
