import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// Keeping the customer informed: drafts from the scenario's templates and messages through the outbox.
struct MessageController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.get("/v1/cases/:id/messages/draft", .frontline, use: draftMessage)
        routes.get("/v1/cases/:id/messages", .frontline, use: listMessages)
        routes.post("/v1/cases/:id/messages", .frontline, use: sendMessage)
    }

    struct MessageList: Encodable {
        var items: [CustomerMessage]
    }

    @Sendable func draftMessage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try context.staff
        let id = try context.parameters.require("id")
        let parameters = request.uri.queryParameters
        let recoveryCase = try await context.scope.recoveryCase(id)
        let playbook = try playbookInForce()
        let draft = try playbook.draft(
            try Self.kind(parameters.get("kind")), medium: try Self.medium(parameters.get("medium")), language: parameters.get("language"),
            for: recoveryCase, context: try await messageContext(recoveryCase, playbook: playbook, staff: member))
        return JSON.response(draft)
    }

    @Sendable func listMessages(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        _ = try await context.scope.recoveryCase(id)
        return JSON.response(MessageList(items: try await runtime.store.messages(caseID: id)))
    }

    @Sendable func sendMessage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let (member, id, recoveryCase, payload) = try await caseAction(request, context, body: MessagePayload.self)
        let playbook = try playbookInForce()
        // The scenario's template fills in what the sender did not write; what they wrote (edited) is sent as it is.
        let asked = MessageRequest(kind: payload.kind, medium: payload.medium, language: payload.language, subject: payload.subject, body: payload.body)
        let context = asked.needsTemplate ? try await messageContext(recoveryCase, playbook: playbook, staff: member) : nil
        return JSON.response(status: .accepted, try await queueMessage(try playbook.compose(asked, for: recoveryCase, context: context), caseID: id, by: member))
    }
}

extension Controller {
    /// The values a message about `recoveryCase` can show, with a fresh status link for its customer.
    func messageContext(_ recoveryCase: RecoveryCase, playbook: Playbook, staff: StaffMember) async throws -> MessageContext {
        let grants = try await runtime.store.compensationLedger(CompensationQuery(caseID: recoveryCase.id, limit: 500)).items
        let expiresAt = Date(timeIntervalSince1970: (runtime.clock.now().timeIntervalSince1970 + Double(StatusLink.defaultDays) * 86400).rounded())
        let path = "/customer/cases/" + StatusLink.token(caseID: recoveryCase.id, expiresAt: expiresAt, keys: runtime.keys)
        var context = MessageContext(recoveryCase: recoveryCase, playbook: playbook, staff: staff, compensation: grants, statusLink: runtime.publicURL + path)
        context.customerLanguage = try await runtime.store.customerPreferences(keys: recoveryCase.customer?.keys ?? []).language
        return context
    }

    /// Puts `draft` in the case's outbox, sent by `member`, when this server has a way to send it.
    func queueMessage(_ draft: MessageDraft, caseID: String, by member: StaffMember) async throws -> CustomerMessage {
        guard runtime.messageTransport.handles(draft.medium) else {
            throw AmendsError(
                .conflict, code: "medium_not_configured",
                message: "this server has no \(draft.medium == .email ? "mail server (AMENDS_SMTP_URL)" : "\(draft.medium.rawValue) gateway") to send it through")
        }
        let now = runtime.clock.now()
        let message = draft.outbound(id: runtime.ids.makeID(at: now), caseID: caseID, at: now, by: "staff:\(member.id)")
        try await runtime.store.queueMessage(message, actorName: member.name)
        runtime.messageBell.ring()
        return message
    }
}
