import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// The console's search, in the header of every page (`/` puts the cursor there): a case's reference or id opens the
/// case; other words list the cases at the member's locations whose summary or customer holds them, newest first, as
/// `GET /v1/cases?q=` does, with the customer's page offered when the words are an e-mail address, a phone number or
/// what looks like a customer id (one word with a digit).
///
/// The matching is the store's (`CaseQuery.words`, a `LIKE` on the summary and the customer): no package on the list
/// indexes text, and a search of a few hundred thousand cases' summaries does not need one.
struct SearchPageController: Controller {
    let runtime: Runtime
    /// The most cases one search lists.
    static let shown = 50
    /// The longest search accepted, in characters.
    static let longest = 200

    func addRoutes(to routes: Routes) {
        routes.console("/console/search", .frontline, use: searchPage)
    }

    @Sendable func searchPage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let typed = (request.uri.queryParameters.get("q") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var values: [String: Any] = ["typed": typed]
        guard !typed.isEmpty else {
            return ConsolePages.page("console-search", title: "Search", values, section: "", context: context, runtime: runtime)
        }
        guard typed.count <= Self.longest else {
            values["problem"] = "Search: at most \(Self.longest) characters, please."
            return ConsolePages.page("console-search", title: "Search", values, status: .unprocessableContent, section: "", context: context, runtime: runtime)
        }
        if let id = try await caseNamed(typed, context: context) {
            return ConsoleSession.redirect(to: "/console/cases/\(id)")
        }
        var query = CaseQuery(limit: Self.shown)
        query.words = typed
        query.locations = try context.scope.locations
        let page = try await runtime.store.cases(query)
        let playbook = runtime.playbook.stored?.playbook
        values["searched"] = true
        values["results"] = page.items.map { found -> [String: Any] in
            let zone = ConsoleFormat.timeZone(of: found.location, in: playbook)
            return [
                "href": "/console/cases/\(found.id)", "reference": found.reference, "summary": found.summary,
                "customer": found.customer.flatMap { $0.name ?? $0.email ?? $0.phone ?? $0.externalID } ?? "", "status": found.status.words,
                "location": playbook?.location(found.location)?.name ?? found.location,
                "opened": ConsoleFormat.time(found.openedAt, in: zone),
            ]
        }
        values["has_results"] = !page.items.isEmpty
        values["more"] = page.next != nil
        values["shown"] = Self.shown
        if typed.contains("@") {
            values["customer_link"] = "/console/customers?email=\(Self.encoded(typed))"
        } else if typed.filter(\.isNumber).count >= 6 && typed.allSatisfy({ $0.isNumber || " +-().".contains($0) }) {
            values["customer_link"] = "/console/customers?phone=\(Self.encoded(typed))"
        } else if !typed.contains(where: \.isWhitespace) && typed.contains(where: \.isNumber) {
            values["customer_link"] = "/console/customers?external_id=\(Self.encoded(typed))"
        }
        return ConsolePages.page("console-search", title: "Search: \(typed)", values, section: "", context: context, runtime: runtime)
    }

    /// The case `text` names by its whole id or its reference, if the member may see it.
    func caseNamed(_ text: String, context: AmendsRequestContext) async throws -> String? {
        if let found = try await runtime.store.recoveryCase(id: text) {
            return try? await context.scope.recoveryCase(found.id).id
        }
        let ids = try await runtime.store.caseIDs(endingWith: text, limit: 2)
        guard ids.count == 1 else { return nil }
        return try? await context.scope.recoveryCase(ids[0]).id
    }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}
