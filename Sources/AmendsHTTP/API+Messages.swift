import AmendsApp
import AmendsCore
import Foundation
import HTTPTypes
import Hummingbird

/// Keeping the customer informed: drafts from the scenario's templates, messages through the outbox, replies.
extension API {
    func registerMessages(on router: Router<AmendsRequestContext>) {
        router.get("/v1/cases/:id/messages/draft", use: draftMessage)
        router.get("/v1/cases/:id/messages", use: listMessages)
        router.post("/v1/cases/:id/messages", use: sendMessage)
        router.post("/v1/inbound/:medium", use: receiveReply)
    }

    struct MessageList: Encodable {
        var items: [CustomerMessage]
    }

    /// The values a message about `recoveryCase` can show, with a fresh status link for its customer.
    func messageContext(_ recoveryCase: RecoveryCase, playbook: Playbook, staff: StaffMember, request: Request) async throws -> MessageContext {
        let grants = try await runtime.store.compensationLedger(CompensationQuery(caseID: recoveryCase.id, limit: 500)).items
        let expiresAt = Date(timeIntervalSince1970: (runtime.clock.now().timeIntervalSince1970 + Double(StatusLink.defaultDays) * 86400).rounded())
        let path = "/customer/cases/" + StatusLink.token(caseID: recoveryCase.id, expiresAt: expiresAt, secret: runtime.secret)
        return MessageContext(recoveryCase: recoveryCase, playbook: playbook, staff: staff, compensation: grants, statusLink: baseURL(request) + path)
    }

    /// The server's address as the caller reached it.
    func baseURL(_ request: Request) -> String {
        let scheme = request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https" ? "https" : "http"
        return "\(scheme)://\(request.head.authority ?? "\(runtime.configuration.host):\(runtime.configuration.port)")"
    }

    func playbookInForce() throws(AmendsError) -> Playbook {
        guard let playbook = runtime.playbook.stored?.playbook else {
            throw AmendsError(.conflict, code: "no_playbook", message: "no playbook has been imported yet; import one with 'amends playbook import FILE'")
        }
        return playbook
    }

    static func kind(_ text: String?) throws(AmendsError) -> MessageTemplate.Kind {
        guard let kind: MessageTemplate.Kind = try choice(text, field: "kind", what: "a message kind") else { throw AmendsError.missingField("kind") }
        return kind
    }

    static func medium(_ text: String?, field: String = "medium") throws(AmendsError) -> MessageTemplate.Medium? {
        try choice(text, field: field, what: "a medium")
    }

    @Sendable func draftMessage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try await runtime.tokens.staff(request)
        let id = try context.parameters.require("id")
        let parameters = request.uri.queryParameters
        let recoveryCase = try await scopedCase(id, for: member)
        let playbook = try playbookInForce()
        let draft = try playbook.draft(
            try Self.kind(parameters.get("kind")), medium: try Self.medium(parameters.get("medium")), language: parameters.get("language"),
            for: recoveryCase, context: try await messageContext(recoveryCase, playbook: playbook, staff: member, request: request))
        return JSON.response(draft)
    }

    @Sendable func listMessages(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try await runtime.tokens.staff(request)
        let id = try context.parameters.require("id")
        _ = try await scopedCase(id, for: member)
        return JSON.response(MessageList(items: try await runtime.store.messages(caseID: id)))
    }

    @Sendable func sendMessage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try await runtime.tokens.staff(request)
        let id = try context.parameters.require("id")
        try requireJSON(request)
        let payload = try JSON.decode(MessagePayload.self, from: try await JSON.body(request, limit: runtime.configuration.maxBodyBytes))
        let recoveryCase = try await scopedCase(id, for: member)
        let playbook = try playbookInForce()
        // The scenario's template fills in what the sender did not write; what they wrote (edited) is sent as it is.
        let asked = MessageRequest(kind: payload.kind, medium: payload.medium, language: payload.language, subject: payload.subject, body: payload.body)
        let context = asked.needsTemplate ? try await messageContext(recoveryCase, playbook: playbook, staff: member, request: request) : nil
        let draft = try playbook.compose(asked, for: recoveryCase, context: context)
        guard runtime.messageTransport.handles(draft.medium) else {
            throw AmendsError(
                .conflict, code: "medium_not_configured",
                message: "this server has no \(draft.medium == .email ? "mail server (AMENDS_SMTP_URL)" : "\(draft.medium.rawValue) gateway") to send it through")
        }
        let now = runtime.clock.now()
        let message = draft.outbound(id: runtime.ids.makeID(at: now), caseID: id, at: now, by: "staff:\(member.id)")
        try await runtime.store.queueMessage(message, actorName: member.name)
        runtime.messageBell.ring()
        return JSON.response(status: .accepted, message)
    }

    /// A customer's reply from an e-mail or SMS inbound webhook: attached to their open case, or taken in as feedback.
    @Sendable func receiveReply(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let caller = try await runtime.tokens.caller(request)
        guard case .channel(let channelKey) = caller else {
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
