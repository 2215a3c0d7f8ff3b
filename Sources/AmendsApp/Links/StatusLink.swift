import AmendsCore
import Crypto
import Foundation

/// A customer's link to where their case stands, or to its follow-up survey: the case and an expiry, signed with a key
/// of the link's purpose, so it cannot be made or changed without that key and stops working when it expires.
public enum StatusLink {
    /// How long a link lasts unless asked otherwise, and at most.
    public static let defaultDays = 30
    public static let maximumDays = 90

    /// What a link is for; each is signed with its own key, so a status link never opens a survey.
    public enum Purpose: String, Sendable {
        case status = "status-link"
        case survey = "survey-link"
        /// A campaign's survey of one visit (the token names the visit, not a case).
        case visit = "visit-link"
        /// No more surveys for the customer of one visit; it lasts longer than the survey it came with.
        case unsubscribe = "unsubscribe-link"
    }

    /// What a presented token turned out to be.
    public enum Reading: Sendable, Equatable {
        /// A link this server made: its case, and when it expires.
        case valid(caseID: String, expiresAt: Date)
        /// A link in the form made before links had keys of their own; it no longer opens anything.
        case replaced
        /// Not a link this server made.
        case unknown
    }

    /// The form of today's tokens: `2.<payload>.<signature>`, the last two base64url.
    static let version = "2"

    /// The token for `caseID` until `expiresAt`.
    public static func token(caseID: String, expiresAt: Date, keys: SigningKeys, purpose: Purpose = .status) -> String {
        let payload = Base64URL.encode(Array("\(caseID).\(expiresAt.millis)".utf8))
        return version + "." + payload + "." + signature(payload, key: keys.key(for: purpose))
    }

    /// What a token says, if the signature is right: the case and when the link expires.
    public static func read(_ token: String, keys: SigningKeys, purpose: Purpose = .status) -> Reading {
        guard token.utf8.count <= 512 else { return .unknown }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        // The earlier form, `<payload>.<signature>` under the installation's webhook secret, which alarm receivers and
        // gateways could hold too: refused, with a message that says to ask for a new link.
        if parts.count == 2, Base64URL.decode(String(parts[0])) != nil, Base64URL.decode(String(parts[1]))?.count == 32 { return .replaced }
        // The signature must be written the one way its bytes are: base64url's last character carries spare bits, and a
        // link whose last character was changed in them is not the link that was made.
        guard parts.count == 3, parts[0] == version, let mac = Base64URL.decode(String(parts[2])), Base64URL.encode(mac) == parts[2],
            HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Array(parts[1].utf8), using: keys.key(for: purpose)),
            let bytes = Base64URL.decode(String(parts[1]))
        else { return .unknown }
        let payload = String(decoding: bytes, as: UTF8.self)
        guard let dot = payload.lastIndex(of: "."), let millis = Int64(payload[payload.index(after: dot)...]) else { return .unknown }
        return .valid(caseID: String(payload[..<dot]), expiresAt: Date(millis: millis))
    }

    static func signature(_ payload: String, key: SymmetricKey) -> String {
        Base64URL.encode(Array(HMAC<SHA256>.authenticationCode(for: Array(payload.utf8), using: key)))
    }
}
