import AmendsText
import Foundation

/// What the detector concluded about one item of feedback, and why.
///
/// Rules add ``Signal``s; other detectors (a text classifier) can add their own signals and probabilities
/// without changing how a case is opened, which reads only ``failure``, ``scenario`` and ``severity``.
public struct Analysis: Codable, Sendable, Equatable {
    /// Whether the feedback reports a service failure.
    public var failure: Bool
    /// The scenario a case is opened for: the most severe match, or the playbook's fallback.
    public var scenario: String?
    public var severity: Severity?
    /// Every scenario that matched, most severe first.
    public var matches: [ScenarioMatch]
    /// Every rule that fired or was set aside, in the order found.
    public var signals: [Signal]
    /// One sentence per signal, for people.
    public var explanation: [String]
    /// The text engine's failure probability for the text (absent without text).
    public var probability: Double?
    /// The text engine's sentiment, from -1 to +1 (absent without text).
    public var sentiment: Double?
    /// The trained model's likeliest categories for the text, best first.
    public var categories: [CategoryScore]?
    /// The language the text engine read the text as (absent without text).
    public var language: String?

    public init(
        failure: Bool,
        scenario: String?,
        severity: Severity?,
        matches: [ScenarioMatch],
        signals: [Signal],
        explanation: [String],
        probability: Double? = nil,
        sentiment: Double? = nil,
        categories: [CategoryScore]? = nil,
        language: String? = nil
    ) {
        self.failure = failure
        self.scenario = scenario
        self.severity = severity
        self.matches = matches
        self.signals = signals
        self.explanation = explanation
        self.probability = probability
        self.sentiment = sentiment
        self.categories = categories
        self.language = language
    }
}

/// A scenario that matched, with the rules that made it match.
public struct ScenarioMatch: Codable, Sendable, Equatable {
    public var scenario: String
    public var severity: Severity
    /// How many rules fired for this scenario.
    public var hits: Int

    public init(scenario: String, severity: Severity, hits: Int) {
        self.scenario = scenario
        self.severity = severity
        self.hits = hits
    }
}

extension Analysis {
    /// The language to answer the customer in: the one their words were read in, unless the page they wrote on
    /// speaks the same language (its tag, "pt-BR" say, is then the finer one) or one the text engine does not read.
    /// A Spanish complaint typed on an English page is answered in Spanish.
    public func customerLanguage(page: String?) -> String? {
        guard let language, let read = TextLanguage(rawValue: language) else { return page }
        guard let page, let pageLanguage = TextLanguage(tag: page) else { return page ?? language }
        return pageLanguage == read ? page : read.rawValue
    }
}
