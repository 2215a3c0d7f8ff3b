/// What the text engine reads in one feedback text.
public struct TextVerdict: Sendable, Equatable {
    /// The probability that the text reports a service failure.
    public var probability: Double
    /// Sentiment from -1 to +1, from the lexicon.
    public var sentiment: Double
    /// The most likely categories of failure with their probabilities, best first (empty without a trained model).
    public var categories: [CategoryScore]
    /// The words and rules that moved the verdict, in words.
    public var explanation: [String]
    /// The language the text was read as.
    public var language: TextLanguage = .en

    public var failure: Bool { probability >= 0.5 }
}

/// A category of failure and how likely the text engine finds it.
public struct CategoryScore: Codable, Sendable, Equatable {
    public var name: String
    public var probability: Double

    public init(name: String, probability: Double) {
        self.name = name
        self.probability = probability
    }
}
