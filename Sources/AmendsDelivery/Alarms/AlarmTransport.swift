import AmendsCore
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Sends one alarm to its endpoint.
public protocol AlarmTransport: Sendable {
    /// Sends `alarm`, signed with `secret`, and says whether the receiver accepted it.
    func send(_ alarm: Alarm, secret: WebhookSecret, at date: Date) async -> TransportResult
}

/// What the receiver said.
public enum TransportResult: Sendable, Equatable {
    case accepted
    case failed(String)
    /// Refused for good: trying again cannot help (an address the mail server rejects, say).
    case refused(String)
}

extension RetryPolicy {
    /// What the `attempt`-th try's result means: delivered, another try after a backoff, or given up (after the last
    /// try, or at once when the receiver refused for good).
    func outcome(of result: TransportResult, attempt: Int, now: Date) -> DeliveryAttempt.Result {
        switch result {
        case .accepted: .delivered
        case .failed(let error): failure(attempt: attempt, error: error, now: now, random: Double.random(in: 0...1))
        case .refused(let error): .dead(error: error)
        }
    }
}

/// POSTs alarms over HTTP with AsyncHTTPClient.
public struct LiveAlarmTransport: AlarmTransport {
    let client: HTTPClient
    let targets: WebhookTargets
    let timeout: TimeAmount

    public init(client: HTTPClient, targets: WebhookTargets, timeout: TimeAmount = .seconds(10)) {
        self.client = client
        self.targets = targets
        self.timeout = timeout
    }

    /// A client suited to alarms and gateway posts: a refused connection fails at once (the worker's own backoff retries
    /// it), many alarms to one receiver go out in parallel, and redirects are not followed (a receiver's answer is
    /// its own; following it could post the signed body somewhere no one chose).
    public static func makeClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(5), read: .seconds(10))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func send(_ alarm: Alarm, secret: WebhookSecret, at date: Date) async -> TransportResult {
        if let refusal = await targets.refusal(for: alarm.endpoint) { return .refused(refusal) }
        let timestamp = Int(date.timeIntervalSince1970)
        var request = HTTPClientRequest(url: alarm.endpoint)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: "Amends")
        request.headers.add(name: "webhook-id", value: alarm.id)
        request.headers.add(name: "webhook-timestamp", value: String(timestamp))
        request.headers.add(name: "webhook-signature", value: WebhookSigner.signature(id: alarm.id, timestamp: timestamp, body: alarm.body, secret: secret))
        request.body = .bytes(ByteBuffer(string: alarm.body))
        do {
            let response = try await client.execute(request, timeout: timeout)
            // Drain a little of the body so the connection can be reused; its content does not matter.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            if (200..<300).contains(response.status.code) { return .accepted }
            if (300..<400).contains(response.status.code) {
                return .failed("HTTP \(response.status.code): redirects are not followed; give the contact the URL it redirects to")
            }
            return .failed("HTTP \(response.status.code)")
        } catch {
            return .failed(Self.describe(error))
        }
    }

    /// Why a post failed, in words a person acting on it can use (`connection refused`, `no answer within 10 s`), else
    /// the error's own text, cut to 200 characters.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as IOError:
            if let reason = reason(errno: error.errnoCode) { return reason }
        case let error as NIOConnectionError:
            if let failure = error.connectionErrors.first { return describe(failure.error) }
            if error.dnsAError != nil || error.dnsAAAAError != nil { return "the host name \(error.host) could not be resolved" }
        case let error as HTTPClientError:
            switch error {
            case .connectTimeout: return "no connection within 5 s"
            case .readTimeout, .deadlineExceeded: return "no answer within 10 s"
            case .remoteConnectionClosed: return "the receiver closed the connection before answering"
            default: break
            }
        case ChannelError.connectTimeout:
            return "no connection within 5 s"
        default:
            break
        }
        let text = String(describing: error)
        return text.count > 200 ? String(text.prefix(200)) : text
    }

    static func reason(errno: Int32) -> String? {
        switch errno {
        case ECONNREFUSED: "connection refused: nothing listens at that address and port"
        case ECONNRESET: "the receiver reset the connection"
        case EHOSTUNREACH, ENETUNREACH: "no route to the host"
        case ETIMEDOUT: "no connection within the system's time limit"
        default: nil
        }
    }
}
