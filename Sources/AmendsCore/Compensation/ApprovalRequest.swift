import AmendsJSON
import Foundation

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
