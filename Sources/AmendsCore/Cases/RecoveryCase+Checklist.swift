import Foundation

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

extension Playbook {
    /// The checklist steps a case's scenario requires before the case may be resolved.
    public func requiredSteps(of recoveryCase: RecoveryCase) -> [RecoveryStep] {
        scenario(recoveryCase.scenario)?.requiredRecoverySteps ?? []
    }
}
