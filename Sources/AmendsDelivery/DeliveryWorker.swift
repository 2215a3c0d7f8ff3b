import AmendsCore
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// Wakes a sleeping worker when there is new work, without waiting for its next poll.
///
/// A ring while nobody waits is kept (once), so work queued between two waits is never missed.
public final class Doorbell: Sendable {
    private struct Waiter {
        var continuation: CheckedContinuation<Void, Never>
        var timer: Task<Void, Never>?
    }

    private struct State {
        var rung = false
        var nextID: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
    }

    private let state = Mutex(State())

    /// The shortest sleep after a round that found nothing to do although something was due (claimed elsewhere, say),
    /// so a worker never spins on work it cannot take.
    static let idleFloor = 0.05

    public init() {}

    /// Rings: the worker runs as soon as it can.
    public func ring() {
        let woken = state.withLock { state -> [Waiter] in
            guard !state.waiters.isEmpty else {
                state.rung = true
                return []
            }
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in woken {
            waiter.timer?.cancel()
            waiter.continuation.resume()
        }
    }

    /// Runs `round` until shutdown. A round that did work is followed at once by another; after an idle one the
    /// loop sleeps until a ring, the next due time, or `pollInterval` (which catches work from other instances).
    public func loop(
        name: String, clock: any WallClock, pollInterval: Double, logger: Logger,
        round: @escaping @Sendable () async throws -> Bool, nextDue: @escaping @Sendable () async throws -> Date?
    ) async {
        await withGracefulShutdownHandler {
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                do {
                    if try await round() { continue }
                } catch {
                    logger.error("\(name) round failed", metadata: ["error": "\(String(reflecting: error))"])
                }
                var wait = pollInterval
                if let due = try? await nextDue() {
                    wait = min(wait, max(Doorbell.idleFloor, due.timeIntervalSince(clock.now())))
                }
                await self.wait(upTo: wait)
            }
        } onGracefulShutdown: {
            self.ring()
        }
    }

    /// Waits for a ring or until `seconds` pass, whichever is first; returns at once if it rang since the last wait.
    func wait(upTo seconds: Double) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let id = state.withLock { state -> UInt64? in
                    if state.rung {
                        state.rung = false
                        return nil
                    }
                    state.nextID += 1
                    state.waiters[state.nextID] = Waiter(continuation: continuation, timer: nil)
                    return state.nextID
                }
                guard let id else { return continuation.resume() }
                // The timer starts after the waiter is in place, so its end always finds it (or finds it already rung).
                let timer = Task {
                    try? await Task.sleep(for: .milliseconds(Int(max(0, seconds) * 1000)))
                    self.release(id)
                }
                let waiting = state.withLock { state -> Bool in
                    guard state.waiters[id] != nil else { return false }
                    state.waiters[id]?.timer = timer
                    return true
                }
                if !waiting { timer.cancel() }
            }
        } onCancel: {
            ring()
        }
    }

    /// Ends one wait when its time is up.
    private func release(_ id: UInt64) {
        state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume()
    }
}

/// Delivers alarms from the outbox: at least once per alarm, retried with backoff, dead-lettered after the last try.
///
/// Receivers can drop repeats by `webhook-id`, which is the alarm's id and never changes.
public final class DeliveryWorker: Service, Sendable {
    let store: any Store
    let transport: any AlarmTransport
    let clock: any WallClock
    let policy: RetryPolicy
    let secret: WebhookSecret
    let doorbell: Doorbell
    let logger: Logger
    let concurrency: Int
    let pollInterval: Double
    let delivered: Counter
    let failed: Counter
    let dead: Counter

    public init(
        store: any Store,
        transport: any AlarmTransport,
        clock: any WallClock,
        policy: RetryPolicy,
        secret: WebhookSecret,
        doorbell: Doorbell,
        metrics: any MetricsFactory,
        logger: Logger = Logger(label: "amends.delivery"),
        concurrency: Int = 32,
        pollInterval: Double = 1
    ) {
        self.store = store
        self.transport = transport
        self.clock = clock
        self.policy = policy
        self.secret = secret
        self.doorbell = doorbell
        self.logger = logger
        self.concurrency = concurrency
        self.pollInterval = pollInterval
        delivered = Counter(label: "amends_alarms_delivered_total", factory: metrics)
        failed = Counter(label: "amends_alarm_attempts_failed_total", factory: metrics)
        dead = Counter(label: "amends_alarms_dead_total", factory: metrics)
    }

    public func run() async throws {
        await doorbell.loop(name: "delivery", clock: clock, pollInterval: pollInterval, logger: logger) {
            try await self.runOnce() > 0
        } nextDue: {
            try await self.store.nextAlarmDue()
        }
    }

    /// Sends every alarm due now, `concurrency` at a time; returns how many were tried.
    @discardableResult
    public func runOnce() async throws -> Int {
        let now = clock.now()
        let alarms = try await store.claimAlarms(now: now, leaseUntil: now.addingTimeInterval(120), limit: concurrency * 4)
        guard !alarms.isEmpty else { return 0 }
        let attempts = await withTaskGroup(of: DeliveryAttempt.self) { group in
            var running = 0
            var attempts: [DeliveryAttempt] = []
            for alarm in alarms {
                if running >= concurrency, let done = await group.next() {
                    attempts.append(done)
                    running -= 1
                }
                group.addTask { await self.deliver(alarm) }
                running += 1
            }
            for await done in group { attempts.append(done) }
            return attempts
        }
        try await store.complete(attempts)
        return alarms.count
    }

    private func deliver(_ alarm: Alarm) async -> DeliveryAttempt {
        let secret = alarm.secret.flatMap(WebhookSecret.init) ?? self.secret
        let result = await transport.send(alarm, secret: secret, at: clock.now())
        let now = clock.now()
        let outcome = policy.outcome(of: result, attempt: alarm.attempts + 1, now: now)
        switch outcome {
        case .delivered:
            delivered.increment()
        case .retry:
            failed.increment()
        case .dead(let error):
            failed.increment()
            dead.increment()
            logger.warning("alarm dead-lettered", metadata: ["alarm": "\(alarm.id)", "case": "\(alarm.caseID)", "error": "\(error)"])
        }
        return DeliveryAttempt(alarmID: alarm.id, caseID: alarm.caseID, recipient: alarm.recipient, attempt: alarm.attempts + 1, at: now, result: outcome)
    }
}

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
        let watch = SLAWatch(playbook: plan, ids: ids)
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
