import AmendsApp
import AmendsCore
import Foundation
import HTTPTypes
import Hummingbird

/// Who may open a console page, by the session cookie, and what a console form must carry.
///
/// A page needing a role redirects a browser without a session to the sign-in page (and back after it), and shows a
/// page saying so to someone whose role is too low. Every posted form is read here: refused when another site posted
/// it (`Origin`, `Sec-Fetch-Site`) or, in a session, when it lacks the session's form token (CSRF). Errors become pages,
/// never JSON.
struct ConsoleAccessMiddleware: RouterMiddleware {
    /// The role a page needs; nil for the pages before signing in.
    let role: StaffMember.Role?
    let runtime: Runtime

    func handle(_ request: Request, context: AmendsRequestContext, next: (Request, AmendsRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        do {
            if let presented = request.cookies[ConsoleSession.cookieName]?.value, !presented.isEmpty,
                let credential = try? await runtime.tokens.check(presented: presented), case .staff(let member) = credential.caller
            {
                context.identity = Identity(caller: credential.caller, tokenID: credential.tokenID, scope: Scope(caller: credential.caller, store: runtime.store))
                if let role, member.role < role {
                    throw AmendsError(.forbidden, code: "role", message: "This page needs the \(role.rawValue) role; you are \(member.role.rawValue).")
                }
            } else if role != nil {
                return ConsoleSession.toSignIn(from: request, expired: request.cookies[ConsoleSession.cookieName] != nil)
            }
            if request.method != .get && request.method != .head {
                try Self.requireSameSite(request)
                let form = try await Form.read(request, limit: runtime.configuration.maxBodyBytes)
                if let identity = context.identity, role != nil {
                    guard let token = form["csrf"], runtime.keys.isFormToken(token, session: identity.tokenID) else {
                        throw AmendsError(.forbidden, code: "csrf", message: "This form is out of date or was not sent from this console. Go back, reload the page and try again.")
                    }
                }
                context.form = form
            }
            return try await next(request, context)
        } catch let error as AmendsError {
            return ConsolePages.problem(error, request: request, context: context, runtime: runtime)
        } catch let error as any HTTPResponseError where error.status == .notFound {
            return ConsolePages.problem(
                AmendsError(.notFound, code: "not_found", message: "There is no page at \(request.uri.path)."), request: request, context: context, runtime: runtime)
        }
    }

    /// Refuses a form another site's page sent: browsers say where a request comes from.
    static func requireSameSite(_ request: Request) throws(AmendsError) {
        let refusal = AmendsError(.forbidden, code: "cross_site", message: "This form was sent from another site, so it was refused.")
        if let site = request.headers[.secFetchSite], site == "cross-site" || site == "same-site" { throw refusal }
        if let origin = request.headers[.origin], origin != "null" {
            guard let host = request.head.authority, URL(string: origin)?.hostWithPort == host else { throw refusal }
        }
    }
}

extension URL {
    /// `host:port` as a Host header names it (the port only when the URL has one).
    fileprivate var hostWithPort: String? {
        guard let host else { return nil }
        return port.map { "\(host):\($0)" } ?? host
    }
}

/// The console's session cookie.
enum ConsoleSession {
    static let cookieName = "amends_session"

    /// The cookie that holds a session token for the console's pages, for as long as the session lasts.
    static func cookie(_ token: String, expiresAt: Date, now: Date, secure: Bool) -> Cookie {
        Cookie(
            name: cookieName, value: token, maxAge: max(0, Int(expiresAt.timeIntervalSince(now))), path: "/console", secure: secure, httpOnly: true,
            sameSite: .lax)
    }

    /// The cookie that removes the session cookie.
    static func cleared(secure: Bool) -> Cookie {
        Cookie(name: cookieName, value: "", maxAge: 0, path: "/console", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// A redirect to the sign-in page that comes back to the page asked for.
    static func toSignIn(from request: Request, expired: Bool) -> Response {
        var target = "/console/sign-in"
        var query: [String] = []
        if request.method == .get, let path = safeReturn(request.uri.description), path != "/console" {
            query.append("next=" + (path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        }
        if expired { query.append("notice=expired") }
        if !query.isEmpty { target += "?" + query.joined(separator: "&") }
        return redirect(to: target)
    }

    /// `path` when it is a console page of this server to return to; nil for anything else (another site, say).
    static func safeReturn(_ path: String?) -> String? {
        guard let path, path.hasPrefix("/console"), !path.hasPrefix("//"), !path.contains("\\"), !path.contains("\r"), !path.contains("\n"),
            !path.hasPrefix("/console/sign-")
        else { return nil }
        return path
    }

    /// A 303 to `location`: after a form, the browser asks for the page with GET.
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}
