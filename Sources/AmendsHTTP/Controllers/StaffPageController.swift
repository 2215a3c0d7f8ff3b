import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// The console's staff administration: who works where in which role, adding, editing and disabling accounts,
/// passwords, one-time sign-in links and personal compensation limits. For admins, with the API's rules.
struct StaffPageController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.console("/console/admin/staff", .admin, use: staffPage)
        routes.console("/console/admin/staff", method: .post, .admin, use: addStaff)
        routes.console("/console/admin/staff/:id", method: .post, .admin, use: editStaff)
        routes.console("/console/admin/staff/:id/disable", method: .post, .admin, use: disable)
        routes.console("/console/admin/staff/:id/password", method: .post, .admin, use: setPassword)
        routes.console("/console/admin/staff/:id/link", method: .post, .admin, use: makeLink)
        routes.console("/console/admin/staff/:id/authority", method: .post, .admin, use: setAuthority)
    }

    static let notices = [
        "added": "The account is added.", "saved": "The change is saved.", "disabled": "The account is disabled: its tokens stopped working.",
        "password": "The password is set; the member's other sessions ended.", "authority": "The compensation limit is saved.",
    ]

    /// Something to show once: a problem with a form (and what was typed), or a secret made now.
    struct Outcome {
        var member: String?
        var problem: String?
        var typed: [String: String] = [:]
        var secret: (label: String, value: String)?
    }

    @Sendable func staffPage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let notice = request.uri.queryParameters.get("notice").flatMap { Self.notices[$0] }
        return try await page(context: context, notice: notice, outcome: nil, status: .ok)
    }

    func page(context: AmendsRequestContext, notice: String?, outcome: Outcome?, status: HTTPResponse.Status) async throws -> Response {
        let admin = try context.staff
        let scope = try context.scope
        let playbook = runtime.playbook.stored?.playbook
        let locations = (playbook?.locations ?? []).filter { scope.allows($0.key) }
        let members = try await runtime.store.allStaff().filter { member in member.locations.map { $0.contains(where: scope.allows) } ?? true }
            .sorted { ($0.disabledAt != nil ? 1 : 0, $0.name) < ($1.disabledAt != nil ? 1 : 0, $1.name) }
        func roles(_ selected: StaffMember.Role) -> [[String: Any]] {
            StaffMember.Role.allCases.map { ["value": $0.rawValue, "label": $0.rawValue.capitalizedFirst, "selected": $0 == selected] }
        }
        func places(_ chosen: [String]?, prefix: String) -> [[String: Any]] {
            locations.map { ["key": $0.key, "name": $0.name, "checked": chosen?.contains($0.key) ?? false, "id": "\(prefix)-\($0.key)"] }
        }
        let rows = members.map { member -> [String: Any] in
            var row: [String: Any] = [
                "id": member.id, "name": member.name, "email": member.email ?? "", "role": member.role.rawValue, "roles": roles(member.role),
                "where": member.locations.map { $0.map { key in playbook?.location(key)?.name ?? key }.joined(separator: ", ") } ?? "every location",
                "places": places(member.locations, prefix: "loc-\(member.id)"), "everywhere": member.locations == nil,
                "disabled": member.disabledAt != nil, "self": member.id == admin.id,
                "per_grant": member.authority?.perGrant.description ?? "", "per_day": member.authority?.perDay.description ?? "",
            ]
            if let outcome, outcome.member == member.id {
                row["problem"] = outcome.problem
                if let secret = outcome.secret { row["secret"] = ["label": secret.label, "value": secret.value] }
                for (name, value) in outcome.typed { row["typed_\(name)"] = value }
            }
            return row
        }
        var values: [String: Any] = ["members": rows, "new_roles": roles(.frontline), "new_places": places(nil, prefix: "new")]
        values["may_everywhere"] = scope.locations == nil
        if let notice { values["notice"] = notice }
        if let outcome, outcome.member == nil {
            values["add_problem"] = outcome.problem
            for (name, value) in outcome.typed { values["typed_\(name)"] = value }
            if let secret = outcome.secret { values["new_secret"] = ["label": secret.label, "value": secret.value] }
        }
        return ConsolePages.page("console-staff", title: "Staff", values, status: status, section: "/console/admin/staff", context: context, runtime: runtime)
    }

    /// The locations a form chose: none ticked with "every location" allowed means every location (nil).
    func chosenLocations(_ form: Form) -> [String]? {
        let ticked = form.all("location").filter { !$0.isEmpty }
        return ticked.isEmpty && form["everywhere"] == "yes" ? nil : ticked
    }

    @Sendable func addStaff(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let form = context.form ?? Form()
        let typed = ["name": form["name"] ?? "", "email": form["email"] ?? ""]
        do {
            guard let name = form.text("name") else { throw AmendsError.invalidField("name", "say who it is") }
            guard let role = StaffMember.Role(rawValue: form["role"] ?? "") else { throw AmendsError.invalidField("role", "choose a role") }
            let locations = chosenLocations(form)
            if locations?.isEmpty == true { throw AmendsError.invalidField("locations", "tick the locations they work, or every location") }
            let (member, token) = try await addStaffMember(
                name: name, email: form.text("email"), role: role, locations: locations, authority: nil, context: context)
            return try await page(
                context: context, notice: "\(member.name) is added.",
                outcome: Outcome(secret: ("Personal API token of \(member.name), shown only now", token)), status: .created)
        } catch let error as AmendsError {
            return try await page(context: context, notice: nil, outcome: Outcome(problem: error.message, typed: typed), status: error.kind.status)
        }
    }

    /// Runs `action` on the member named in the path; a refusal shows beside their row.
    func act(_ context: AmendsRequestContext, notice: String, typed: [String: String] = [:], _ action: (String) async throws -> Outcome?) async throws
        -> Response
    {
        let id = try context.parameters.require("id")
        do {
            if let outcome = try await action(id) { return try await page(context: context, notice: nil, outcome: outcome, status: .ok) }
        } catch let error as AmendsError where error.kind != .notFound {
            return try await page(context: context, notice: nil, outcome: Outcome(member: id, problem: error.message, typed: typed), status: error.kind.status)
        }
        return ConsoleSession.redirect(to: "/console/admin/staff?notice=\(notice)")
    }

    @Sendable func editStaff(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let form = context.form ?? Form()
        return try await act(context, notice: "saved", typed: ["email": form["email"] ?? ""]) { id in
            guard let role = StaffMember.Role(rawValue: form["role"] ?? "") else { throw AmendsError.invalidField("role", "choose a role") }
            let locations = chosenLocations(form)
            if locations?.isEmpty == true { throw AmendsError.invalidField("locations", "tick the locations they work, or every location") }
            var change = StaffChange(role: role, locations: .some(locations))
            if let name = form.text("name") { change.name = name }
            change.email = .some(form.text("email"))
            _ = try await editStaffMember(id, change: change, context: context)
            return nil
        }
    }

    @Sendable func disable(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        try await act(context, notice: "disabled") { id in
            _ = try await disableStaffMember(id, context: context)
            return nil
        }
    }

    @Sendable func setPassword(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let form = context.form ?? Form()
        return try await act(context, notice: "password") { id in
            _ = try await context.scope.staffMember(id)
            guard let password = form["password"], !password.isEmpty else { throw AmendsError.invalidField("password", "type the new password") }
            if id == (try context.staff).id {
                throw AmendsError(.conflict, code: "own_account", message: "change your own password with your current one (POST /v1/staff/{id}/password)")
            }
            try await runtime.tokens.setPassword(password, for: id)
            return nil
        }
    }

    @Sendable func makeLink(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        try await act(context, notice: "saved") { id in
            let member = try await context.scope.staffMember(id)
            let link = try await runtime.tokens.makeSignInLink(for: member)
            return Outcome(
                member: id, secret: ("A sign-in link for \(member.name), working once within an hour", runtime.publicURL + "/console/welcome/" + link.token))
        }
    }

    @Sendable func setAuthority(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let form = context.form ?? Form()
        let typed = ["per_grant": form["per_grant"] ?? "", "per_day": form["per_day"] ?? ""]
        return try await act(context, notice: "authority", typed: typed) { id in
            _ = try await context.scope.staffMember(id)
            var limit: AuthorityLimit?
            switch (form.text("per_grant"), form.text("per_day")) {
            case (nil, nil): limit = nil
            case (let perGrant?, let perDay?):
                guard let grant = Money(parsing: perGrant) else { throw AmendsError.invalidField("per_grant", "'\(perGrant)' is not an amount such as 100.00 EUR") }
                guard let day = Money(parsing: perDay) else { throw AmendsError.invalidField("per_day", "'\(perDay)' is not an amount such as 300.00 EUR") }
                limit = AuthorityLimit(perGrant: grant, perDay: day)
                try limit?.validate(field: "authority")
            default: throw AmendsError.invalidField("per_day", "give both limits, or neither to go back to the role's")
            }
            _ = try await runtime.store.setAuthority(staffID: id, authority: limit, at: runtime.clock.now())
            return nil
        }
    }
}
