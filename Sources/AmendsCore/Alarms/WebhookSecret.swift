import Foundation

/// A Standard Webhooks signing secret: `whsec_` followed by base64 of the key bytes.
public struct WebhookSecret: Sendable, Equatable {
    public var key: [UInt8]

    /// Parses `text`, or nil when it is not `whsec_` followed by base64 of at least 24 bytes.
    public init?(_ text: String) {
        guard text.hasPrefix("whsec_"), let data = Data(base64Encoded: String(text.dropFirst(6))), data.count >= 24 else {
            return nil
        }
        key = [UInt8](data)
    }

    public init(key: [UInt8]) { self.key = key }

    /// The secret in its written form.
    public var text: String { "whsec_" + Data(key).base64EncodedString() }

    /// A new random secret of 32 bytes.
    public static func random() -> WebhookSecret {
        var generator = SystemRandomNumberGenerator()
        return WebhookSecret(key: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}
