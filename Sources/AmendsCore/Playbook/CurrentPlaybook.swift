import AmendsText
import Foundation
import Synchronization

/// The playbook in force and the recovery rules built from it with the text engine in force, swapped atomically
/// when a new playbook is imported or a new text model trained.
public final class CurrentPlaybook: Sendable {
    private let state: Mutex<(StoredPlaybook, Recovery)?>
    private let text: Mutex<TextEngine>
    private let clock: any WallClock
    private let ids: any IdentifierSource
    private let limits: IntakeLimits
    /// Where the console is, for the alarms' links to the case.
    public let consoleURL: String?

    public init(
        _ stored: StoredPlaybook?, clock: any WallClock, ids: any IdentifierSource, limits: IntakeLimits, text: TextEngine = TextEngine(),
        consoleURL: String? = nil
    ) {
        self.consoleURL = consoleURL
        self.clock = clock
        self.ids = ids
        self.limits = limits
        self.text = Mutex(text)
        state = Mutex(stored.map { ($0, Recovery(playbook: $0.playbook, clock: clock, ids: ids, limits: limits, text: text, consoleURL: consoleURL)) })
    }

    /// The recovery rules of the playbook in force, or nil before any playbook is imported.
    public var recovery: Recovery? { state.withLock { $0?.1 } }

    /// The stored playbook in force.
    public var stored: StoredPlaybook? { state.withLock { $0?.0 } }

    /// Puts `stored` in force.
    public func replace(with stored: StoredPlaybook) {
        let recovery = Recovery(playbook: stored.playbook, clock: clock, ids: ids, limits: limits, text: text.withLock { $0 }, consoleURL: consoleURL)
        state.withLock { $0 = (stored, recovery) }
    }

    /// Puts `engine` in force for the playbook in force and every later one.
    public func replace(text engine: TextEngine) {
        text.withLock { $0 = engine }
        state.withLock { current in
            guard let stored = current?.0 else { return }
            current = (stored, Recovery(playbook: stored.playbook, clock: clock, ids: ids, limits: limits, text: engine, consoleURL: consoleURL))
        }
    }
}
