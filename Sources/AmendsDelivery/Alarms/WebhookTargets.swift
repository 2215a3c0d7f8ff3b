import AmendsCore
import Foundation
import NIOCore
import NIOPosix

/// Where alarms may be posted. A playbook names its webhook URLs, and whoever edits the playbook must not be able to
/// make the server post into the network it runs in (its database, a cloud's metadata service, an admin page on
/// localhost): an address that is loopback, private, link-local or otherwise not on the internet is refused, unless
/// the installation allows them (`--allow-private-webhooks`), or it is one of the server's own URLs named here (the
/// demo inbox).
public struct WebhookTargets: Sendable {
    /// Whether private and loopback addresses are allowed.
    public var allowPrivate: Bool
    /// URLs taken whatever their address: the server's own demo inbox.
    public var exempt: Set<String>

    public init(allowPrivate: Bool, exempt: Set<String> = []) {
        self.allowPrivate = allowPrivate
        self.exempt = exempt
    }

    /// Why an alarm may not go to `url`, or nil when it may. A name is looked up, and each address it has is checked.
    ///
    /// - Important: The client connects after its own look-up; a name whose answer changes between the two (DNS
    ///   rebinding) is not caught. Names the installation controls are safe; allow private addresses only on a
    ///   network where that matters less.
    public func refusal(for url: String) async -> String? {
        if allowPrivate || exempt.contains(url) { return nil }
        guard let host = URLComponents(string: url)?.host, !host.isEmpty else { return "'\(url)' has no host" }
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let addresses: [SocketAddress]
        if let literal = try? SocketAddress(ipAddress: name, port: 0) {
            addresses = [literal]
        } else {
            // A look-up that fails is the transport's to report, as for any unreachable receiver.
            guard let found = try? await NIOThreadPool.singleton.runIfActive({ try Self.resolve(name) }) else { return nil }
            addresses = found
        }
        for address in addresses where Self.isInternal(address) {
            return "\(host) is at \(address.ipAddress ?? "an internal address"), which is not on the internet; "
                + "alarms go there only on a server started with --allow-private-webhooks"
        }
        return nil
    }

    /// Why an alarm may not go to `url`, judged from the URL alone (an address written in it, or `localhost`), for a
    /// playbook being imported; nil when the URL itself says nothing against it.
    public func refusalOnImport(for url: String) -> String? {
        if allowPrivate || exempt.contains(url) { return nil }
        guard let host = URLComponents(string: url)?.host, !host.isEmpty else { return nil }
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let internalName = name.lowercased() == "localhost" || name.lowercased().hasSuffix(".localhost")
        guard internalName || ((try? SocketAddress(ipAddress: name, port: 0)).map(Self.isInternal) ?? false) else { return nil }
        return "\(host) is not on the internet; alarms go there only on a server started with --allow-private-webhooks"
    }

    /// Every address `name` has.
    static func resolve(_ name: String) throws -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            if let address = current.pointee.ai_addr {
                switch Int32(address.pointee.sa_family) {
                case AF_INET:
                    address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { addresses.append(SocketAddress($0.pointee, host: name)) }
                case AF_INET6:
                    address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { addresses.append(SocketAddress($0.pointee, host: name)) }
                default:
                    break
                }
            }
            entry = current.pointee.ai_next
        }
        return addresses
    }

    /// Whether an address is loopback, private, link-local, shared (carrier-grade NAT), unspecified or multicast.
    public static func isInternal(_ address: SocketAddress) -> Bool {
        switch address {
        case .v4(let v4):
            let value = UInt32(bigEndian: v4.address.sin_addr.s_addr)
            return isInternal(v4: value)
        case .v6(let v6):
            let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
                // An IPv4 address written as IPv6 (::ffff:a.b.c.d) is judged as the IPv4 address it is.
                return isInternal(v4: bytes[12..<16].reduce(0) { $0 << 8 | UInt32($1) })
            }
            let unspecifiedOrLoopback = bytes[0..<15].allSatisfy { $0 == 0 } && (bytes[15] == 0 || bytes[15] == 1)
            return unspecifiedOrLoopback || bytes[0] & 0xfe == 0xfc || (bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80) || bytes[0] == 0xff
        case .unixDomainSocket:
            return true
        }
    }

    static func isInternal(v4 value: UInt32) -> Bool {
        func within(_ network: UInt32, _ bits: UInt32) -> Bool { value >> (32 - bits) == network >> (32 - bits) }
        return within(0x0000_0000, 8) || within(0x0a00_0000, 8) || within(0x6440_0000, 10) || within(0x7f00_0000, 8)
            || within(0xa9fe_0000, 16) || within(0xac10_0000, 12) || within(0xc0a8_0000, 16) || within(0xe000_0000, 4) || value == 0xffff_ffff
    }
}
