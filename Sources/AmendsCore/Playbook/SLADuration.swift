import Foundation

/// A span of time written as `90s`, `15m`, `2h`, `1d` or combinations such as `1h30m`.
public struct SLADuration: Codable, Sendable, Equatable, CustomStringConvertible {
    public var seconds: Int

    public init(seconds: Int) { self.seconds = seconds }

    /// Parses `text`, or returns nil when it is not a positive duration.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !trimmed.isEmpty else { return nil }
        var total = 0
        var number = 0
        var sawDigit = false
        for character in trimmed {
            if let digit = character.wholeNumberValue, character.isASCII {
                number = number * 10 + digit
                sawDigit = true
                guard number < 10_000_000 else { return nil }
            } else {
                let unit: Int
                switch character {
                case "s": unit = 1
                case "m": unit = 60
                case "h": unit = 3600
                case "d": unit = 86_400
                default: return nil
                }
                guard sawDigit else { return nil }
                total += number * unit
                number = 0
                sawDigit = false
            }
        }
        guard !sawDigit, total > 0 else { return nil }
        self.seconds = total
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            guard number > 0 else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "a duration must be positive")
            }
            self.seconds = number
            return
        }
        let text = try container.decode(String.self)
        guard let parsed = SLADuration(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(text)' is not a duration; write it like 90s, 15m, 2h, 1d or 1h30m"
            )
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String {
        var rest = seconds
        var text = ""
        for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
            text += "\(rest / size)\(unit)"
            rest %= size
        }
        return text
    }
}
