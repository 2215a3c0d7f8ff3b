import AmendsApp
import AmendsCore
import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// The console's pages, rendered by swift-mustache from the `console-*` templates in `Pages/Templates`: every value is
/// HTML-escaped by the engine, so what customers and staff typed is shown as text.
enum ConsolePages {
    static let templates = [
        "console-layout", "console-sign-in", "console-welcome", "console-queue", "console-case", "console-problem", "console-approvals", "console-report",
        "console-customers", "console-ledger", "console-deliveries",
        "console-staff", "console-playbook", "console-channels", "console-audit", "console-search", "console-surveys",
    ]

    /// The templates, read once from the server's resources.
    static let library = PageTemplates.library(templates)

    /// The screens of the console a member may open, in the order the navigation shows them.
    static func navigation(for member: StaffMember, current: String) -> [[String: Any]] {
        let screens: [(label: String, href: String, role: StaffMember.Role)] = [
            ("Queue", "/console", .frontline), ("Log a failure", "/console/report", .frontline), ("Approvals", "/console/approvals", .frontline),
            ("Customers", "/console/customers", .frontline), ("Surveys", "/console/surveys", .lead), ("Ledger", "/console/ledger", .lead),
            ("Deliveries", "/console/deliveries", .frontline), ("Staff", "/console/admin/staff", .admin),
            ("Playbook", "/console/admin/playbook", .admin), ("Channels", "/console/admin/channels", .admin), ("Audit", "/console/admin/audit", .admin),
        ]
        return screens.filter { member.role >= $0.role }.map { ["label": $0.label, "href": $0.href, "current": $0.href == current] }
    }

    /// A console page: `template` inside the layout, with the signed-in member, the navigation and the form token.
    static func page(
        _ template: String, title: String, _ values: [String: Any] = [:], status: HTTPResponse.Status = .ok, section: String = "/console",
        context: AmendsRequestContext, runtime: Runtime
    ) -> Response {
        var values = values
        values["title"] = title
        if let identity = context.identity, case .staff(let member) = identity.caller {
            values["member"] = ["name": member.name, "role": member.role.rawValue]
            values["csrf"] = runtime.keys.formToken(session: identity.tokenID)
            values["nav"] = navigation(for: member, current: section)
        }
        let html = library.render(values, withTemplate: template) ?? ""
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"], body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// A page that says what went wrong, with the status the API would answer.
    static func problem(_ error: AmendsError, request: Request, context: AmendsRequestContext, runtime: Runtime) -> Response {
        let title: String =
            switch error.kind {
            case .notFound: "Not found"
            case .forbidden: "Not allowed"
            case .conflict: "Not possible now"
            case .tooManyRequests: "Too many tries"
            case .unauthenticated: "Sign in again"
            default: "Something is wrong"
            }
        var values: [String: Any] = ["message": error.message]
        if let back = ConsoleSession.safeReturn(request.headers[.referer].flatMap { URL(string: $0)?.path }) { values["back"] = back }
        return page("console-problem", title: title, values, status: error.kind.status, context: context, runtime: runtime)
    }
}
