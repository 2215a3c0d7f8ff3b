import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// Staff accounts: who works where in which role, their passwords and their own compensation limits.
struct StaffController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.get("/v1/staff", .staff(.admin), use: listStaff)
        routes.post("/v1/staff", .staff(.admin), use: postStaff)
        routes.patch("/v1/staff/:id", .staff(.admin), use: editStaff)
        routes.post("/v1/staff/:id/disable", .staff(.admin), use: disableStaff)
        routes.post("/v1/staff/:id/password", .frontline, use: setPassword)
        routes.post("/v1/staff/:id/authority", .staff(.admin), use: setAuthority)
    }

    struct StaffList: Encodable {
        var items: [StaffMember]
    }

    struct NewStaff: Encodable {
        var member: StaffMember
        var token: String
    }

    @Sendable func listStaff(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let scope = try context.scope
        // An admin of some locations sees the staff who work any of them (those of every location among them).
        let visible = try await runtime.store.allStaff().filter { member in member.locations.map { $0.contains(where: scope.allows) } ?? true }
        return JSON.response(StaffList(items: visible))
    }

    @Sendable func postStaff(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let payload = try await body(StaffPayload.self, of: request)
        let (member, token) = try await addStaffMember(
            name: payload.name, email: payload.email, role: payload.role, locations: payload.locations, authority: payload.authority, context: context)
        return JSON.response(status: .created, NewStaff(member: member, token: token))
    }

    /// Changes a member's name, e-mail address, role or locations, with the rules of adding one: an admin limited to
    /// some locations edits only members within them and cannot widen anyone beyond them.
    @Sendable func editStaff(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let change = try await body(StaffEditPayload.self, of: request).change
        return JSON.response(try await editStaffMember(id, change: change, context: context))
    }

    @Sendable func disableStaff(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        return JSON.response(try await disableStaffMember(id, context: context))
    }

    @Sendable func setPassword(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try context.staff
        let id = try context.parameters.require("id")
        guard id == member.id || member.role >= .admin else {
            throw AmendsError(.forbidden, code: "role", message: "only an admin sets another staff member's password")
        }
        let payload = try await body(PasswordPayload.self, of: request)
        if id == member.id {
            // One's own: only with the current password; every other session of theirs ends.
            let session = context.identity?.tokenID ?? ""
            try await runtime.tokens.changeOwnPassword(current: payload.currentPassword, new: payload.password, member: member, keepingSession: session)
        } else {
            // Someone else's, by an admin who manages them: all their sessions end.
            _ = try await context.scope.staffMember(id)
            try await runtime.tokens.setPassword(payload.password, for: id)
        }
        return Response(status: .noContent)
    }

    @Sendable func setAuthority(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let payload = try await body(AuthorityPayload.self, of: request)
        _ = try await context.scope.staffMember(id)
        return JSON.response(try await runtime.store.setAuthority(staffID: id, authority: payload.authority, at: runtime.clock.now()))
    }
}

/// The rules of managing staff, for the API and the console alike.
extension Controller {
    /// Adds a member, within the caller's locations and the playbook's.
    func addStaffMember(
        name: String, email: String?, role: StaffMember.Role, locations: [String]?, authority: AuthorityLimit?, context: AmendsRequestContext
    ) async throws -> (StaffMember, String) {
        try context.scope.require(staff: locations, for: "the new staff member")
        try runtime.requireKnownLocations(locations ?? []) { "locations[\($0)]" }
        return try await runtime.tokens.addStaff(name: name, email: email, role: role, locations: locations, authority: authority)
    }

    /// Changes a member's name, e-mail address, role or locations, with the rules of adding one: an admin limited to
    /// some locations edits only members within them and cannot widen anyone beyond them, nor change their own role.
    func editStaffMember(_ id: String, change: StaffChange, context: AmendsRequestContext) async throws -> StaffMember {
        let admin = try context.staff
        _ = try await context.scope.staffMember(id)
        if let locations = change.locations {
            try context.scope.require(staff: locations, for: "the staff member's new locations")
            try runtime.requireKnownLocations(locations ?? []) { "locations[\($0)]" }
        }
        if id == admin.id, let role = change.role, role != admin.role {
            throw AmendsError(.conflict, code: "own_account", message: "an admin cannot change their own role; ask another admin")
        }
        return try await runtime.store.updateStaff(id: id, change: change, at: runtime.clock.now())
    }

    /// Disables a member's account (not one's own).
    func disableStaffMember(_ id: String, context: AmendsRequestContext) async throws -> StaffMember {
        let admin = try context.staff
        guard id != admin.id else {
            throw AmendsError(.conflict, code: "own_account", message: "an admin cannot disable their own account; ask another admin")
        }
        _ = try await context.scope.staffMember(id)
        return try await runtime.store.disableStaff(id: id, at: runtime.clock.now())
    }
}
