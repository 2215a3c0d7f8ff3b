import AmendsApp
import AmendsCore
import Foundation
import Hummingbird
import ServiceLifecycle

/// The console's live updates: a Server-Sent Events stream of the cases that change at the member's locations, from
/// which the pages refresh what they show in place.
struct ConsoleEventsController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.console("/console/events", .frontline, use: events)
    }

    @Sendable func events(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let scope = try context.scope
        let feed = runtime.caseFeed
        let store = runtime.store
        // Where the page stands: the change it was drawn after (`since`), or the last event this stream sent before it
        // was cut (`Last-Event-ID`, sent by the browser when it reconnects).
        let since = request.headers[.lastEventID] ?? request.uri.queryParameters.get("since").map { String($0) }
        let body = ResponseBody { writer in
            // A browser that loses the stream tries again after two seconds.
            try await writer.write(ByteBuffer(string: "retry: 2000\n: connected\n\n"))
            let listener = feed.listen()
            // What changed since then is told first (again, for the moments around it, which is harmless: a page
            // only looks again), then, as each look of the feed finds changes, one event naming their cases.
            if let since, let millis = CaseFeed.millis(of: since) {
                let from = CaseFeed.idPrefix(millis: millis > CaseFeed.lookback ? millis - CaseFeed.lookback : 0)
                let missed = (try? await store.caseChanges(after: from, limit: 1000)) ?? []
                let told = Self.message(missed, scope: scope)
                if !told.isEmpty { try await writer.write(ByteBuffer(string: told)) }
            }
            let key = scope.locations?.sorted().joined(separator: ",") ?? "*"
            try await withGracefulShutdownHandler {
                for await signal in listener.signals {
                    switch signal {
                    case .changed(let batch):
                        let told = batch.worded(for: key) { Self.message($0, scope: scope) }
                        if !told.isEmpty { try await writer.write(ByteBuffer(string: told)) }
                    case .heartbeat:
                        try await writer.write(ByteBuffer(string: ": still here\n\n"))
                    }
                }
            } onGracefulShutdown: {
                listener.stop()
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store", .accelBuffering: "no"],
            body: body)
    }

    /// One `cases` event naming each case of `changes` the member may see, once, with the newest change's id (for
    /// `Last-Event-ID`); empty when they may see none.
    static func message(_ changes: [CaseChange], scope: Scope) -> String {
        var seen = Set<String>()
        var named: [String] = []
        var newest = ""
        for change in changes where scope.allows(change.location) {
            newest = max(newest, change.id)
            if seen.insert(change.caseID).inserted { named.append("\"\(change.caseID)\"") }
        }
        guard !named.isEmpty else { return "" }
        return "event: cases\nid: \(newest)\ndata: {\"case_ids\":[\(named.joined(separator: ","))]}\n\n"
    }
}
