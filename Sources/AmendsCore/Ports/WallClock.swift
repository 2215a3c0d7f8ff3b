import Foundation
import Synchronization

/// Where the product reads the time. Injected so that SLA timers and escalations are testable without sleeping.
public protocol WallClock: Sendable {
    /// The current instant.
    func now() -> Date
}

/// The system's clock.
public struct LiveWallClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}
