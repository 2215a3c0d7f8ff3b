import Foundation

/// A promise a scenario makes in advance ("if your room is not clean when you arrive, your first night is on us"),
/// kept automatically: when a case of the scenario opens, its remedy is granted at once.
public struct Guarantee: Codable, Sendable, Equatable {
    /// The promise in the words customers are given.
    public var promise: String
    /// The catalog key of the remedy granted.
    public var remedy: String
    /// The amount, for a remedy whose value is chosen when granting.
    public var amount: String?

    public init(promise: String, remedy: String, amount: String? = nil) {
        self.promise = promise
        self.remedy = remedy
        self.amount = amount
    }
}
