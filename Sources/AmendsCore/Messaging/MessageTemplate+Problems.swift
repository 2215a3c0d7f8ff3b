import Foundation

extension MessageTemplate {
    /// Problems with the template's text: unreadable Mustache, or a name messages do not have.
    public func problems() -> [(field: String, message: String)] {
        var problems: [(String, String)] = []
        for (field, text) in [("subject", subject), ("body", Optional(body))] {
            guard let text else { continue }
            do throws(AmendsError) {
                let template = try TextTemplate(parsing: text)
                for name in template.names.sorted() where !Self.isKnown(name) && !Self.isInsideList(name) {
                    problems.append((field, "'{{\(name)}}' is not a name messages have; use \(MessageContext.names.sorted().joined(separator: ", "))"))
                }
            } catch {
                problems.append((field, error.message))
            }
        }
        return problems
    }

    /// Whether messages have `name`, or values under it (`customer` for `customer.name`).
    static func isKnown(_ name: String) -> Bool {
        MessageContext.names.contains(name) || MessageContext.names.contains { $0.hasPrefix(name + ".") }
    }

    /// Inside a section the names of what it opened are used bare (`{{#compensation.items}}{{name}}`), and the outer
    /// names stay reachable.
    static func isInsideList(_ name: String) -> Bool {
        var parts = name.split(separator: ".").map(String.init)
        while parts.count > 1 {
            parts.removeFirst()
            if isKnown(parts.joined(separator: ".")) { return true }
        }
        return false
    }
}
