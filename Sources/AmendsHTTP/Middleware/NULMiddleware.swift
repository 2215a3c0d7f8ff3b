import AmendsCore
import Hummingbird

/// Refuses a request whose path or query holds a NUL character (`%00`): no parameter accepts one, and PostgreSQL cannot
/// store or compare text that holds it, so it is a 400 here rather than a database error further in. Hummingbird
/// decodes `%00` into query values and path parameters as it does any other byte and has no check of its own for it;
/// PostgresNIO only fails the statement.
struct NULMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.holdsEncodedNUL(request.uri.string) {
            throw AmendsError(.malformed, code: "invalid_text", message: "the path or query holds a NUL character (%00), which no parameter accepts")
        }
        return try await next(request, context)
    }

    /// Whether `uri` holds `%00`, the only way a NUL reaches a URI.
    static func holdsEncodedNUL(_ uri: String) -> Bool {
        var percent = 0
        for byte in uri.utf8 {
            switch (percent, byte) {
            case (_, UInt8(ascii: "%")): percent = 1
            case (1, UInt8(ascii: "0")): percent = 2
            case (2, UInt8(ascii: "0")): return true
            default: percent = 0
            }
        }
        return false
    }
}
