import Foundation

/// Words a playbook gives in one or more languages: a plain string (the same in every language), or a map from
/// language tag to text (`{en: "Which area?", pt: "Que área?"}`).
public struct LocalizedText: Codable, Sendable, Equatable {
    /// The text by language tag; the empty tag holds a text given for every language.
    public var texts: [String: String]

    public init(_ text: String) { texts = ["": text] }
    public init(texts: [String: String]) { self.texts = texts }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            texts = ["": text]
        } else {
            texts = try container.decode([String: String].self)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if texts.count == 1, let text = texts[""] {
            try container.encode(text)
        } else {
            try container.encode(texts)
        }
    }

    /// The text in `language` (the exact tag, then its primary language), else in `fallback`, else English, else any.
    public func text(in language: String, fallback: String = "en") -> String {
        if let text = texts[""] { return text }
        for tag in [language, PageLanguage.primary(language), fallback, PageLanguage.primary(fallback), "en"] {
            if let text = texts.first(where: { $0.key.lowercased() == tag.lowercased() })?.value { return text }
        }
        return texts.sorted { $0.key < $1.key }.first?.value ?? ""
    }
}
