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

    public init(
        name: String,
        locations: [Location],
        teams: [Team],
        channels: [Channel],
        scenarios: [Scenario],
        fallbackScenario: String? = nil,
        textThreshold: Double? = nil,
        compensation: CompensationPolicy? = nil
    ) {
        self.name = name
        self.locations = locations
        self.teams = teams
        self.channels = channels
        self.scenarios = scenarios
        self.fallbackScenario = fallbackScenario
        self.textThreshold = textThreshold
        self.compensation = compensation
    }

    enum CodingKeys: String, CodingKey {
        case name, locations, teams, channels, scenarios, compensation
        case fallbackScenario = "fallback_scenario"
        case textThreshold = "text_threshold"
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

/// A place where service is given: a hotel, an airport, a restaurant, a web shop.
public struct Location: Codable, Sendable, Equatable {
    public var key: String
    public var name: String
    /// An IANA time zone such as `Europe/Lisbon`.
    public var timeZone: String
    /// Opening hours by weekday (`mon` … `sun`), each `HH:MM-HH:MM` in the location's time zone; a day left out is
    /// closed. SLAs of scenarios that count business hours run only while the location is open.
    public var openingHours: [String: String]?
    /// Days the location is closed, as `yyyy-MM-dd`.
    public var holidays: [String]?
    /// What the location may grant in compensation per calendar month; a grant beyond it needs a manager.
    public var monthlyBudget: Money?

    public init(
        key: String, name: String, timeZone: String, openingHours: [String: String]? = nil, holidays: [String]? = nil, monthlyBudget: Money? = nil
    ) {
        self.key = key
        self.name = name
        self.timeZone = timeZone
        self.openingHours = openingHours
        self.holidays = holidays
        self.monthlyBudget = monthlyBudget
    }

    enum CodingKeys: String, CodingKey {
        case key, name, holidays
        case timeZone = "time_zone"
        case openingHours = "opening_hours"
        case monthlyBudget = "monthly_budget"
    }
}

/// People who respond to a kind of failure, and the order in which they are woken.
public struct Team: Codable, Sendable, Equatable {
    public var key: String
    public var name: String
    public var members: [Member]
    /// Who is alarmed first, and who next when nobody acknowledges in time.
    public var escalation: [EscalationLevel]

    public init(key: String, name: String, members: [Member], escalation: [EscalationLevel]) {
        self.key = key
        self.name = name
        self.members = members
        self.escalation = escalation
    }

    /// The member with `key`, if the team has one.
    public func member(_ key: String) -> Member? { members.first { $0.key == key } }
}

/// A person on a team and where alarms reach them.
public struct Member: Codable, Sendable, Equatable {
    public var key: String
    public var name: String
    public var contacts: [Contact]
    /// The e-mail address of the member's staff account, when they have one: requests for their approval reach them here.
    public var staff: String?

    public init(key: String, name: String, contacts: [Contact], staff: String? = nil) {
        self.key = key
        self.name = name
        self.contacts = contacts
        self.staff = staff
    }
}

/// An address an alarm can be delivered to.
public struct Contact: Codable, Sendable, Equatable {
    /// How the alarm's body is shaped.
    public enum Format: String, Codable, Sendable, CaseIterable {
        /// JSON signed with Standard Webhooks headers.
        case standard
        /// A Slack-style incoming-webhook message (`{"text": …}`).
        case slack
    }

    /// An `http` or `https` URL that accepts a POST.
    public var webhook: String
    public var format: Format?
    /// The Standard Webhooks signing secret (`whsec_` and base64); the server's own is used when absent.
    public var secret: String?

    public init(webhook: String, format: Format? = nil, secret: String? = nil) {
        self.webhook = webhook
        self.format = format
        self.secret = secret
    }

    /// The format, defaulting to ``Format/standard``.
    public var effectiveFormat: Format { format ?? .standard }
}

/// One step of an escalation chain.
public struct EscalationLevel: Codable, Sendable, Equatable {
    /// Member keys alarmed at this level.
    public var notify: [String]
    /// How long this level has to acknowledge before the next is alarmed; the scenario's SLA when absent.
    public var after: SLADuration?

    public init(notify: [String], after: SLADuration? = nil) {
        self.notify = notify
        self.after = after
    }
}

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

/// How bad a failure is.
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case low, medium, high, critical

    var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        case .critical: 3
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

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
    /// Words and phrases that signal the failure; `*` at the end of a word matches any ending ("stain*").
    public var phrases: [String]?
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
        exclude: [String]? = nil,
        score: ScoreThresholds? = nil,
        locations: [String]? = nil,
        channels: [String]? = nil,
        categories: [String]? = nil
    ) {
        self.phrases = phrases
        self.exclude = exclude
        self.score = score
        self.locations = locations
        self.channels = channels
        self.categories = categories
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

    /// The threshold for `scale`, if this set names one.
    public func threshold(for scale: Score.Scale) -> Double? {
        switch scale {
        case .nps: nps
        case .csat: csat
        case .stars: stars
        }
    }
}

/// A message to the customer, stored with the scenario and rendered when the recovery needs it.
public struct MessageTemplate: Codable, Sendable, Equatable {
    /// What the message is for in the recovery.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case apology, update, resolution
        case followUp = "follow_up"
    }

    /// Where the message is sent.
    public enum Medium: String, Codable, Sendable, CaseIterable {
        case email, sms, chat
    }

    public var kind: Kind
    public var channel: Medium
    /// A BCP 47 language tag such as `en` or `pt-PT`.
    public var language: String
    public var subject: String?
    public var body: String

    public init(kind: Kind, channel: Medium, language: String, subject: String? = nil, body: String) {
        self.kind = kind
        self.channel = channel
        self.language = language
        self.subject = subject
        self.body = body
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

/// A span of time written as `90s`, `15m`, `2h`, `1d` or combinations such as `1h30m`.
public struct SLADuration: Codable, Sendable, Equatable, CustomStringConvertible {
    public var seconds: Int

    public init(seconds: Int) { self.seconds = seconds }

    /// Parses `text`, or returns nil when it is not a positive duration.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !trimmed.isEmpty else { return nil }
        var total = 0
        var number = 0
        var sawDigit = false
        for character in trimmed {
            if let digit = character.wholeNumberValue, character.isASCII {
                number = number * 10 + digit
                sawDigit = true
                guard number < 10_000_000 else { return nil }
            } else {
                let unit: Int
                switch character {
                case "s": unit = 1
                case "m": unit = 60
                case "h": unit = 3600
                case "d": unit = 86_400
                default: return nil
                }
                guard sawDigit else { return nil }
                total += number * unit
                number = 0
                sawDigit = false
            }
        }
        guard !sawDigit, total > 0 else { return nil }
        self.seconds = total
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            guard number > 0 else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "a duration must be positive")
            }
            self.seconds = number
            return
        }
        let text = try container.decode(String.self)
        guard let parsed = SLADuration(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(text)' is not a duration; write it like 90s, 15m, 2h, 1d or 1h30m"
            )
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String {
        var rest = seconds
        var text = ""
        for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
            text += "\(rest / size)\(unit)"
            rest %= size
        }
        return text
    }
}
