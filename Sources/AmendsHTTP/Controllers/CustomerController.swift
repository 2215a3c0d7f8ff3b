import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// The customer on one page: every feedback item, case, message, grant and follow-up answer of one customer.
struct CustomerController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.get("/v1/customers", .frontline, use: findCustomer)
        routes.get("/v1/cases/:id/customer", .frontline, use: caseCustomer)
    }

    @Sendable func findCustomer(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let identity = CustomerIdentity(email: parameters.get("email"), phone: parameters.get("phone"), externalID: parameters.get("external_id"))
        let keys = identity.keys
        guard !keys.isEmpty else {
            throw AmendsError(.invalid, code: "missing_field", message: "email, phone or external_id: give at least one to find a customer by", field: "email")
        }
        return JSON.response(try await runtime.store.customerHistory(keys: keys, locations: try context.scope.locations))
    }

    @Sendable func caseCustomer(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let recoveryCase = try await context.scope.recoveryCase(id)
        guard let keys = recoveryCase.customer?.keys, !keys.isEmpty else {
            throw AmendsError(.notFound, code: "anonymous_customer", message: "case \(id) has no e-mail address, phone or external id to know its customer by")
        }
        return JSON.response(try await runtime.store.customerHistory(keys: keys, locations: try context.scope.locations))
    }
}
