import AmendsApp
import AmendsCore
import Hummingbird

/// Names the staff member and client address behind a request that changes something, so what the store changes on
/// their behalf is written to the audit log with who and where. Runs after ``AccessMiddleware``, which names the caller.
struct AuditMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: AmendsRequestContext, next: (Request, AmendsRequestContext) async throws -> Response) async throws -> Response {
        try await AuditContext.$current.withValue(AuditContext(actor: context.identity?.caller.actor, source: context.clientAddress)) {
            try await next(request, context)
        }
    }
}
