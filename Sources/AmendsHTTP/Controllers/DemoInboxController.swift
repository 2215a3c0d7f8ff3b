import AmendsApp
import AmendsCore
import AmendsDelivery
import AmendsJSON
import Foundation
import Hummingbird
import Synchronization

/// The demo's own alarm receiver, so a newcomer sees signed alarms arrive.
struct DemoInboxController: Controller {
    let runtime: Runtime
    let inbox: DemoInbox

    func addRoutes(to routes: Routes) {
        routes.post("/demo/inbox", .anyone, use: receiveDemoAlarm)
        routes.get("/demo/inbox", .frontline, use: listDemoInbox)
    }

    @Sendable func receiveDemoAlarm(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let buffer = try await JSON.body(request, limit: 64 * 1024)
        let body = String(buffer: buffer)
        guard let id = request.headers[.webhookID], let timestampText = request.headers[.webhookTimestamp], let timestamp = Int(timestampText),
            let signature = request.headers[.webhookSignature],
            abs(runtime.clock.now().timeIntervalSince1970 - Double(timestamp)) <= 300,
            WebhookSigner.verify(id: id, timestamp: timestamp, body: body, header: signature, secret: runtime.keys.alarms)
        else {
            throw AmendsError(.unauthenticated, code: "bad_signature", message: "the demo inbox accepts only alarms signed by this server in the last five minutes")
        }
        inbox.add(
            DemoInbox.Entry(
                webhookID: id, receivedAt: runtime.clock.now(), body: (try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8))) ?? .string(body)))
        return Response(status: .noContent)
    }

    @Sendable func listDemoInbox(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        return JSON.response(["items": inbox.entries()])
    }
}

/// The last alarms the demo inbox received, to show a newcomer that alarms arrive.
final class DemoInbox: Sendable {
    struct Entry: Encodable, Sendable {
        var webhookID: String
        var receivedAt: Date
        var body: JSONValue

        enum CodingKeys: String, CodingKey {
            case body
            case webhookID = "webhook_id"
            case receivedAt = "received_at"
        }
    }

    private let items = Mutex<[Entry]>([])

    func add(_ entry: Entry) {
        items.withLock { items in
            if !items.contains(where: { $0.webhookID == entry.webhookID }) { items.append(entry) }
            if items.count > 100 { items.removeFirst(items.count - 100) }
        }
    }

    func entries() -> [Entry] { items.withLock { $0.reversed() } }
}
