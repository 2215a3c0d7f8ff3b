import AmendsCore
import AmendsDelivery
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// Watches first-response and resolution deadlines: a warning to the level of the chain holding a case before a
/// deadline, the next level alarmed when it passes. Each notice is recorded once, across restarts and instances.
public final class SLAWatcher: Service, Sendable {
    let store: any Store
    let playbook: CurrentPlaybook
    let clock: any WallClock
    let ids: any IdentifierSource
    let delivery: Doorbell
    let logger: Logger
    let pollInterval: Double
    let notices: Counter

    public init(
        store: any Store, playbook: CurrentPlaybook, clock: any WallClock, ids: any IdentifierSource, delivery: Doorbell, metrics: any MetricsFactory,
        logger: Logger = Logger(label: "amends.sla"), pollInterval: Double = 15
    ) {
        self.store = store
        self.playbook = playbook
        self.clock = clock
        self.ids = ids
        self.delivery = delivery
        self.logger = logger
        self.pollInterval = pollInterval
        notices = Counter(label: "amends_sla_notices_total", factory: metrics)
    }

    public func run() async throws {
        await Doorbell().loop(name: "sla", clock: clock, pollInterval: pollInterval, logger: logger) {
            try await self.runOnce()
            return false
        } nextDue: {
            nil
        }
    }

    /// Gives every warning and breach due now; returns how many were recorded here.
    @discardableResult
    public func runOnce() async throws -> Int {
        guard let plan = playbook.stored?.playbook else { return 0 }
        let watch = SLAWatch(playbook: plan, ids: ids, consoleURL: playbook.consoleURL)
        let now = clock.now()
        var recorded = 0
        // Business-hours deadlines can be further off in real time than their lead: look a generous way ahead.
        let horizon = now.addingTimeInterval(Double(watch.horizon) * 4 + 86_400 * 4)
        for (recoveryCase, given) in try await store.slaCandidates(before: horizon, limit: 1000) {
            let due = watch.due(recoveryCase, given: given, at: now)
            guard !due.isEmpty else { continue }
            let done = try await store.recordSLA(caseID: recoveryCase.id, notices: due, at: now) { taken in
                watch.step(for: recoveryCase, notices: taken, at: now)
            }
            recorded += done.count
        }
        if recorded > 0 {
            notices.increment(by: recorded)
            delivery.ring()
        }
        return recorded
    }
}
