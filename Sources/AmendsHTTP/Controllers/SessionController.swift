import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// Password sign-in into a session token, and signing out.
struct SessionController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.post("/v1/sessions", .anyone, use: login)
        routes.delete("/v1/sessions/current", .frontline, use: logout)
    }

    struct SessionResponse: Encodable {
        var token: String
        var expiresAt: Date
        var member: StaffMember

        enum CodingKeys: String, CodingKey {
            case token, member
            case expiresAt = "expires_at"
        }
    }

    @Sendable func login(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let payload = try await body(LoginPayload.self, of: request)
        let session: Tokens.Session
        do {
            session = try await runtime.tokens.login(email: payload.email, password: payload.password, address: context.clientAddress)
        } catch let error as AmendsError where error.kind == .tooManyRequests {
            // A refusal costs the server next to nothing; answered at once, a flood of them would take all its time.
            try await Task.sleep(for: .seconds(runtime.configuration.signInRefusalDelay))
            throw error
        }
        return JSON.response(status: .created, SessionResponse(token: session.token, expiresAt: session.expiresAt, member: session.member))
    }

    @Sendable func logout(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        try await runtime.tokens.endSession(request)
        return Response(status: .noContent)
    }
}
