import AmendsText
import Foundation

/// A playbook phrase compiled to words; a word ending in `*` matches any word it begins.
public struct PhrasePattern: Sendable, Equatable {
    public struct Word: Sendable, Equatable {
        public var text: String
        public var isPrefix: Bool
        /// A negating word in a phrase matches any negation: "not clean" matches "wasn't clean"; in a language's
        /// phrases, any of its negators ("no estaba limpia" matches "nunca estaba limpia").
        public var isNegation: Bool
    }

    public var source: String
    public var words: [Word]
    /// The language whose text the phrase is for: its words are then folded as that language's lexicon folds them
    /// (without accents), and its negators count as negation. Nil for a phrase in any language.
    public var language: TextLanguage?

    /// Compiles `source`, or returns nil when it has no words.
    public init?(_ source: String, language: TextLanguage? = nil) {
        var words: [Word] = []
        for part in source.split(whereSeparator: { $0.isWhitespace }) {
            let isPrefix = part.hasSuffix("*")
            let tokens = Tokenizer.tokens(String(isPrefix ? part.dropLast() : part))
            for (offset, token) in tokens.enumerated() {
                let prefix = isPrefix && offset == tokens.count - 1
                let negation: Bool
                if let language {
                    negation = !prefix && language.negates(token.text)
                } else {
                    negation = !prefix && (token.text == "not" || token.text == "no")
                }
                words.append(Word(text: language?.folded(token.text) ?? token.text, isPrefix: prefix, isNegation: negation))
            }
        }
        guard !words.isEmpty else { return nil }
        self.source = source
        self.words = words
        self.language = language
    }

    /// Whether the pattern matches the words of `tokens` starting at `start` (for a language's phrase, `tokens` are
    /// folded as that language folds them).
    func matches(_ tokens: [Token], at start: Int) -> Bool {
        guard start + words.count <= tokens.count else { return false }
        for (offset, word) in words.enumerated() {
            let token = tokens[start + offset]
            if offset > 0 && token.followsBreak { return false }
            if word.isNegation {
                if !(language?.negates(token.text) ?? Tokenizer.isNegator(token.text)) { return false }
            } else if word.isPrefix ? !token.text.hasPrefix(word.text) : token.text != word.text {
                return false
            }
        }
        return true
    }
}
