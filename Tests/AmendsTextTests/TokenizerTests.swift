import Foundation
import Testing

@testable import AmendsText

@Suite("Rule tokenizer")
struct RuleTokenizerTests {
    /// The byte-wise reading of ASCII text gives the same words, ranges and clause breaks as the character-wise one.
    @Test func asciiPathAgreesWithCharacterPath() {
        let pieces = [
            "The", "room", "WASN'T", "clean", "can't", "cannot", "won't", "ain't", "it's", "guests'", "'quoted'", "42", "a1b2", ".", ",", ";",
            ":", "!", "?", "(", ")", "[", "]", "\n", " ", "  ", "-", "/", "#", "@", "\t", "''", "x'",
        ]
        var generator = SplitMix(seed: 7)
        for _ in 0..<2000 {
            var text = ""
            for _ in 0..<Int(generator.next() % 14) {
                text += pieces[Int(generator.next() % UInt64(pieces.count))]
                if generator.next() % 2 == 0 { text += " " }
            }
            let fast = Tokenizer.asciiTokens(text)
            let general = Tokenizer.characterTokens(text)
            #expect(fast == general, "\(text.debugDescription)")
        }
    }

    @Test func nonASCIITextTakesTheCharacterPath() {
        let tokens = Tokenizer.tokens("Café wasn’t clean — awful")
        #expect(tokens.map(\.text) == ["café", "was", "not", "clean", "awful"])
        #expect(tokens[4].followsBreak)
    }
}
