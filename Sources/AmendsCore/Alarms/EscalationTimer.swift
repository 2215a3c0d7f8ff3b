import Foundation

/// A persisted timer: when it is due and the case has not been acknowledged, the next level is alarmed.
public struct EscalationTimer: Codable, Sendable, Equatable {
    public var id: String
    public var caseID: String
    /// The level alarmed when the timer fires; one past the chain's end means "the chain is exhausted".
    public var level: Int
    public var dueAt: Date

    public init(id: String, caseID: String, level: Int, dueAt: Date) {
        self.id = id
        self.caseID = caseID
        self.level = level
        self.dueAt = dueAt
    }

    enum CodingKeys: String, CodingKey {
        case id, level
        case caseID = "case_id"
        case dueAt = "due_at"
    }
}
