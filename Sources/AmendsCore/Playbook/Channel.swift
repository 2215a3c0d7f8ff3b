import Foundation

/// A way feedback reaches the business; each has its own tokens.
public struct Channel: Codable, Sendable, Equatable {
    /// The kind of channel, which says how customers use it.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case survey, kiosk, qr, web, sms, email, api, chat, social, staff

        /// The medium customers' replies come in by on a channel of this kind, for the kinds that take replies.
        public var replyMedium: MessageTemplate.Medium? {
            switch self {
            case .email: .email
            case .sms: .sms
            case .chat: .chat
            default: nil
            }
        }

        /// Whether customers answer on a channel of this kind through Amends' own feedback page (`/f/{location}/{channel}`):
        /// a survey link, a kiosk, a QR code, or a form on the business's web site.
        public var hasFeedbackPage: Bool {
            switch self {
            case .survey, .kiosk, .qr, .web: true
            default: false
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
    /// What the channel's feedback page asks: the rating scale and extra single-choice questions.
    public var questions: FeedbackQuestions?
    /// For a survey channel: when it writes to customers after a visit (see ``SurveyCampaign``).
    public var campaign: SurveyCampaign?

    public init(
        key: String, name: String, kind: Kind, scoreThresholds: ScoreThresholds? = nil, secret: String? = nil, questions: FeedbackQuestions? = nil,
        campaign: SurveyCampaign? = nil
    ) {
        self.key = key
        self.name = name
        self.kind = kind
        self.scoreThresholds = scoreThresholds
        self.secret = secret
        self.questions = questions
        self.campaign = campaign
    }

    enum CodingKeys: String, CodingKey {
        case key, name, kind, secret, questions, campaign
        case scoreThresholds = "score_thresholds"
    }
}
