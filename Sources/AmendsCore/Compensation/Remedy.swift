import Foundation

/// One remedy of the catalog: a fixed value (a €25 voucher) or a value chosen when granting, up to a maximum (a refund).
public struct Remedy: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case refund, voucher, upgrade, points
        case freeItem = "free_item"
        case waivedFee = "waived_fee"
        case other
    }

    public var key: String
    public var kind: Kind
    public var name: String
    public var description: String?
    /// The value of a fixed remedy.
    public var value: Money?
    /// The most a remedy of chosen value may be worth.
    public var max: Money?

    public init(key: String, kind: Kind, name: String, description: String? = nil, value: Money? = nil, max: Money? = nil) {
        self.key = key
        self.kind = kind
        self.name = name
        self.description = description
        self.value = value
        self.max = max
    }

    /// The value of one grant: the fixed value, or `amount` (in the maximum's currency) when the value is chosen.
    public func value(amount: String?) throws(AmendsError) -> Money {
        if let value {
            guard amount == nil || Money(amount: amount!, currency: value.currency) == value else {
                throw AmendsError.invalidField("amount", "remedy '\(key)' is worth \(value) and cannot be granted for another amount")
            }
            return value
        }
        guard let max else { throw AmendsError.invalidField("remedy", "remedy '\(key)' has no value") }
        guard let amount else { throw AmendsError.invalidField("amount", "is required: remedy '\(key)' is granted for an amount up to \(max)") }
        guard let chosen = Money(amount: amount, currency: max.currency), chosen.minorUnits > 0 else {
            throw AmendsError.invalidField(
                "amount", "'\(amount)' is not an amount in \(max.currency) such as \"\(Money(minorUnits: 1250, currency: max.currency).amount)\"")
        }
        guard chosen.isWithin(max) else { throw AmendsError.invalidField("amount", "\(chosen) is more than remedy '\(key)' allows (\(max))") }
        return chosen
    }
}
