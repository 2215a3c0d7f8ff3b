import Foundation

/// The values a message about one case can show. Built from that case alone, so a template can never reach another
/// customer's data.
public struct MessageContext: Sendable {
    /// The names a message template may use, for checking templates when a playbook is imported.
    public static let names: Set<String> = [
        "business.name", "customer.name", "customer.named", "customer.email", "customer.phone", "location.name", "case.id", "case.reference", "case.summary",
        "case.status", "case.scenario", "case.status_link", "staff.name", "compensation", "compensation.description", "compensation.items",
        "compensation.items.name", "compensation.items.value", "compensation.items.amount", "compensation.items.currency", "guarantee",
        "guarantee.promise", "follow_up", "follow_up.url",
    ]

    /// Every value but the customer's name.
    var fields: [String: TemplateValue]
    /// The customer's name, when known.
    let customerName: String?
    /// The playbook's words for a customer without a name.
    let playbook: Playbook
    /// The language the customer last used with us (their feedback page's, or the one stored with them): a message
    /// not asked for in a language is written in it when the scenario has a template in it.
    public var customerLanguage: String?

    /// - Parameters:
    ///   - links: The case's customer-facing links, when made: `status_link` (where the case stands) and `follow_up`
    ///     (the survey after resolution).
    public init(
        recoveryCase: RecoveryCase, playbook: Playbook, staff: StaffMember?, compensation: [CompensationGrant], statusLink: String? = nil,
        followUpLink: String? = nil
    ) {
        var fields: [String: TemplateValue] = ["business": .object(["name": .text(playbook.name)])]
        var customer: [String: TemplateValue] = [:]
        let name = recoveryCase.customer?.name?.trimmingCharacters(in: .whitespacesAndNewlines)
        customerName = name?.isEmpty == false ? name : nil
        self.playbook = playbook
        if let email = recoveryCase.customer?.email { customer["email"] = .text(email) }
        if let phone = recoveryCase.customer?.phone { customer["phone"] = .text(phone) }
        fields["customer"] = .object(customer)
        fields["location"] = .object(["name": .text(playbook.location(recoveryCase.location)?.name ?? recoveryCase.location)])
        let scenario = playbook.scenario(recoveryCase.scenario)
        var caseFields: [String: TemplateValue] = [
            "id": .text(recoveryCase.id), "reference": .text(recoveryCase.reference), "summary": .text(recoveryCase.summary),
            "status": .text(recoveryCase.status.customerWords), "scenario": .text(scenario?.name ?? recoveryCase.scenario),
        ]
        if let statusLink { caseFields["status_link"] = .text(statusLink) }
        fields["case"] = .object(caseFields)
        if let staff { fields["staff"] = .object(["name": .text(staff.name)]) }
        let granted = compensation.filter { $0.status == .granted }.sorted { $0.requestedAt < $1.requestedAt }
        fields["compensation"] = .object([
            "description": .text(granted.map { "\($0.name) (\($0.value))" }.joined(separator: " and ")),
            "items": .list(
                granted.map { grant in
                    .object([
                        "name": .text(grant.name), "value": .text(grant.value.description), "amount": .text(grant.value.amount),
                        "currency": .text(grant.value.currency),
                    ])
                }),
        ])
        if let guarantee = scenario?.guarantee { fields["guarantee"] = .object(["promise": .text(guarantee.promise)]) }
        if let followUpLink { fields["follow_up"] = .object(["url": .text(followUpLink)]) }
        self.fields = fields
    }

    /// The values for a message in `language`. `customer.name` is the customer's name or, when it is not known, the
    /// playbook's word for a customer in that language ("Dear guest,"); `customer.named` says which it is.
    public func value(in language: String) -> TemplateValue {
        var fields = fields
        guard case .object(var customer) = fields["customer"] else { return .object(fields) }
        customer["named"] = .flag(customerName != nil)
        if let name = customerName ?? playbook.unnamedCustomer(in: language) { customer["name"] = .text(name) }
        fields["customer"] = .object(customer)
        return .object(fields)
    }
}

extension RecoveryCase {
    /// A short reference a customer can quote: the last eight characters of the case's id, in capitals.
    public var reference: String {
        String(id.filter { $0.isLetter || $0.isNumber }.suffix(8)).uppercased()
    }
}

extension RecoveryCase.Status {
    /// How a customer is told where their case stands.
    public var customerWords: String {
        switch self {
        case .new: "received"
        case .acknowledged: "with our team"
        case .inProgress: "being worked on"
        case .waitingOnCustomer: "waiting for your reply"
        case .resolved: "resolved"
        case .followedUp: "resolved and followed up"
        case .closed: "closed"
        case .reopened: "reopened"
        }
    }
}
