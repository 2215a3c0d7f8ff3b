import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// Signing in to the console and out of it: by e-mail address and password (with the API's sign-in limits), or once by
/// a sign-in link an admin made (`amends staff link`, and the one `serve` prints on a new database).
struct ConsoleSessionController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.get("/", .anyone) { _, _ in ConsoleSession.redirect(to: "/console") }
        routes.console("/console/sign-in", nil, use: signInPage)
        routes.console("/console/sign-in", method: .post, nil, use: signIn)
        routes.console("/console/sign-out", method: .post, .frontline, use: signOut)
        routes.console("/console/welcome/:token", nil, use: welcomePage)
        routes.console("/console/welcome/:token", method: .post, nil, use: welcome)
    }

    /// What a notice in a sign-in page's address says.
    static let notices = ["expired": "Your session ended. Sign in again.", "signed-out": "You are signed out."]

    @Sendable func signInPage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        if context.identity != nil { return ConsoleSession.redirect(to: "/console") }
        let parameters = request.uri.queryParameters
        var values: [String: Any] = [:]
        if let next = ConsoleSession.safeReturn(parameters.get("next")) { values["next"] = next }
        if let notice = parameters.get("notice").flatMap({ Self.notices[$0] }) { values["notice"] = notice }
        return ConsolePages.page("console-sign-in", title: "Sign in", values, context: context, runtime: runtime)
    }

    @Sendable func signIn(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let form = context.form ?? Form()
        let email = form.text("email") ?? ""
        var values: [String: Any] = ["email": email]
        if let next = ConsoleSession.safeReturn(form["next"]) { values["next"] = next }
        guard !email.isEmpty, let password = form["password"], !password.isEmpty else {
            values["problem"] = "Enter your e-mail address and your password."
            return ConsolePages.page("console-sign-in", title: "Sign in", values, status: .unprocessableContent, context: context, runtime: runtime)
        }
        do {
            let session = try await runtime.tokens.login(email: email, password: password, address: context.clientAddress)
            return signedIn(session, to: ConsoleSession.safeReturn(form["next"]) ?? "/console")
        } catch let error as AmendsError where error.kind == .unauthenticated || error.kind == .tooManyRequests {
            if error.kind == .tooManyRequests { try await Task.sleep(for: .seconds(runtime.configuration.signInRefusalDelay)) }
            values["problem"] =
                error.kind == .tooManyRequests
                ? "Too many sign-ins were tried. \(error.message.prefix(1).uppercased() + error.message.dropFirst())."
                : "The e-mail address or the password is wrong, or the account is disabled."
            return ConsolePages.page(
                "console-sign-in", title: "Sign in", values, status: error.kind == .tooManyRequests ? .tooManyRequests : .unauthorized, context: context,
                runtime: runtime)
        }
    }

    /// Into the console with a new session's cookie.
    func signedIn(_ session: Tokens.Session, to target: String) -> Response {
        var response = ConsoleSession.redirect(to: target)
        response.setCookie(
            ConsoleSession.cookie(session.token, expiresAt: session.expiresAt, now: runtime.clock.now(), secure: runtime.configuration.secureCookies))
        return response
    }

    @Sendable func signOut(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        if let presented = request.cookies[ConsoleSession.cookieName]?.value { try? await runtime.tokens.endSession(presented: presented) }
        var response = ConsoleSession.redirect(to: "/console/sign-in?notice=signed-out")
        response.setCookie(ConsoleSession.cleared(secure: runtime.configuration.secureCookies))
        return response
    }

    @Sendable func welcomePage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        // Opening the link uses nothing up (mail scanners open links); the button does.
        guard let member = try await runtime.tokens.signInLinkMember(presented: token) else {
            throw AmendsError(
                .notFound, code: "invalid_link", message: "This sign-in link is unknown, used or expired. Sign in with your password, or ask an admin for a new link.")
        }
        return ConsolePages.page(
            "console-welcome", title: "Sign in", ["who": member.name, "action": "/console/welcome/\(token)"], context: context, runtime: runtime)
    }

    @Sendable func welcome(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        do {
            return signedIn(try await runtime.tokens.useSignInLink(presented: token), to: "/console")
        } catch let error as AmendsError where error.kind == .unauthenticated {
            throw AmendsError(
                .notFound, code: "invalid_link", message: "This sign-in link is unknown, used or expired. Sign in with your password, or ask an admin for a new link.")
        }
    }
}
