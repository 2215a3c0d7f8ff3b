import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// Compensation within authority: the catalog, grants on cases, approvals and the ledger.
struct CompensationController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.get("/v1/remedies", .frontline, use: listRemedies)
        routes.post("/v1/cases/:id/compensation", .frontline, use: grantCompensation)
        routes.get("/v1/compensation", .staff(.lead), use: listCompensation)
        routes.get("/v1/compensation/:id", .frontline, use: getCompensation)
        routes.post("/v1/compensation/:id/approve", .frontline, use: approveCompensation)
        routes.post("/v1/compensation/:id/deny", .frontline, use: denyCompensation)
        routes.get("/v1/approvals", .frontline, use: listApprovals)
    }

    struct RemedyCatalog: Encodable {
        var items: [Remedy]
        /// What the caller may grant without asking; null when every grant of theirs needs approval.
        var authority: AuthorityLimit?
    }

    struct GrantList: Encodable {
        var items: [CompensationGrant]
        var nextCursor: String?

        enum CodingKeys: String, CodingKey {
            case items
            case nextCursor = "next_cursor"
        }
    }

    /// The playbook's compensation policy, or a 409 saying there is none.
    func compensationPolicy() throws(AmendsError) -> (Playbook, CompensationPolicy) {
        guard let playbook = runtime.playbook.stored?.playbook, let policy = playbook.compensation else { throw AmendsError.noCompensationPolicy }
        return (playbook, policy)
    }

    @Sendable func listRemedies(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try context.staff
        let (_, policy) = try compensationPolicy()
        return JSON.response(RemedyCatalog(items: policy.catalog, authority: policy.limit(for: member)))
    }

    @Sendable func grantCompensation(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let (member, id, _, payload) = try await caseAction(request, context, body: GrantPayload.self)
        let (playbook, policy) = try compensationPolicy()
        guard let remedy = policy.remedy(payload.remedy) else {
            throw AmendsError(
                .invalid, code: "unknown_remedy",
                message: "remedy: '\(payload.remedy)' is not in the catalog; use one of \(policy.catalog.map(\.key).joined(separator: ", "))", field: "remedy")
        }
        let value = try remedy.value(amount: payload.amount)
        let grant = try await runtime.store.grantCompensation(
            caseID: id, remedy: remedy, value: value, reason: payload.reason, by: member, playbook: playbook, at: runtime.clock.now())
        return JSON.response(status: grant.status == .granted ? .created : .accepted, grant)
    }

    @Sendable func listCompensation(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        var query = CompensationQuery(locations: try context.scope.locations)
        query.status = try Self.choice(parameters.get("status"), field: "status", what: "a grant status")
        query.location = parameters.get("location")
        if let location = query.location { try context.scope.require(location, for: "location '\(location)'") }
        query.caseID = parameters.get("case_id")
        if let customer = parameters.get("customer") { query.customerKey = customer }
        for (name, keyPath) in [("since", \CompensationQuery.since), ("until", \CompensationQuery.until)] {
            guard let text = parameters.get(name) else { continue }
            guard let date = Timestamp.parse(text) else {
                throw AmendsError.invalidField(name, "'\(text)' is not a timestamp such as 2026-12-01T00:00:00Z")
            }
            query[keyPath: keyPath] = date
        }
        try page(&query.limit, &query.after, request)
        let page = try await runtime.store.compensationLedger(query)
        return JSON.response(GrantList(items: page.items, nextCursor: page.next.map(Cursor.encode)))
    }

    @Sendable func listApprovals(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try context.staff
        var query = CompensationQuery(status: .pending, locations: try context.scope.locations, approver: member.id)
        try page(&query.limit, &query.after, request)
        let page = try await runtime.store.compensationLedger(query)
        return JSON.response(GrantList(items: page.items, nextCursor: page.next.map(Cursor.encode)))
    }

    @Sendable func getCompensation(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        return JSON.response(try await context.scope.grant(id))
    }

    @Sendable func approveCompensation(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        try await decide(request, context: context, approve: true)
    }

    @Sendable func denyCompensation(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        try await decide(request, context: context, approve: false)
    }

    func decide(_ request: Request, context: AmendsRequestContext, approve: Bool) async throws -> Response {
        let member = try context.staff
        let id = try context.parameters.require("id")
        let buffer = try await JSON.body(request, limit: runtime.configuration.maxBodyBytes)
        var reason: String?
        if buffer.readableBytes > 0 {
            try requireJSON(request)
            reason = try JSON.decode(DecisionPayload.self, from: buffer).reason
        }
        if !approve && reason == nil { throw AmendsError.missingField("reason") }
        _ = try await context.scope.grant(id)
        let (playbook, _) = try compensationPolicy()
        let grant = try await runtime.store.decideCompensation(
            grantID: id, approve: approve, reason: reason, by: member, playbook: playbook, at: runtime.clock.now())
        return JSON.response(grant)
    }
}
