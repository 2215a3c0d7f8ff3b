import AmendsCore
import Crypto
import Foundation

/// A customer's link to where their case stands: the case and an expiry, signed with the installation's secret, so
/// it cannot be made or changed without the secret and stops working when it expires.
public enum StatusLink {
    /// How long a link lasts unless asked otherwise, and at most.
    public static let defaultDays = 30
    public static let maximumDays = 90

    /// What a link is for; each is signed apart, so a status link never opens a survey.
    public enum Purpose: String, Sendable {
        case status = "status-link"
        case survey = "survey-link"
    }

    /// The token for `caseID` until `expiresAt`: `<payload>.<signature>`, both base64url.
    public static func token(caseID: String, expiresAt: Date, secret: WebhookSecret, purpose: Purpose = .status) -> String {
        let payload = Base64URL.encode(Array("\(caseID).\(expiresAt.millis)".utf8))
        return payload + "." + signature(payload, secret: secret, purpose: purpose)
    }

    /// What a token says, if the signature is right: the case and when the link expires.
    public static func read(_ token: String, secret: WebhookSecret, purpose: Purpose = .status) -> (caseID: String, expiresAt: Date)? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, token.utf8.count <= 512 else { return nil }
        guard constantTimeEqual(signature(String(parts[0]), secret: secret, purpose: purpose).utf8, parts[1].utf8),
            let bytes = Base64URL.decode(String(parts[0]))
        else { return nil }
        let payload = String(decoding: bytes, as: UTF8.self)
        guard let dot = payload.lastIndex(of: "."), let millis = Int64(payload[payload.index(after: dot)...]) else { return nil }
        return (String(payload[..<dot]), Date(millis: millis))
    }

    static func signature(_ payload: String, secret: WebhookSecret, purpose: Purpose) -> String {
        let key = SymmetricKey(data: secret.key)
        return Base64URL.encode(Array(HMAC<SHA256>.authenticationCode(for: Array("\(purpose.rawValue):\(payload)".utf8), using: key)))
    }
}
