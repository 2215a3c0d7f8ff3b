import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// Messages to customers across cases: those given up on, and sending them again.
struct OutboxController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.get("/v1/messages", .frontline, use: listMessages)
        routes.post("/v1/messages/:id/retry", .staff(.lead), use: retryMessage)
    }

    struct MessageList: Encodable { var items: [CustomerMessage] }

    @Sendable func listMessages(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        guard let text = parameters.get("state") else { throw AmendsError.missingField("state") }
        guard let state = CustomerMessage.State(rawValue: text), state != .received else {
            throw AmendsError.invalidField("state", "'\(text)' is not a state of a message to a customer; use queued, sent or dead")
        }
        var limit = 100
        if let text = parameters.get("limit") {
            guard let value = Int(text), (1...500).contains(value) else { throw AmendsError.invalidField("limit", "must be a whole number from 1 to 500") }
            limit = value
        }
        return JSON.response(MessageList(items: try await runtime.store.messages(state: state, locations: try context.scope.locations, limit: limit)))
    }

    @Sendable func retryMessage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        _ = try await context.scope.message(id)
        let message = try await runtime.store.retry(messageID: id, at: runtime.clock.now())
        runtime.messageBell.ring()
        return JSON.response(message)
    }
}
