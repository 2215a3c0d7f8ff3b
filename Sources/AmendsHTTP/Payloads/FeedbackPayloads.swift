import AmendsApp
import AmendsCore
import AmendsJSON
import Foundation

/// A staff member's correction of how a feedback item was read.
struct LabelPayload: Decodable {
    var failure: Bool
    var category: String?

    enum CodingKeys: String, CodingKey { case failure, category }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["failure", "category"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        failure = try container.decode(Bool.self, forKey: .failure)
        category = try container.decodeIfPresent(String.self, forKey: .category)?.trimmingCharacters(in: .whitespaces)
        if let category {
            guard failure else { throw AmendsError.invalidField("category", "only a failure has a category") }
            guard !category.isEmpty, category.count <= 100 else { throw AmendsError.invalidField("category", "must be 1 to 100 characters") }
        }
    }
}

/// The label kept for a feedback item.
struct LabelResponse: Encodable {
    var feedbackID: String
    var failure: Bool
    var category: String?
    var labeledBy: String
    var labeledAt: Date

    enum CodingKeys: String, CodingKey {
        case failure, category
        case feedbackID = "feedback_id"
        case labeledBy = "labeled_by"
        case labeledAt = "labeled_at"
    }
}

/// What `POST /v1/feedback` answers.
struct FeedbackResponse: Encodable {
    struct CaseLink: Encodable {
        var id: String
        var opened: Bool
    }

    var feedback: Feedback
    var `case`: CaseLink?
    var replayed: Bool

    /// The same document `JSONEncoder` writes, built directly: this answers every intake request.
    var jsonText: String {
        var writer = JSONWriter(capacity: 1024)
        writer.object { writer in
            if let link = `case` {
                writer.key("case")
                writer.object { writer in
                    writer.member("id", link.id)
                    writer.member("opened", link.opened)
                }
            }
            writer.key("feedback")
            feedback.write(to: &writer)
            writer.member("replayed", replayed)
        }
        return writer.text
    }
}
