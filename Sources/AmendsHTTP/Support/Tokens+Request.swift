import AmendsApp
import AmendsCore
import HTTPTypes
import Hummingbird

extension Tokens {
    /// The token as sent in the Authorization header, trimmed; nil without one.
    static func presentedToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.count > 7, header.prefix(7).lowercased() == "bearer " else { return nil }
        var secret = Substring(header.utf8.dropFirst(7))
        while secret.first == " " { secret.removeFirst() }
        while secret.last == " " { secret.removeLast() }
        return String(secret)
    }

    /// The caller behind the request's bearer token, and which token it is.
    func check(_ request: Request) async throws -> Credential {
        guard request.headers[.authorization] != nil else {
            throw AmendsError(.unauthenticated, code: "missing_token", message: "send a token as 'Authorization: Bearer <token>'")
        }
        guard let presented = Self.presentedToken(request) else {
            throw AmendsError(.unauthenticated, code: "invalid_token", message: "the Authorization header must be 'Bearer <token>'")
        }
        return try await check(presented: presented)
    }

    /// Ends the session (or revokes the token) the request was made with.
    func endSession(_ request: Request) async throws {
        guard let presented = Self.presentedToken(request) else { return }
        try await endSession(presented: presented)
    }
}
