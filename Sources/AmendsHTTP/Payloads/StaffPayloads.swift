import AmendsApp
import AmendsCore
import AmendsJSON
import Foundation

/// A new staff account.
struct StaffPayload: Decodable {
    var name: String
    var email: String?
    var role: StaffMember.Role
    var locations: [String]?
    /// Their own compensation authority, when it differs from their role's.
    var authority: AuthorityLimit?

    enum CodingKeys: String, CodingKey { case name, email, role, locations, authority }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["name", "email", "role", "locations", "authority"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200 else { throw AmendsError.invalidField("name", "must be 1 to 200 characters") }
        email = try container.decodeIfPresent(String.self, forKey: .email)
        if let email, !email.contains("@") || email.count > 320 { throw AmendsError.invalidField("email", "'\(email)' is not an e-mail address") }
        let roleName = try container.decode(String.self, forKey: .role)
        guard let role = StaffMember.Role(rawValue: roleName) else {
            throw AmendsError.invalidField("role", "'\(roleName)' is not a role; use one of \(StaffMember.Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.role = role
        locations = try container.decodeIfPresent([String].self, forKey: .locations)
        if let locations, locations.isEmpty {
            throw AmendsError.invalidField("locations", "name at least one location, or leave it out for every location")
        }
        authority = try container.decodeIfPresent(AuthorityLimit.self, forKey: .authority)
        if let authority { try authority.validate(field: "authority") }
    }
}

/// An edit of a staff account: the fields given change, the others stay; `email` or `locations` null removes the
/// address or gives every location.
struct StaffEditPayload: Decodable {
    var change = StaffChange()

    enum CodingKeys: String, CodingKey { case name, email, role, locations }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["name", "email", "role", "locations"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.name) {
            let name = try container.decode(String.self, forKey: .name).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty, name.count <= 200 else { throw AmendsError.invalidField("name", "must be 1 to 200 characters") }
            change.name = name
        }
        if container.contains(.email) {
            let email = try container.decodeIfPresent(String.self, forKey: .email)?.trimmingCharacters(in: .whitespaces)
            if let email, !email.contains("@") || email.count > 320 { throw AmendsError.invalidField("email", "'\(email)' is not an e-mail address") }
            change.email = .some(email)
        }
        if container.contains(.role) {
            let roleName = try container.decode(String.self, forKey: .role)
            guard let role = StaffMember.Role(rawValue: roleName) else {
                throw AmendsError.invalidField("role", "'\(roleName)' is not a role; use one of \(StaffMember.Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            change.role = role
        }
        if container.contains(.locations) {
            let locations = try container.decodeIfPresent([String].self, forKey: .locations)
            if let locations, locations.isEmpty {
                throw AmendsError.invalidField("locations", "name at least one location, or null for every location")
            }
            change.locations = .some(locations)
        }
        if change.isEmpty { throw AmendsError(.invalid, code: "empty_change", message: "name at least one of name, email, role and locations") }
    }
}

/// A new password for a staff member.
struct PasswordPayload: Decodable {
    var password: String
    /// The password being replaced: required when members change their own.
    var currentPassword: String?

    enum CodingKeys: String, CodingKey {
        case password
        case currentPassword = "current_password"
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["password", "current_password"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        password = try container.decode(String.self, forKey: .password)
        currentPassword = try container.decodeIfPresent(String.self, forKey: .currentPassword)
    }
}

/// A staff member's own authority limit, or null to put them back on their role's.
struct AuthorityPayload: Decodable {
    var authority: AuthorityLimit?

    enum CodingKeys: String, CodingKey { case authority }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["authority"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.contains(.authority) else { throw AmendsError.missingField("authority") }
        authority = try container.decodeIfPresent(AuthorityLimit.self, forKey: .authority)
        if let authority { try authority.validate(field: "authority") }
    }
}
