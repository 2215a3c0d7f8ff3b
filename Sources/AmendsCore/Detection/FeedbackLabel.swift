import AmendsJSON
import Foundation

/// A person's correction of how a feedback item was read: failure or not, and which category.
public struct FeedbackLabel: Sendable, Equatable {
    public var feedbackID: String
    public var failure: Bool
    public var category: String?
    /// `staff:<id>`.
    public var labeledBy: String
    public var labeledAt: Date

    public init(feedbackID: String, failure: Bool, category: String?, labeledBy: String, labeledAt: Date) {
        self.feedbackID = feedbackID
        self.failure = failure
        self.category = category
        self.labeledBy = labeledBy
        self.labeledAt = labeledAt
    }

    /// The record of this label on the case of the labeled feedback.
    public func timelineEvent(id: String, caseID: String) -> TimelineEvent {
        let reading = failure ? "a failure" + (category.map { " of category '\($0)'" } ?? "") : "not a failure"
        var data: [String: JSONValue] = ["feedback_id": .string(feedbackID), "failure": .bool(failure)]
        if let category { data["category"] = .string(category) }
        return TimelineEvent(
            id: id, caseID: caseID, at: labeledAt, kind: .feedbackLabeled, actor: labeledBy, message: "Feedback \(feedbackID) labeled \(reading).", data: data)
    }
}
