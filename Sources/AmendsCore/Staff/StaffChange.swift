import Foundation

/// What an edit of a staff account changes: each field left nil stays as it is.
public struct StaffChange: Sendable, Equatable {
    public var name: String?
    /// A new address, or `.some(nil)` to remove it.
    public var email: String??
    public var role: StaffMember.Role?
    /// New locations, or `.some(nil)` for every location.
    public var locations: [String]??

    public init(name: String? = nil, email: String?? = nil, role: StaffMember.Role? = nil, locations: [String]?? = nil) {
        self.name = name
        self.email = email
        self.role = role
        self.locations = locations
    }

    /// Whether it changes nothing at all.
    public var isEmpty: Bool { name == nil && email == nil && role == nil && locations == nil }

    /// `member` with the change made.
    public func applied(to member: StaffMember) -> StaffMember {
        var changed = member
        if let name { changed.name = name }
        if let email { changed.email = email }
        if let role { changed.role = role }
        if let locations { changed.locations = locations }
        return changed
    }
}
