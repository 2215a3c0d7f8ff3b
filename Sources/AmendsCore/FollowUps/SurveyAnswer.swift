import Foundation

/// The customer's judgement of a recovery: asked after resolution, by a survey behind a signed link.
///
/// A case's outcome is this answer, not the effort logged on it.
public struct SurveyAnswer: Sendable, Equatable, Encodable {
    /// "Are you satisfied with how we handled it?", 1 (not at all) to 5 (completely).
    public var satisfaction: Int
    /// "How likely are you to come back or recommend us?", 0 to 10.
    public var recommend: Int
    public var comment: String?
    public var answeredAt: Date

    public init(satisfaction: Int, recommend: Int, comment: String?, answeredAt: Date) {
        self.satisfaction = satisfaction
        self.recommend = recommend
        self.comment = comment
        self.answeredAt = answeredAt
    }

    enum CodingKeys: String, CodingKey {
        case satisfaction, recommend, comment
        case answeredAt = "answered_at"
    }

    /// Checks the ranges and the comment's length.
    public func validated() throws(AmendsError) -> SurveyAnswer {
        guard (1...5).contains(satisfaction) else { throw AmendsError.invalidField("satisfaction", "must be a whole number from 1 to 5") }
        guard (0...10).contains(recommend) else { throw AmendsError.invalidField("recommend", "must be a whole number from 0 to 10") }
        var answer = self
        answer.comment = comment?.trimmingCharacters(in: .whitespacesAndNewlines)
        if answer.comment?.isEmpty == true { answer.comment = nil }
        if let comment = answer.comment, comment.count > 4000 { throw AmendsError.invalidField("comment", "must be at most 4,000 characters") }
        return answer
    }

    /// Not satisfied with how it was handled: 1 or 2 of 5.
    public var dissatisfied: Bool { satisfaction <= 2 }
}
