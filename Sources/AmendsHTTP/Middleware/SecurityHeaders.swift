import Hummingbird

/// Headers on every response that keep a page to itself: scripts and styles only from this server's own files (no
/// inline script or style), no framing by other sites, no guessing of content types, and no `Referer` that could
/// carry a customer's signed link (or a console page's address) to another site.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var policy: String { policy(framedBy: "'none'") }

    /// The policy, letting `ancestors` frame the page.
    static func policy(framedBy ancestors: String) -> String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; "
            + "form-action 'self'; frame-ancestors \(ancestors); base-uri 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        let path = request.uri.path
        // The feedback pages may be framed by a shop's own site (the embeddable form); nothing else may be.
        if path.hasPrefix("/f/") {
            response.headers[.contentSecurityPolicy] = Self.policy(framedBy: "*")
        } else {
            response.headers[.contentSecurityPolicy] = Self.policy
            response.headers[.frameOptions] = "DENY"
        }
        response.headers[.contentTypeOptions] = "nosniff"
        // Customer pages are opened from signed links, and a thank-you page may show one: their address must not travel on.
        response.headers[.referrerPolicy] = path.hasPrefix("/customer/") || path.hasPrefix("/f/") || path.hasPrefix("/s/") ? "no-referrer" : "same-origin"
        return response
    }
}
