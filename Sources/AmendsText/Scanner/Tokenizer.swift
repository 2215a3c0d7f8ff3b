import Foundation

/// A word of feedback text: its normalised form and where it stands in the original.
public struct Token: Sendable, Equatable {
    /// Lowercased, with curly apostrophes straightened.
    public var text: String
    /// The range of the word in the original text.
    public var range: Range<String.Index>
    /// True when a clause break (. , ; : ! ? or a line break) comes right before this word.
    public var followsBreak: Bool

    public init(text: String, range: Range<String.Index>, followsBreak: Bool) {
        self.text = text
        self.range = range
        self.followsBreak = followsBreak
    }
}

/// Splits feedback into words, keeping apostrophes inside words ("wasn't") and noting clause breaks.
public enum Tokenizer {
    /// The words of `text`, in order.
    public static func tokens(_ text: String) -> [Token] {
        text.utf8.allSatisfy({ $0 < 0x80 }) ? asciiTokens(text) : characterTokens(text)
    }

    /// The words of any text, character by character.
    static func characterTokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var start: String.Index?
        var pendingBreak = false
        var current = ""
        var index = text.startIndex
        func finish(at end: String.Index) {
            guard let begin = start else { return }
            var word = current
            while word.hasSuffix("'") { word.removeLast() }
            if !word.isEmpty {
                append(word, range: begin..<end, followsBreak: pendingBreak, to: &tokens)
                pendingBreak = false
            }
            start = nil
            current = ""
        }
        while index < text.endIndex {
            let character = text[index]
            if character.isLetter || character.isNumber {
                if start == nil { start = index }
                current += character.lowercased()
            } else if character == "'" || character == "\u{2019}" || character == "\u{2018}", start != nil {
                current += "'"
            } else {
                finish(at: index)
                if ".,;:!?\n\r()[]".contains(character) || character == "\u{2014}" || character == "\u{2013}" {
                    pendingBreak = true
                }
            }
            index = text.index(after: index)
        }
        finish(at: text.endIndex)
        return tokens
    }

    /// The same words for text that is all ASCII, read byte by byte: most feedback, at a fraction of the cost of
    /// walking characters.
    static func asciiTokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        let utf8 = text.utf8
        var start: Int?
        var pendingBreak = false
        var word: [UInt8] = []
        word.reserveCapacity(32)
        func finish(at end: Int) {
            guard let begin = start else { return }
            while word.last == UInt8(ascii: "'") { word.removeLast() }
            if !word.isEmpty {
                let range = utf8.index(utf8.startIndex, offsetBy: begin)..<utf8.index(utf8.startIndex, offsetBy: end)
                append(String(decoding: word, as: UTF8.self), range: range, followsBreak: pendingBreak, to: &tokens)
                pendingBreak = false
            }
            start = nil
            word.removeAll(keepingCapacity: true)
        }
        var offset = 0
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                if start == nil { start = offset }
                word.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                if start == nil { start = offset }
                word.append(byte + 32)
            case UInt8(ascii: "'") where start != nil:
                word.append(byte)
            default:
                finish(at: offset)
                switch byte {
                case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "!"), UInt8(ascii: "?"), 0x0A, 0x0D,
                    UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"):
                    pendingBreak = true
                default: break
                }
            }
            offset += 1
        }
        finish(at: offset)
        return tokens
    }

    /// Appends one word; "wasn't" and "cannot" become two, so a phrase written "could not sleep" matches "couldn't sleep".
    private static func append(_ word: String, range: Range<String.Index>, followsBreak: Bool, to tokens: inout [Token]) {
        if let stem = negatedStem(word) {
            tokens.append(Token(text: stem, range: range, followsBreak: followsBreak))
            tokens.append(Token(text: "not", range: range, followsBreak: false))
        } else {
            tokens.append(Token(text: word, range: range, followsBreak: followsBreak))
        }
    }

    /// The verb of a negative contraction ("wasn't" → "was", "can't" → "can", "won't" → "will"), or nil.
    static func negatedStem(_ word: String) -> String? {
        if word == "cannot" { return "can" }
        guard word.hasSuffix("n't"), word.count > 3 else { return nil }
        let stem = String(word.dropLast(3))
        switch stem {
        case "ca": return "can"
        case "wo": return "will"
        case "sha": return "shall"
        case "ai": return "is"
        default: return stem
        }
    }

    /// Words that negate what follows them.
    static let negators: Set<String> = [
        "not", "no", "never", "without", "nothing", "nobody", "none", "neither", "nor", "hardly", "barely",
        "cannot", "cant", "dont", "didnt", "wasnt", "isnt", "arent", "werent", "wont", "couldnt", "wouldnt",
        "shouldnt", "hasnt", "havent", "hadnt", "doesnt", "aint", "zero",
    ]

    /// Whether `word` negates what follows it ("not", "never", any word ending in "n't").
    public static func isNegator(_ word: String) -> Bool {
        negators.contains(word) || word.hasSuffix("n't")
    }

    /// Words that start a new clause or item, ending the reach of a negation ("not great, but clean";
    /// "not clean and smelly" still complains of the smell).
    public static let contrast: Set<String> = ["but", "however", "although", "though", "yet", "except", "and", "or", "so", "because", "while"]
}
