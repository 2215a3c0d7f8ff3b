import AmendsCore
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A small SMTP client (RFC 5321): one connection per message, EHLO, STARTTLS when asked, AUTH PLAIN when credentials
/// are set (only over an encrypted connection, and only when the server offers it), MAIL, RCPT, DATA, QUIT. The message
/// is plain text in UTF-8, its subject and sender's name encoded per RFC 2047. No Swift SMTP library exists, so it is
/// written here on SwiftNIO and swift-nio-ssl.
public struct SMTPClient: Sendable {
    public let settings: SMTPSettings
    let timeout: TimeAmount

    public init(settings: SMTPSettings, timeout: TimeAmount = .seconds(20)) {
        self.settings = settings
        self.timeout = timeout
    }

    /// A failure the server reported, or a broken conversation.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        /// Whether trying again cannot help (a 5xx answer: the address or message was refused).
        public var permanent: Bool
    }

    /// Sends one message and returns once the server has accepted it for delivery.
    public func send(to recipient: String, subject: String, body: String, messageID: String, date: Date) async throws {
        guard Self.isAddress(recipient) else { throw Failure(description: "'\(recipient)' is not an e-mail address", permanent: true) }
        if settings.username != nil && settings.security == .none {
            throw Failure(description: "the mail server's password would travel unencrypted; use smtp+starttls:// or smtps://", permanent: true)
        }
        let tls = settings.security == .none ? nil : try settings.tlsContext()
        let serverName = settings.serverName
        let implicitTLS = settings.security == .tls
        let startTLS = settings.security == .startTLS
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeout)
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if implicitTLS, let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName))
                    }
                    if startTLS, let tls { try channel.pipeline.syncOperations.addHandler(StartTLSHandler(context: tls, serverName: serverName)) }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let helo = settings.heloName ?? Self.defaultHeloName(local: channel.channel.localAddress)
        let international = !(settings.from + recipient).unicodeScalars.allSatisfy(\.isASCII)
        let content = Self.content(
            from: settings.from, fromName: settings.fromName, to: recipient, subject: subject, body: body, messageID: messageID, date: date)
        let settings = self.settings
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    var replies = ReplyReader(inbound.makeAsyncIterator())
                    @discardableResult
                    func command(_ line: String?, expect codes: Set<Int>) async throws -> [String] {
                        if let line { try await outbound.write(ByteBuffer(string: line + "\r\n")) }
                        let (code, lines) = try await replies.next()
                        guard codes.contains(code) else {
                            let said = line.map { String($0.prefix(4)) } ?? "greeting"
                            throw Failure(description: "\(said): \(code) \(lines.joined(separator: " "))", permanent: code >= 500)
                        }
                        return lines
                    }
                    try await command(nil, expect: [220])
                    var capabilities = Capabilities(try await command("EHLO " + helo, expect: [250]))
                    if startTLS {
                        // The handler puts TLS next to the socket the moment the answer arrives, and drops whatever came
                        // after it in plain text, so nothing a man in the middle slips in is read as the server's.
                        try await channel.channel.eventLoop.submit {
                            try channel.channel.pipeline.syncOperations.handler(type: StartTLSHandler.self).arm()
                        }.get()
                        try await command("STARTTLS", expect: [220])
                        replies.discardBuffered()
                        // What the server offered before TLS says nothing; only what it offers now counts.
                        capabilities = Capabilities(try await command("EHLO " + helo, expect: [250]))
                    }
                    if let user = settings.username {
                        guard capabilities.offersPlainLogin else {
                            throw Failure(description: "the mail server did not offer AUTH PLAIN; the password was not sent", permanent: true)
                        }
                        let token = Data(("\0" + user + "\0" + (settings.password ?? "")).utf8).base64EncodedString()
                        try await command("AUTH PLAIN " + token, expect: [235])
                    }
                    if international && !capabilities.smtpUTF8 {
                        throw Failure(description: "the mail server does not take addresses with characters beyond ASCII (no SMTPUTF8)", permanent: true)
                    }
                    try await command("MAIL FROM:<\(settings.from)>" + (international ? " SMTPUTF8" : ""), expect: [250])
                    try await command("RCPT TO:<\(recipient)>", expect: [250, 251])
                    try await command("DATA", expect: [354])
                    try await outbound.write(ByteBuffer(string: content))
                    try await command(".", expect: [250])
                    try? await command("QUIT", expect: [221])
                }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(Int(self.timeout.nanoseconds / 1_000_000_000)))
                throw Failure(description: "the mail server did not answer within \(self.timeout.nanoseconds / 1_000_000_000) s", permanent: false)
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// What a server said it can do, in its answer to EHLO.
    struct Capabilities {
        var keywords: [String: [String]] = [:]

        init(_ lines: [String]) {
            // The first line greets; each other names an extension and its parameters.
            for line in lines.dropFirst() {
                let words = line.split(separator: " ").map { String($0).uppercased() }
                guard let keyword = words.first else { continue }
                keywords[keyword] = Array(words.dropFirst())
            }
        }

        var offersPlainLogin: Bool { keywords["AUTH"]?.contains("PLAIN") == true }
        var smtpUTF8: Bool { keywords["SMTPUTF8"] != nil }
    }

    /// The name this client says hello with when none is set: the host's name when it is a domain name, else the
    /// connection's own address as an address literal (RFC 5321, 4.1.3).
    static func defaultHeloName(local: SocketAddress?) -> String {
        let host = ProcessInfo.processInfo.hostName
        if host.contains("."), host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }), !host.hasSuffix(".") {
            return host
        }
        guard let address = local?.ipAddress else { return "[127.0.0.1]" }
        return address.contains(":") ? "[IPv6:\(address)]" : "[\(address)]"
    }

    /// Whether `text` looks like a single mailbox address, with nothing that could end a command.
    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && text.utf8.count <= 254
            && text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7f && $0 != "<" && $0 != ">" && $0 != "," }
    }

    /// The message as sent after DATA: headers, a blank line, the body in base64 lines, and the closing dot left out.
    static func content(from: String, fromName: String?, to: String, subject: String, body: String, messageID: String, date: Date) -> String {
        var lines = [
            "From: " + (fromName.map { displayName($0) + " <\(from)>" } ?? "<\(from)>"),
            "To: <\(to)>",
            header("Subject", MessageDraft.oneLine(subject)),
            "Date: " + rfc5322(date),
            "Message-ID: <\(messageID)@\(from.split(separator: "@").last ?? "amends")>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
        ]
        let normalized = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        let encoded = Data(normalized.utf8).base64EncodedString()
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[index..<end]))
            index = end
        }
        // Base64 never starts a line with a dot, so no line needs dot-stuffing.
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A header line: ASCII text as it is when the line stays within 78 characters; anything else as RFC 2047 encoded
    /// words, folded onto as many lines as it takes, each within the limit.
    static func header(_ name: String, _ text: String) -> String {
        let prefix = name + ": "
        if text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value != 0x7f }) && prefix.count + text.count <= 78 {
            return prefix + text
        }
        return prefix + encodedWords(text).joined(separator: "\r\n ")
    }

    /// A display name for From: ASCII as a quoted string (so commas, dots and the like mean nothing), anything else as
    /// encoded words.
    static func displayName(_ name: String) -> String {
        let line = MessageDraft.oneLine(name)
        guard line.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value != 0x7f }) else {
            return encodedWords(line).joined(separator: "\r\n ")
        }
        return "\"" + line.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// `text` as RFC 2047 encoded words (`=?UTF-8?B?…?=`) of at most 39 bytes of UTF-8 each, never splitting a
    /// character: each word is 64 characters, so a folded header line stays within 78.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 39, !chunk.isEmpty {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words
    }

    static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    /// Reads SMTP replies, joining the lines of a multi-line one (`250-…` then `250 …`).
    struct ReplyReader {
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        var pending = ""

        init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

        mutating func line() async throws -> String {
            while true {
                if let end = pending.range(of: "\r\n") {
                    let line = String(pending[..<end.lowerBound])
                    pending = String(pending[end.upperBound...])
                    return line
                }
                guard pending.utf8.count < 64 * 1024, var buffer = try await iterator.next() else {
                    throw Failure(description: "the mail server closed the connection", permanent: false)
                }
                pending += buffer.readString(length: buffer.readableBytes) ?? ""
            }
        }

        mutating func next() async throws -> (Int, [String]) {
            var text: [String] = []
            while true {
                let line = try await line()
                guard line.count >= 3, let code = Int(line.prefix(3)) else { throw Failure(description: "unreadable reply '\(line)'", permanent: false) }
                text.append(String(line.dropFirst(4)))
                if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " { return (code, text) }
            }
        }

        /// Forgets anything read past the last reply: after STARTTLS, it came in plain text and is not the server's.
        mutating func discardBuffered() { pending = "" }
    }
}
