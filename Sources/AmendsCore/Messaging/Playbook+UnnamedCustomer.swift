import Foundation

extension Playbook {
    /// The word messages use for a customer without a name in the languages Amends ships, so that "Dear
    /// {{customer.name}}," reads "Dear customer," and never "Dear ,".
    public static let builtInUnnamedCustomer: [String: String] = ["en": "customer", "es": "cliente", "fr": "client", "de": "Kunde", "pt": "cliente"]

    /// How a message in `language` addresses a customer whose name is not known: the playbook's word for that
    /// language (`pt-PT`, then `pt`), else the built-in one; nil when neither has the language.
    public func unnamedCustomer(in language: String) -> String? {
        let primary = language.split(separator: "-").first.map { String($0).lowercased() } ?? language.lowercased()
        let given =
            (unnamedCustomer ?? [:]).first { $0.key.lowercased() == language.lowercased() }?.value
            ?? (unnamedCustomer ?? [:]).first { $0.key.lowercased() == primary }?.value
        return given ?? Self.builtInUnnamedCustomer[primary]
    }

    /// Problems with `unnamed_customer`, and templates that name the customer in a language with no word for a
    /// customer without a name.
    func unnamedCustomerProblems(_ report: (FieldPath, String) -> Void) {
        let root = FieldPath().key("unnamed_customer")
        for (language, word) in (unnamedCustomer ?? [:]).sorted(by: { $0.key < $1.key }) {
            if !MessageTemplate.isLanguageTag(language) {
                report(root.key(language), "'\(language)' is not a language tag such as en or pt-PT")
            } else if word.trimmingCharacters(in: .whitespaces).isEmpty || word.contains(where: \.isNewline) {
                report(root.key(language), "must be a word or a few on one line, such as \"guest\"")
            }
        }
        for (scenarioIndex, scenario) in scenarios.enumerated() {
            for (index, template) in (scenario.templates ?? []).enumerated()
            where MessageTemplate.isLanguageTag(template.language) && unnamedCustomer(in: template.language) == nil && template.namesCustomer {
                report(
                    FieldPath().key("scenarios").index(scenarioIndex).key("templates").index(index).key("language"),
                    "this template uses {{customer.name}}, and nothing says how to address a customer without a name in '\(template.language)': "
                        + "add it to the playbook as unnamed_customer: {\(template.language): …}")
            }
        }
    }
}

extension MessageTemplate {
    /// Whether `text` is a language tag such as `en` or `pt-PT`.
    static func isLanguageTag(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0 == "-") }
    }

    /// Whether the subject or body shows the customer's name.
    var namesCustomer: Bool {
        [subject, body].contains { text in
            guard let text, let template = try? TextTemplate(parsing: text) else { return false }
            return template.names.contains("customer.name")
        }
    }
}
