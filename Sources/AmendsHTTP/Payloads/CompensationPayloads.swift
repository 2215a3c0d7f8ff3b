import AmendsApp
import AmendsCore
import AmendsJSON
import Foundation

/// Compensation to grant on a case.
struct GrantPayload: Decodable {
    var remedy: String
    /// For a remedy whose value is chosen when granting: the amount, as a decimal string in the remedy's currency.
    var amount: String?
    var reason: String

    enum CodingKeys: String, CodingKey { case remedy, amount, reason }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["remedy", "amount", "reason"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        remedy = try container.decode(String.self, forKey: .remedy)
        amount = try container.decodeIfPresent(String.self, forKey: .amount)
        reason = try container.decode(String.self, forKey: .reason).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 2000 else { throw AmendsError.invalidField("reason", "must be 1 to 2000 characters") }
    }
}

/// An approver's decision on a held grant.
struct DecisionPayload: Decodable {
    var reason: String?

    enum CodingKeys: String, CodingKey { case reason }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["reason"])
        reason = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .reason)?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if let reason, reason.isEmpty || reason.count > 2000 { throw AmendsError.invalidField("reason", "must be 1 to 2000 characters") }
    }
}
