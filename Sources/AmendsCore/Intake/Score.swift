import Foundation

/// A score a customer gave, on a named scale.
public struct Score: Codable, Sendable, Equatable {
    /// The scale a score is on; each has its own range.
    public enum Scale: String, Codable, Sendable, CaseIterable {
        /// Net Promoter Score question, 0–10.
        case nps
        /// Customer satisfaction, 1–5.
        case csat
        /// Star rating, 1–5.
        case stars

        /// The values a score on this scale may take.
        public var range: ClosedRange<Double> {
            switch self {
            case .nps: 0...10
            case .csat, .stars: 1...5
            }
        }

        /// The range in words, for messages.
        public var rangeDescription: String {
            switch self {
            case .nps: "0 to 10"
            case .csat, .stars: "1 to 5"
            }
        }
    }

    public var value: Double
    public var scale: Scale

    /// Whether the score is praise: 4 or 5 of 5, or an NPS promoter (9 or 10).
    public var isPraise: Bool { value >= (scale == .nps ? 9 : 4) }

    public init(value: Double, scale: Scale) {
        self.value = value
        self.scale = scale
    }
}
