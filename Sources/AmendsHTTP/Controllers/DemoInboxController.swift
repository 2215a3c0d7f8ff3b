import AmendsApp
import AmendsCore
import AmendsDelivery
import AmendsJSON
import Foundation
import Hummingbird

/// The demo's own receiver, so a newcomer sees signed alarms (and, with no mail server, messages to customers) arrive.
struct DemoInboxController: Controller {
    let runtime: Runtime
    var inbox: DemoInbox { runtime.demoInbox }

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
