import Foundation

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
    /// The languages the location's customer pages offer (language tags such as `pt` or `en`); the first is the
    /// default. Every language Amends ships, and every one the playbook adds, when not set.
    public var languages: [String]?
    /// The location's logo on its customer pages: a `data:` URL of a PNG, JPEG, WebP or SVG image.
    public var logo: String?
    /// The colour of headings and buttons on the location's customer pages, as `#rrggbb`.
    public var color: String?
    /// The channel `/f/{location}` opens when no channel is named: the first channel with a feedback page when not set.
    public var feedbackChannel: String?

    public init(
        key: String, name: String, timeZone: String, openingHours: [String: String]? = nil, holidays: [String]? = nil, monthlyBudget: Money? = nil,
        languages: [String]? = nil, logo: String? = nil, color: String? = nil, feedbackChannel: String? = nil
    ) {
        self.key = key
        self.name = name
        self.timeZone = timeZone
        self.openingHours = openingHours
        self.holidays = holidays
        self.monthlyBudget = monthlyBudget
        self.languages = languages
        self.logo = logo
        self.color = color
        self.feedbackChannel = feedbackChannel
    }

    enum CodingKeys: String, CodingKey {
        case key, name, holidays, languages, logo, color
        case feedbackChannel = "feedback_channel"
        case timeZone = "time_zone"
        case openingHours = "opening_hours"
        case monthlyBudget = "monthly_budget"
    }
}
