import AmendsApp
import AmendsCore
import AmendsJSON
import Foundation
import Hummingbird

/// The console's administration beyond staff, for admins: the playbook (read as YAML, or a new one checked and put in
/// force, its problems shown at their lines before anything changes), tokens for channels, and the audit log.
struct AdminPagesController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.console("/console/admin/playbook", .admin, use: playbookPage)
        routes.console("/console/admin/playbook", method: .post, .admin, use: importPlaybook)
        routes.console("/console/admin/channels", .admin, use: channelsPage)
        routes.console("/console/admin/channels/:key/tokens", method: .post, .admin, use: issueToken)
        routes.console("/console/admin/audit", .admin, use: auditPage)
    }

    // MARK: The playbook

    @Sendable func playbookPage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let notice = request.uri.queryParameters.get("notice") == "imported" ? "The new playbook is in force, on every server, within seconds." : nil
        return try playbook(context: context, notice: notice, typed: nil, problems: [], status: .ok)
    }

    func playbook(context: AmendsRequestContext, notice: String?, typed: String?, problems: [String], status: HTTPResponse.Status) throws -> Response {
        var values: [String: Any] = ["problems": problems, "typed": typed ?? ""]
        if let stored = runtime.playbook.stored {
            values["version"] = stored.version
            values["yaml"] = try PlaybookFile.yaml(stored.playbook)
            values["name"] = stored.playbook.name
            values["imported"] = ConsoleFormat.time(stored.importedAt, in: TimeZone(identifier: "UTC")!)
        }
        if let notice { values["notice"] = notice }
        return ConsolePages.page("console-playbook", title: "Playbook", values, status: status, section: "/console/admin/playbook", context: context, runtime: runtime)
    }

    @Sendable func importPlaybook(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try context.staff
        let text = context.form?["yaml"] ?? ""
        do {
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw AmendsError.invalidField("yaml", "paste the playbook, or choose its file")
            }
            let parsed = try PlaybookFile.parse(text, file: "playbook.yaml")
            _ = try await runtime.importPlaybook(parsed, by: "staff:\(member.id)")
        } catch let rejection as PlaybookRejection {
            let problems = rejection.description.split(separator: "\n").map(String.init)
            return try playbook(context: context, notice: nil, typed: text, problems: problems, status: .unprocessableContent)
        } catch let error as AmendsError {
            return try playbook(context: context, notice: nil, typed: text, problems: [error.message], status: error.kind.status)
        }
        return ConsoleSession.redirect(to: "/console/admin/playbook?notice=imported")
    }

    // MARK: Channels

    @Sendable func channelsPage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        try channels(context: context, issued: nil)
    }

    func channels(context: AmendsRequestContext, issued: (key: String, token: String)?) throws -> Response {
        let playbook = runtime.playbook.stored?.playbook
        let rows = (playbook?.channels ?? []).map { channel -> [String: Any] in
            var row: [String: Any] = ["key": channel.key, "name": channel.name, "kind": channel.kind.rawValue]
            if let issued, issued.key == channel.key { row["token"] = issued.token }
            if channel.kind.hasFeedbackPage {
                // Where customers answer on this channel, at each location: the page, its QR codes, posters and the embed code.
                row["pages"] = (playbook?.locations ?? []).map { location -> [String: Any] in
                    let page = "/f/\(location.key)/\(channel.key)"
                    let url = runtime.publicURL + page
                    let snippet =
                        #"<iframe src="\#(url)?embed=1" title="Feedback for \#(location.name)" style="width:100%;border:0;min-height:40rem"></iframe>"#
                        + "\n" + #"<script src="\#(runtime.publicURL)/assets/embed.js" async></script>"#
                    return [
                        "location": location.name, "id": "\(channel.key)-\(location.key)", "page": page, "url": url,
                        "poster_a4": page + "/poster?size=a4", "poster_a6": page + "/poster?size=a6",
                        "qr_svg": "/v1/locations/\(location.key)/qr?channel=\(channel.key)",
                        "qr_png": "/v1/locations/\(location.key)/qr?channel=\(channel.key)&format=png", "snippet": snippet,
                    ]
                }
            }
            return row
        }
        return ConsolePages.page(
            "console-channels", title: "Channels", ["channels": rows, "none": rows.isEmpty], status: issued == nil ? .ok : .created,
            section: "/console/admin/channels", context: context, runtime: runtime)
    }

    @Sendable func issueToken(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try context.staff
        let key = try context.parameters.require("key")
        guard runtime.playbook.stored?.playbook.channel(key) != nil else { throw AmendsError.notFound("channel", key) }
        let token = try await runtime.tokens.issueChannelToken(channel: key, label: "issued by \(member.name)")
        return try channels(context: context, issued: (key, token))
    }

    // MARK: The audit log

    @Sendable func auditPage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        func given(_ name: String) -> String? { parameters.get(name).flatMap { $0.isEmpty ? nil : String($0) } }
        var query = AuditQuery(actor: given("actor"), action: given("action"), target: given("target"), limit: 100)
        var problems: [String] = []
        if let cursor = given("cursor") {
            if let after = try? Cursor.decode(cursor) { query.after = after } else { problems.append("cursor: '\(cursor)' is not a place in the log") }
        }
        let page = try await runtime.store.auditLog(query)
        let names = StaffNames(try await runtime.store.allStaff())
        let rows = page.items.map { entry -> [String: Any] in
            var detail = entry.detail.isEmpty ? "" : JSONValue.object(entry.detail).canonicalText
            if detail.count > 300 { detail = String(detail.prefix(300)) + "…" }
            var row: [String: Any] = [
                "at": Timestamp.string(entry.at), "actor": entry.actor.hasPrefix("staff:") ? "\(names.actor(entry.actor)) (\(entry.actor))" : entry.actor, "action": entry.action,
                "target": entry.target, "source": entry.source,
            ]
            if !detail.isEmpty { row["detail"] = detail }
            return row
        }
        var values: [String: Any] = [
            "entries": rows, "empty": rows.isEmpty, "problems": problems, "actor": given("actor") ?? "", "action": given("action") ?? "",
            "target": given("target") ?? "",
        ]
        if let next = page.next {
            var items = [URLQueryItem(name: "cursor", value: Cursor.encode(next))]
            for name in ["actor", "action", "target"] { if let value = given(name) { items.append(URLQueryItem(name: name, value: value)) } }
            var components = URLComponents()
            components.queryItems = items
            values["older"] = "/console/admin/audit?" + (components.percentEncodedQuery ?? "")
        }
        return ConsolePages.page("console-audit", title: "Audit log", values, section: "/console/admin/audit", context: context, runtime: runtime)
    }
}
