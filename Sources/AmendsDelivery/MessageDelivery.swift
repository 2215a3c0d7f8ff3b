import AmendsCore
import AmendsJSON
import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import NIOCore
import ServiceLifecycle

/// Sends one message to a customer.
public protocol MessageTransport: Sendable {
    /// Whether messages on `medium` can be sent at all (the server has a mail server or gateway for it).
    func handles(_ medium: MessageTemplate.Medium) -> Bool
    func send(_ message: CustomerMessage, at date: Date) async -> TransportResult
}

/// E-mail over SMTP; SMS and chat as signed JSON posted to a gateway (Standard Webhooks headers), in one shape:
/// `{"type": "message.sms", "id", "to", "text", "case_id", "language"}`.
public struct LiveMessageTransport: MessageTransport {
    let smtp: SMTPClient?
    let gateways: [MessageTemplate.Medium: String]
    let client: HTTPClient
    let secret: WebhookSecret
    let timeout: TimeAmount

    public init(smtp: SMTPSettings?, smsGateway: String?, chatGateway: String?, client: HTTPClient, secret: WebhookSecret, timeout: TimeAmount = .seconds(10)) {
        self.smtp = smtp.map { SMTPClient(settings: $0) }
        var gateways: [MessageTemplate.Medium: String] = [:]
        gateways[.sms] = smsGateway
        gateways[.chat] = chatGateway
        self.gateways = gateways
        self.client = client
        self.secret = secret
        self.timeout = timeout
    }

    public func handles(_ medium: MessageTemplate.Medium) -> Bool {
        medium == .email ? smtp != nil : gateways[medium] != nil
    }

    public func send(_ message: CustomerMessage, at date: Date) async -> TransportResult {
        switch message.medium {
        case .email:
            guard let smtp else { return .refused("no mail server is set up (AMENDS_SMTP_URL)") }
            do {
                try await smtp.send(to: message.address, subject: message.subject ?? "", body: message.body, messageID: message.id, date: date)
                return .accepted
            } catch let failure as SMTPClient.Failure {
                return failure.permanent ? .refused(failure.description) : .failed(failure.description)
            } catch {
                return .failed(LiveAlarmTransport.describe(error))
            }
        case .sms, .chat:
            guard let url = gateways[message.medium] else { return .refused("no \(message.medium.rawValue) gateway is set up") }
            var body: [String: JSONValue] = [
                "type": .string("message.\(message.medium.rawValue)"), "id": .string(message.id), "to": .string(message.address),
                "text": .string(message.body), "case_id": .string(message.caseID),
            ]
            if let language = message.language { body["language"] = .string(language) }
            let text = JSONValue.object(body).canonicalText
            let timestamp = Int(date.timeIntervalSince1970)
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            request.headers.add(name: "user-agent", value: "Amends")
            request.headers.add(name: "webhook-id", value: message.id)
            request.headers.add(name: "webhook-timestamp", value: String(timestamp))
            request.headers.add(name: "webhook-signature", value: WebhookSigner.signature(id: message.id, timestamp: timestamp, body: text, secret: secret))
            request.body = .bytes(ByteBuffer(string: text))
            do {
                let response = try await client.execute(request, timeout: timeout)
                _ = try? await response.body.collect(upTo: 64 * 1024)
                if (200..<300).contains(response.status.code) { return .accepted }
                // A gateway that refuses the request itself (a bad number, say) will refuse it again.
                let code = response.status.code
                return (400..<500).contains(code) && code != 408 && code != 429 ? .refused("HTTP \(code)") : .failed("HTTP \(code)")
            } catch {
                return .failed(LiveAlarmTransport.describe(error))
            }
        }
    }
}

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
