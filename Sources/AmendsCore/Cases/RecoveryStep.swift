import Foundation

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
