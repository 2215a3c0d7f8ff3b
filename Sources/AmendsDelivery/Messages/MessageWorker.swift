import AmendsCore
import AmendsJSON
import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import NIOCore
import ServiceLifecycle

/// Delivers customer messages from the outbox: retried with backoff, given up after the last try or at once when
/// the mail server or gateway refuses the message for good.
public final class MessageWorker: Service, Sendable {
    let store: any Store
    let transport: any MessageTransport
    let clock: any WallClock
    let policy: RetryPolicy
    let doorbell: Doorbell
    let logger: Logger
    let pollInterval: Double
    let sent: Counter
    let dead: Counter

    public init(
        store: any Store, transport: any MessageTransport, clock: any WallClock, policy: RetryPolicy, doorbell: Doorbell, metrics: any MetricsFactory,
        logger: Logger = Logger(label: "amends.messages"), pollInterval: Double = 1
    ) {
        self.store = store
        self.transport = transport
        self.clock = clock
        self.policy = policy
        self.doorbell = doorbell
        self.logger = logger
        self.pollInterval = pollInterval
        sent = Counter(label: "amends_customer_messages_sent_total", factory: metrics)
        dead = Counter(label: "amends_customer_messages_dead_total", factory: metrics)
    }

    public func run() async throws {
        await doorbell.loop(name: "messages", clock: clock, pollInterval: pollInterval, logger: logger) {
            try await self.runOnce() > 0
        } nextDue: {
            try await self.store.nextMessageDue()
        }
    }

    /// Sends every message due now, a few at a time; returns how many were tried.
    @discardableResult
    public func runOnce() async throws -> Int {
        let now = clock.now()
        let messages = try await store.claimMessages(now: now, leaseUntil: now.addingTimeInterval(120), limit: 32)
        guard !messages.isEmpty else { return 0 }
        let attempts = await withTaskGroup(of: MessageAttempt.self) { group in
            for message in messages { group.addTask { await self.deliver(message) } }
            var attempts: [MessageAttempt] = []
            for await attempt in group { attempts.append(attempt) }
            return attempts
        }
        try await store.completeMessages(attempts)
        return messages.count
    }

    private func deliver(_ message: CustomerMessage) async -> MessageAttempt {
        let result = await transport.send(message, at: clock.now())
        let now = clock.now()
        let attempt = message.attempts + 1
        let outcome = policy.outcome(of: result, attempt: attempt, now: now)
        switch outcome {
        case .delivered:
            sent.increment()
        case .retry:
            break
        case .dead(let error):
            dead.increment()
            logger.warning("customer message given up", metadata: ["message": "\(message.id)", "case": "\(message.caseID)", "error": "\(error)"])
        }
        return MessageAttempt(message: message, attempt: attempt, at: now, result: outcome)
    }
}
