import Foundation

/// Which grants to list from the ledger, newest first.
public struct CompensationQuery: Sendable, Equatable {
    public var status: CompensationGrant.Status?
    public var location: String?
    /// The caller's locations; nil for every location.
    public var locations: [String]?
    public var caseID: String?
    public var customerKey: String?
    /// Only held grants routed to this staff member.
    public var approver: String?
    /// Asked for at or after this time.
    public var since: Date?
    /// Asked for before this time.
    public var until: Date?
    public var limit: Int
    /// The id after which the page starts (ids smaller than this).
    public var after: String?

    public init(
        status: CompensationGrant.Status? = nil, location: String? = nil, locations: [String]? = nil, caseID: String? = nil, customerKey: String? = nil,
        approver: String? = nil, since: Date? = nil, until: Date? = nil, limit: Int = 100, after: String? = nil
    ) {
        self.status = status
        self.location = location
        self.locations = locations
        self.caseID = caseID
        self.customerKey = customerKey
        self.approver = approver
        self.since = since
        self.until = until
        self.limit = limit
        self.after = after
    }
}
