import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// Customers' replies from e-mail, SMS and chat gateways: attached to their open case, or taken in as feedback.
struct InboundController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.post("/v1/inbound/:medium", .channel, use: receiveReply)
    }

    /// A customer's reply from an e-mail or SMS inbound webhook: attached to their open case, or taken in as feedback.
    @Sendable func receiveReply(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        guard case .channel(let channelKey) = try context.caller else {
            throw AmendsError(.forbidden, code: "channel_only", message: "replies come in with the token of an e-mail or SMS channel")
        }
        guard let medium = try Self.medium(context.parameters.get("medium"), field: "medium") else { throw AmendsError.missingField("medium") }
        try requireJSON(request)
        let payload = try JSON.decode(ReplyPayload.self, from: try await JSON.body(request, limit: runtime.configuration.maxBodyBytes))
        let playbook = try playbookInForce()
        let identity = CustomerIdentity(reachedAt: payload.from, on: medium)
        let now = runtime.clock.now()
        if let key = identity.key, let recoveryCase = try await runtime.store.openCase(customerKey: key) {
            let message = CustomerMessage(
                id: runtime.ids.makeID(at: now), caseID: recoveryCase.id, direction: .inbound, kind: nil, medium: medium, language: nil,
                address: payload.from, subject: payload.subject.map(MessageDraft.oneLine), body: payload.text, state: .received, nextAttemptAt: nil,
                createdAt: now, createdBy: "customer")
            try await runtime.store.recordReply(message)
            return JSON.response(status: .created, ReplyResponse(attached: true, caseID: recoveryCase.id, message: message, feedback: nil))
        }
        // No open case: the reply is feedback like any other, heard and judged on the channel it came in on.
        guard let channel = playbook.channel(channelKey) else { throw AmendsError.notFound("channel", channelKey) }
        guard let location = payload.location ?? (playbook.locations.count == 1 ? playbook.locations[0].key : nil) else {
            throw AmendsError(
                .invalid, code: "missing_field", message: "location: is required when the customer has no open case and the playbook has several locations",
                field: "location")
        }
        let submission = FeedbackSubmission(channel: channel.key, location: location, customer: identity, text: payload.text)
        switch try await runtime.intake([Runtime.Item(submission: submission, idempotencyKey: nil, fingerprint: "reply:\(now.millis)")])[0] {
        case .failure(let error):
            throw error
        case .success(.accepted(let feedback, _)), .success(.replayed(let feedback)):
            return JSON.response(status: .created, ReplyResponse(attached: false, caseID: feedback.caseID, message: nil, feedback: feedback.id))
        case .success(.conflict(let existing)):
            throw AmendsError(.conflict, code: "idempotency_conflict", message: "the reply collided with feedback \(existing); send it again")
        }
    }

    struct ReplyResponse: Encodable {
        var attached: Bool
        var caseID: String?
        var message: CustomerMessage?
        var feedback: String?

        enum CodingKeys: String, CodingKey {
            case attached, message
            case caseID = "case_id"
            case feedback = "feedback_id"
        }
    }
}
