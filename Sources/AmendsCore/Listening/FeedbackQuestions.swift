import Foundation

/// What a channel's feedback page asks, besides "what happened?" and the optional contact: the rating scale, and
/// extra single-choice questions such as "which area?".
public struct FeedbackQuestions: Codable, Sendable, Equatable {
    /// The scale of the rating: stars (1–5), CSAT (1–5) or NPS (0–10). Stars when not set.
    public var rating: Score.Scale?
    /// Extra questions, each answered by choosing one option (or none).
    public var choices: [Choice]?

    public init(rating: Score.Scale? = nil, choices: [Choice]? = nil) {
        self.rating = rating
        self.choices = choices
    }

    /// A single-choice question.
    public struct Choice: Codable, Sendable, Equatable {
        public var key: String
        public var text: LocalizedText
        public var options: [Option]

        public init(key: String, text: LocalizedText, options: [Option]) {
            self.key = key
            self.text = text
            self.options = options
        }
    }

    /// One answer a choice offers.
    public struct Option: Codable, Sendable, Equatable {
        public var key: String
        public var text: LocalizedText

        public init(key: String, text: LocalizedText) {
            self.key = key
            self.text = text
        }
    }

    /// The scale a page shows.
    public var scale: Score.Scale { rating ?? .stars }
}
