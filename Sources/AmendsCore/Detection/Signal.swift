import AmendsText
import Foundation

/// One piece of evidence found by a rule.
public struct Signal: Codable, Sendable, Equatable {
    /// Which rule produced the signal.
    public enum Rule: String, Codable, Sendable {
        /// A low score on its scale.
        case score
        /// The text engine's verdict on the words.
        case text
        /// A scenario's phrase found in the text.
        case phrase
        /// A phrase found but negated ("not dirty"), so it does not count.
        case negated
        /// A phrase found but one of the scenario's exclusions was present.
        case excluded
    }

    public var rule: Rule
    public var scenario: String?
    /// The phrase as written in the playbook.
    public var pattern: String?
    /// The words of the feedback that matched, as the customer wrote them.
    public var matched: String?
    /// Whether this signal counts toward a failure.
    public var counts: Bool

    public init(rule: Rule, scenario: String?, pattern: String?, matched: String?, counts: Bool) {
        self.rule = rule
        self.scenario = scenario
        self.pattern = pattern
        self.matched = matched
        self.counts = counts
    }
}
