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

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func integer(_ value: Int64) {
        if value == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
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
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: "\\u00".utf8)
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0xF)])
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
        writer.objectStart()
        if let categories {
            writer.key("categories")
            writer.arrayStart()
            for category in categories {
                writer.objectStart()
                writer.key("name")
                writer.string(category.name)
                writer.key("probability")
                writer.number(category.probability)
                writer.objectEnd()
            }
            writer.arrayEnd()
        }
        writer.key("explanation")
        writer.arrayStart()
        for line in explanation { writer.string(line) }
        writer.arrayEnd()
        writer.key("failure")
        writer.bool(failure)
        writer.key("matches")
        writer.arrayStart()
        for match in matches {
            writer.objectStart()
            writer.key("hits")
            writer.number(match.hits)
            writer.key("scenario")
            writer.string(match.scenario)
            writer.key("severity")
            writer.string(match.severity.rawValue)
            writer.objectEnd()
        }
        writer.arrayEnd()
        if let probability {
            writer.key("probability")
            writer.number(probability)
        }
        if let scenario {
            writer.key("scenario")
            writer.string(scenario)
        }
        if let sentiment {
            writer.key("sentiment")
            writer.number(sentiment)
        }
        if let severity {
            writer.key("severity")
            writer.string(severity.rawValue)
        }
        writer.key("signals")
        writer.arrayStart()
        for signal in signals {
            writer.objectStart()
            writer.key("counts")
            writer.bool(signal.counts)
            if let matched = signal.matched {
                writer.key("matched")
                writer.string(matched)
            }
            if let pattern = signal.pattern {
                writer.key("pattern")
                writer.string(pattern)
            }
            writer.key("rule")
            writer.string(signal.rule.rawValue)
            if let scenario = signal.scenario {
                writer.key("scenario")
                writer.string(scenario)
            }
            writer.objectEnd()
        }
        writer.arrayEnd()
        writer.objectEnd()
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
        writer.objectStart()
        if let email {
            writer.key("email")
            writer.string(email)
        }
        if let externalID {
            writer.key("external_id")
            writer.string(externalID)
        }
        if let name {
            writer.key("name")
            writer.string(name)
        }
        if let phone {
            writer.key("phone")
            writer.string(phone)
        }
        writer.objectEnd()
    }
}

extension Feedback {
    /// Writes the feedback item in the shape of its `Codable` form with ISO 8601 times, keys in sorted order.
    public func write(to writer: inout JSONWriter) {
        writer.objectStart()
        writer.key("analysis")
        analysis.write(to: &writer)
        if let caseID {
            writer.key("case_id")
            writer.string(caseID)
        }
        writer.key("channel")
        writer.string(channel)
        if let customer {
            writer.key("customer")
            customer.write(to: &writer)
        }
        writer.key("id")
        writer.string(id)
        writer.key("location")
        writer.string(location)
        writer.key("metadata")
        writer.value(.object(metadata))
        writer.key("occurred_at")
        writer.string(Timestamp.string(occurredAt))
        writer.key("received_at")
        writer.string(Timestamp.string(receivedAt))
        if let score {
            writer.key("score")
            writer.objectStart()
            writer.key("scale")
            writer.string(score.scale.rawValue)
            writer.key("value")
            writer.number(score.value)
            writer.objectEnd()
        }
        if let text {
            writer.key("text")
            writer.string(text)
        }
        writer.objectEnd()
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
