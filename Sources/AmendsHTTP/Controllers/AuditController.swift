import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// The audit log: who changed what, when and from where.
struct AuditController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.get("/v1/audit", .staff(.admin), use: listAudit)
    }

    struct AuditList: Encodable {
        var items: [AuditEntry]
        var nextCursor: String?

        enum CodingKeys: String, CodingKey {
            case items
            case nextCursor = "next_cursor"
        }
    }

    @Sendable func listAudit(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        var query = AuditQuery(actor: parameters.get("actor"), action: parameters.get("action"), target: parameters.get("target"))
        try page(&query.limit, &query.after, request)
        let page = try await runtime.store.auditLog(query)
        return JSON.response(AuditList(items: page.items, nextCursor: page.next.map(Cursor.encode)))
    }
}
