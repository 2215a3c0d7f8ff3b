import AmendsJSON
import Foundation

/// An amount of money in one currency, held as a whole number of the currency's minor units (cents), so money never
/// passes through floating point.
///
/// Written as `"25.00 EUR"`: the amount with as many decimals as the currency has (none for JPY, three for KWD), a
/// space, and the ISO 4217 code.
public struct Money: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// The amount in the currency's minor units.
    public var minorUnits: Int64
    /// An ISO 4217 code such as `EUR`.
    public var currency: String

    public init(minorUnits: Int64, currency: String) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// The largest amount accepted: a billion in major units, far beyond any remedy, and far from overflow when summed.
    static let maximumMajorUnits: Int64 = 1_000_000_000

    /// Currencies whose minor unit is not a hundredth.
    static let exponents: [String: Int] = [
        "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0,
        "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
        "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    ]

    /// How many decimals `currency` is written with.
    public static func exponent(of currency: String) -> Int { exponents[currency] ?? 2 }

    /// Whether `code` has the shape of an ISO 4217 code: three capital letters.
    public static func isCurrencyCode(_ code: String) -> Bool {
        code.utf8.count == 3 && code.utf8.allSatisfy { $0 >= 0x41 && $0 <= 0x5a }
    }

    /// Parses an amount such as `"25"`, `"25.5"` or `"25.50"` in `currency`; nil when it is not a non-negative decimal,
    /// has more decimals than the currency, or is absurdly large.
    public init?(amount text: String, currency: String) {
        guard Self.isCurrencyCode(currency) else { return nil }
        let exponent = Self.exponent(of: currency)
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.utf8.count <= 10, whole.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        var fraction = parts.count == 2 ? parts[1] : ""
        if parts.count == 2 && fraction.isEmpty { return nil }
        guard fraction.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        // Trailing zeros beyond the currency's decimals say nothing ("25.000 EUR" is 25.00 EUR).
        while fraction.count > exponent && fraction.last == "0" { fraction.removeLast() }
        guard fraction.count <= exponent, let major = Int64(whole), major <= Self.maximumMajorUnits else { return nil }
        var scale: Int64 = 1
        for _ in 0..<exponent { scale *= 10 }
        let padded = fraction + String(repeating: "0", count: exponent - fraction.count)
        minorUnits = major * scale + (padded.isEmpty ? 0 : Int64(padded)!)
        self.currency = currency
    }

    /// Parses `"25.00 EUR"`.
    public init?(parsing text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2 else { return nil }
        self.init(amount: String(parts[0]), currency: String(parts[1]))
    }

    /// The amount alone, with the currency's decimals: `"25.00"`.
    public var amount: String {
        let exponent = Self.exponent(of: currency)
        guard exponent > 0 else { return String(minorUnits) }
        var scale: Int64 = 1
        for _ in 0..<exponent { scale *= 10 }
        let sign = minorUnits < 0 ? "-" : ""
        let magnitude = minorUnits.magnitude
        let fraction = String(magnitude % UInt64(scale))
        return sign + String(magnitude / UInt64(scale)) + "." + String(repeating: "0", count: exponent - fraction.count) + fraction
    }

    public var description: String { "\(amount) \(currency)" }

    public static func zero(_ currency: String) -> Money { Money(minorUnits: 0, currency: currency) }

    /// The sum, or nil when the currencies differ.
    public func adding(_ other: Money) -> Money? {
        guard other.currency == currency else { return nil }
        return Money(minorUnits: minorUnits + other.minorUnits, currency: currency)
    }

    /// Whether this amount is at most `limit`; an amount in another currency is never known to be within it.
    public func isWithin(_ limit: Money) -> Bool {
        currency == limit.currency && minorUnits <= limit.minorUnits
    }

    enum CodingKeys: String, CodingKey {
        case amount, currency
    }

    /// Reads `"25.00 EUR"` or `{"amount": "25.00", "currency": "EUR"}`.
    public init(from decoder: any Decoder) throws {
        if let container = try? decoder.singleValueContainer(), let text = try? container.decode(String.self) {
            guard let money = Money(parsing: text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "'\(text)' is not an amount of money such as \"25.00 EUR\" (the amount, a space, an ISO 4217 code)")
            }
            self = money
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let currency = try container.decode(String.self, forKey: .currency)
        guard Self.isCurrencyCode(currency) else {
            throw DecodingError.dataCorruptedError(forKey: .currency, in: container, debugDescription: "'\(currency)' is not an ISO 4217 code such as EUR")
        }
        let amount = try container.decode(String.self, forKey: .amount)
        guard let money = Money(amount: amount, currency: currency) else {
            throw DecodingError.dataCorruptedError(
                forKey: .amount, in: container,
                debugDescription: "'\(amount)' is not an amount in \(currency) such as \"\(Money(minorUnits: 2500, currency: currency).amount)\"")
        }
        self = money
    }

    /// Writes `{"amount": "25.00", "currency": "EUR"}`: the amount as a decimal string, never a floating-point number.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(amount, forKey: .amount)
        try container.encode(currency, forKey: .currency)
    }

    /// The JSON form of the API: `{"amount": "25.00", "currency": "EUR"}`.
    public var json: JSONValue { .object(["amount": .string(amount), "currency": .string(currency)]) }
}
