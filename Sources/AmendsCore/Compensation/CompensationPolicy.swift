import Foundation

/// How the business compensates customers: the remedies it offers, and how much each role may grant on its own.
public struct CompensationPolicy: Codable, Sendable, Equatable {
    /// The remedies staff can grant.
    public var catalog: [Remedy]
    /// How much each role may grant without asking, keyed by role (`frontline`, `lead`, `manager`, `admin`). A role
    /// left out may grant nothing on its own: every grant it makes waits for approval.
    public var authority: [String: AuthorityLimit]?

    public init(catalog: [Remedy], authority: [String: AuthorityLimit]? = nil) {
        self.catalog = catalog
        self.authority = authority
    }

    /// The remedy with `key`, if the catalog has one.
    public func remedy(_ key: String) -> Remedy? { catalog.first { $0.key == key } }

    /// The limit a staff member works under: their own, if they have one, else their role's.
    public func limit(for member: StaffMember) -> AuthorityLimit? {
        member.authority ?? authority?[member.role.rawValue]
    }
}

extension Playbook {
    /// The start of the day and of the month that `date` falls in, at `location`'s time zone (UTC for an unknown
    /// location): the windows of authority's daily limits and budgets' months.
    public func compensationWindows(at date: Date, location: String) -> (day: Date, month: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = self.location(location).flatMap { TimeZone(identifier: $0.timeZone) } ?? TimeZone(identifier: "UTC")!
        let day = calendar.startOfDay(for: date)
        let month = calendar.date(from: calendar.dateComponents([.year, .month], from: date)) ?? day
        return (day, month)
    }

    /// The rules of granting at `location`, or nil when the playbook has no compensation policy.
    public func compensationRules(at location: String) -> CompensationRules? {
        guard let compensation else { return nil }
        return CompensationRules(policy: compensation, budget: self.location(location)?.monthlyBudget)
    }
}
