import AmendsApp
import AmendsCore
import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// Counts what each client address asks of the public pages (feedback pages and their answers, customers' links, QR
/// codes) and answers 429 with `Retry-After` past the limits (``PageLimits``): as a page in the visitor's language,
/// or as JSON to a script or an API client.
///
/// The counts are this server's own, in memory: with several servers behind one address, each counts its share.
struct PageLimitsMiddleware: RouterMiddleware {
    let runtime: Runtime
    let counts: Counts

    /// The counts, shared by every request.
    final class Counts: Sendable {
        let counts: Mutex<PageCounts>
        init(_ limits: PageLimits) { counts = Mutex(PageCounts(limits: limits)) }
    }

    init(runtime: Runtime) {
        self.runtime = runtime
        counts = Counts(runtime.configuration.pageLimits)
    }

    /// Whether a request is to a public page, and which count it goes under.
    static func kind(of request: Request) -> PageLimits.Kind? {
        let path = request.uri.path
        let isPublic =
            path.hasPrefix("/f/") || path.hasPrefix("/s/") || path.hasPrefix("/customer/")
            || (path.hasPrefix("/v1/locations/") && path.hasSuffix("/qr"))
        guard isPublic else { return nil }
        return request.method == .post ? .post : .view
    }

    func handle(_ request: Request, context: AmendsRequestContext, next: (Request, AmendsRequestContext) async throws -> Response) async throws -> Response {
        guard let kind = Self.kind(of: request) else { return try await next(request, context) }
        let now = runtime.clock.now()
        let address = context.clientAddress
        guard let until = counts.counts.withLock({ $0.count(kind, from: address, at: now) }) else { return try await next(request, context) }
        let refusal = PageLimits.refusal(until: until, at: now)
        let wantsJSON =
            request.headers[.accept]?.contains("application/json") == true || request.uri.path.hasPrefix("/v1/")
        if wantsJSON { throw refusal }
        // A page in the visitor's language: the browser's, among those the pages speak.
        let playbook = runtime.playbook.stored?.playbook
        let language = PageLanguage.choose(
            asked: request.uri.queryParameters.get("lang"), acceptLanguage: request.headers[.acceptLanguage],
            offered: playbook?.pageLanguages ?? PageText.shippedLanguages)
        let minutes = String(max(1, ((refusal.retryAfter ?? 60) + 59) / 60))
        let words = PageText.fill(playbook?.pageText(.tooMany, in: language) ?? PageText.shipped(.tooMany, in: "en") ?? "", ["minutes": minutes])
        let html = CustomerPages.render(
            "customer-message", ["title": playbook?.pageText(.pageTitle, in: language) ?? "", "message": words, "lang": language])
        return Response(
            status: .tooManyRequests,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store", .retryAfter: String(refusal.retryAfter ?? 60),
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}
