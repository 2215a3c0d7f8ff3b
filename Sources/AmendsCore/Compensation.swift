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

/// One remedy of the catalog: a fixed value (a €25 voucher) or a value chosen when granting, up to a maximum (a refund).
public struct Remedy: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case refund, voucher, upgrade, points
        case freeItem = "free_item"
        case waivedFee = "waived_fee"
        case other
    }

    public var key: String
    public var kind: Kind
    public var name: String
    public var description: String?
    /// The value of a fixed remedy.
    public var value: Money?
    /// The most a remedy of chosen value may be worth.
    public var max: Money?

    public init(key: String, kind: Kind, name: String, description: String? = nil, value: Money? = nil, max: Money? = nil) {
        self.key = key
        self.kind = kind
        self.name = name
        self.description = description
        self.value = value
        self.max = max
    }

    /// The value of one grant: the fixed value, or `amount` (in the maximum's currency) when the value is chosen.
    public func value(amount: String?) throws(AmendsError) -> Money {
        if let value {
            guard amount == nil || Money(amount: amount!, currency: value.currency) == value else {
                throw AmendsError.invalidField("amount", "remedy '\(key)' is worth \(value) and cannot be granted for another amount")
            }
            return value
        }
        guard let max else { throw AmendsError.invalidField("remedy", "remedy '\(key)' has no value") }
        guard let amount else { throw AmendsError.invalidField("amount", "is required: remedy '\(key)' is granted for an amount up to \(max)") }
        guard let chosen = Money(amount: amount, currency: max.currency), chosen.minorUnits > 0 else {
            throw AmendsError.invalidField(
                "amount", "'\(amount)' is not an amount in \(max.currency) such as \"\(Money(minorUnits: 1250, currency: max.currency).amount)\"")
        }
        guard chosen.isWithin(max) else { throw AmendsError.invalidField("amount", "\(chosen) is more than remedy '\(key)' allows (\(max))") }
        return chosen
    }
}

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

    public var json: JSONValue { .object(["per_grant": perGrant.json, "per_day": perDay.json]) }
}

/// A promise a scenario makes in advance ("if your room is not clean when you arrive, your first night is on us"),
/// kept automatically: when a case of the scenario opens, its remedy is granted at once.
public struct Guarantee: Codable, Sendable, Equatable {
    /// The promise in the words customers are given.
    public var promise: String
    /// The catalog key of the remedy granted.
    public var remedy: String
    /// The amount, for a remedy whose value is chosen when granting.
    public var amount: String?

    public init(promise: String, remedy: String, amount: String? = nil) {
        self.promise = promise
        self.remedy = remedy
        self.amount = amount
    }
}

/// Compensation granted, or asked for, on a case.
public struct CompensationGrant: Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// In effect.
        case granted
        /// Beyond the asker's authority or the location's budget: waiting for someone who may approve it.
        case pending
        /// Refused by an approver.
        case denied
    }

    /// Why a grant waits for approval.
    public enum Hold: String, Codable, Sendable, CaseIterable {
        /// More than the asker may grant per grant or per day.
        case authority
        /// It would take the location past its monthly budget: a manager decides.
        case budget
    }

    public var id: String
    public var caseID: String
    public var location: String
    /// The case's customer, by ``CustomerIdentity/key``.
    public var customerKey: String?
    public var remedy: String
    public var kind: Remedy.Kind
    public var name: String
    public var value: Money
    /// Why it is given, in the asker's words.
    public var reason: String
    public var status: Status
    /// Why it waited for approval; empty when granted at once.
    public var holds: [Hold]
    /// The staff members it was routed to for approval.
    public var approvers: [String]
    /// Whether a scenario's guarantee granted it.
    public var guarantee: Bool
    /// Who asked: `staff:<id>`, or `system` for a guarantee.
    public var requestedBy: String
    public var requestedAt: Date
    /// Who granted or denied it: the asker when within their authority, else the approver.
    public var decidedBy: String?
    public var decidedAt: Date?
    public var decisionReason: String?

    public init(
        id: String, caseID: String, location: String, customerKey: String?, remedy: Remedy, value: Money, reason: String, status: Status,
        holds: [Hold] = [], approvers: [String] = [], guarantee: Bool = false, requestedBy: String, requestedAt: Date, decidedBy: String? = nil,
        decidedAt: Date? = nil, decisionReason: String? = nil
    ) {
        self.init(
            id: id, caseID: caseID, location: location, customerKey: customerKey, remedy: remedy.key, kind: remedy.kind, name: remedy.name, value: value,
            reason: reason, status: status, holds: holds, approvers: approvers, guarantee: guarantee, requestedBy: requestedBy, requestedAt: requestedAt,
            decidedBy: decidedBy, decidedAt: decidedAt, decisionReason: decisionReason)
    }

    public init(
        id: String, caseID: String, location: String, customerKey: String?, remedy: String, kind: Remedy.Kind, name: String, value: Money,
        reason: String, status: Status, holds: [Hold], approvers: [String], guarantee: Bool, requestedBy: String, requestedAt: Date,
        decidedBy: String?, decidedAt: Date?, decisionReason: String?
    ) {
        self.id = id
        self.caseID = caseID
        self.location = location
        self.customerKey = customerKey
        self.remedy = remedy
        self.kind = kind
        self.name = name
        self.value = value
        self.reason = reason
        self.status = status
        self.holds = holds
        self.approvers = approvers
        self.guarantee = guarantee
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.decisionReason = decisionReason
    }
}

extension AmendsError {
    /// Compensation asked for under a playbook without a compensation section.
    public static let noCompensationPolicy = AmendsError(
        .conflict, code: "no_compensation_policy", message: "the playbook has no compensation section: add a catalog and authority limits to grant remedies")
}

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

extension CompensationGrant {
    /// The timeline event of this grant as it now stands: granted at once, held for approval, approved or denied.
    public func event(id eventID: String, actor: String, actorName: String, at date: Date, approverNames: [String] = []) -> TimelineEvent {
        let message: String
        switch status {
        case .granted where guarantee:
            message = "Guarantee kept: \(name) (\(value)) granted automatically."
        case .granted where decidedBy != requestedBy:
            message = "\(actorName) approved \(name) (\(value))" + (decisionReason.map { ": \($0)" } ?? ".")
        case .granted:
            message = "\(actorName) granted \(name) (\(value)): \(reason)"
        case .pending:
            let why = holds.map { $0 == .authority ? "beyond their authority" : "past the location's monthly budget" }.joined(separator: " and ")
            let routed = approverNames.isEmpty ? " Nobody on staff may approve it yet." : " Routed to \(approverNames.joined(separator: ", ")) for approval."
            message = "\(actorName) asked to grant \(name) (\(value)), \(why).\(routed)"
        case .denied:
            message = "\(actorName) denied \(name) (\(value)): \(decisionReason ?? "")"
        }
        let kind: TimelineEvent.Kind =
            switch status {
            case .granted: decidedBy != requestedBy && !guarantee ? .compensationApproved : .compensationGranted
            case .pending: .compensationRequested
            case .denied: .compensationDenied
            }
        return TimelineEvent(
            id: eventID, caseID: caseID, at: date, kind: kind, actor: actor, message: message,
            data: [
                "grant_id": .string(id), "remedy": .string(remedy), "amount": .string(value.amount), "currency": .string(value.currency),
                "status": .string(status.rawValue),
            ])
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

/// The alarms that ask approvers to decide on a held grant, sent to the contacts of the team members linked to their
/// staff accounts (``Member/staff``), like an escalation's.
public struct ApprovalRequest: Sendable {
    public var grant: CompensationGrant
    public var recoveryCase: RecoveryCase
    public var requester: StaffMember
    public var playbook: Playbook

    public init(grant: CompensationGrant, recoveryCase: RecoveryCase, requester: StaffMember, playbook: Playbook) {
        self.grant = grant
        self.recoveryCase = recoveryCase
        self.requester = requester
        self.playbook = playbook
    }

    /// One alarm per contact of every team member whose staff account is among `approvers`.
    public func alarms(to approvers: [StaffMember], ids: any IdentifierSource, at now: Date) -> [Alarm] {
        StaffAlarms(playbook: playbook).alarms(to: approvers, caseID: recoveryCase.id, ids: ids, at: now) { body(format: $0, at: now) }
    }

    func body(format: Contact.Format, at now: Date) -> String {
        let location = playbook.location(grant.location)?.name ?? grant.location
        switch format {
        case .standard:
            let data: [String: JSONValue] = [
                "grant_id": .string(grant.id), "case_id": .string(recoveryCase.id), "scenario": .string(recoveryCase.scenario),
                "location": .string(grant.location), "location_name": .string(location), "remedy": .string(grant.remedy),
                "remedy_name": .string(grant.name), "value": grant.value.json, "reason": .string(grant.reason),
                "requested_by": .string(requester.id), "requested_by_name": .string(requester.name),
                "holds": .array(grant.holds.map { .string($0.rawValue) }),
            ]
            return JSONValue.object([
                "type": .string("compensation.approval_requested"), "timestamp": .string(Timestamp.string(now)), "data": .object(data),
            ]).canonicalText
        case .slack:
            let text =
                "Approval needed: \(requester.name) asks to grant \(grant.name) (\(grant.value)) on case \(recoveryCase.id) at \(location): \"\(grant.reason)\". Approve or deny grant \(grant.id)."
            return JSONValue.object(["text": .string(text)]).canonicalText
        }
    }

    /// The timeline events of the queued alarms.
    public static func events(for alarms: [Alarm], ids: any IdentifierSource, at now: Date) -> [TimelineEvent] {
        alarms.map { $0.queuedEvent(id: ids.makeID(at: now), what: "Approval request") }
    }
}

/// Which grants to list from the ledger, newest first.
public struct CompensationQuery: Sendable, Equatable {
    public var status: CompensationGrant.Status?
    public var location: String?
    /// The caller's locations; nil for every location.
    public var locations: [String]?
    public var caseID: String?
    public var customerKey: String?
    /// Only held grants routed to this staff member.
    public var approver: String?
    /// Asked for at or after this time.
    public var since: Date?
    /// Asked for before this time.
    public var until: Date?
    public var limit: Int
    /// The id after which the page starts (ids smaller than this).
    public var after: String?

    public init(
        status: CompensationGrant.Status? = nil, location: String? = nil, locations: [String]? = nil, caseID: String? = nil, customerKey: String? = nil,
        approver: String? = nil, since: Date? = nil, until: Date? = nil, limit: Int = 100, after: String? = nil
    ) {
        self.status = status
        self.location = location
        self.locations = locations
        self.caseID = caseID
        self.customerKey = customerKey
        self.approver = approver
        self.since = since
        self.until = until
        self.limit = limit
        self.after = after
    }
}

/// Fields without a value are left out, as everywhere in the API.
extension CompensationGrant: Encodable {
    enum CodingKeys: String, CodingKey {
        case id, location, remedy, kind, name, value, reason, status, holds, approvers, guarantee
        case caseID = "case_id"
        case customerKey = "customer_key"
        case requestedBy = "requested_by"
        case requestedAt = "requested_at"
        case decidedBy = "decided_by"
        case decidedAt = "decided_at"
        case decisionReason = "decision_reason"
    }
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
