import Foundation

/// A filter and page request for listing cases.
public struct CaseQuery: Sendable, Equatable {
    public var status: RecoveryCase.Status?
    public var location: String?
    /// Only cases at these locations (a staff member's scope); nil for every location.
    public var locations: [String]?
    /// Only cases this staff member owns or helps with.
    public var involving: String?
    public var scenario: String?
    /// Only cases whose summary, or whose customer's name, e-mail address, phone or external id, holds these words
    /// (letter case aside); see ``RecoveryCase/mentions(_:)``.
    public var words: String?
    public var limit: Int
    /// The id after which the page starts (newest first, so ids smaller than this).
    public var after: String?

    public init(status: RecoveryCase.Status? = nil, location: String? = nil, scenario: String? = nil, limit: Int = 50, after: String? = nil) {
        self.status = status
        self.location = location
        self.scenario = scenario
        self.limit = limit
        self.after = after
    }
}

extension RecoveryCase {
    /// Whether the case's summary, or its customer's name, e-mail address, phone or external id, holds `words` as
    /// written, letter case aside.
    public func mentions(_ words: String) -> Bool {
        let needle = words.lowercased()
        guard !needle.isEmpty else { return true }
        let fields = [summary, customer?.name, customer?.email, customer?.phone, customer?.externalID]
        return fields.contains { $0?.lowercased().contains(needle) == true }
    }
}
