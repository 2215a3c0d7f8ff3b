import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// Logging a failure seen in person: a short form for staff who witness one, opening a case as `POST /v1/cases` does.
struct ReportPageController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.console("/console/report", .frontline, use: reportPage)
        routes.console("/console/report", method: .post, .frontline, use: report)
    }

    @Sendable func reportPage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        try page(context: context, typed: [:], problem: nil, status: .ok)
    }

    func page(context: AmendsRequestContext, typed: [String: String], problem: String?, status: HTTPResponse.Status) throws -> Response {
        let playbook = runtime.playbook.stored?.playbook
        let locations = try context.scope.reachable(playbook)
        var values: [String: Any] = [
            "locations": locations.map { ["key": $0.key, "name": $0.name, "selected": typed["location"] == $0.key] },
            "scenarios": (playbook?.scenarios ?? []).map { ["key": $0.key, "name": $0.name, "selected": typed["scenario"] == $0.key] },
        ]
        for (name, value) in typed { values["typed_\(name)"] = value }
        if let problem { values["problem"] = problem }
        if playbook == nil { values["problem"] = "No playbook is in force yet: import one before logging failures." }
        return ConsolePages.page("console-report", title: "Log a failure", values, status: status, section: "/console/report", context: context, runtime: runtime)
    }

    @Sendable func report(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try context.staff
        let form = context.form ?? Form()
        var typed: [String: String] = [:]
        for name in ["location", "scenario", "description", "name", "email", "phone"] { typed[name] = form[name] ?? "" }
        do {
            guard let location = form.text("location") else { throw AmendsError.invalidField("location", "choose where it happened") }
            guard let scenario = form.text("scenario") else { throw AmendsError.invalidField("scenario", "choose what went wrong") }
            try context.scope.require(location, for: "the failure")
            var customer = CustomerIdentity(email: form.text("email"), phone: form.text("phone"), name: form.text("name"))
            if customer.email == nil && customer.phone == nil && customer.name == nil { customer = CustomerIdentity() }
            let report = FailureReport(
                scenario: scenario, location: location, description: form.text("description") ?? "",
                customer: customer == CustomerIdentity() ? nil : customer)
            let (recoveryCase, opened) = try await runtime.report(report, by: member, idempotencyKey: nil, fingerprint: "")
            return ConsoleSession.redirect(to: "/console/cases/\(recoveryCase.id)?notice=\(opened ? "reported" : "joined")")
        } catch let error as AmendsError {
            return try page(context: context, typed: typed, problem: error.message, status: error.kind.status)
        }
    }
}
