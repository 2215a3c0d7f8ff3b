import AmendsCore
import AmendsTestSupport
import Foundation
import NIOCore
import NIOEmbedded
import NIOSSL
import Testing

@testable import AmendsDelivery

/// The SMTP client against a real server (aiosmtpd): TLS, AUTH only where it is safe, a name to say hello with,
/// international addresses only where the server takes them, and headers within the line limit.
@Suite("SMTP")
struct SMTPTests {
    func send(_ settings: SMTPSettings, to recipient: String = "ana@example.com", subject: String = "Sorry", body: String = "Over TLS") async throws {
        try await SMTPClient(settings: settings).send(to: recipient, subject: subject, body: body, messageID: "m-\(UUID().uuidString)", date: Date())
    }

    @Test func anEMailGoesOverSTARTTLSToAServerThatRequiresItAndOnlyWithATrustedCertificate() async throws {
        let server = try await MailServer.start(tls: "starttls")
        defer { server.stop() }
        var trusted = try #require(SMTPSettings(url: "smtp+starttls://localhost:\(server.port)", from: "care@harbour.test", caFile: server.certificate))
        #expect(trusted.security == .startTLS && trusted.port == server.port)
        try await send(trusted)
        #expect(try #require(server.messages().first).contains("To: <ana@example.com>"))
        #expect(server.sessions().first?.tls == true)
        // The same server is not trusted without its certificate, and refuses mail that skips STARTTLS.
        trusted.caFile = nil
        await #expect(throws: (any Error).self) { try await send(trusted) }
        await #expect(throws: SMTPClient.Failure.self) { try await send(SMTPSettings(host: "localhost", port: server.port, from: "care@harbour.test")) }
        #expect(server.messages().count == 1)
    }

    @Test func anEMailGoesOverTLSFromTheStart() async throws {
        let server = try await MailServer.start(tls: "smtps")
        defer { server.stop() }
        let settings = try #require(SMTPSettings(url: "smtps://localhost:\(server.port)", from: "care@harbour.test", caFile: server.certificate))
        #expect(settings.security == .tls)
        try await send(settings)
        #expect(try #require(server.messages().first).contains("To: <ana@example.com>"))
        #expect(SMTPSettings(url: "smtp+starttls://relay.example.com", from: "a@b.c")?.port == 587)
        #expect(SMTPSettings(url: "smtps://relay.example.com", from: "a@b.c")?.port == 465)
        #expect(SMTPSettings(url: "http://relay.example.com", from: "a@b.c") == nil)
        #expect(SMTPSettings(url: "smtp://relay.example.com", from: "nobody") == nil)
    }

    @Test func aServerThatRequiresAUTHTakesTheRightPasswordOverTLSAndNothingElse() async throws {
        let server = try await MailServer.start(tls: "starttls", auth: "relay-user:relay-pass-1")
        defer { server.stop() }
        let url = "smtp+starttls://relay-user:relay-pass-1@localhost:\(server.port)"
        try await send(try #require(SMTPSettings(url: url, from: "care@harbour.test", caFile: server.certificate)))
        #expect(server.sessions().map(\.login) == ["relay-user"])

        let wrong = try #require(SMTPSettings(url: "smtp+starttls://relay-user:guess@localhost:\(server.port)", from: "care@harbour.test", caFile: server.certificate))
        do {
            try await send(wrong)
            Issue.record("a wrong password was taken")
        } catch let failure as SMTPClient.Failure {
            #expect(failure.permanent && failure.description.hasPrefix("AUTH"))
        }
        // Without credentials, the server refuses the mail itself.
        await #expect(throws: SMTPClient.Failure.self) {
            try await send(try #require(SMTPSettings(url: "smtp+starttls://localhost:\(server.port)", from: "care@harbour.test", caFile: server.certificate)))
        }
        #expect(server.messages().count == 1)
    }

    @Test func aPasswordIsNeverSentUnencryptedNorToAServerThatDoesNotAskForIt() async throws {
        // Plain SMTP with credentials: refused before connecting at all.
        let plain = try #require(SMTPSettings(url: "smtp://relay-user:relay-pass-1@127.0.0.1:9", from: "care@harbour.test"))
        do {
            try await send(plain)
            Issue.record("credentials went over plain SMTP")
        } catch let failure as SMTPClient.Failure {
            #expect(failure.permanent && failure.description.contains("unencrypted"))
        }
        // An encrypted server that offers no AUTH: the password stays here, and no mail goes.
        let server = try await MailServer.start(tls: "starttls", offerAuth: false)
        defer { server.stop() }
        let settings = try #require(
            SMTPSettings(url: "smtp+starttls://relay-user:relay-pass-1@localhost:\(server.port)", from: "care@harbour.test", caFile: server.certificate))
        do {
            try await send(settings)
            Issue.record("mail went without the AUTH the settings ask for")
        } catch let failure as SMTPClient.Failure {
            #expect(failure.permanent && failure.description.contains("did not offer AUTH PLAIN"))
        }
        #expect(server.messages().isEmpty)
    }

    @Test func theClientSaysHelloWithARealName() async throws {
        let server = try await MailServer.start()
        defer { server.stop() }
        var settings = SMTPSettings(host: "127.0.0.1", port: server.port, from: "care@harbour.test")
        try await send(settings)
        settings.heloName = "mail.harbour.test"
        try await send(settings)
        let names = server.sessions().map(\.ehlo)
        #expect(names == [SMTPClient.defaultHeloName(local: try .init(ipAddress: "127.0.0.1", port: 0)), "mail.harbour.test"])
        #expect(names[0] != "amends" && (names[0].contains(".") || names[0].hasPrefix("[")))
    }

    @Test func addressesBeyondASCIIGoOnlyToAServerThatTakesThem() async throws {
        let strict = try await MailServer.start()
        defer { strict.stop() }
        do {
            try await send(SMTPSettings(host: "127.0.0.1", port: strict.port, from: "care@harbour.test"), to: "joão@example.pt")
            Issue.record("an international address went to a server without SMTPUTF8")
        } catch let failure as SMTPClient.Failure {
            #expect(failure.permanent && failure.description.contains("SMTPUTF8"))
        }
        #expect(strict.messages().isEmpty)
        let open = try await MailServer.start(smtputf8: true)
        defer { open.stop() }
        try await send(SMTPSettings(host: "127.0.0.1", port: open.port, from: "care@harbour.test"), to: "joão@example.pt")
        #expect(open.sessions().first?.rcptTos == ["joão@example.pt"])
        #expect(open.sessions().first?.mailOptions.contains("SMTPUTF8") == true)
    }

    @Test func longSubjectsFoldIntoEncodedWordsAndNamesAreQuoted() async throws {
        let server = try await MailServer.start()
        defer { server.stop() }
        let subject = "Lamentamos imenso o que aconteceu no seu quarto — a limpeza não estava à altura, Ana Lúcia 🙏"
        let settings = SMTPSettings(host: "127.0.0.1", port: server.port, from: "care@harbour.test", fromName: "Harbour Hotel, Lisbon \"Care\"")
        try await send(settings, subject: subject)
        let raw = try #require(server.messages().first)
        let head = try #require(raw.components(separatedBy: "\r\n\r\n").first ?? raw.components(separatedBy: "\n\n").first)
        let lines = head.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 78 }, "\(lines.filter { $0.count > 78 })")
        #expect(lines.contains(#"From: "Harbour Hotel, Lisbon \"Care\"" <care@harbour.test>"#))
        // The subject's words, unfolded and decoded, are the subject.
        let start = try #require(lines.firstIndex { $0.hasPrefix("Subject: ") })
        var folded = [String(lines[start].dropFirst("Subject: ".count))]
        for line in lines[(start + 1)...] where line.hasPrefix(" ") { folded.append(String(line.dropFirst())) }
        #expect(folded.count > 1)
        let decoded = folded.map { word -> String in
            let encoded = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            return String(decoding: Data(base64Encoded: String(encoded)) ?? Data(), as: UTF8.self)
        }
        #expect(decoded.joined() == subject)
    }

    /// What comes with the server's answer to STARTTLS, in plain text, is dropped, and TLS goes next to the socket at once.
    @Test func repliesInjectedAfterSTARTTLSAreDropped() throws {
        let channel = EmbeddedChannel()
        let tls = try NIOSSLContext(configuration: .makeClientConfiguration())
        let handler = StartTLSHandler(context: tls, serverName: "localhost")
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.writeInbound(ByteBuffer(string: "250-mail.test\r\n250 STARTTLS\r\n"))
        #expect(try channel.readInbound(as: ByteBuffer.self).map { String(buffer: $0) } == "250-mail.test\r\n250 STARTTLS\r\n")
        handler.arm()
        try channel.writeInbound(ByteBuffer(string: "220 Ready"))
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil, "half a reply is held back")
        try channel.writeInbound(ByteBuffer(string: " to start TLS\r\n250-injected\r\n250 AUTH PLAIN\r\n"))
        #expect(try channel.readInbound(as: ByteBuffer.self).map { String(buffer: $0) } == "220 Ready to start TLS\r\n")
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil)
        #expect((try? channel.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self)) != nil)
        _ = try? channel.finish()
    }
}
