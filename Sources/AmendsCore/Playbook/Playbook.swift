import Foundation

/// The plan: where the business operates, who responds, how feedback arrives and which failures to watch for.
///
/// A playbook is data, imported and exported as YAML; the running server detects and alarms by it.
public struct Playbook: Codable, Sendable, Equatable {
    public var name: String
    public var locations: [Location]
    public var teams: [Team]
    public var channels: [Channel]
    public var scenarios: [Scenario]
    /// The scenario opened when a score alone, or the text engine alone, marks a failure and no scenario matched the words.
    public var fallbackScenario: String?
    /// The failure probability at which the text engine alone marks a failure (0.5 to 1; default 0.5; 1 leaves
    /// the decision to the playbook's rules).
    public var textThreshold: Double?
    /// The remedies staff can grant and how much each role may grant without asking.
    public var compensation: CompensationPolicy?
    /// How messages address a customer whose name is not known, per language tag (`{"en": "guest"}`); languages not
    /// given use the built-in word (``Playbook/builtInUnnamedCustomer``).
    public var unnamedCustomer: [String: String]?
    /// The words of the customer pages, by language tag and text name (see ``PageText/Key``): changes the shipped
    /// words, or adds a language (which must then give every text).
    public var pageTexts: [String: [String: String]]?

    public init(
        name: String,
        locations: [Location],
        teams: [Team],
        channels: [Channel],
        scenarios: [Scenario],
        fallbackScenario: String? = nil,
        textThreshold: Double? = nil,
        compensation: CompensationPolicy? = nil,
        unnamedCustomer: [String: String]? = nil,
        pageTexts: [String: [String: String]]? = nil
    ) {
        self.name = name
        self.locations = locations
        self.teams = teams
        self.channels = channels
        self.scenarios = scenarios
        self.fallbackScenario = fallbackScenario
        self.textThreshold = textThreshold
        self.compensation = compensation
        self.unnamedCustomer = unnamedCustomer
        self.pageTexts = pageTexts
    }

    enum CodingKeys: String, CodingKey {
        case name, locations, teams, channels, scenarios, compensation
        case fallbackScenario = "fallback_scenario"
        case textThreshold = "text_threshold"
        case unnamedCustomer = "unnamed_customer"
        case pageTexts = "page_texts"
    }

    /// The location with `key`, if the playbook has one.
    public func location(_ key: String) -> Location? { locations.first { $0.key == key } }
    /// The team with `key`, if the playbook has one.
    public func team(_ key: String) -> Team? { teams.first { $0.key == key } }
    /// The channel with `key`, if the playbook has one.
    public func channel(_ key: String) -> Channel? { channels.first { $0.key == key } }
    /// The scenario with `key`, if the playbook has one.
    public func scenario(_ key: String) -> Scenario? { scenarios.first { $0.key == key } }
}
