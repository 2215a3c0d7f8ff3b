import Foundation

/// The cases a person works through, nearest deadline first: what the console's queue shows.
///
/// A case's deadline is the one it is working against (``RecoveryCase/dueAt``): acknowledging while it is new,
/// resolving while someone works it; a case waiting on the customer, or resolved, has none and comes last.
public struct QueueQuery: Sendable, Equatable {
    /// Which deadlines to show.
    public enum Due: String, Sendable, CaseIterable {
        /// The deadline has passed.
        case overdue
        /// The deadline is within the next hour and has not passed.
        case hour
    }

    /// The statuses shown; by default every open one.
    public var statuses: [RecoveryCase.Status] = RecoveryCase.Status.allCases.filter(\.isOpen)
    /// Only cases at these locations (a staff member's scope); nil for every location.
    public var locations: [String]?
    public var location: String?
    public var scenario: String?
    public var severity: Severity?
    /// Only cases of these teams (the teams a staff member is on).
    public var teams: [String]?
    /// Only cases this staff member owns.
    public var owner: String?
    /// Only cases nobody has acknowledged yet.
    public var unowned = false
    /// Only cases this staff member owns or helps with.
    public var involving: String?
    public var due: Due?
    /// Counting stops past this many cases: a counter of one more means "more than this".
    public var countLimit = QueueCounts.limit
    /// The time deadlines are measured against.
    public var now: Date
    public var limit: Int

    public init(now: Date, limit: Int = 100) {
        self.now = now
        self.limit = limit
    }
}

/// How many cases of a queue need attention. Counting stops past ``limit``: a counter above it means "more than the
/// limit", whatever the number.
public struct QueueCounts: Sendable, Equatable {
    /// The most cases a counter counts exactly.
    public static let limit = 10_000

    /// Open cases.
    public var open = 0
    /// Cases nobody has acknowledged yet.
    public var unacknowledged = 0
    /// Cases past their deadline.
    public var overdue = 0
    /// Cases whose deadline is within the hour.
    public var dueWithinHour = 0

    public init(open: Int = 0, unacknowledged: Int = 0, overdue: Int = 0, dueWithinHour: Int = 0) {
        self.open = open
        self.unacknowledged = unacknowledged
        self.overdue = overdue
        self.dueWithinHour = dueWithinHour
    }
}

extension RecoveryCase {
    /// The deadline the case works against now: acknowledging while it is new, resolving while it is acknowledged, in
    /// progress or reopened; none while it waits on the customer (the clock is stopped) or once it is resolved.
    public var dueAt: Date? {
        switch status {
        case .new: acknowledgeBy
        case .acknowledged, .inProgress, .reopened: resolveBy
        case .waitingOnCustomer, .resolved, .followedUp, .closed: nil
        }
    }
}

/// That a case changed: an event was added to its timeline (every change to a case adds one, in the same transaction).
public struct CaseChange: Sendable, Equatable {
    /// The timeline event's id; ids grow with time, so the next look starts after it.
    public var id: String
    public var caseID: String
    public var location: String

    public init(id: String, caseID: String, location: String) {
        self.id = id
        self.caseID = caseID
        self.location = location
    }
}
