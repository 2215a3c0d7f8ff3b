import Foundation

/// Compact JSON written straight into bytes for the documents intake stores and answers on every item (analyses,
/// feedback, alarm bodies): many times faster than `JSONEncoder`. Callers write object keys in sorted order, so the
/// bytes are what `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` writes.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    public init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    /// The document as text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func objectStart() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    public mutating func objectEnd() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func arrayStart() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    public mutating func arrayEnd() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes a member's key; its value comes next.
    public mutating func key(_ name: String) {
        separate()
        quote(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ text: String) {
        separate()
        quote(text)
        needsComma = true
    }

    public mutating func bool(_ flag: Bool) {
        separate()
        bytes.append(contentsOf: flag ? "true".utf8 : "false".utf8)
        needsComma = true
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
        needsComma = true
    }

    /// A number: whole numbers without a fraction, others in Swift's shortest round-tripping form.
    public mutating func number(_ value: Double) {
        separate()
        if !value.isFinite {
            bytes.append(contentsOf: "null".utf8)
        } else if value == value.rounded(), abs(value) < 1e15 {
            integer(Int64(value))
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
        needsComma = true
    }

    public mutating func number(_ value: Int) {
        separate()
        integer(Int64(value))
        needsComma = true
    }

    /// Any JSON value, object members in sorted key order.
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .number(let amount): number(amount)
        case .string(let content): string(content)
        case .array(let items):
            arrayStart()
            for item in items { self.value(item) }
            arrayEnd()
        case .object(let members):
            objectStart()
            for name in members.keys.sorted() {
                key(name)
                self.value(members[name]!)
            }
            objectEnd()
        }
    }

    /// A member whose value is a string; nothing when it is nil, as `JSONEncoder` leaves out nil optionals.
    public mutating func member(_ name: String, _ text: String?) {
        guard let text else { return }
        key(name)
        string(text)
    }

    /// A member whose value is a number; nothing when it is nil.
    public mutating func member(_ name: String, _ value: Double?) {
        guard let value else { return }
        key(name)
        number(value)
    }

    public mutating func member(_ name: String, _ value: Int) {
        key(name)
        number(value)
    }

    public mutating func member(_ name: String, _ flag: Bool) {
        key(name)
        bool(flag)
    }

    /// An object written by `body`, between its braces.
    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        objectStart()
        body(&self)
        objectEnd()
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func integer(_ value: Int64) {
        // Up to 15 digits: a small string, built without allocating.
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Appends `text` as a string literal: quotes, backslashes and control characters escaped, everything else as is.
    private mutating func quote(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
                case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
                case 0x0A: bytes.append(contentsOf: "\\n".utf8)
                case 0x0D: bytes.append(contentsOf: "\\r".utf8)
                case 0x09: bytes.append(contentsOf: "\\t".utf8)
                case 0x08: bytes.append(contentsOf: "\\b".utf8)
                case 0x0C: bytes.append(contentsOf: "\\f".utf8)
                default:
                    let hex = "0123456789abcdef".utf8
                    bytes.append(contentsOf: "\\u00".utf8)
                    bytes.append(hex[hex.index(hex.startIndex, offsetBy: Int(byte >> 4))])
                    bytes.append(hex[hex.index(hex.startIndex, offsetBy: Int(byte & 0xF))])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// Compact JSON with sorted keys, so the same value always has the same bytes.
    public var canonicalText: String {
        var writer = JSONWriter()
        writer.value(self)
        return writer.text
    }
}

extension Analysis {
    /// The analysis as stored: the same document `JSONEncoder` would write with sorted keys, written directly.
    public var jsonText: String {
        var writer = JSONWriter(capacity: 512)
        write(to: &writer)
        return writer.text
    }

    /// Writes the analysis in the shape of its `Codable` form, keys in sorted order.
    public func write(to writer: inout JSONWriter) {
        writer.object { writer in
            if let categories {
                writer.key("categories")
                writer.arrayStart()
                for category in categories {
                    writer.object { writer in
                        writer.member("name", category.name)
                        writer.member("probability", category.probability)
                    }
                }
                writer.arrayEnd()
            }
            writer.key("explanation")
            writer.arrayStart()
            for line in explanation { writer.string(line) }
            writer.arrayEnd()
            writer.member("failure", failure)
            writer.key("matches")
            writer.arrayStart()
            for match in matches {
                writer.object { writer in
                    writer.member("hits", match.hits)
                    writer.member("scenario", match.scenario)
                    writer.member("severity", match.severity.rawValue)
                }
            }
            writer.arrayEnd()
            writer.member("probability", probability)
            writer.member("scenario", scenario)
            writer.member("sentiment", sentiment)
            writer.member("severity", severity?.rawValue)
            writer.key("signals")
            writer.arrayStart()
            for signal in signals {
                writer.object { writer in
                    writer.member("counts", signal.counts)
                    writer.member("matched", signal.matched)
                    writer.member("pattern", signal.pattern)
                    writer.member("rule", signal.rule.rawValue)
                    writer.member("scenario", signal.scenario)
                }
            }
            writer.arrayEnd()
        }
    }
}

extension CustomerIdentity {
    /// The identity as stored, in the form `JSONEncoder` would write with sorted keys.
    public var jsonText: String {
        var writer = JSONWriter(capacity: 64)
        write(to: &writer)
        return writer.text
    }

    /// Writes the identity, keys in sorted order.
    public func write(to writer: inout JSONWriter) {
        writer.object { writer in
            writer.member("email", email)
            writer.member("external_id", externalID)
            writer.member("name", name)
            writer.member("phone", phone)
        }
    }
}

extension Feedback {
    /// Writes the feedback item in the shape of its `Codable` form with ISO 8601 times, keys in sorted order.
    public func write(to writer: inout JSONWriter) {
        writer.object { writer in
            writer.key("analysis")
            analysis.write(to: &writer)
            writer.member("case_id", caseID)
            writer.member("channel", channel)
            if let customer {
                writer.key("customer")
                customer.write(to: &writer)
            }
            writer.member("id", id)
            writer.member("location", location)
            writer.key("metadata")
            writer.value(.object(metadata))
            writer.member("occurred_at", Timestamp.string(occurredAt))
            writer.member("received_at", Timestamp.string(receivedAt))
            if let score {
                writer.key("score")
                writer.object { writer in
                    writer.member("scale", score.scale.rawValue)
                    writer.member("value", score.value)
                }
            }
            writer.member("text", text)
        }
    }
}

extension String {
    /// The text without leading and trailing white space, cheaper than Foundation's trimming on the intake path.
    var trimmed: String {
        guard let start = firstIndex(where: { !$0.isWhitespace }), let end = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        if start == startIndex && index(after: end) == endIndex { return self }
        return String(self[start...end])
    }
}
