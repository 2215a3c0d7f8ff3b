import Foundation

/// A person who works cases.
public struct StaffMember: Codable, Sendable, Equatable {
    /// What a staff member may do.
    /// Roles in order of authority: each may do what the ones before it may.
    public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
        case frontline, lead, manager, admin

        public static func < (lhs: Role, rhs: Role) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public var id: String
    public var name: String
    public var email: String?
    public var role: Role
    /// The locations whose feedback and cases the member works; nil for every location.
    public var locations: [String]?
    /// How much the member may grant in compensation without asking, when it differs from their role's limit.
    public var authority: AuthorityLimit?
    public var createdAt: Date
    public var disabledAt: Date?

    public init(
        id: String, name: String, email: String?, role: Role, locations: [String]? = nil, authority: AuthorityLimit? = nil, createdAt: Date,
        disabledAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.role = role
        self.locations = locations
        self.authority = authority
        self.createdAt = createdAt
        self.disabledAt = disabledAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, email, role, locations, authority
        case createdAt = "created_at"
        case disabledAt = "disabled_at"
    }

    /// Whether the member works `location`.
    public func covers(_ location: String) -> Bool {
        locations.map { $0.contains(location) } ?? true
    }

    /// Refuses, with a 403 naming the member's locations, what happens at a location they do not work.
    public func requireLocation(_ location: String, for what: String) throws(AmendsError) {
        guard covers(location) else {
            throw AmendsError(
                .forbidden, code: "location_not_allowed",
                message: "\(what) is at location '\(location)'; \(name) works \((locations ?? []).map { "'\($0)'" }.joined(separator: ", "))")
        }
    }
}
