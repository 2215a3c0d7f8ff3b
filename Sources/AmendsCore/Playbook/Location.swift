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
