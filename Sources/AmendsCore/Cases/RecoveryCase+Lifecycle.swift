import AmendsJSON
import Foundation

extension RecoveryCase.Status {
    /// The statuses a person may move a case to from this one. `new` leaves only by acknowledgement, which sets the owner.
    public var next: [RecoveryCase.Status] {
        switch self {
        case .new: []
        case .acknowledged: [.inProgress, .waitingOnCustomer, .resolved]
        case .inProgress: [.waitingOnCustomer, .resolved]
        case .waitingOnCustomer: [.inProgress, .resolved]
        case .resolved: [.followedUp, .closed, .reopened]
        case .followedUp: [.closed, .reopened]
        case .closed: [.reopened]
        case .reopened: [.inProgress, .waitingOnCustomer, .resolved]
        }
    }

    /// How the status reads in a sentence.
    public var words: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}

/// A move of a case to another status, worked out before anything is written.
public struct StatusChange: Sendable, Equatable {
    /// The case as it is after the move.
    public var recoveryCase: RecoveryCase
    public var event: TimelineEvent
}

extension RecoveryCase {
    /// Moves the case to `target` on `member`'s behalf, or explains why it may not move.
    ///
    /// Only the owner, or a lead or above, moves a case; it must have been acknowledged first; closing needs a root
    /// cause (given now or on an earlier resolution). The timeline event says who moved it, from where to where, and why.
    public func changing(
        to target: Status, by member: StaffMember, at date: Date, note: String?, rootCause: RootCause?, eventID: String,
        requiredSteps: [RecoveryStep] = [], doneSteps: Set<RecoveryStep> = [], playbook: Playbook? = nil
    ) throws(AmendsError) -> StatusChange {
        if target == status {
            throw AmendsError(.conflict, code: "status_unchanged", message: "case \(id) is already \(status.words)")
        }
        if target == .new || target == .acknowledged {
            throw AmendsError(
                .invalid, code: "invalid_transition", message: "a case is \(target.words) only when it opens or is acknowledged; use POST /v1/cases/\(id)/acknowledge",
                field: "status")
        }
        guard let owner else {
            throw AmendsError(.conflict, code: "not_acknowledged", message: "case \(id) has no owner yet; acknowledge it before moving it to \(target.words)")
        }
        guard mayBeMoved(by: member) else {
            throw AmendsError(.forbidden, code: "not_owner", message: "only the case's owner or a lead may move case \(id); it is owned by \(owner)")
        }
        guard status.next.contains(target) else {
            let allowed = status.next.map(\.words)
            throw AmendsError(
                .conflict, code: "illegal_transition",
                message: "case \(id) cannot go from \(status.words) to \(target.words); from \(status.words) it can go to \(allowed.joined(separator: ", "))")
        }
        if rootCause != nil && target != .resolved && target != .closed {
            throw AmendsError.invalidField("root_cause", "is recorded when a case is resolved or closed, not when it goes to \(target.words)")
        }
        if let note, note.count > 4000 { throw AmendsError.invalidField("note", "must be at most 4,000 characters") }
        if target == .resolved {
            let missing = requiredSteps.filter { !doneSteps.contains($0) && $0 != .takeOwnership }
            if !missing.isEmpty {
                throw AmendsError(
                    .conflict, code: "steps_missing",
                    message: "case \(id) cannot be resolved yet: its scenario requires \(missing.map { "'\($0.words)'" }.joined(separator: ", ")) first")
            }
        }
        let cause = try rootCause?.validated()
        var updated = self
        updated.status = target
        if let cause { updated.rootCause = cause }
        // Waiting on the customer stops the resolution clock; going on moves the deadline by the time waited.
        if target == .waitingOnCustomer {
            updated.slaPausedAt = date
        } else if let paused = slaPausedAt {
            updated.slaPausedAt = nil
            if target != .resolved && target != .closed && target != .followedUp {
                if let playbook, let plan = playbook.scenario(self.scenario) {
                    let remaining = playbook.slaSeconds(from: paused, to: resolveBy, scenario: plan, location: location)
                    updated.resolveBy = playbook.deadline(adding: remaining, to: date, scenario: plan, location: location)
                } else {
                    updated.resolveBy = date.addingTimeInterval(max(0, resolveBy.timeIntervalSince(paused)))
                }
            }
        }
        switch target {
        case .resolved: updated.resolvedAt = date
        case .closed:
            guard updated.rootCause != nil else {
                throw AmendsError(
                    .invalid, code: "root_cause_required", message: "root_cause: a case closes only with its root cause (category and description)",
                    field: "root_cause")
            }
            updated.closedAt = date
        case .reopened:
            updated.resolvedAt = nil
            updated.closedAt = nil
        default: break
        }

        var data: [String: JSONValue] = ["from": .string(status.rawValue), "to": .string(target.rawValue)]
        var message = "\(member.name) moved the case from \(status.words) to \(target.words)"
        if let cause {
            data["root_cause"] = .object(["category": .string(cause.category), "description": .string(cause.description)])
            message += "; root cause: \(cause.category)"
        }
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let note, !note.isEmpty {
            data["note"] = .string(note)
            message += ": \(note)"
        }
        let event = TimelineEvent(id: eventID, caseID: id, at: date, kind: .statusChanged, actor: "staff:\(member.id)", message: message + ".", data: data)
        return StatusChange(recoveryCase: updated, event: event)
    }

    /// Whether `member` may move the case along: it has an owner, and they are it or a lead or above.
    public func mayBeMoved(by member: StaffMember) -> Bool {
        owner != nil && (member.id == owner || member.role >= .lead)
    }

    /// The timeline event of `member` making a status link for the customer, valid until `expiresAt`.
    public static func statusLinkEvent(caseID: String, expiresAt: Date, by member: StaffMember, at date: Date, eventID: String) -> TimelineEvent {
        let until = ISO8601DateFormatter().string(from: expiresAt)
        return TimelineEvent(
            id: eventID, caseID: caseID, at: date, kind: .statusLinkMade, actor: "staff:\(member.id)",
            message: "\(member.name) made a status link for the customer, valid until \(until).", data: ["expires_at": .string(until)])
    }

    /// An internal note on the case: for staff, never shown to the customer.
    public func note(_ text: String, by member: StaffMember, at date: Date, eventID: String) throws(AmendsError) -> TimelineEvent {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw AmendsError.invalidField("text", "must not be empty") }
        guard text.count <= 4000 else { throw AmendsError.invalidField("text", "must be at most 4,000 characters") }
        return TimelineEvent(id: eventID, caseID: id, at: date, kind: .note, actor: "staff:\(member.id)", message: "\(member.name): \(text)", data: ["text": .string(text)])
    }
}
