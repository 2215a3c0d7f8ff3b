import AmendsApp
import AmendsCore
import Hummingbird
import NIOCore

/// The context of one request: Hummingbird's, the address of the client (which the audit log records), and, once
/// ``AccessMiddleware`` has checked the token, who is calling.
public struct AmendsRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// The caller and their scope; nil on routes open to anyone.
    var identity: Identity?
    /// The form a console page posted, read and checked (CSRF) by ``ConsoleAccessMiddleware``.
    var form: Form?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's address as the audit log writes it.
    var clientAddress: String {
        guard let remoteAddress else { return "unknown" }
        return remoteAddress.ipAddress ?? remoteAddress.pathname ?? "\(remoteAddress)"
    }
}
