import Foundation

/// A customer's stay, flight or order that a survey campaign asks about: who, where and when, and how far the asking
/// has gone.
public struct Visit: Sendable, Equatable {
    /// How far the campaign has gone with a visit.
    public enum State: String, Codable, Sendable, CaseIterable {
        /// The invitation is not sent yet.
        case waiting
        /// The invitation (and perhaps the reminder) went out; no answer yet.
        case invited
        /// The customer answered: the survey's feedback is linked.
        case answered
        /// The customer asked for no more surveys, so none was sent.
        case unsubscribed
        /// Nothing could reach the customer: no address this server can send to, or the mail server or gateway refused.
        case unreachable

        public var words: String {
            switch self {
            case .waiting: "waiting to be invited"
            case .invited: "waiting for an answer"
            case .answered: "answered"
            case .unsubscribed: "not asked: unsubscribed"
            case .unreachable: "could not be reached"
            }
        }
    }

    public var id: String
    /// The survey channel whose campaign asks about it.
    public var campaign: String
    public var location: String
    public var customer: CustomerIdentity
    /// The language to ask in, when known (else the customer's stored language, else the location's first).
    public var language: String?
    /// The business's own reference (a booking, a flight, an order): a visit is stored once per campaign and reference.
    public var externalID: String?
    public var visitedAt: Date
    public var state: State
    /// When the scheduler acts next: the invitation, then the reminder; nil when nothing more is to be sent.
    public var nextAt: Date?
    public var invitedAt: Date?
    public var remindedAt: Date?
    public var answeredAt: Date?
    public var feedbackID: String?
    /// How the invitation went: email or sms.
    public var medium: MessageTemplate.Medium?
    /// Failed tries of the message now due, and the last failure.
    public var attempts: Int
    public var lastError: String?
    public var createdAt: Date
    public var createdBy: String

    public init(
        id: String, campaign: String, location: String, customer: CustomerIdentity, language: String? = nil, externalID: String? = nil, visitedAt: Date,
        state: State = .waiting, nextAt: Date?, invitedAt: Date? = nil, remindedAt: Date? = nil, answeredAt: Date? = nil, feedbackID: String? = nil,
        medium: MessageTemplate.Medium? = nil, attempts: Int = 0, lastError: String? = nil, createdAt: Date, createdBy: String
    ) {
        self.id = id
        self.campaign = campaign
        self.location = location
        self.customer = customer
        self.language = language
        self.externalID = externalID
        self.visitedAt = visitedAt
        self.state = state
        self.nextAt = nextAt
        self.invitedAt = invitedAt
        self.remindedAt = remindedAt
        self.answeredAt = answeredAt
        self.feedbackID = feedbackID
        self.medium = medium
        self.attempts = attempts
        self.lastError = lastError
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

/// One visit as a business reports it (`POST /v1/visits`, or a line of a visits file), before it is stored.
public struct VisitReport: Sendable, Equatable {
    public var campaign: String
    public var location: String
    public var customer: CustomerIdentity
    public var visitedAt: Date
    public var externalID: String?
    public var language: String?

    public init(campaign: String, location: String, customer: CustomerIdentity, visitedAt: Date, externalID: String? = nil, language: String? = nil) {
        self.campaign = campaign
        self.location = location
        self.customer = customer
        self.visitedAt = visitedAt
        self.externalID = externalID
        self.language = language
    }

    /// Checks the report against the playbook; the first problem is thrown, naming its field.
    public func validate(against playbook: Playbook) throws(AmendsError) {
        guard let channel = playbook.channel(campaign) else {
            let offered = playbook.campaigns.map(\.key)
            throw AmendsError(
                .invalid, code: "unknown_campaign",
                message: "campaign: '\(campaign)' is not a channel in the playbook"
                    + (offered.isEmpty ? "; no channel runs a campaign yet (give a survey channel a campaign)" : "; campaigns: \(offered.joined(separator: ", "))"),
                field: "campaign")
        }
        guard channel.campaign != nil else {
            throw AmendsError(
                .invalid, code: "no_campaign", message: "campaign: channel '\(campaign)' sends no surveys after visits (it has no campaign settings)",
                field: "campaign")
        }
        guard playbook.location(location) != nil else {
            throw AmendsError(.invalid, code: "unknown_location", message: "location: '\(location)' is not a location in the playbook", field: "location")
        }
        if let email = customer.email, !email.contains("@") || email.count > 320 || email.contains(where: \.isWhitespace) {
            throw AmendsError.invalidField("customer.email", "'\(email)' is not an e-mail address")
        }
        if let phone = customer.phone, phone.filter({ $0.isASCII && $0.isNumber }).count < 5 || phone.count > 40 {
            throw AmendsError.invalidField("customer.phone", "'\(phone)' is not a phone number")
        }
        if customer.email == nil && customer.phone == nil {
            throw AmendsError(.invalid, code: "missing_field", message: "customer: needs an e-mail address or a phone number to send the survey to", field: "customer")
        }
        if let name = customer.name, name.count > 200 { throw AmendsError.invalidField("customer.name", "is longer than 200 characters") }
        if let externalID, externalID.isEmpty || externalID.count > 200 {
            throw AmendsError.invalidField("external_id", "must be 1 to 200 characters")
        }
        if let language, !MessageTemplate.isLanguageTag(language) {
            throw AmendsError.invalidField("language", "'\(language)' is not a language tag such as en or pt-BR")
        }
    }

    /// The visit to store: its invitation due the campaign's delay after the visit (at once when that has passed).
    public func visit(id: String, campaign settings: SurveyCampaign, at now: Date, by actor: String) -> Visit {
        let due = visitedAt.addingTimeInterval(Double(settings.after.seconds))
        return Visit(
            id: id, campaign: campaign, location: location, customer: customer, language: language, externalID: externalID, visitedAt: visitedAt,
            nextAt: max(due, now), createdAt: now, createdBy: actor)
    }
}

/// How a campaign is going: how many visits it knows, asked, reminded, and heard back from.
public struct CampaignFigures: Sendable, Equatable, Encodable {
    public var visits: Int
    public var waiting: Int
    public var invited: Int
    public var reminded: Int
    public var answered: Int
    public var unsubscribed: Int
    public var unreachable: Int

    public init(visits: Int = 0, waiting: Int = 0, invited: Int = 0, reminded: Int = 0, answered: Int = 0, unsubscribed: Int = 0, unreachable: Int = 0) {
        self.visits = visits
        self.waiting = waiting
        self.invited = invited
        self.reminded = reminded
        self.answered = answered
        self.unsubscribed = unsubscribed
        self.unreachable = unreachable
    }

    /// Answers per invitation sent; nil before any was sent.
    public var responseRate: Double? { invited == 0 ? nil : Double(answered) / Double(invited) }

    enum CodingKeys: String, CodingKey {
        case visits, waiting, invited, reminded, answered, unsubscribed, unreachable
        case responseRate = "response_rate"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(visits, forKey: .visits)
        try container.encode(waiting, forKey: .waiting)
        try container.encode(invited, forKey: .invited)
        try container.encode(reminded, forKey: .reminded)
        try container.encode(answered, forKey: .answered)
        try container.encode(unsubscribed, forKey: .unsubscribed)
        try container.encode(unreachable, forKey: .unreachable)
        if let responseRate { try container.encode((responseRate * 1000).rounded() / 1000, forKey: .responseRate) } else { try container.encodeNil(forKey: .responseRate) }
    }
}

/// What a customer told Amends about being contacted: their language, when they agreed to be contacted, and when
/// they asked for no more surveys.
public struct CustomerPreferences: Sendable, Equatable, Encodable {
    public var language: String?
    public var contactConsentAt: Date?
    public var unsubscribedAt: Date?

    public init(language: String? = nil, contactConsentAt: Date? = nil, unsubscribedAt: Date? = nil) {
        self.language = language
        self.contactConsentAt = contactConsentAt
        self.unsubscribedAt = unsubscribedAt
    }

    enum CodingKeys: String, CodingKey {
        case language
        case contactConsentAt = "contact_consent_at"
        case unsubscribedAt = "unsubscribed_at"
    }
}
