import AmendsApp
import AmendsCore
import AmendsDelivery
import AmendsHTTP
import AmendsJSON
import AmendsStorage
import AmendsTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// A started runtime with the fixture playbook, an admin, a frontline member and a channel token.
struct Harness {
    let runtime: Runtime
    let clock: FakeClock?
    let admin: String
    let frontline: String
    let channel: String
    let location: DatabaseLocation

    static func start(
        clock: FakeClock? = FakeClock(), webhook: String = "http://127.0.0.1:9/hook", location: DatabaseLocation = TestDatabase.fresh(),
        configure: (inout Configuration) -> Void = { _ in }, importPlaybook: Bool = true, logger: Logger = Logger(label: "amends"),
        messageTransport: (any MessageTransport)? = nil
    ) async throws -> Harness {
        var configuration = Configuration(host: "127.0.0.1", port: 0, database: location, seedDemo: false, runWorkers: false)
        configuration.retry = RetryPolicy(maxAttempts: 3, baseDelay: 1, maxDelay: 10)
        // The tests' receivers listen on loopback.
        configuration.allowPrivateWebhooks = true
        // Refused sign-ins are answered at once here; `refusedSignInsAreAnsweredAfterAPause` checks the pause.
        configuration.signInRefusalDelay = 0
        configure(&configuration)
        let runtime = try await Runtime.start(configuration, clock: clock ?? LiveWallClock(), messageTransport: messageTransport, logger: logger)
        if importPlaybook { _ = try await runtime.importPlaybook(Fixture.playbook(webhook: webhook), by: "test") }
        let (_, admin) = try await runtime.tokens.addStaff(name: "Admin", email: nil, role: .admin)
        let (_, frontline) = try await runtime.tokens.addStaff(name: "Marta", email: nil, role: .frontline)
        let channel = importPlaybook ? try await runtime.tokens.issueChannelToken(channel: "web", label: "test") : ""
        return Harness(runtime: runtime, clock: clock, admin: admin, frontline: frontline, channel: channel, location: location)
    }

    /// Runs `body` against the routes in memory, then closes the runtime.
    func router<R: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> R) async throws -> R {
        let app = buildApplication(runtime: runtime)
        do {
            let result = try await app.test(.router, body)
            await runtime.close()
            return result
        } catch {
            await runtime.close()
            throw error
        }
    }
}

extension TestClientProtocol {
    /// Sends JSON (or raw bytes) with a bearer token.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ uri: String, token: String?, json: String? = nil, bytes: [UInt8]? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil && headers[.contentType] == nil { headers[.contentType] = "application/json" }
        let body = json.map { ByteBuffer(string: $0) } ?? bytes.map { ByteBuffer(bytes: $0) }
        return try await execute(uri: uri, method: method, headers: headers, body: body)
    }
}

extension TestResponse {
    /// The body parsed as a JSON object; a body that is not one fails the test (and reads as an empty object).
    var json: [String: JSONValue] {
        do {
            return try JSONDecoder().decode([String: JSONValue].self, from: Data(body.readableBytesView))
        } catch {
            Issue.record("the body is not a JSON object (\(status)): \(String(buffer: body).prefix(300))")
            return [:]
        }
    }

    /// The `error.code` of a JSON error body; nil for a body that is not JSON (a page, no content) or not an error.
    var errorCode: String? {
        guard headers[.contentType]?.hasPrefix("application/json") == true else { return nil }
        if case .object(let error) = json["error"], case .string(let code) = error["code"] { return code }
        return nil
    }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var array: [JSONValue] {
        if case .array(let value) = self { return value }
        return []
    }
}

/// A real HTTP server that receives alarms, answers with scripted statuses and lets a test await deliveries.
final class AlarmReceiver: Sendable {
    struct Delivery: Sendable {
        var path: String
        var id: String
        var timestamp: Int
        var signature: String
        var body: String
        var status: Int
    }

    private let state = Mutex<(deliveries: [Delivery], failuresLeft: Int, waiters: [(Int, CheckedContinuation<Void, Never>)])>(([], 0, []))

    init(failFirst: Int = 0) { state.withLock { $0.failuresLeft = failFirst } }

    var deliveries: [Delivery] { state.withLock { $0.deliveries } }

    func application() -> some ApplicationProtocol {
        let router = Router()
        router.post("/hook/:member") { request, context -> Response in
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: 1 << 20))
            let status = self.state.withLock { state -> Int in
                if state.failuresLeft > 0 {
                    state.failuresLeft -= 1
                    return 500
                }
                return 204
            }
            let delivery = Delivery(
                path: request.uri.path, id: request.headers[HTTPField.Name("webhook-id")!] ?? "",
                timestamp: Int(request.headers[HTTPField.Name("webhook-timestamp")!] ?? "") ?? 0,
                signature: request.headers[HTTPField.Name("webhook-signature")!] ?? "", body: body, status: status)
            let ready = self.state.withLock { state -> [CheckedContinuation<Void, Never>] in
                state.deliveries.append(delivery)
                let count = state.deliveries.count
                let ready = state.waiters.filter { $0.0 <= count }.map(\.1)
                state.waiters.removeAll { $0.0 <= count }
                return ready
            }
            ready.forEach { $0.resume() }
            return Response(status: HTTPResponse.Status(code: status))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// Waits until `count` deliveries have arrived (or `seconds` pass, which fails the test's later checks).
    func wait(for count: Int, seconds: Double = 10) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let ready = self.state.withLock { state -> Bool in
                        if state.deliveries.count >= count { return true }
                        state.waiters.append((count, continuation))
                        return false
                    }
                    if ready { continuation.resume() }
                }
            }
            group.addTask { try? await Task.sleep(for: .seconds(seconds)) }
            _ = await group.next()
            group.cancelAll()
            // Release a waiter left behind by the timeout so its task can end.
            let stale = self.state.withLock { state -> [CheckedContinuation<Void, Never>] in
                let all = state.waiters.map(\.1)
                state.waiters.removeAll()
                return all
            }
            stale.forEach { $0.resume() }
        }
    }
}

extension HTTPField.Name {
    /// The Standard Webhooks headers a gateway signs its posts with.
    static let deliveryID = HTTPField.Name("webhook-id")!
    static let deliveryTimestamp = HTTPField.Name("webhook-timestamp")!
    static let deliverySignature = HTTPField.Name("webhook-signature")!
}
