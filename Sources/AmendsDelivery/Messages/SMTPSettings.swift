import AmendsCore
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Where e-mail to customers is handed over: an SMTP server (a relay of the business's mail system), from
/// `smtp://` (plain, port 25), `smtp+starttls://` (upgraded to TLS by STARTTLS, port 587) or `smtps://` (TLS from
/// the start, port 465), each as `scheme://[user:password@]host[:port]`.
public struct SMTPSettings: Sendable, Equatable {
    /// How the connection is protected.
    public enum Security: String, Sendable, Equatable {
        case none
        case startTLS
        case tls
    }

    public var host: String
    public var security: Security = .none
    /// A PEM file of the certificate authorities to trust instead of the system's (for a private relay).
    public var caFile: String?
    public var port: Int
    public var username: String?
    public var password: String?
    /// The sender's address, and the name shown with it.
    public var from: String
    public var fromName: String?
    /// The name this client says hello (EHLO) with (`AMENDS_SMTP_HELO`); by default the host's name, or its address.
    public var heloName: String?

    public init(host: String, port: Int = 25, username: String? = nil, password: String? = nil, from: String, fromName: String? = nil) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.from = from
        self.fromName = fromName
    }

    /// Reads `smtp://`, `smtp+starttls://` or `smtps://user:password@host:port`; nil when it is not such a URL.
    public init?(url: String, from: String, fromName: String? = nil, caFile: String? = nil) {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty, from.contains("@") else { return nil }
        let security: Security
        let port: Int
        switch components.scheme {
        case "smtp": (security, port) = (.none, 25)
        case "smtp+starttls": (security, port) = (.startTLS, 587)
        case "smtps": (security, port) = (.tls, 465)
        default: return nil
        }
        self.init(
            host: host, port: components.port ?? port, username: components.user?.removingPercentEncoding,
            password: components.password?.removingPercentEncoding, from: from, fromName: fromName)
        self.security = security
        self.caFile = caFile
    }

    /// The TLS context for this server: certificates checked against the system's authorities, or `caFile`'s.
    func tlsContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile { configuration.trustRoots = .file(caFile) }
        return try NIOSSLContext(configuration: configuration)
    }

    /// The name the server's certificate must carry; nil for an address, which TLS names cannot hold.
    var serverName: String? {
        host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" } ? nil : host
    }
}
