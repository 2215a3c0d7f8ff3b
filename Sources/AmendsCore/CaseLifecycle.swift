import Foundation

/// Why a failure happened, recorded before a case may close: a category to count failures by, and the story.
public struct RootCause: Codable, Sendable, Equatable {
    public var category: String
    public var description: String

    public init(category: String, description: String) {
        self.category = category
        self.description = description
    }

    /// Checks the lengths a person can reasonably write; `field` names where the root cause came from.
    public func validated(field: String = "root_cause") throws(AmendsError) -> RootCause {
        let category = category.trimmingCharacters(in: .whitespacesAndNewlines)
        let description = description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !category.isEmpty, category.count <= 100 else { throw AmendsError.invalidField("\(field).category", "must be 1 to 100 characters") }
        guard !description.isEmpty, description.count <= 4000 else {
            throw AmendsError.invalidField("\(field).description", "must be 1 to 4,000 characters")
        }
        return RootCause(category: category, description: description)
    }
}

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

extension Playbook {
    /// The checklist steps a case's scenario requires before the case may be resolved.
    public func requiredSteps(of recoveryCase: RecoveryCase) -> [RecoveryStep] {
        scenario(recoveryCase.scenario)?.requiredRecoverySteps ?? []
    }
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
        guard member.id == owner || member.role >= .lead else {
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

/// A step of the recovery checklist, in the order a good recovery takes them.
public enum RecoveryStep: String, Codable, Sendable, CaseIterable {
    /// Someone owns the case: done by acknowledging it.
    case takeOwnership = "take_ownership"
    case apologize
    /// Understand what went wrong and fix it.
    case fix
    /// Offer something above and beyond putting it right.
    case aboveAndBeyond = "above_and_beyond"
    /// Check with the customer after resolving.
    case followUp = "follow_up"

    public var words: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}

/// One line of a case's checklist: the step, whether the scenario requires it before resolving, and who did it.
public struct ChecklistItem: Codable, Sendable, Equatable {
    public var step: RecoveryStep
    public var required: Bool
    public var done: Bool
    public var doneAt: Date?
    /// Who did it: `staff:<id>`.
    public var doneBy: String?
    /// What was done, in their words.
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case step, required, done, note
        case doneAt = "done_at"
        case doneBy = "done_by"
    }
}

extension RecoveryCase {
    /// The event that did each step, from a case's timeline: its acknowledgement for taking ownership, then the
    /// steps staff recorded (the first record of each).
    public static func completedSteps(_ timeline: [TimelineEvent]) -> [RecoveryStep: TimelineEvent] {
        var done: [RecoveryStep: TimelineEvent] = [:]
        for event in timeline {
            let step: RecoveryStep? =
                switch event.kind {
                case .acknowledged: .takeOwnership
                case .stepCompleted: if case .string(let name)? = event.data["step"] { RecoveryStep(rawValue: name) } else { nil }
                default: nil
                }
            if let step, done[step] == nil { done[step] = event }
        }
        return done
    }

    /// The checklist as it stands on `timeline`, every step in order.
    public static func checklist(_ timeline: [TimelineEvent], required: [RecoveryStep]) -> [ChecklistItem] {
        let done = completedSteps(timeline)
        return RecoveryStep.allCases.map { step in
            let event = done[step]
            var note: String?
            if case .string(let text)? = event?.data["note"], event?.kind == .stepCompleted { note = text }
            return ChecklistItem(
                step: step, required: required.contains(step) || step == .takeOwnership, done: event != nil, doneAt: event?.at, doneBy: event?.actor,
                note: note)
        }
    }

    /// The timeline event of `member` doing `step`, or why it cannot be recorded now.
    public func recording(
        _ step: RecoveryStep, by member: StaffMember, at date: Date, note: String, done: Set<RecoveryStep>, eventID: String
    ) throws(AmendsError) -> TimelineEvent {
        if step == .takeOwnership {
            throw AmendsError(.invalid, code: "invalid_step", message: "step: ownership is taken by acknowledging the case (POST /v1/cases/\(id)/acknowledge)", field: "step")
        }
        guard owner != nil else {
            throw AmendsError(.conflict, code: "not_acknowledged", message: "case \(id) has no owner yet; acknowledge it before recording steps")
        }
        if done.contains(step) { throw AmendsError(.conflict, code: "step_done", message: "'\(step.words)' is already done on case \(id)") }
        if step == .followUp {
            guard status == .resolved || status == .followedUp else {
                throw AmendsError(.conflict, code: "not_resolved", message: "case \(id) is \(status.words); follow up once it is resolved")
            }
        } else if !status.isOpen {
            throw AmendsError(.conflict, code: "case_not_open", message: "case \(id) is \(status.words); reopen it to record '\(step.words)'")
        }
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw AmendsError.invalidField("note", "say what was done") }
        guard note.count <= 4000 else { throw AmendsError.invalidField("note", "must be at most 4,000 characters") }
        return TimelineEvent(
            id: eventID, caseID: id, at: date, kind: .stepCompleted, actor: "staff:\(member.id)", message: "\(member.name) did '\(step.words)': \(note)",
            data: ["step": .string(step.rawValue), "note": .string(note)])
    }
}

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
