import AmendsCore
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A small SMTP client (RFC 5321): one connection per message, EHLO, AUTH PLAIN when credentials are set, MAIL,
/// RCPT, DATA, QUIT. The message is plain text in UTF-8, its subject encoded per RFC 2047.
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
        let tls = settings.security == .none ? nil : try settings.tlsContext()
        let serverName = settings.serverName
        let implicitTLS = settings.security == .tls
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeout)
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if implicitTLS, let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let content = Self.content(
            from: settings.from, fromName: settings.fromName, to: recipient, subject: subject, body: body, messageID: messageID, date: date)
        let settings = self.settings
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    var replies = ReplyReader(inbound.makeAsyncIterator())
                    func command(_ line: String?, expect codes: Set<Int>) async throws {
                        if let line { try await outbound.write(ByteBuffer(string: line + "\r\n")) }
                        let (code, text) = try await replies.next()
                        guard codes.contains(code) else {
                            throw Failure(description: "\(line.map { String($0.prefix(4)) } ?? "greeting"): \(code) \(text)", permanent: code >= 500)
                        }
                    }
                    try await command(nil, expect: [220])
                    try await command("EHLO amends", expect: [250])
                    if settings.security == .startTLS, let tls {
                        // From here on everything is encrypted: the TLS handler goes next to the socket.
                        try await command("STARTTLS", expect: [220])
                        try await channel.channel.eventLoop.submit {
                            try channel.channel.pipeline.syncOperations.addHandler(
                                NIOSSLClientHandler(context: tls, serverHostname: serverName), position: .first)
                        }.get()
                        try await command("EHLO amends", expect: [250])
                    }
                    if let user = settings.username {
                        let token = Data(("\0" + user + "\0" + (settings.password ?? "")).utf8).base64EncodedString()
                        try await command("AUTH PLAIN " + token, expect: [235])
                    }
                    try await command("MAIL FROM:<\(settings.from)>", expect: [250])
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

    /// Whether `text` looks like a single mailbox address, with nothing that could end a command.
    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && text.utf8.count <= 254
            && text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7f && $0 != "<" && $0 != ">" && $0 != "," }
    }

    /// The message as sent after DATA: headers, a blank line, the body in base64 lines, and the closing dot left out.
    static func content(from: String, fromName: String?, to: String, subject: String, body: String, messageID: String, date: Date) -> String {
        var lines = [
            "From: " + (fromName.map { encodedWord($0) + " <\(from)>" } ?? "<\(from)>"),
            "To: <\(to)>",
            "Subject: " + encodedWord(MessageDraft.oneLine(subject)),
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

    /// ASCII text as it is; anything else as an RFC 2047 encoded word.
    static func encodedWord(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 }) { return text }
        return "=?UTF-8?B?" + Data(text.utf8).base64EncodedString() + "?="
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

        mutating func next() async throws -> (Int, String) {
            var text: [String] = []
            while true {
                let line = try await line()
                guard line.count >= 3, let code = Int(line.prefix(3)) else { throw Failure(description: "unreadable reply '\(line)'", permanent: false) }
                text.append(String(line.dropFirst(4)))
                if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " { return (code, text.joined(separator: " ")) }
            }
        }
    }
}
