import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// The console's approvals: the grants waiting for the member, each approved or denied with a reason.
struct ApprovalsPageController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.console("/console/approvals", .frontline, use: approvalsPage)
        routes.console("/console/compensation/:id/approve", method: .post, .frontline, use: approve)
        routes.console("/console/compensation/:id/deny", method: .post, .frontline, use: deny)
    }

    static let notices = ["approved": "Approved: the grant took effect.", "denied": "Denied: the one who asked sees your reason."]

    @Sendable func approvalsPage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let notice = request.uri.queryParameters.get("notice").flatMap { Self.notices[$0] }
        return try await page(context: context, notice: notice, problem: nil, status: .ok)
    }

    func page(context: AmendsRequestContext, notice: String?, problem: (grant: String, message: String, reason: String)?, status: HTTPResponse.Status)
        async throws -> Response
    {
        let member = try context.staff
        let playbook = runtime.playbook.stored?.playbook
        let waiting = try await runtime.store.compensationLedger(
            CompensationQuery(status: .pending, locations: try context.scope.locations, approver: member.id, limit: 200)
        ).items
        let names = StaffNames(try await runtime.store.allStaff())
        let rows = waiting.map { grant -> [String: Any] in
            let zone = ConsoleFormat.timeZone(of: grant.location, in: playbook)
            var row: [String: Any] = [
                "id": grant.id, "name": grant.name, "value": grant.value.description, "reason": grant.reason,
                "location": playbook?.location(grant.location)?.name ?? grant.location, "case": "/console/cases/\(grant.caseID)",
                "at": ConsoleFormat.time(grant.requestedAt, in: zone),
                "requested_by": names.actor(grant.requestedBy),
                "why_held": grant.holds.map { $0 == .budget ? "past the location's monthly budget" : "beyond the asker's authority" }.joined(separator: " and "),
            ]
            if let problem, problem.grant == grant.id {
                row["problem"] = problem.message
                row["typed"] = problem.reason
            }
            return row
        }
        var values: [String: Any] = ["grants": rows, "empty": rows.isEmpty]
        if let notice { values["notice"] = notice }
        if let problem, !waiting.contains(where: { $0.id == problem.grant }) { values["page_problem"] = problem.message }
        return ConsolePages.page("console-approvals", title: "Approvals", values, status: status, section: "/console/approvals", context: context, runtime: runtime)
    }

    @Sendable func approve(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        try await decide(context: context, approve: true)
    }

    @Sendable func deny(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        try await decide(context: context, approve: false)
    }

    func decide(context: AmendsRequestContext, approve: Bool) async throws -> Response {
        let member = try context.staff
        let id = try context.parameters.require("id")
        let reason = context.form?.text("reason")
        do {
            if !approve && reason == nil { throw AmendsError.invalidField("reason", "say why it is denied") }
            _ = try await context.scope.grant(id)
            guard let playbook = runtime.playbook.stored?.playbook else { throw AmendsError.noCompensationPolicy }
            _ = try await runtime.store.decideCompensation(grantID: id, approve: approve, reason: reason, by: member, playbook: playbook, at: runtime.clock.now())
        } catch let error as AmendsError where error.kind != .notFound {
            return try await page(context: context, notice: nil, problem: (id, error.message, context.form?["reason"] ?? ""), status: error.kind.status)
        }
        return ConsoleSession.redirect(to: "/console/approvals?notice=\(approve ? "approved" : "denied")")
    }
}
