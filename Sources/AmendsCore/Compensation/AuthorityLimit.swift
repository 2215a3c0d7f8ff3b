import AmendsJSON
import Foundation

/// How much a person may grant without asking: per grant, and in total per day (the location's day).
public struct AuthorityLimit: Codable, Sendable, Equatable {
    public var perGrant: Money
    public var perDay: Money

    public init(perGrant: Money, perDay: Money) {
        self.perGrant = perGrant
        self.perDay = perDay
    }

    enum CodingKeys: String, CodingKey {
        case perGrant = "per_grant"
        case perDay = "per_day"
    }

    /// Whether a grant of `value` fits, given what was already granted today in the same currency.
    public func covers(_ value: Money, grantedToday: Money?) -> Bool {
        guard value.isWithin(perGrant) else { return false }
        let today = grantedToday ?? .zero(value.currency)
        guard let total = today.adding(value) else { return false }
        return total.isWithin(perDay)
    }

    /// What may still be granted today without asking, after `grantedToday` (in the day limit's currency).
    public func leftToday(grantedToday: Money) -> Money {
        Money(minorUnits: max(0, perDay.minorUnits - grantedToday.minorUnits), currency: perDay.currency)
    }

    public var json: JSONValue { .object(["per_grant": perGrant.json, "per_day": perDay.json]) }
}

extension AuthorityLimit {
    /// Refuses a limit whose amounts are in different currencies or whose per-grant amount exceeds its daily one.
    public func validate(field: String) throws(AmendsError) {
        guard perGrant.currency == perDay.currency else {
            throw AmendsError.invalidField("\(field).per_day", "is in \(perDay.currency) but per_grant is in \(perGrant.currency)")
        }
        guard perGrant.minorUnits <= perDay.minorUnits else { throw AmendsError.invalidField("\(field).per_grant", "is more than per_day") }
    }
}
