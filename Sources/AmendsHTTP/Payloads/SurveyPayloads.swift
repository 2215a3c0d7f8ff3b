import AmendsApp
import AmendsCore
import AmendsJSON
import Foundation

/// A customer's answer to the follow-up survey, as JSON.
struct SurveyPayload: Decodable {
    var satisfaction: Int
    var recommend: Int
    var comment: String?

    enum CodingKeys: String, CodingKey { case satisfaction, recommend, comment }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["satisfaction", "recommend", "comment"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        satisfaction = try container.decode(Int.self, forKey: .satisfaction)
        recommend = try container.decode(Int.self, forKey: .recommend)
        comment = try container.decodeIfPresent(String.self, forKey: .comment)
    }
}
