import Foundation

extension RecoveryCase {
    /// The timeline event of `member` adding (or removing) `collaborator`, or why they may not.
    ///
    /// The owner, or a lead or above, chooses who helps; a collaborator may take themselves off.
    public func collaboration(
        _ collaborator: StaffMember, adding: Bool, by member: StaffMember, at date: Date, eventID: String
    ) throws(AmendsError) -> TimelineEvent {
        let selfRemoval = !adding && collaborator.id == member.id
        guard member.id == owner || member.role >= .lead || selfRemoval else {
            throw AmendsError(.forbidden, code: "not_owner", message: "only the case's owner or a lead chooses who helps with case \(id)")
        }
        let current = collaborators ?? []
        if adding {
            guard collaborator.disabledAt == nil else {
                throw AmendsError(.conflict, code: "staff_disabled", message: "\(collaborator.name)'s account is disabled")
            }
            guard collaborator.id != owner else { throw AmendsError(.conflict, code: "already_owner", message: "\(collaborator.name) owns case \(id)") }
            guard !current.contains(collaborator.id) else {
                throw AmendsError(.conflict, code: "already_collaborating", message: "\(collaborator.name) already helps with case \(id)")
            }
            guard collaborator.covers(location) else {
                throw AmendsError(
                    .conflict, code: "location_not_allowed", message: "\(collaborator.name) does not work location '\(location)', where case \(id) is")
            }
        } else if !current.contains(collaborator.id) {
            throw AmendsError(.notFound, code: "not_collaborating", message: "\(collaborator.name) does not help with case \(id)")
        }
        let message = adding ? "\(member.name) asked \(collaborator.name) to help." : "\(member.name) took \(collaborator.name) off the case."
        return TimelineEvent(
            id: eventID, caseID: id, at: date, kind: adding ? .collaboratorAdded : .collaboratorRemoved, actor: "staff:\(member.id)",
            message: selfRemoval ? "\(member.name) stopped helping." : message, data: ["staff_id": .string(collaborator.id)])
    }
}
