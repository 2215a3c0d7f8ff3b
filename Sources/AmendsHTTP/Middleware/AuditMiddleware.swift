import AmendsApp
import AmendsCore
import Hummingbird
import NIOCore

/// Names the staff member and client address behind each request, so what the store changes on their behalf is
/// written to the audit log with who and where. Feedback intake (channel tokens) is left alone: it is not a change
/// a person makes.
struct AuditMiddleware: RouterMiddleware {
    let tokens: Tokens

    func handle(_ request: Request, context: AmendsRequestContext, next: (Request, AmendsRequestContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard request.method != .get, path != "/v1/feedback", path != "/v1/feedback/batch" else {
            return try await next(request, context)
        }
        // The handler checks the token itself and answers for it; here a missing or unknown token just names nobody.
        let actor = request.headers[.authorization] == nil ? nil : (try? await tokens.caller(request))?.actor
        return try await AuditContext.$current.withValue(AuditContext(actor: actor, source: context.clientAddress)) {
            try await next(request, context)
        }
    }
}
