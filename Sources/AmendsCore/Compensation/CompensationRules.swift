import Foundation

/// The rules of granting: who may grant what on their own, what needs approval, and who may approve it.
///
/// Pure: the store gathers the totals inside its transaction and applies the decision.
public struct CompensationRules: Sendable {
    public var policy: CompensationPolicy
    /// The location's monthly budget, if it has one.
    public var budget: Money?

    public init(policy: CompensationPolicy, budget: Money?) {
        self.policy = policy
        self.budget = budget
    }

    /// Why `member` may not grant `value` on their own; empty when they may.
    public func holds(granting value: Money, by member: StaffMember, totals: CompensationTotals) -> [CompensationGrant.Hold] {
        var holds: [CompensationGrant.Hold] = []
        let limit = policy.limit(for: member)
        if limit?.covers(value, grantedToday: totals.grantedToday(by: member.id, in: value.currency)) != true { holds.append(.authority) }
        if !withinBudget(value, totals: totals) && member.role < .manager { holds.append(.budget) }
        return holds
    }

    /// Whether granting `value` keeps the location within its monthly budget (always, without a budget).
    public func withinBudget(_ value: Money, totals: CompensationTotals) -> Bool {
        guard let budget else { return true }
        let spent = Money(minorUnits: totals.spentThisMonth[value.currency] ?? 0, currency: value.currency)
        guard let total = spent.adding(value) else { return false }
        return total.isWithin(budget)
    }

    /// Whether `member` may approve `grant`: someone else, working its location, whose own authority covers it, and a
    /// manager or above when it is held by the budget.
    public func mayApprove(_ grant: CompensationGrant, by member: StaffMember, totals: CompensationTotals) -> Bool {
        guard member.disabledAt == nil, member.covers(grant.location), "staff:\(member.id)" != grant.requestedBy else { return false }
        return holds(granting: grant.value, by: member, totals: totals).isEmpty
    }

    /// Whom a held grant is routed to: of the staff who may approve it, those of the lowest role, as an escalation
    /// starts with its first level.
    public func approvers(for grant: CompensationGrant, among staff: [StaffMember], totals: CompensationTotals) -> [StaffMember] {
        let able = staff.filter { mayApprove(grant, by: $0, totals: totals) }
        guard let lowest = able.map(\.role).min() else { return [] }
        return able.filter { $0.role == lowest }.sorted { $0.id < $1.id }
    }

    /// Refuses, with a 403 naming what is missing, an approval `member` may not give.
    public func requireApproval(_ grant: CompensationGrant, by member: StaffMember, totals: CompensationTotals) throws(AmendsError) {
        guard "staff:\(member.id)" != grant.requestedBy else {
            throw AmendsError(.forbidden, code: "own_request", message: "a grant you asked for must be approved by someone else")
        }
        let holds = holds(granting: grant.value, by: member, totals: totals)
        if holds.contains(.authority) {
            let limit = policy.limit(for: member)
            throw AmendsError(
                .forbidden, code: "beyond_authority",
                message: "\(grant.value) is beyond \(member.name)'s authority"
                    + (limit.map { " (\($0.perGrant) per grant, \($0.perDay) per day)" } ?? " (no authority to grant)"))
        }
        if holds.contains(.budget) {
            throw AmendsError(.forbidden, code: "budget_needs_manager", message: "this grant takes '\(grant.location)' past its monthly budget; a manager decides")
        }
    }
}
