import AmendsApp
import AmendsCore
import AmendsJSON
import Foundation

/// A password login.
struct LoginPayload: Decodable {
    var email: String
    var password: String

    enum CodingKeys: String, CodingKey { case email, password }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["email", "password"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        email = try container.decode(String.self, forKey: .email)
        password = try container.decode(String.self, forKey: .password)
    }
}
