import Foundation

/// A kind of failure the business plans for: how to spot it, who responds, how fast, and what to offer.
public struct Scenario: Codable, Sendable, Equatable {
    public var key: String
    public var name: String
    public var description: String?
    public var severity: Severity
    /// The responding team's key.
    public var team: String
    public var acknowledgeWithin: SLADuration
    public var resolveWithin: SLADuration
    public var detection: DetectionRules?
    public var templates: [MessageTemplate]?
    public var compensation: CompensationGuidance?
    /// Steps of the recovery checklist that must be done before a case of this scenario may be resolved, by name
    /// (`apologize`, `fix`, `above_and_beyond`; see ``RecoveryStep``).
    public var requiredSteps: [String]?
    /// Whether the SLAs (and escalation waits) run in real time or only in the location's business hours.
    public var slaClock: SLAClock?
    /// A promise kept automatically: when a case of this scenario opens, its remedy is granted and the customer told.
    public var guarantee: Guarantee?
    /// How long after resolution the follow-up survey goes out (a day when not set).
    public var followUpAfter: SLADuration?
    /// How soon the customer must first hear from a person (a message, or an apology on the checklist); no
    /// first-response SLA when not set.
    public var respondWithin: SLADuration?
    /// How long before a deadline (first response, resolution) the team is warned; a fifth of the SLA when not set.
    public var warnBefore: SLADuration?

    /// How a scenario's SLAs count time.
    public enum SLAClock: String, Codable, Sendable, Equatable {
        case realTime = "real_time"
        case businessHours = "business_hours"
    }

    public init(
        key: String,
        name: String,
        description: String? = nil,
        severity: Severity,
        team: String,
        acknowledgeWithin: SLADuration,
        resolveWithin: SLADuration,
        detection: DetectionRules? = nil,
        templates: [MessageTemplate]? = nil,
        compensation: CompensationGuidance? = nil,
        requiredSteps: [String]? = nil,
        slaClock: SLAClock? = nil,
        guarantee: Guarantee? = nil,
        followUpAfter: SLADuration? = nil,
        respondWithin: SLADuration? = nil,
        warnBefore: SLADuration? = nil
    ) {
        self.key = key
        self.name = name
        self.description = description
        self.severity = severity
        self.team = team
        self.acknowledgeWithin = acknowledgeWithin
        self.resolveWithin = resolveWithin
        self.detection = detection
        self.templates = templates
        self.compensation = compensation
        self.requiredSteps = requiredSteps
        self.slaClock = slaClock
        self.guarantee = guarantee
        self.followUpAfter = followUpAfter
        self.respondWithin = respondWithin
        self.warnBefore = warnBefore
    }

    enum CodingKeys: String, CodingKey {
        case key, name, description, severity, team, detection, templates, compensation, guarantee
        case acknowledgeWithin = "acknowledge_within"
        case resolveWithin = "resolve_within"
        case requiredSteps = "required_steps"
        case slaClock = "sla_clock"
        case followUpAfter = "follow_up_after"
        case respondWithin = "respond_within"
        case warnBefore = "warn_before"
    }

    /// The steps required before resolving, those the checklist knows.
    public var requiredRecoverySteps: [RecoveryStep] { (requiredSteps ?? []).compactMap(RecoveryStep.init(rawValue:)) }
}

/// How feedback is recognised as this scenario.
public struct DetectionRules: Codable, Sendable, Equatable {
    /// Words and phrases that signal the failure in any language; `*` at the end of a word matches any ending ("stain*").
    public var phrases: [String]?
    /// Words and phrases that signal the failure in text read as one language, by language tag ("es": ["sucio*"]).
    /// They match with or without accents, and negation is read with that language's words ("no estaba limpia").
    /// Written in the playbook as `phrases:` given as a map of languages (its `any` entry is ``phrases``).
    public var phrasesByLanguage: [String: [String]]?
    /// Phrases that, when present, keep this scenario from matching (for example "clean towels" in a laundry scenario).
    public var exclude: [String]?
    /// When set, a score at or below these thresholds matches this scenario on its own.
    public var score: ScoreThresholds?
    /// When set, the scenario matches only feedback from these locations.
    public var locations: [String]?
    /// When set, the scenario matches only feedback from these channels.
    public var channels: [String]?
    /// Categories of the trained text model that mean this scenario: a failure the text engine puts in one of them
    /// opens this scenario when no phrase matched.
    public var categories: [String]?

    public init(
        phrases: [String]? = nil,
        phrasesByLanguage: [String: [String]]? = nil,
        exclude: [String]? = nil,
        score: ScoreThresholds? = nil,
        locations: [String]? = nil,
        channels: [String]? = nil,
        categories: [String]? = nil
    ) {
        self.phrases = phrases
        self.phrasesByLanguage = phrasesByLanguage
        self.exclude = exclude
        self.score = score
        self.locations = locations
        self.channels = channels
        self.categories = categories
    }

    /// The key of ``phrasesByLanguage``'s entry for phrases in every language.
    public static let anyLanguage = "any"

    enum CodingKeys: String, CodingKey {
        case phrases, exclude, score, locations, channels, categories
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let byLanguage = try? container.decodeIfPresent([String: [String]].self, forKey: .phrases) {
            var byLanguage = byLanguage
            phrases = byLanguage.removeValue(forKey: Self.anyLanguage)
            phrasesByLanguage = byLanguage
        } else {
            phrases = try container.decodeIfPresent([String].self, forKey: .phrases)
        }
        exclude = try container.decodeIfPresent([String].self, forKey: .exclude)
        score = try container.decodeIfPresent(ScoreThresholds.self, forKey: .score)
        locations = try container.decodeIfPresent([String].self, forKey: .locations)
        channels = try container.decodeIfPresent([String].self, forKey: .channels)
        categories = try container.decodeIfPresent([String].self, forKey: .categories)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if var byLanguage = phrasesByLanguage {
            if let phrases { byLanguage[Self.anyLanguage] = phrases }
            try container.encode(byLanguage, forKey: .phrases)
        } else {
            try container.encodeIfPresent(phrases, forKey: .phrases)
        }
        try container.encodeIfPresent(exclude, forKey: .exclude)
        try container.encodeIfPresent(score, forKey: .score)
        try container.encodeIfPresent(locations, forKey: .locations)
        try container.encodeIfPresent(channels, forKey: .channels)
        try container.encodeIfPresent(categories, forKey: .categories)
    }
}

/// Highest scores that still count as a failure, per scale.
public struct ScoreThresholds: Codable, Sendable, Equatable {
    public var nps: Double?
    public var csat: Double?
    public var stars: Double?

    public init(nps: Double? = nil, csat: Double? = nil, stars: Double? = nil) {
        self.nps = nps
        self.csat = csat
        self.stars = stars
    }

    /// The usual thresholds: an NPS detractor (≤ 6), CSAT ≤ 2, two stars or fewer.
    public static let standard = ScoreThresholds(nps: 6, csat: 2, stars: 2)

    /// The one scale this set names a threshold for; nil when it names none or several.
    public var onlyScale: Score.Scale? {
        let named = Score.Scale.allCases.filter { threshold(for: $0) != nil }
        return named.count == 1 ? named[0] : nil
    }

    /// The threshold for `scale`, if this set names one.
    public func threshold(for scale: Score.Scale) -> Double? {
        switch scale {
        case .nps: nps
        case .csat: csat
        case .stars: stars
        }
    }
}

/// What the scenario suggests offering the customer.
public struct CompensationGuidance: Codable, Sendable, Equatable {
    public var remedies: [SuggestedRemedy]
    public var note: String?

    public init(remedies: [SuggestedRemedy], note: String? = nil) {
        self.remedies = remedies
        self.note = note
    }
}

/// One suggested remedy with its value range.
public struct SuggestedRemedy: Codable, Sendable, Equatable {
    /// The kind of remedy: refund, voucher, upgrade, points, free_item, waived_fee…
    public var kind: String
    public var description: String?
    /// Decimal amounts written as strings ("20.00") so money never passes through floating point.
    public var min: String?
    public var max: String?
    /// An ISO 4217 currency code.
    public var currency: String?

    public init(kind: String, description: String? = nil, min: String? = nil, max: String? = nil, currency: String? = nil) {
        self.kind = kind
        self.description = description
        self.min = min
        self.max = max
        self.currency = currency
    }
}
