import Foundation

/// A logic-less template in the Mustache syntax, for messages to customers: `{{name}}` and `{{{name}}}` insert a
/// value, `{{#name}}…{{/name}}` repeats for each item of a list (or shows once for a value that is set),
/// `{{^name}}…{{/name}}` shows when it is empty or unset, `{{! …}}` is a comment.
///
/// Nothing in a template can run code: there are no partials, lambdas or delimiter changes, and a template sees only
/// the values it is given, which are built from one case (its customer, location, staff and compensation).
/// Messages are plain text, so values are inserted as they are, without HTML escaping; control characters in
/// values are dropped.
public struct TextTemplate: Sendable, Equatable {
    indirect enum Node: Sendable, Equatable {
        case text(String)
        case value([String])
        case section([String], inverted: Bool, [Node])
    }

    let nodes: [Node]

    /// Parses `source`, or says what is wrong with it and where.
    public init(parsing source: String) throws(AmendsError) {
        var stack: [(name: [String], inverted: Bool, nodes: [Node], line: Int)] = []
        var current: [Node] = []
        var rest = Substring(source)
        var line = 1
        func fail(_ message: String) -> AmendsError {
            AmendsError(.invalid, code: "invalid_template", message: "line \(line): \(message)")
        }
        while let open = rest.range(of: "{{") {
            let text = rest[..<open.lowerBound]
            if !text.isEmpty { current.append(.text(String(text))) }
            line += text.filter { $0 == "\n" }.count
            let triple = rest[open.upperBound...].hasPrefix("{")
            let afterOpen = triple ? rest.index(after: open.upperBound) : open.upperBound
            guard let close = rest[afterOpen...].range(of: triple ? "}}}" : "}}") else { throw fail("a tag opened with {{ is never closed") }
            let tag = rest[afterOpen..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            line += rest[afterOpen..<close.lowerBound].filter { $0 == "\n" }.count
            rest = rest[close.upperBound...]
            guard let sigil = tag.first else { throw fail("an empty tag {{}}") }
            func name(_ text: Substring) throws(AmendsError) -> [String] {
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                guard !trimmed.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }) else {
                    throw fail("'\(trimmed)' is not a name such as customer.name")
                }
                return parts
            }
            switch sigil {
            case "!":
                continue
            case "#", "^":
                guard !triple else { throw fail("a section cannot be opened with {{{") }
                stack.append((try name(tag.dropFirst()), sigil == "^", current, line))
                current = []
            case "/":
                let closing = try name(tag.dropFirst())
                guard let opened = stack.popLast() else { throw fail("{{/\(closing.joined(separator: "."))}} closes no section") }
                guard opened.name == closing else {
                    throw fail("{{/\(closing.joined(separator: "."))}} closes {{#\(opened.name.joined(separator: "."))}} (opened on line \(opened.line))")
                }
                let section = Node.section(opened.name, inverted: opened.inverted, current)
                current = opened.nodes + [section]
            case ">":
                throw fail("partials ({{> …}}) are not supported: a message template stands alone")
            case "=":
                throw fail("changing delimiters ({{= …=}}) is not supported")
            case "&":
                current.append(.value(try name(tag.dropFirst())))
            default:
                current.append(.value(try name(Substring(tag))))
            }
        }
        if !rest.isEmpty { current.append(.text(String(rest))) }
        if let open = stack.last { throw AmendsError(.invalid, code: "invalid_template", message: "line \(open.line): {{#\(open.name.joined(separator: "."))}} is never closed") }
        nodes = current
    }

    /// Every name the template uses, with dots (`customer.name`); names inside a section are given relative to it too.
    public var names: Set<String> {
        var names: Set<String> = []
        func walk(_ nodes: [Node], prefix: [String]) {
            for node in nodes {
                switch node {
                case .text: break
                case .value(let name): names.insert((prefix + name).joined(separator: "."))
                case .section(let name, _, let children):
                    names.insert((prefix + name).joined(separator: "."))
                    walk(children, prefix: prefix + name)
                }
            }
        }
        walk(nodes, prefix: [])
        return names
    }

    /// The text with `values` filled in; an unknown name renders as nothing.
    public func render(_ values: TemplateValue) -> String {
        var output = ""
        func lookup(_ name: [String], in stack: [TemplateValue]) -> TemplateValue? {
            // The first name is looked up from the innermost context outwards, the rest inside what it found.
            for context in stack.reversed() {
                guard case .object(let fields) = context, var found = fields[name[0]] else { continue }
                for part in name.dropFirst() {
                    guard case .object(let inner) = found, let next = inner[part] else { return nil }
                    found = next
                }
                return found
            }
            return nil
        }
        func walk(_ nodes: [Node], _ stack: [TemplateValue]) {
            for node in nodes {
                switch node {
                case .text(let text):
                    output += text
                case .value(let name):
                    if case .text(let text)? = lookup(name, in: stack) { output += Self.clean(text) }
                case .section(let name, let inverted, let children):
                    let value = lookup(name, in: stack)
                    let items: [TemplateValue]
                    switch value {
                    case nil, .flag(false)?: items = []
                    case .text(let text)? where text.isEmpty: items = []
                    case .list(let list)?: items = list
                    case let other?: items = [other]
                    }
                    if inverted {
                        if items.isEmpty { walk(children, stack) }
                    } else {
                        for item in items { walk(children, stack + [item]) }
                    }
                }
            }
        }
        walk(nodes, [values])
        return output
    }

    /// A value without control characters other than line breaks and tabs.
    static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 == "\n" || $0 == "\t" || !($0.properties.generalCategory == .control) }))
    }
}

/// What a template can show: text, a yes/no, a list, or named fields.
public enum TemplateValue: Sendable, Equatable {
    case text(String)
    case flag(Bool)
    case list([TemplateValue])
    case object([String: TemplateValue])
}

/// The values a message about one case can show. Built from that case alone, so a template can never reach another
/// customer's data.
public struct MessageContext: Sendable {
    /// The names a message template may use, for checking templates when a playbook is imported.
    public static let names: Set<String> = [
        "business.name", "customer.name", "customer.email", "customer.phone", "location.name", "case.id", "case.reference", "case.summary",
        "case.status", "case.scenario", "case.status_link", "staff.name", "compensation", "compensation.description", "compensation.items",
        "compensation.items.name", "compensation.items.value", "compensation.items.amount", "compensation.items.currency", "guarantee",
        "guarantee.promise", "follow_up", "follow_up.url",
    ]

    public var value: TemplateValue

    /// - Parameters:
    ///   - links: The case's customer-facing links, when made: `status_link` (where the case stands) and `follow_up`
    ///     (the survey after resolution).
    public init(
        recoveryCase: RecoveryCase, playbook: Playbook, staff: StaffMember?, compensation: [CompensationGrant], statusLink: String? = nil,
        followUpLink: String? = nil
    ) {
        var fields: [String: TemplateValue] = ["business": .object(["name": .text(playbook.name)])]
        var customer: [String: TemplateValue] = [:]
        if let name = recoveryCase.customer?.name { customer["name"] = .text(name) }
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
        value = .object(fields)
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

extension MessageTemplate {
    /// Problems with the template's text: unreadable Mustache, or a name messages do not have.
    public func problems() -> [(field: String, message: String)] {
        var problems: [(String, String)] = []
        for (field, text) in [("subject", subject), ("body", Optional(body))] {
            guard let text else { continue }
            do throws(AmendsError) {
                let template = try TextTemplate(parsing: text)
                for name in template.names.sorted() where !MessageContext.names.contains(name) && !Self.isInsideList(name) {
                    problems.append((field, "'{{\(name)}}' is not a name messages have; use \(MessageContext.names.sorted().joined(separator: ", "))"))
                }
            } catch {
                problems.append((field, error.message))
            }
        }
        return problems
    }

    /// Inside a section the names of what it opened are used bare (`{{#compensation.items}}{{name}}`), and the outer
    /// names stay reachable.
    static func isInsideList(_ name: String) -> Bool {
        var parts = name.split(separator: ".").map(String.init)
        while parts.count > 1 {
            parts.removeFirst()
            if MessageContext.names.contains(parts.joined(separator: ".")) { return true }
        }
        return false
    }
}
