import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// The customer on one page: every feedback item, case, message, grant and follow-up answer of one customer.
struct CustomerController: Controller {
    let runtime: Runtime

    func addRoutes(to router: Router<AmendsRequestContext>) {
        router.get("/v1/customers", use: findCustomer)
        router.get("/v1/cases/:id/customer", use: caseCustomer)
    }

    @Sendable func findCustomer(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try await runtime.tokens.staff(request)
        let parameters = request.uri.queryParameters
        let identity = CustomerIdentity(email: parameters.get("email"), phone: parameters.get("phone"), externalID: parameters.get("external_id"))
        let keys = identity.keys
        guard !keys.isEmpty else {
            throw AmendsError(.invalid, code: "missing_field", message: "email, phone or external_id: give at least one to find a customer by", field: "email")
        }
        return JSON.response(try await runtime.store.customerHistory(keys: keys, locations: member.locations))
    }

    @Sendable func caseCustomer(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try await runtime.tokens.staff(request)
        let id = try context.parameters.require("id")
        let recoveryCase = try await scopedCase(id, for: member)
        guard let keys = recoveryCase.customer?.keys, !keys.isEmpty else {
            throw AmendsError(.notFound, code: "anonymous_customer", message: "case \(id) has no e-mail address, phone or external id to know its customer by")
        }
        return JSON.response(try await runtime.store.customerHistory(keys: keys, locations: member.locations))
    }
}
