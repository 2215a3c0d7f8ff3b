import AmendsCore
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

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

    /// The receiver's host (and port), never the whole URL: a webhook's path and query can be its credentials.
    static func host(of endpoint: String) -> String {
        guard let url = URL(string: endpoint), let host = url.host else { return "?" }
        return url.port.map { "\(host):\($0)" } ?? host
    }

    private func deliver(_ alarm: Alarm) async -> DeliveryAttempt {
        let secret = alarm.secret.flatMap(WebhookSecret.init) ?? self.secret
        let result = await transport.send(alarm, secret: secret, at: clock.now())
        let now = clock.now()
        let outcome = policy.outcome(of: result, attempt: alarm.attempts + 1, now: now)
        switch outcome {
        case .delivered:
            delivered.increment()
        case .retry(let next, let error):
            failed.increment()
            logger.warning(
                "alarm delivery failed; it will be tried again",
                metadata: [
                    "alarm": "\(alarm.id)", "case": "\(alarm.caseID)", "receiver": "\(Self.host(of: alarm.endpoint))", "reason": "\(error)",
                    "attempt": "\(alarm.attempts + 1)", "next_try": "\(Timestamp.string(next))",
                ])
        case .dead(let error):
            failed.increment()
            dead.increment()
            logger.warning(
                "alarm dead-lettered",
                metadata: [
                    "alarm": "\(alarm.id)", "case": "\(alarm.caseID)", "receiver": "\(Self.host(of: alarm.endpoint))", "reason": "\(error)",
                    "attempt": "\(alarm.attempts + 1)",
                ])
        }
        return DeliveryAttempt(alarmID: alarm.id, caseID: alarm.caseID, recipient: alarm.recipient, attempt: alarm.attempts + 1, at: now, result: outcome)
    }
}
