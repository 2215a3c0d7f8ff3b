import Foundation

/// Alarms to staff members, through the contacts of the team members linked to their accounts (``Member/staff``).
public struct StaffAlarms: Sendable {
    public var playbook: Playbook

    public init(playbook: Playbook) { self.playbook = playbook }

    public func alarms(to staff: [StaffMember], caseID: String, ids: any IdentifierSource, at now: Date, body: (Contact.Format) -> String) -> [Alarm] {
        let emails = Set(staff.compactMap { $0.email?.lowercased() })
        var alarms: [Alarm] = []
        var seen: Set<String> = []
        for team in playbook.teams {
            for member in team.members {
                guard let linked = member.staff?.lowercased(), emails.contains(linked), seen.insert(member.key).inserted else { continue }
                for contact in member.contacts {
                    alarms.append(
                        Alarm(
                            id: "msg_" + ids.makeID(at: now), caseID: caseID, level: 0, recipient: member.key, endpoint: contact.webhook,
                            format: contact.effectiveFormat, secret: contact.secret, body: body(contact.effectiveFormat), nextAttemptAt: now, createdAt: now))
                }
            }
        }
        return alarms
    }
}
