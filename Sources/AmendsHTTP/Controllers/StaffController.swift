import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// Staff accounts: who works where in which role, their passwords and their own compensation limits.
struct StaffController: Controller {
    let runtime: Runtime

    func addRoutes(to router: Router<AmendsRequestContext>) {
        router.get("/v1/staff", use: listStaff)
        router.post("/v1/staff", use: postStaff)
        router.post("/v1/staff/:id/disable", use: disableStaff)
        router.post("/v1/staff/:id/password", use: setPassword)
        router.post("/v1/staff/:id/authority", use: setAuthority)
    }

    struct StaffList: Encodable {
        var items: [StaffMember]
    }

    struct NewStaff: Encodable {
        var member: StaffMember
        var token: String
    }

    @Sendable func listStaff(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        _ = try await runtime.tokens.staff(request, atLeast: .admin)
        return JSON.response(StaffList(items: try await runtime.store.allStaff()))
    }

    @Sendable func postStaff(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        _ = try await runtime.tokens.staff(request, atLeast: .admin)
        try requireJSON(request)
        let payload = try JSON.decode(StaffPayload.self, from: try await JSON.body(request, limit: runtime.configuration.maxBodyBytes))
        if let locations = payload.locations, let playbook = runtime.playbook.stored?.playbook {
            for (index, key) in locations.enumerated() where playbook.location(key) == nil {
                throw AmendsError.invalidField("locations[\(index)]", "'\(key)' is not a location of the playbook")
            }
        }
        let (member, token) = try await runtime.tokens.addStaff(
            name: payload.name, email: payload.email, role: payload.role, locations: payload.locations, authority: payload.authority)
        return JSON.response(status: .created, NewStaff(member: member, token: token))
    }

    @Sendable func disableStaff(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let admin = try await runtime.tokens.staff(request, atLeast: .admin)
        let id = try context.parameters.require("id")
        guard id != admin.id else {
            throw AmendsError(.conflict, code: "own_account", message: "an admin cannot disable their own account; ask another admin")
        }
        let member = try await runtime.store.disableStaff(id: id, at: runtime.clock.now())
        runtime.tokens.forget(staffID: id)
        return JSON.response(member)
    }

    @Sendable func setPassword(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try await runtime.tokens.staff(request)
        let id = try context.parameters.require("id")
        guard id == member.id || member.role >= .admin else {
            throw AmendsError(.forbidden, code: "role", message: "only an admin sets another staff member's password")
        }
        try requireJSON(request)
        let payload = try JSON.decode(PasswordPayload.self, from: try await JSON.body(request, limit: runtime.configuration.maxBodyBytes))
        guard try await runtime.store.staff(id: id) != nil else { throw AmendsError.notFound("staff member", id) }
        try await runtime.tokens.setPassword(payload.password, for: id)
        return Response(status: .noContent)
    }

    @Sendable func setAuthority(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        _ = try await runtime.tokens.staff(request, atLeast: .admin)
        let id = try context.parameters.require("id")
        try requireJSON(request)
        let payload = try JSON.decode(AuthorityPayload.self, from: try await JSON.body(request, limit: runtime.configuration.maxBodyBytes))
        let member = try await runtime.store.setAuthority(staffID: id, authority: payload.authority, at: runtime.clock.now())
        runtime.tokens.forget(staffID: id)
        return JSON.response(member)
    }
}
