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
