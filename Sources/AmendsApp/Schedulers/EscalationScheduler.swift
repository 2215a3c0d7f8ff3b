import AmendsCore
import AmendsDelivery
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// Fires persisted escalation timers: a case nobody acknowledged in time goes to the next level of its team's chain.
///
/// Timers live in the database, so a restarted server still escalates on time, and each fires exactly once.
public final class EscalationScheduler: Service, Sendable {
    let store: any Store
    let playbook: CurrentPlaybook
    let clock: any WallClock
    let doorbell: Doorbell
    let delivery: Doorbell
    let logger: Logger
    let pollInterval: Double
    let escalations: Counter

    public init(
        store: any Store,
        playbook: CurrentPlaybook,
        clock: any WallClock,
        doorbell: Doorbell,
        delivery: Doorbell,
        metrics: any MetricsFactory,
        logger: Logger = Logger(label: "amends.escalation"),
        pollInterval: Double = 1
    ) {
        self.store = store
        self.playbook = playbook
        self.clock = clock
        self.doorbell = doorbell
        self.delivery = delivery
        self.logger = logger
        self.pollInterval = pollInterval
        escalations = Counter(label: "amends_escalation_timers_fired_total", factory: metrics)
    }

    public func run() async throws {
        await doorbell.loop(name: "escalation", clock: clock, pollInterval: pollInterval, logger: logger) {
            try await self.runDue()
            return false
        } nextDue: {
            try await self.store.nextTimerDue()
        }
    }

    /// Fires every timer due now; returns how many fired here (not elsewhere first).
    @discardableResult
    public func runDue() async throws -> Int {
        guard let recovery = playbook.recovery else { return 0 }
        var fired = 0
        while true {
            let now = clock.now()
            let timers = try await store.dueTimers(now: now, limit: 100)
            if timers.isEmpty { break }
            for timer in timers {
                let didFire = try await store.fire(timer, at: now) { recoveryCase in
                    recovery.fire(timer, case: recoveryCase, at: now)
                }
                if didFire {
                    fired += 1
                    escalations.increment()
                }
            }
            if timers.count < 100 { break }
        }
        if fired > 0 { delivery.ring() }
        return fired
    }
}
