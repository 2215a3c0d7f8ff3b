import Foundation

/// What is already granted that a new grant is weighed against.
public struct CompensationTotals: Sendable, Equatable {
    /// What each staff member granted or approved today, by staff id, in each currency.
    public var grantedToday: [String: [String: Int64]]
    /// What the location granted this month, in each currency (guarantees included).
    public var spentThisMonth: [String: Int64]

    public init(grantedToday: [String: [String: Int64]] = [:], spentThisMonth: [String: Int64] = [:]) {
        self.grantedToday = grantedToday
        self.spentThisMonth = spentThisMonth
    }

    /// What `staffID` granted today in `currency`.
    public func grantedToday(by staffID: String, in currency: String) -> Money {
        Money(minorUnits: grantedToday[staffID]?[currency] ?? 0, currency: currency)
    }
}
