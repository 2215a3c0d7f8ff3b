import AmendsApp
import AmendsCore
import Hummingbird

/// Who may call a route. Every route is added with one (see ``Routes``), and ``AccessMiddleware`` enforces it before the
/// handler runs, so a handler never checks a token itself.
enum Access: Sendable, Equatable, CustomStringConvertible {
    /// No token: health, metrics, the API reference, sign-in, and the customer pages behind signed links.
    case anyone
    /// A channel token only: customers' replies through a channel's gateway.
    case channel
    /// A channel token, or a staff member naming the channel: feedback intake.
    case intake
    /// A staff member of this role or above.
    case staff(StaffMember.Role)

    /// Any staff member.
    static let frontline = Access.staff(.frontline)

    var description: String {
        switch self {
        case .anyone: "anyone"
        case .channel: "channel"
        case .intake: "channel or staff"
        case .staff(let role): role.rawValue
        }
    }
}

/// Checks the bearer token against the route's ``Access`` and puts the caller and their ``Scope`` in the context.
struct AccessMiddleware: RouterMiddleware {
    let access: Access
    let tokens: Tokens
    let store: any Store

    func handle(_ request: Request, context: AmendsRequestContext, next: (Request, AmendsRequestContext) async throws -> Response) async throws -> Response {
        if access == .anyone { return try await next(request, context) }
        let credential = try await tokens.check(request)
        let caller = credential.caller
        switch (access, caller) {
        case (.channel, .staff):
            throw AmendsError(.forbidden, code: "channel_only", message: "this route takes the token of a channel, not a staff member's")
        case (.staff, .channel):
            throw AmendsError(.forbidden, code: "channel_token", message: "a channel token can only submit feedback")
        case (.staff(let role), .staff(let member)) where member.role < role:
            throw AmendsError(.forbidden, code: "role", message: "this needs the \(role.rawValue) role; \(member.name) is \(member.role.rawValue)")
        default:
            break
        }
        var context = context
        context.identity = Identity(caller: caller, tokenID: credential.tokenID, scope: Scope(caller: caller, store: store))
        return try await next(request, context)
    }
}

/// The caller of a route and what they may reach.
struct Identity: Sendable {
    let caller: Caller
    /// The id of the token the request came with (a session's, or a personal or channel token's).
    let tokenID: String
    let scope: Scope
}

extension AmendsRequestContext {
    /// The staff member calling a route whose ``Access`` is a staff role.
    var staff: StaffMember {
        get throws {
            guard case .staff(let member) = identity?.caller else { throw Identity.missing }
            return member
        }
    }

    /// The caller of a route whose ``Access`` is not ``Access/anyone``.
    var caller: Caller {
        get throws {
            guard let caller = identity?.caller else { throw Identity.missing }
            return caller
        }
    }

    /// Whether the caller may see secrets and webhook URLs whole: admins only.
    var seesSecrets: Bool {
        guard case .staff(let member) = identity?.caller else { return false }
        return member.role == .admin
    }

    /// Alarms as the caller may see them: whole for admins, the webhook URL cut to its host for everyone else.
    func shown(_ alarms: [Alarm]) -> [Alarm] {
        seesSecrets ? alarms : alarms.map(\.redacted)
    }

    /// The locations the caller may reach, and the store read through them.
    var scope: Scope {
        get throws {
            guard let scope = identity?.scope else { throw Identity.missing }
            return scope
        }
    }
}

extension Identity {
    /// A handler asked for a caller its route's access does not give: a mistake in the route table, never the caller's.
    struct Missing: Error, CustomStringConvertible {
        var description: String { "a handler read the caller of a route that does not authenticate one" }
    }

    static let missing = Missing()
}
