import AmendsApp
import AmendsCore
import AmendsDelivery
import Crypto
import Foundation
import Hummingbird

/// Customers' replies from e-mail, SMS and chat gateways: attached to their open case, or taken in as feedback.
struct InboundController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.post("/v1/inbound/:medium", .channel, use: receiveReply)
    }

    /// A customer's reply, posted by the gateway of an `email`, `sms` or `chat` channel and signed with the channel's
    /// secret: attached to the customer's open case, or taken in as feedback. The answer says only that it was received,
    /// never which case it joined; a delivery repeated with the same `webhook-id` is kept once.
    @Sendable func receiveReply(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        guard case .channel(let channelKey) = try context.caller else {
            throw AmendsError(.forbidden, code: "channel_only", message: "replies come in with the token of an e-mail, SMS or chat channel")
        }
        guard let medium = try Self.medium(context.parameters.get("medium"), field: "medium") else { throw AmendsError.missingField("medium") }
        let playbook = try playbookInForce()
        guard let channel = playbook.channel(channelKey) else { throw AmendsError.notFound("channel", channelKey) }
        guard channel.kind.replyMedium == medium else {
            throw AmendsError(
                .forbidden, code: "not_inbound_channel",
                message: "channel '\(channel.key)' is a \(channel.kind.rawValue) channel; replies by \(medium.rawValue) come through a channel of kind \(medium.rawValue)")
        }
        guard let secret = channel.secret.flatMap(WebhookSecret.init) else {
            throw AmendsError(
                .forbidden, code: "unsigned_channel",
                message: "channel '\(channel.key)' has no secret to check its gateway's signature with; set 'secret' on the channel in the playbook")
        }
        try requireJSON(request)
        let buffer = try await JSON.body(request, limit: runtime.configuration.maxBodyBytes)
        let deliveryID = try verifySignature(request, body: String(buffer: buffer), secret: secret)
        let payload = try JSON.decode(ReplyPayload.self, from: buffer)
        let identity = CustomerIdentity(reachedAt: payload.from, on: medium)
        let now = runtime.clock.now()
        if let key = identity.key, let recoveryCase = try await runtime.store.openCase(customerKey: key) {
            // The delivery's id names the reply, so a gateway that delivers it again adds nothing.
            let message = CustomerMessage(
                id: "reply_" + Self.digest(channel.key + "\u{1F}" + deliveryID), caseID: recoveryCase.id, direction: .inbound, kind: nil, medium: medium,
                language: nil, address: payload.from, subject: payload.subject.map(MessageDraft.oneLine), body: payload.text, state: .received,
                nextAttemptAt: nil, createdAt: now, createdBy: "customer")
            try await runtime.store.recordReply(message)
            return Self.received
        }
        // No open case: the reply is feedback like any other, heard and judged on the channel it came in on.
        guard let location = payload.location ?? (playbook.locations.count == 1 ? playbook.locations[0].key : nil) else {
            throw AmendsError(
                .invalid, code: "missing_field", message: "location: is required when the customer has no open case and the playbook has several locations",
                field: "location")
        }
        let submission = FeedbackSubmission(channel: channel.key, location: location, customer: identity, text: payload.text)
        let item = Runtime.Item(submission: submission, idempotencyKey: "reply:" + deliveryID, fingerprint: Self.fingerprint(buffer))
        switch try await runtime.intake([item])[0] {
        case .failure(let error):
            throw error
        case .success(.accepted), .success(.replayed):
            return Self.received
        case .success(.conflict):
            throw AmendsError(
                .conflict, code: "idempotency_conflict", message: "webhook-id '\(deliveryID)' was already used for another reply; give each reply its own")
        }
    }

    /// What every reply is answered with: received, and nothing of what it joined.
    static var received: Response { JSON.response(status: .accepted, ["received": true]) }

    /// How far a signature's time may be from this server's, either way.
    static let tolerance: Double = 300

    /// Checks the Standard Webhooks headers against the body; returns the delivery's id.
    func verifySignature(_ request: Request, body: String, secret: WebhookSecret) throws(AmendsError) -> String {
        guard let id = request.headers[.webhookID], !id.isEmpty, id.count <= 255,
            let timestampText = request.headers[.webhookTimestamp], let timestamp = Int(timestampText),
            let signature = request.headers[.webhookSignature]
        else {
            throw AmendsError(
                .unauthenticated, code: "bad_signature", message: "send the gateway's webhook-id, webhook-timestamp and webhook-signature headers")
        }
        guard abs(runtime.clock.now().timeIntervalSince1970 - Double(timestamp)) <= Self.tolerance else {
            throw AmendsError(.unauthenticated, code: "bad_signature", message: "webhook-timestamp is more than five minutes from this server's time")
        }
        guard WebhookSigner.verify(id: id, timestamp: timestamp, body: body, header: signature, secret: secret) else {
            throw AmendsError(.unauthenticated, code: "bad_signature", message: "webhook-signature is not the channel's signature of this body")
        }
        return id
    }

    static func digest(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
