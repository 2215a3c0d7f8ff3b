import Foundation
import Mustache
import Synchronization

/// A message template: spec Mustache, parsed and rendered by swift-mustache, as plain text.
///
/// `{{name}}` and `{{{name}}}` insert a value, `{{#name}}…{{/name}}` repeats for each item of a list (or shows once for a
/// value that is set), `{{^name}}…{{/name}}` shows when it is empty or unset, `{{! …}}` is a comment. A message
/// template stands alone and sees only the values it is given, which are built from one case, so the parts of Mustache
/// that reach beyond that are refused on import: partials and inheritance, changed delimiters, pragmas, and
/// swift-mustache's functions (`{{uppercased(name)}}`). Messages are plain text, so values are inserted as they are,
/// without HTML escaping; control characters in values are dropped.
public struct TextTemplate: Sendable {
    /// The text as written.
    public let source: String
    let template: MustacheTemplate

    /// Parses `source`, or says what is wrong with it and on which line.
    public init(parsing source: String) throws(AmendsError) {
        try Self.checkTags(source)
        do {
            // Messages are text: the pragma, on a line of its own, leaves no trace in what is rendered.
            template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT }}\n" + source)
        } catch let error as MustacheTemplate.ParserError {
            let line = max(1, error.context.lineNumber - 1)
            let text = error.context.line.trimmingCharacters(in: .whitespacesAndNewlines)
            let shown = text.isEmpty ? "" : " (at '\(text.count > 60 ? text.prefix(60) + "…" : text)')"
            throw AmendsError(.invalid, code: "invalid_template", message: "line \(line): \(Self.words(for: error.error))\(shown)")
        } catch {
            throw AmendsError(.invalid, code: "invalid_template", message: "the template cannot be read")
        }
        self.source = source
    }

    /// The text with `values` filled in; an unknown name renders as nothing.
    public func render(_ values: TemplateValue) -> String {
        template.render(values.mustacheValue ?? [String: Any]())
    }

    /// Every name the template looks up, with dots (`customer.name`); inside a section, names are given relative to it
    /// (`compensation.items.name`).
    ///
    /// swift-mustache keeps its parsed tokens to itself, so the names are learned by rendering against a context that
    /// records each name asked of it. Inverted sections (`{{^name}}`) show only when a name is unset, so the template is
    /// rendered again with each name it asked for answered as unset, until no render finds a new name.
    public var names: Set<String> {
        let log = NameLog()
        var tried: Set<Set<String>> = []
        var queue: [Set<String>] = [[]]
        while let unset = queue.popLast(), tried.count < 256 {
            guard tried.insert(unset).inserted else { continue }
            let asked = log.render(template, unset: unset)
            for name in asked.subtracting(unset) { queue.append(unset.union([name])) }
        }
        return log.all
    }

    /// Refuses what swift-mustache reads but a message template must not use, and tags that are not names.
    static func checkTags(_ source: String) throws(AmendsError) {
        var rest = Substring(source)
        var line = 1
        func fail(_ message: String) -> AmendsError { AmendsError(.invalid, code: "invalid_template", message: "line \(line): \(message)") }
        while let open = rest.range(of: "{{") {
            line += rest[..<open.lowerBound].filter { $0 == "\n" }.count
            let triple = rest[open.upperBound...].hasPrefix("{")
            let start = triple ? rest.index(after: open.upperBound) : open.upperBound
            guard let close = rest[start...].range(of: triple ? "}}}" : "}}") else { throw fail("a tag opened with {{ is never closed") }
            let tag = rest[start..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            line += rest[open.lowerBound..<close.upperBound].filter { $0 == "\n" }.count
            rest = rest[close.upperBound...]
            guard let sigil = tag.first else { throw fail("an empty tag {{}}") }
            var name = Substring(tag)
            switch sigil {
            case "!": continue
            case ">", "<", "$": throw fail("partials and inheritance ({{> …}}, {{< …}}, {{$ …}}) are not used in messages: a template stands alone")
            case "=": throw fail("changing delimiters ({{= …=}}) is not supported")
            case "%": throw fail("pragmas ({{% …}}) are not used in messages")
            case "#", "^", "/", "&":
                guard !triple else { throw fail("{{{ inserts a value; it opens no section") }
                name = name.dropFirst()
            default: break
            }
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            if trimmed.contains("(") { throw fail("functions such as uppercased(…) are not used in messages") }
            let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
            guard !trimmed.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }) else {
                throw fail("'\(trimmed)' is not a name such as customer.name")
            }
        }
    }

    /// What a parse error of swift-mustache means, in words.
    static func words(for error: any Error) -> String {
        switch error {
        case MustacheTemplate.Error.sectionCloseNameIncorrect: "a section is closed with another name than it was opened with"
        case MustacheTemplate.Error.expectedSectionEnd: "a section ({{#…}} or {{^…}}) is never closed"
        case MustacheTemplate.Error.unfinishedName: "a name is not finished"
        default: "the template cannot be read (\(error))"
        }
    }
}

/// The names a template asked for while rendered against ``Recorder``s.
private final class NameLog: Sendable {
    private struct State {
        var all: Set<String> = []
        var asked: Set<String> = []
        var unset: Set<String> = []
        /// A name just answered as unset inside a section: Mustache asks the enclosing contexts for it next, and they
        /// must not answer (or be taken to have been asked) in its place.
        var fallingThrough: String?
    }

    private let state = Mutex(State())

    var all: Set<String> { state.withLock { $0.all } }

    /// Renders with the names in `unset` answered as unset; returns the names this render asked for.
    func render(_ template: MustacheTemplate, unset: Set<String>) -> Set<String> {
        state.withLock { state in
            state.asked = []
            state.unset = unset
            state.fallingThrough = nil
        }
        _ = template.render(Recorder(log: self, path: ""))
        return state.withLock { $0.asked }
    }

    /// Records `name` (a segment asked of the context at `path`) and says whether it is to be answered as unset.
    func ask(_ name: String, at path: String) -> Bool {
        state.withLock { state in
            if state.fallingThrough == name { return true }
            state.fallingThrough = nil
            let full = path.isEmpty ? name : path + "." + name
            state.all.insert(full)
            state.asked.insert(full)
            guard state.unset.contains(full) else { return false }
            if !path.isEmpty { state.fallingThrough = name }
            return true
        }
    }
}

/// A context that answers every name with another recorder, noting the name in the log.
private struct Recorder: MustacheParent, CustomStringConvertible {
    let log: NameLog
    let path: String

    func child(named name: String) -> Any? {
        log.ask(name, at: path) ? nil : Recorder(log: log, path: path.isEmpty ? name : path + "." + name)
    }

    var description: String { "" }
}

/// What a template can show: text, a yes/no, a list, or named fields.
public enum TemplateValue: Sendable, Equatable {
    case text(String)
    case flag(Bool)
    case list([TemplateValue])
    case object([String: TemplateValue])

    /// The value as swift-mustache reads it. Empty text is left out, so that a section over it does not show (in spec
    /// Mustache an empty string is set); control characters other than line breaks and tabs are dropped.
    var mustacheValue: Any? {
        switch self {
        case .text(let text): text.isEmpty ? nil : Self.clean(text)
        case .flag(let flag): flag
        case .list(let items): items.compactMap(\.mustacheValue)
        case .object(let fields): fields.compactMapValues(\.mustacheValue)
        }
    }

    /// A value without control characters other than line breaks and tabs.
    static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 == "\n" || $0 == "\t" || !($0.properties.generalCategory == .control) }))
    }
}
