import AmendsCore
import Crypto
import Foundation

/// The installation's signing keys, one per purpose, so that whoever verifies one kind of signature cannot make another.
///
/// Alarm receivers and SMS or chat gateways verify what Amends sends them, so they hold those keys; a key they hold must
/// not also sign the links customers open, or any of them could forge a status link or answer a survey (which reopens
/// a case). The alarm key is the installation's webhook secret, as it always was. The others are derived (HKDF-SHA256,
/// from swift-crypto) from an installation key that never leaves the database, each with its purpose as the info.
public struct SigningKeys: Sendable {
    /// Signs alarms to contacts without a secret of their own; alarm receivers verify with it (`amends secret alarms`).
    public let alarms: WebhookSecret
    /// Signs the posts to SMS and chat gateways; only the gateways hold it (`amends secret gateways`).
    public let gateways: WebhookSecret
    /// Signs the links customers open; nobody outside holds these.
    let statusLinks: SymmetricKey
    let surveyLinks: SymmetricKey
    let visitLinks: SymmetricKey
    let unsubscribeLinks: SymmetricKey
    /// Signs the console's form tokens (CSRF), one per session.
    let consoleForms: SymmetricKey

    /// - Parameters:
    ///   - webhookSecret: the installation's webhook secret, which signs alarms.
    ///   - installationKey: at least 32 random bytes kept in the database, from which the other keys are derived.
    public init(webhookSecret: WebhookSecret, installationKey: [UInt8]) {
        alarms = webhookSecret
        let master = SymmetricKey(data: installationKey)
        func derive(_ purpose: String) -> SymmetricKey {
            HKDF<SHA256>.deriveKey(inputKeyMaterial: master, salt: Array("amends".utf8), info: Array(purpose.utf8), outputByteCount: 32)
        }
        gateways = WebhookSecret(key: derive("gateway-posts").withUnsafeBytes { Array($0) })
        statusLinks = derive("status-links")
        surveyLinks = derive("survey-links")
        visitLinks = derive("visit-links")
        unsubscribeLinks = derive("unsubscribe-links")
        consoleForms = derive("console-forms")
    }

    /// The token every console form of the session `sessionID` carries: a page of another site cannot know it, so a
    /// form it posts is refused.
    public func formToken(session sessionID: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array(sessionID.utf8), using: consoleForms)
        return Data(code).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Whether `token` is the form token of the session `sessionID`, compared in constant time.
    public func isFormToken(_ token: String, session sessionID: String) -> Bool {
        var text = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let code = Data(base64Encoded: text) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: Array(sessionID.utf8), using: consoleForms)
    }

    /// The key that signs links for `purpose`.
    func key(for purpose: StatusLink.Purpose) -> SymmetricKey {
        switch purpose {
        case .status: statusLinks
        case .survey: surveyLinks
        case .visit: visitLinks
        case .unsubscribe: unsubscribeLinks
        }
    }

    /// A new installation key: 32 random bytes, as base64 for the settings table.
    public static func newInstallationKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
    }
}
