import Hummingbird

/// Headers on every response that keep a page to itself: scripts and styles only from this server's own files (no
/// inline script or style), no framing by other sites, no guessing of content types, and no `Referer` that could
/// carry a customer's signed link (or a console page's address) to another site.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var policy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[.contentTypeOptions] = "nosniff"
        response.headers[.frameOptions] = "DENY"
        // Customer pages are opened from signed links: their address must not travel on.
        response.headers[.referrerPolicy] = request.uri.path.hasPrefix("/customer/") ? "no-referrer" : "same-origin"
        return response
    }
}
