import AmendsJSON
import AmendsTestSupport
import Foundation
import Testing

@Suite("JSON reader and writer")
struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test(arguments: [
        #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#,
        #"  [ 1 , -0.5 , 2e3 , 1E-2 , -0 , 12345678901234 ]  "#,
        #""plain""#,
        #""esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 done""#,
        #"{"nested":[[[{"x":[]}]]],"empty":{}}"#,
        #""Café 🙂 ünïcödé""#,
    ])
    func readsWhatFoundationReads(_ text: String) throws {
        let expected = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(try parse(text) == expected)
    }

    @Test(arguments: [
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "01", "1.", ".5", "-", "1e", "+1", "tru", "nul", "[1] x",
        "\"tab\tinside\"", "\"bad \\q escape\"", "\"\\ud83d alone\"", "\"\\ude00\"", "\"open", "NaN", "1e999", "\"\\u12\"", "{\"a\":1}{",
    ])
    func refusesWhatIsNotJSON(_ text: String) {
        #expect(throws: JSONParser.Malformed.self) { try parse(text) }
    }

    @Test func refusesNULButReadsAnEscapedBackslashBeforeU0000() throws {
        #expect(throws: JSONParser.Malformed.self) { try parse(#""a\u0000b""#) }
        #expect(try parse(#""a\\u0000b""#) == .string(#"a\u0000b"#))
    }

    @Test func refusesInvalidUTF8InStrings() {
        #expect(throws: JSONParser.Malformed.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test func refusesNestingPastTheLimit() throws {
        let deep = String(repeating: "[", count: JSONParser.maxDepth + 1) + String(repeating: "]", count: JSONParser.maxDepth + 1)
        #expect(throws: JSONParser.Malformed.self) { try parse(deep) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        _ = try parse(fine)
    }

    /// Arbitrary bytes, and JSON-like noise, never crash the reader.
    @Test func neverCrashesOnNoise() {
        var generator = SeededGenerator()
        let alphabet = Array(#"{}[]":,.-+eE0123456789 tnrufalse\"#.utf8) + [0x00, 0x1F, 0x80, 0xFF, 0xC3, 0xA9]
        for _ in 0..<5000 {
            let bytes = (0..<Int.random(in: 0..<40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            _ = try? JSONParser.parse(bytes)
        }
        // Reached only when nothing crashed; the seed replays the same bytes (AMENDS_TEST_SEED=\(SeededGenerator.seed)).
    }

    /// What the writer writes, the reader reads back as the same value.
    @Test func writerAndReaderRoundTrip() throws {
        let value: JSONValue = .object([
            "text": .string("quote \" backslash \\ newline \n control \u{1} emoji 🙂 slash /"),
            "numbers": .array([.number(0), .number(-3), .number(0.125), .number(1e-7), .number(123_456_789_012)]),
            "flags": .array([.bool(true), .bool(false), .null]),
            "nested": .object(["b": .object([:]), "a": .array([])]),
        ])
        #expect(try JSONParser.parse(Array(value.canonicalText.utf8)) == value)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(value.canonicalText == String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
