import Foundation

/// Compact JSON written by hand for the documents intake stores and sends on every item (analyses, alarm
/// bodies): several times faster than `JSONEncoder`, with sorted keys so equal values have equal bytes.
public enum JSONText {
    /// Appends `text` as a JSON string literal.
    public static func appendString(_ text: String, to output: inout String) {
        output.append("\"")
        // Most text needs no escaping: copy it whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            output.append(text)
            output.append("\"")
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output.append("\\\"")
            case "\\": output.append("\\\\")
            case "\n": output.append("\\n")
            case "\r": output.append("\\r")
            case "\t": output.append("\\t")
            case "\u{8}": output.append("\\b")
            case "\u{C}": output.append("\\f")
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output.append("\"")
    }

    /// Appends a number: whole numbers without a fraction, others in Swift's shortest round-tripping form.
    public static func appendNumber(_ value: Double, to output: inout String) {
        if !value.isFinite {
            output.append("null")
        } else if value == value.rounded(), abs(value) < 1e15 {
            output.append(String(Int64(value)))
        } else {
            output.append(String(value))
        }
    }

    static func append(_ value: JSONValue, to output: inout String) {
        switch value {
        case .null: output.append("null")
        case .bool(let flag): output.append(flag ? "true" : "false")
        case .number(let number): appendNumber(number, to: &output)
        case .string(let text): appendString(text, to: &output)
        case .array(let items):
            output.append("[")
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(",") }
                append(item, to: &output)
            }
            output.append("]")
        case .object(let members):
            output.append("{")
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output.append(",") }
                appendString(key, to: &output)
                output.append(":")
                append(members[key]!, to: &output)
            }
            output.append("}")
        }
    }
}

extension JSONValue {
    /// Compact JSON with sorted keys, so the same value always has the same bytes.
    public var canonicalText: String {
        var output = ""
        JSONText.append(self, to: &output)
        return output
    }
}

extension Analysis {
    /// The analysis as stored: the same document `JSONEncoder` would write with sorted keys, written directly.
    public var jsonText: String { jsonValue.canonicalText }

    /// The analysis as a JSON value, in the shape of its `Codable` form.
    public var jsonValue: JSONValue {
        var fields: [String: JSONValue] = [
            "failure": .bool(failure),
            "matches": .array(
                matches.map { .object(["scenario": .string($0.scenario), "severity": .string($0.severity.rawValue), "hits": .number(Double($0.hits))]) }),
            "signals": .array(
                signals.map { signal in
                    var object: [String: JSONValue] = ["rule": .string(signal.rule.rawValue), "counts": .bool(signal.counts)]
                    if let scenario = signal.scenario { object["scenario"] = .string(scenario) }
                    if let pattern = signal.pattern { object["pattern"] = .string(pattern) }
                    if let matched = signal.matched { object["matched"] = .string(matched) }
                    return .object(object)
                }),
            "explanation": .array(explanation.map(JSONValue.string)),
        ]
        if let scenario { fields["scenario"] = .string(scenario) }
        if let severity { fields["severity"] = .string(severity.rawValue) }
        if let probability { fields["probability"] = .number(probability) }
        if let sentiment { fields["sentiment"] = .number(sentiment) }
        if let categories {
            fields["categories"] = .array(categories.map { .object(["name": .string($0.name), "probability": .number($0.probability)]) })
        }
        return .object(fields)
    }
}

extension CustomerIdentity {
    /// The identity as stored, in the form `JSONEncoder` would write with sorted keys.
    public var jsonText: String { jsonValue.canonicalText }

    /// The identity as a JSON value, in the shape of its `Codable` form.
    public var jsonValue: JSONValue {
        var fields: [String: JSONValue] = [:]
        if let email { fields["email"] = .string(email) }
        if let externalID { fields["external_id"] = .string(externalID) }
        if let name { fields["name"] = .string(name) }
        if let phone { fields["phone"] = .string(phone) }
        return .object(fields)
    }
}

extension Feedback {
    /// The feedback item as a JSON value, in the shape of its `Codable` form with ISO 8601 times, built without an encoder.
    public var jsonValue: JSONValue {
        var fields: [String: JSONValue] = [
            "id": .string(id), "channel": .string(channel), "location": .string(location), "metadata": .object(metadata),
            "occurred_at": .string(Timestamp.string(occurredAt)), "received_at": .string(Timestamp.string(receivedAt)),
            "analysis": analysis.jsonValue,
        ]
        if let customer { fields["customer"] = customer.jsonValue }
        if let score { fields["score"] = .object(["value": .number(score.value), "scale": .string(score.scale.rawValue)]) }
        if let text { fields["text"] = .string(text) }
        if let caseID { fields["case_id"] = .string(caseID) }
        return .object(fields)
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
