import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// The console's queue: the cases a staff member works through, nearest deadline first, with filters kept in the
/// address (a saved view is a bookmark) and counters of what needs attention.
struct QueuePageController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.console("/console", .frontline, use: queuePage)
        routes.console("/console/bulk", method: .post, .frontline, use: bulk)
    }

    /// What a bulk action did: how many cases it was done to, and why it was not done to the others.
    struct BulkResult {
        var done = 0
        var problems: [String] = []
    }

    /// Acknowledges the selected cases, or asks a colleague to help with them, each by the rules of doing it to one.
    @Sendable func bulk(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try context.staff
        let form = context.form ?? Form()
        let ids = form.all("case").filter { !$0.isEmpty }
        var result = BulkResult()
        let now = runtime.clock.now()
        if ids.isEmpty { result.problems.append("Select the cases first, with the boxes in the first column.") }
        switch form["action"] ?? "" {
        case "acknowledge":
            for id in ids {
                do {
                    let recoveryCase = try await context.scope.recoveryCase(id)
                    _ = try await runtime.store.acknowledge(caseID: recoveryCase.id, staffID: member.id, staffName: member.name, at: now)
                    result.done += 1
                } catch let error as AmendsError {
                    result.problems.append(error.message)
                }
            }
        case "assign":
            guard let staffID = form.text("staff"), let assignee = try await runtime.store.staff(id: staffID) else {
                result.problems.append("Choose the colleague to give the cases to.")
                return try await queuePage(request, context: context, bulk: result)
            }
            for id in ids {
                do {
                    let recoveryCase = try await context.scope.recoveryCase(id)
                    _ = try await runtime.store.assign(caseID: recoveryCase.id, to: assignee, by: member, at: now)
                    result.done += 1
                } catch let error as AmendsError {
                    result.problems.append(error.message)
                }
            }
        case "collaborator":
            guard let staffID = form.text("staff"), let collaborator = try await runtime.store.staff(id: staffID) else {
                result.problems.append("Choose the colleague to ask for help.")
                return try await queuePage(request, context: context, bulk: result)
            }
            for id in ids {
                do {
                    let recoveryCase = try await context.scope.recoveryCase(id)
                    _ = try await runtime.store.changeCollaborator(caseID: recoveryCase.id, collaborator: collaborator, adding: true, by: member, at: now)
                    result.done += 1
                } catch let error as AmendsError {
                    result.problems.append(error.message)
                }
            }
        default:
            result.problems.append("Choose what to do with the selected cases.")
        }
        // Done to every one: back to the queue as it was filtered. Otherwise the page says what was not done, and why.
        if result.problems.isEmpty {
            let back = ConsoleSession.safeReturn(form["back"]) ?? "/console"
            return ConsoleSession.redirect(to: back + (back.contains("?") ? "&" : "?") + "done=\(result.done)")
        }
        return try await queuePage(request, context: context, bulk: result)
    }

    /// Whose cases the queue shows.
    enum View: String, CaseIterable {
        case all, mine, team

        var label: String {
            switch self {
            case .all: "All at my locations"
            case .mine: "Mine (owned or helping)"
            case .team: "My teams"
            }
        }
    }

    /// The queue's filters as read from the address, and what was wrong with any of them.
    struct Filters {
        var view = View.all
        var query: QueueQuery
        var problems: [String] = []
        /// The address's values as given, to show them selected.
        var given: [String: String] = [:]
    }

    func filters(_ request: Request, member: StaffMember, scope: Scope, playbook: Playbook?) -> Filters {
        let parameters = request.uri.queryParameters
        var filters = Filters(query: QueueQuery(now: runtime.clock.now()))
        func given(_ name: String) -> String? {
            guard let value = parameters.get(name), !value.isEmpty else { return nil }
            filters.given[name] = value
            return value
        }
        filters.query.locations = scope.locations
        if let text = given("view") {
            if let view = View(rawValue: text) { filters.view = view } else { filters.problems.append("view: '\(text)' is not a view of the queue") }
        }
        switch filters.view {
        case .all: break
        case .mine: filters.query.involving = member.id
        case .team:
            let email = member.email?.lowercased()
            filters.query.teams = (playbook?.teams ?? []).filter { team in team.members.contains { $0.staff?.lowercased() == email && email != nil } }.map(\.key)
        }
        if let text = given("status"), text != "open" {
            if let status = RecoveryCase.Status(rawValue: text) { filters.query.statuses = [status] } else { filters.problems.append("status: '\(text)' is not a status") }
        }
        if let text = given("location") {
            if playbook?.location(text) == nil {
                filters.problems.append("location: '\(text)' is not a location of the playbook")
            } else if !scope.allows(text) {
                filters.problems.append("location: you do not work '\(text)'")
            } else {
                filters.query.location = text
            }
        }
        if let text = given("scenario") {
            if playbook?.scenario(text) == nil { filters.problems.append("scenario: '\(text)' is not a scenario of the playbook") } else { filters.query.scenario = text }
        }
        if let text = given("severity") {
            if let severity = Severity(rawValue: text) { filters.query.severity = severity } else { filters.problems.append("severity: '\(text)' is not a severity") }
        }
        if let text = given("owner") {
            switch text {
            case "me": filters.query.owner = member.id
            case "nobody": filters.query.unowned = true
            default: filters.problems.append("owner: '\(text)' is not me or nobody")
            }
        }
        if let text = given("due") {
            if let due = QueueQuery.Due(rawValue: text) { filters.query.due = due } else { filters.problems.append("due: '\(text)' is not overdue or hour") }
        }
        return filters
    }

    @Sendable func queuePage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        try await queuePage(request, context: context, bulk: nil)
    }

    /// The queue, with what a bulk action did when one was just asked for.
    func queuePage(_ request: Request, context: AmendsRequestContext, bulk: BulkResult?) async throws -> Response {
        let member = try context.staff
        // Taken before anything is read: the page's live updates start from here, so no change falls between.
        let since = try await runtime.store.lastCaseChange()
        let playbook = runtime.playbook.stored?.playbook
        let scope = try context.scope
        let filters = filters(request, member: member, scope: scope, playbook: playbook)
        async let cases = runtime.store.queue(filters.query)
        async let counts = runtime.store.queueCounts(filters.query)
        async let staff = runtime.store.allStaff()
        let everyone = try await staff
        let names = StaffNames(everyone)
        let now = filters.query.now
        let rows: [[String: Any]] = try await cases.map { recoveryCase in
            var row: [String: Any] = [
                "id": recoveryCase.id, "href": "/console/cases/\(recoveryCase.id)", "summary": recoveryCase.summary,
                "reference": recoveryCase.reference, "location": playbook?.location(recoveryCase.location)?.name ?? recoveryCase.location,
                "scenario": playbook?.scenario(recoveryCase.scenario)?.name ?? recoveryCase.scenario, "severity": recoveryCase.severity.rawValue,
                "status": recoveryCase.status.words, "new": recoveryCase.status == .new,
            ]
            if let owner = recoveryCase.owner { row["owner"] = names[owner] }
            if let due = recoveryCase.dueAt {
                row["due"] = ConsoleFormat.deadline(due, now: now, timeZone: ConsoleFormat.timeZone(of: recoveryCase.location, in: playbook))
                row["due_what"] = recoveryCase.status == .new ? "Acknowledge" : "Resolve"
            }
            return row
        }
        let counted = try await counts
        func shown(_ count: Int) -> String {
            count > QueueCounts.limit ? ConsoleFormat.grouped(QueueCounts.limit) + "+" : ConsoleFormat.grouped(count)
        }
        var values: [String: Any] = [
            "cases": rows, "empty": rows.isEmpty,
            "counts": [
                ["label": "Open", "count": shown(counted.open), "href": "/console"],
                ["label": "Unacknowledged", "count": shown(counted.unacknowledged), "href": "/console?status=new"],
                ["label": "Overdue", "count": shown(counted.overdue), "href": "/console?due=overdue"],
                ["label": "Due within the hour", "count": shown(counted.dueWithinHour), "href": "/console?due=hour"],
            ],
        ]
        if !filters.problems.isEmpty { values["problems"] = filters.problems }
        func options(_ name: String, _ choices: [(String, String)]) -> [[String: Any]] {
            choices.map { ["value": $0.0, "label": $0.1, "selected": filters.given[name] == $0.0] }
        }
        let locations = scope.reachable(playbook)
        values["filters"] = [
            ["name": "view", "label": "View", "options": options("view", View.allCases.map { ($0.rawValue, $0.label) })],
            [
                "name": "status", "label": "Status",
                "options": options("status", [("", "Open")] + RecoveryCase.Status.allCases.map { ($0.rawValue, $0.words.capitalizedFirst) }),
            ],
            ["name": "location", "label": "Location", "options": options("location", [("", "Any")] + locations.map { ($0.key, $0.name) })],
            ["name": "scenario", "label": "Scenario", "options": options("scenario", [("", "Any")] + (playbook?.scenarios ?? []).map { ($0.key, $0.name) })],
            ["name": "severity", "label": "Severity", "options": options("severity", [("", "Any")] + Severity.allCases.map { ($0.rawValue, $0.rawValue.capitalizedFirst) })],
            ["name": "owner", "label": "Owner", "options": options("owner", [("", "Anyone"), ("me", "Me"), ("nobody", "Nobody yet")])],
            ["name": "due", "label": "Deadline", "options": options("due", [("", "Any"), ("overdue", "Overdue"), ("hour", "Due within the hour")])],
        ]
        values["filtered"] = !filters.given.isEmpty
        if let done = request.uri.queryParameters.get("done").flatMap({ Int($0) }), done > 0 {
            values["notice"] = done == 1 ? "Done to 1 case." : "Done to \(done) cases."
        }
        let kept = filters.given.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
        values["back"] = "/console" + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        if let bulk {
            if bulk.done > 0 { values["notice"] = bulk.done == 1 ? "Done to 1 case." : "Done to \(bulk.done) cases." }
            values["bulk_problems"] = bulk.problems
        }
        let colleagues = everyone.filter { $0.disabledAt == nil && $0.id != member.id }
        values["colleagues"] = colleagues.sorted { $0.name < $1.name }.map { ["id": $0.id, "name": $0.name] }
        values["may_assign"] = member.role >= .lead
        if let since { values["since"] = since }
        return ConsolePages.page("console-queue", title: "Queue", values, context: context, runtime: runtime)
    }
}

extension String {
    /// The text with its first letter in capitals.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
