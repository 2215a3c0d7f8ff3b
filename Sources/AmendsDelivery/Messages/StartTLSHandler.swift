import NIOCore
import NIOSSL

/// Upgrades an SMTP connection to TLS the moment the server's answer to STARTTLS arrives, on the event loop, so that no
/// byte read after that answer is taken as plain text: whatever came with it (a man in the middle's injected replies,
/// CVE-2011-0411) is dropped, and everything after it is read through TLS.
final class StartTLSHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let context: NIOSSLContext
    private let serverName: String?
    /// Whether STARTTLS was sent and its answer is awaited.
    private var armed = false
    private var pending: ByteBuffer?

    init(context: NIOSSLContext, serverName: String?) {
        self.context = context
        self.serverName = serverName
    }

    /// Watches for the answer to STARTTLS; called on the event loop just before the command is written.
    func arm() { armed = true }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard armed else {
            context.fireChannelRead(data)
            return
        }
        var incoming = unwrapInboundIn(data)
        if pending == nil { pending = context.channel.allocator.buffer(capacity: incoming.readableBytes) }
        pending!.writeBuffer(&incoming)
        guard let (reply, code) = Self.completeReply(in: pending!) else { return }
        armed = false
        pending = nil
        context.fireChannelRead(wrapInboundOut(reply))
        // The socket's read-complete will pass through the TLS handler from now on, which keeps it to itself until it has
        // plain text to give: the reply is delivered now.
        context.fireChannelReadComplete()
        guard code == 220 else { return }
        do {
            try context.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: self.context, serverHostname: serverName), position: .first)
        } catch {
            context.fireErrorCaught(error)
        }
    }

    /// The first whole reply in `buffer` (its last line is `NNN text` rather than `NNN-text`) and its code.
    static func completeReply(in buffer: ByteBuffer) -> (ByteBuffer, Int)? {
        let bytes = buffer.readableBytesView
        var lineStart = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "\n") {
                let line = bytes[lineStart..<index]
                if line.count >= 3, line.count == 3 || line.count == 4 || line[line.startIndex + 3] != UInt8(ascii: "-") {
                    let code = Int(String(decoding: line.prefix(3), as: UTF8.self)) ?? 0
                    let length = index + 1 - bytes.startIndex
                    return (buffer.getSlice(at: buffer.readerIndex, length: length)!, code)
                }
                lineStart = index + 1
            }
            index += 1
        }
        return nil
    }
}
