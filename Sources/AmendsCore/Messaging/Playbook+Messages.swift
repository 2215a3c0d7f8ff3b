import Foundation

extension Playbook {
    /// The message of `kind` for the case, from its scenario's templates, filled in for its customer.
    ///
    /// The medium and language are the asked-for ones when given; otherwise the first template of the kind whose medium
    /// the customer can be reached on, in the customer's language when the scenario has one in it.
    public func draft(
        _ kind: MessageTemplate.Kind, medium: MessageTemplate.Medium?, language: String?, for recoveryCase: RecoveryCase, context: MessageContext
    ) throws(AmendsError) -> MessageDraft {
        let templates = (scenario(recoveryCase.scenario)?.templates ?? []).filter { $0.kind == kind }
        guard !templates.isEmpty else {
            throw AmendsError(
                .conflict, code: "no_template",
                message: "scenario '\(recoveryCase.scenario)' has no \(kind.rawValue) template; write the message yourself (send a body) or add one to the playbook")
        }
        let reachable = templates.filter { recoveryCase.customer?.address(for: $0.channel) != nil }
        var candidates = templates.filter { (medium == nil || $0.channel == medium) && (language == nil || $0.language == language) }
        if language == nil, let preferred = context.customerLanguage {
            // The customer's language first, exactly or by its primary language, keeping the playbook's order otherwise.
            func rank(_ template: MessageTemplate) -> Int {
                template.language.lowercased() == preferred.lowercased() ? 0 : PageLanguage.primary(template.language) == PageLanguage.primary(preferred) ? 1 : 2
            }
            candidates = candidates.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
        }
        guard let template = candidates.first(where: { reachable.contains($0) }) ?? candidates.first else {
            let offered = templates.map { "\($0.channel.rawValue)/\($0.language)" }.joined(separator: ", ")
            throw AmendsError(.conflict, code: "no_template", message: "no \(kind.rawValue) template for that medium and language; the scenario has \(offered)")
        }
        guard let address = recoveryCase.customer?.address(for: template.channel) else {
            throw AmendsError(
                .conflict, code: "no_address", message: "the customer of case \(recoveryCase.id) has no \(CustomerMessage.words(template.channel)) address")
        }
        let values = context.value(in: template.language)
        let body = try TextTemplate(parsing: template.body).render(values)
        var subject: String?
        if let text = template.subject { subject = MessageDraft.oneLine(try TextTemplate(parsing: text).render(values)) }
        return MessageDraft(
            kind: kind, medium: template.channel, language: template.language, address: address, subject: subject,
            body: body.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

extension Playbook {
    /// The message to send for `request`: the sender's words as written, else the scenario's template filled in from
    /// `context` (with any subject or body the sender gave instead). An e-mail needs a subject, and no message is empty.
    public func compose(_ request: MessageRequest, for recoveryCase: RecoveryCase, context: MessageContext?) throws(AmendsError) -> MessageDraft {
        var draft: MessageDraft
        if let body = request.body, let medium = request.medium {
            guard let address = recoveryCase.customer?.address(for: medium) else {
                throw AmendsError(.conflict, code: "no_address", message: "the customer of case \(recoveryCase.id) has no \(medium.rawValue) address")
            }
            draft = MessageDraft(kind: request.kind, medium: medium, language: request.language ?? "", address: address, subject: request.subject, body: body)
        } else {
            guard let context else { throw AmendsError(.conflict, code: "no_template", message: "a message from a template needs the case's details") }
            draft = try self.draft(request.kind, medium: request.medium, language: request.language, for: recoveryCase, context: context)
            if let body = request.body { draft.body = body }
            if let subject = request.subject { draft.subject = subject }
        }
        draft.subject = draft.subject.map(MessageDraft.oneLine)
        if draft.medium == .email && (draft.subject ?? "").isEmpty { throw AmendsError.missingField("subject") }
        guard !draft.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw AmendsError.invalidField("body", "must not be empty") }
        return draft
    }
}
