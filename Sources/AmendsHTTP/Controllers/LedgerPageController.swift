import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// The console's ledger: every grant at the member's locations, filtered by status, location and month, and the same
/// as a CSV download. For leads and above, as `GET /v1/compensation` is.
struct LedgerPageController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.console("/console/ledger", .lead, use: ledgerPage)
        routes.console("/console/ledger.csv", .lead, use: ledgerCSV)
    }

    /// The query the address asks for, and what was wrong with it.
    func query(_ request: Request, context: AmendsRequestContext) throws -> (CompensationQuery, [String: String], [String]) {
        let parameters = request.uri.queryParameters
        var query = CompensationQuery(locations: try context.scope.locations, limit: 500)
        var given: [String: String] = [:]
        var problems: [String] = []
        for name in ["status", "location", "month"] {
            if let value = parameters.get(name), !value.isEmpty { given[name] = value }
        }
        if let text = given["status"] {
            if let status = CompensationGrant.Status(rawValue: text) { query.status = status } else { problems.append("status: '\(text)' is not granted, pending or denied") }
        }
        if let text = given["location"] {
            if try context.scope.allows(text) { query.location = text } else { problems.append("location: you do not work '\(text)'") }
        }
        if let text = given["month"] {
            if let (since, until) = CompensationQuery.month(text) {
                query.since = since
                query.until = until
            } else {
                problems.append("month: '\(text)' is not a month such as 2026-12")
            }
        }
        return (query, given, problems)
    }

    @Sendable func ledgerPage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let playbook = runtime.playbook.stored?.playbook
        let (query, given, problems) = try query(request, context: context)
        let grants = try await runtime.store.compensationLedger(query).items
        let names = StaffNames(try await runtime.store.allStaff())
        var totals: [String: Int64] = [:]
        let rows = grants.map { grant -> [String: Any] in
            if grant.status == .granted { totals[grant.value.currency, default: 0] += grant.value.minorUnits }
            return [
                "at": ConsoleFormat.time(grant.requestedAt, in: ConsoleFormat.timeZone(of: grant.location, in: playbook)), "name": grant.name,
                "value": grant.value.description, "status": grant.status.rawValue, "case": "/console/cases/\(grant.caseID)",
                "location": playbook?.location(grant.location)?.name ?? grant.location, "requested_by": names.actor(grant.requestedBy),
                "decided_by": grant.decidedBy.map { $0 == grant.requestedBy ? "" : names.actor($0) } ?? "", "reason": grant.reason,
            ]
        }
        let locations = try context.scope.reachable(playbook)
        var download = "/console/ledger.csv"
        let parameters = given.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
        if !parameters.isEmpty { download += "?" + parameters.joined(separator: "&") }
        var values: [String: Any] = [
            "grants": rows, "empty": rows.isEmpty, "download": download, "problems": problems, "month": given["month"] ?? "",
            "statuses": [("", "Any")]
                + CompensationGrant.Status.allCases.map { ($0.rawValue, $0.rawValue.capitalizedFirst) }
                .map { ["value": $0.0, "label": $0.1, "selected": given["status"] == $0.0] },
            "locations": ([("", "Any")] + locations.map { ($0.key, $0.name) }).map { ["value": $0.0, "label": $0.1, "selected": given["location"] == $0.0] },
            "full": grants.count == query.limit,
        ]
        if !totals.isEmpty {
            values["totals"] = totals.sorted { $0.key < $1.key }.map { Money(minorUnits: $0.value, currency: $0.key).description }.joined(separator: ", ")
        }
        return ConsolePages.page("console-ledger", title: "Ledger", values, section: "/console/ledger", context: context, runtime: runtime)
    }

    @Sendable func ledgerCSV(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let (query, _, problems) = try query(request, context: context)
        if let problem = problems.first { throw AmendsError(.invalid, code: "invalid_field", message: problem) }
        let grants = try await runtime.store.compensationLedger(query).items
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"amends-ledger.csv\"", .cacheControl: "no-store",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: CompensationGrant.ledgerCSV(grants))))
    }
}
