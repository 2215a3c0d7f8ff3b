import AmendsCore
import Foundation
import Testing

@Suite("Base64URL")
struct Base64URLTests {
    @Test(arguments: [([UInt8](), ""), ([0xfb, 0xff], "-_8"), (Array("Amends".utf8), "QW1lbmRz"), ([0xff, 0xfe, 0xfd, 0xfc], "__79_A")])
    func bytesAndTextRoundTrip(bytes: [UInt8], text: String) {
        #expect(Base64URL.encode(bytes) == text)
        #expect(Base64URL.decode(text) == bytes)
    }

    @Test func whatIsNotBase64URLIsRefused() {
        for text in ["a+b", "a/b", "%%", "a b"] { #expect(Base64URL.decode(text) == nil, "\(text)") }
        #expect(Base64URL.decode("QW1lbmRz==") == Array("Amends".utf8), "padding is allowed")
    }

    @Test func secretsAreURLSafeAndDifferent() {
        let secrets = (0..<50).map { _ in Secret.make(prefix: "ams_") }
        #expect(Set(secrets).count == 50)
        #expect(secrets.allSatisfy { $0.hasPrefix("ams_") && $0.dropFirst(4).allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } })
        #expect(secrets.allSatisfy { Base64URL.decode(String($0.dropFirst(4)))?.count == 24 })
    }
}
