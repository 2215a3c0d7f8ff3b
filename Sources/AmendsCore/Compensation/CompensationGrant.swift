import Foundation

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

extension AmendsError {
    /// Compensation asked for under a playbook without a compensation section.
    public static let noCompensationPolicy = AmendsError(
        .conflict, code: "no_compensation_policy", message: "the playbook has no compensation section: add a catalog and authority limits to grant remedies")
}
