import AmendsApp
import AmendsCore
import Foundation
import Testing

/// Customers' links: made with a key of their purpose, read back only as made.
@Suite("Signed links")
struct StatusLinkReadingTests {
    let keys = SigningKeys(webhookSecret: WebhookSecret(key: Array(repeating: 1, count: 32)), installationKey: Array(repeating: 2, count: 32))

    @Test func aLinkReadsBackAndEveryChangedCharacterBreaksIt() {
        let expires = Date(timeIntervalSince1970: 1_900_000_000)
        let token = StatusLink.token(caseID: "019a3c4e-7b21-7d3e-9f10-2a4b6c8d0e1f", expiresAt: expires, keys: keys)
        #expect(StatusLink.read(token, keys: keys) == .valid(caseID: "019a3c4e-7b21-7d3e-9f10-2a4b6c8d0e1f", expiresAt: expires))
        #expect(StatusLink.read(token, keys: keys, purpose: .survey) == .unknown)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var characters = Array(token)
        for index in characters.indices where characters[index] != "." {
            let original = characters[index]
            for replacement in alphabet.prefix(8) where replacement != original {
                characters[index] = replacement
                #expect(StatusLink.read(String(characters), keys: keys) != .valid(caseID: "019a3c4e-7b21-7d3e-9f10-2a4b6c8d0e1f", expiresAt: expires), "\(index)")
            }
            characters[index] = original
        }
    }
}
