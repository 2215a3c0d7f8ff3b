import AmendsCore
import Crypto
import Foundation

/// Signs alarms the Standard Webhooks way: `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`.
public enum WebhookSigner {
    /// The `webhook-signature` header value for one message.
    public static func signature(id: String, timestamp: Int, body: String, secret: WebhookSecret) -> String {
        let key = SymmetricKey(data: secret.key)
        let content = Data("\(id).\(timestamp).\(body)".utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: content, using: key)
        return "v1," + Data(mac).base64EncodedString()
    }

    /// Whether `header` (one or more space-separated signatures) holds a valid signature of the message.
    /// This is what a receiver runs; the tests use it to check what was sent.
    public static func verify(id: String, timestamp: Int, body: String, header: String, secret: WebhookSecret) -> Bool {
        let key = SymmetricKey(data: secret.key)
        let content = Data("\(id).\(timestamp).\(body)".utf8)
        return header.split(separator: " ").contains { candidate in
            guard candidate.hasPrefix("v1,"), let mac = Data(base64Encoded: String(candidate.dropFirst(3))) else { return false }
            return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: content, using: key)
        }
    }
}
