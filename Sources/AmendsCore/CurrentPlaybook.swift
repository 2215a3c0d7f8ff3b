import Foundation
import Synchronization

/// The playbook in force and the recovery rules built from it, swapped atomically when a new one is imported.
public final class CurrentPlaybook: Sendable {
    private let state: Mutex<(StoredPlaybook, Recovery)?>
    private let clock: any WallClock
    private let ids: any IdentifierSource
    private let limits: IntakeLimits

    public init(_ stored: StoredPlaybook?, clock: any WallClock, ids: any IdentifierSource, limits: IntakeLimits) {
        self.clock = clock
        self.ids = ids
        self.limits = limits
        state = Mutex(stored.map { ($0, Recovery(playbook: $0.playbook, clock: clock, ids: ids, limits: limits)) })
    }

    /// The recovery rules of the playbook in force, or nil before any playbook is imported.
    public var recovery: Recovery? { state.withLock { $0?.1 } }

    /// The stored playbook in force.
    public var stored: StoredPlaybook? { state.withLock { $0?.0 } }

    /// Puts `stored` in force.
    public func replace(with stored: StoredPlaybook) {
        let recovery = Recovery(playbook: stored.playbook, clock: clock, ids: ids, limits: limits)
        state.withLock { $0 = (stored, recovery) }
    }
}
