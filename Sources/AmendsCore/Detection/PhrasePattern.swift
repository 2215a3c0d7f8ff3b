import AmendsText
import Foundation

/// A playbook phrase compiled to words; a word ending in `*` matches any word it begins.
public struct PhrasePattern: Sendable, Equatable {
    public struct Word: Sendable, Equatable {
        public var text: String
        public var isPrefix: Bool
        /// "not" and "no" in a phrase match any negation ("wasn't clean" matches "not clean").
        public var isNegation: Bool { !isPrefix && (text == "not" || text == "no") }
    }

    public var source: String
    public var words: [Word]

    /// Compiles `source`, or returns nil when it has no words.
    public init?(_ source: String) {
        var words: [Word] = []
        for part in source.split(whereSeparator: { $0.isWhitespace }) {
            let isPrefix = part.hasSuffix("*")
            let tokens = Tokenizer.tokens(String(isPrefix ? part.dropLast() : part))
            for (offset, token) in tokens.enumerated() {
                words.append(Word(text: token.text, isPrefix: isPrefix && offset == tokens.count - 1))
            }
        }
        guard !words.isEmpty else { return nil }
        self.source = source
        self.words = words
    }

    /// Whether the pattern matches the words of `tokens` starting at `start`.
    func matches(_ tokens: [Token], at start: Int) -> Bool {
        guard start + words.count <= tokens.count else { return false }
        for (offset, word) in words.enumerated() {
            let token = tokens[start + offset]
            if offset > 0 && token.followsBreak { return false }
            if word.isNegation {
                if !Tokenizer.isNegator(token.text) { return false }
            } else if word.isPrefix ? !token.text.hasPrefix(word.text) : token.text != word.text {
                return false
            }
        }
        return true
    }
}
