import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// One case in the console: what the customer said, its deadlines, the recovery checklist, the moves its status
/// allows, notes and the timeline; every action a form that works without a script, ruled as the API's is.
struct CasePageController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.console("/console/cases/:id", .frontline, use: casePage)
        routes.console("/console/cases/:id/acknowledge", method: .post, .frontline, use: acknowledge)
        routes.console("/console/cases/:id/steps", method: .post, .frontline, use: recordStep)
        routes.console("/console/cases/:id/notes", method: .post, .frontline, use: addNote)
        routes.console("/console/cases/:id/status", method: .post, .frontline, use: changeStatus)
        addRecoveryRoutes(to: routes)
    }

    /// What a notice in a case page's address says, after an action.
    static let notices = [
        "acknowledged": "You own this case now.", "step": "The step is recorded.", "note": "The note is added.", "moved": "The case moved.",
        "message": "The message is on its way; each try shows below.", "granted": "Granted.",
        "pending": "The grant waits for approval by someone whose authority covers it.",
        "reported": "The case is open, and its team is alarmed.", "corrected": "Thank you: the correction is kept, and amends train learns from it.",
        "merged": "Merged: this case is closed, and everything it had is on the case that carries on.", "linked": "The cases are linked.",
        "unlinked": "The cases are no longer linked.", "assigned": "The case has its new owner.",
        "joined": "The customer already had this case open: your report joined it.",
    ]

    /// The words of the button that moves a case to a status.
    static func moveLabel(_ status: RecoveryCase.Status) -> String {
        switch status {
        case .inProgress: "Start work"
        case .waitingOnCustomer: "Wait on the customer"
        case .resolved: "Resolve"
        case .followedUp: "Mark followed up"
        case .closed: "Close"
        case .reopened: "Reopen"
        case .new, .acknowledged: status.words.capitalizedFirst
        }
    }

    /// The words of the button that records a step.
    static func stepLabel(_ step: RecoveryStep) -> String {
        switch step {
        case .takeOwnership: "Acknowledge"
        case .apologize: "Apologize"
        case .fix: "Fix"
        case .aboveAndBeyond: "Above and beyond"
        case .followUp: "Follow up"
        }
    }

    /// A form's problem to show beside it, with what was typed.
    struct Problem {
        /// Which form: `step:<name>`, `note` or `move:<status>`.
        var form: String
        var message: String
        var typed: [String: String]
    }

    @Sendable func casePage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let notice = parameters.get("notice").flatMap { Self.notices[$0] }
        let draft = parameters.get("draft").map { (kind: $0, medium: parameters.get("medium")) }
        return try await page(context: context, notice: notice, problem: nil, status: .ok, draft: draft)
    }

    /// The case page, with a notice or a form's problem, and a message drafted when asked.
    func page(
        context: AmendsRequestContext, notice: String?, problem: Problem?, status: HTTPResponse.Status, draft: (kind: String, medium: String?)? = nil
    ) async throws -> Response {
        let member = try context.staff
        let id = try context.parameters.require("id")
        // Taken before anything is read: the page's live updates start from here, so no change falls between.
        let since = try await runtime.store.lastCaseChange()
        let recoveryCase = try await context.scope.recoveryCase(id)
        let playbook = runtime.playbook.stored?.playbook
        async let timeline = runtime.store.timeline(caseID: id)
        async let staff = runtime.store.allStaff()
        let events = try await timeline
        let everyone = try await staff
        let names = StaffNames(everyone)
        let now = runtime.clock.now()
        let zone = ConsoleFormat.timeZone(of: recoveryCase.location, in: playbook)
        var values: [String: Any] = [
            "id": id, "reference": recoveryCase.reference, "summary": recoveryCase.summary, "status": recoveryCase.status.words,
            "severity": recoveryCase.severity.rawValue, "scenario": playbook?.scenario(recoveryCase.scenario)?.name ?? recoveryCase.scenario,
            "location": playbook?.location(recoveryCase.location)?.name ?? recoveryCase.location, "team": playbook?.team(recoveryCase.team)?.name ?? recoveryCase.team,
            "opened": ConsoleFormat.time(recoveryCase.openedAt, in: zone), "action": "/console/cases/\(id)",
        ]
        if let notice { values["notice"] = notice }
        if let since { values["since"] = since }
        if let owner = recoveryCase.owner { values["owner"] = names[owner] }
        if let customer = recoveryCase.customer {
            var shown: [String: Any] = [:]
            if let name = customer.name { shown["name"] = name }
            if let email = customer.email { shown["email"] = email }
            if let phone = customer.phone { shown["phone"] = phone }
            if let external = customer.externalID { shown["external"] = external }
            if !shown.isEmpty { values["customer"] = shown }
        }
        var deadlines: [[String: Any]] = []
        if recoveryCase.status == .new {
            deadlines.append(["what": "Acknowledge by"].merging(ConsoleFormat.deadline(recoveryCase.acknowledgeBy, now: now, timeZone: zone)) { $1 })
        }
        if let respondBy = recoveryCase.respondBy, recoveryCase.respondedAt == nil, recoveryCase.status.isOpen {
            deadlines.append(["what": "First response by"].merging(ConsoleFormat.deadline(respondBy, now: now, timeZone: zone)) { $1 })
        }
        if recoveryCase.status.isOpen && recoveryCase.status != .waitingOnCustomer {
            deadlines.append(["what": "Resolve by"].merging(ConsoleFormat.deadline(recoveryCase.resolveBy, now: now, timeZone: zone)) { $1 })
        }
        values["deadlines"] = deadlines
        if recoveryCase.status == .waitingOnCustomer { values["paused"] = true }
        if recoveryCase.status == .new || recoveryCase.owner == nil { values["acknowledge"] = true }
        var placed = false
        if member.role >= .lead && recoveryCase.status.isOpen {
            let able = everyone.filter { recoveryCase.mayBeGiven(to: $0) }
            values["assignees"] = able.sorted { $0.name < $1.name }.map { ["id": $0.id, "name": $0.name] }
            values["may_assign"] = !able.isEmpty
            if let problem, problem.form == "assign" {
                placed = true
                values["assign_problem"] = problem.message
            }
        }
        let required = playbook?.requiredSteps(of: recoveryCase) ?? []
        values["checklist"] = RecoveryCase.checklist(events, required: required).map { item -> [String: Any] in
            var row: [String: Any] = [
                "step": item.step.rawValue, "words": item.step.words.capitalizedFirst, "label": Self.stepLabel(item.step), "required": item.required,
                "done": item.done,
            ]
            if item.done {
                row["by"] = item.doneBy.map(names.actor) ?? ""
                if let at = item.doneAt { row["at"] = ConsoleFormat.time(at, in: zone) }
                if let note = item.note { row["note"] = note }
            } else if item.step == .takeOwnership {
                row["hint"] = "By acknowledging the case."
            } else {
                let open = item.step == .followUp ? (recoveryCase.status == .resolved || recoveryCase.status == .followedUp) : recoveryCase.status.isOpen
                if recoveryCase.owner == nil {
                    row["hint"] = "Once someone owns the case."
                } else if !open {
                    row["hint"] = item.step == .followUp ? "Once the case is resolved." : "Reopen the case to record it."
                } else {
                    row["form"] = true
                    if let problem, problem.form == "step:\(item.step.rawValue)" {
                        placed = true
                        row["problem"] = problem.message
                        row["typed"] = problem.typed["note"] ?? ""
                    }
                }
            }
            return row
        }
        let mayMove = recoveryCase.mayBeMoved(by: member)
        let moves = (mayMove ? recoveryCase.status.next : []).map { target -> [String: Any] in
            var move: [String: Any] = [
                "status": target.rawValue, "label": Self.moveLabel(target), "root_cause": target == .resolved || target == .closed,
                "cause_required": target == .closed && recoveryCase.rootCause == nil,
            ]
            if let cause = recoveryCase.rootCause, target == .closed {
                move["cause_category"] = cause.category
                move["cause_description"] = cause.description
            }
            if let problem, problem.form == "move:\(target.rawValue)" {
                placed = true
                move["problem"] = problem.message
                for (name, value) in problem.typed { move["typed_\(name)"] = value }
            }
            return move
        }
        values["moves"] = moves
        values["has_moves"] = !moves.isEmpty
        if recoveryCase.owner != nil && !mayMove { values["moves_hint"] = "Only the owner or a lead moves this case." }
        if let cause = recoveryCase.rootCause { values["root_cause"] = ["category": cause.category, "description": cause.description] }
        if let problem, problem.form == "note" {
            placed = true
            values["note_problem"] = problem.message
            values["note_typed"] = problem.typed["text"] ?? ""
        }
        if let problem, problem.form == "acknowledge", values["acknowledge"] != nil {
            placed = true
            values["acknowledge_problem"] = problem.message
        }
        let messages = try await messageValues(recoveryCase, member: member, playbook: playbook, draft: draft, problem: problem, zone: zone)
        let compensation = try await compensationValues(recoveryCase, member: member, playbook: playbook, names: names, problem: problem, zone: zone)
        values.merge(try await feedbackValues(recoveryCase, problem: problem, zone: zone, playbook: playbook)) { $1 }
        values.merge(try await relationValues(recoveryCase, problem: problem)) { $1 }
        if problem?.form == "merge" || problem?.form == "link" { placed = true }
        if problem?.form.hasPrefix("label:") == true { placed = true }
        values.merge(messages) { $1 }
        values.merge(compensation) { $1 }
        if problem?.form == "message" || problem?.form == "compensation" { placed = true }
        // A form the page no longer shows (the case moved on meanwhile): its problem goes at the top.
        if let problem, !placed { values["page_problem"] = problem.message }
        values["timeline"] = events.reversed().map { event -> [String: Any] in
            ["at": ConsoleFormat.time(event.at, in: zone), "iso": Timestamp.string(event.at), "message": event.message, "kind": event.kind.rawValue]
        }
        return ConsolePages.page("console-case", title: recoveryCase.summary, values, status: status, context: context, runtime: runtime)
    }

    /// Runs `action`; on success goes back to the case with `notice`, and on a refusal shows the page again with the
    /// problem beside `form` and what was typed.
    func act(
        _ context: AmendsRequestContext, form name: String, typed: [String: String], notice: String, _ action: (StaffMember, RecoveryCase) async throws -> Void
    ) async throws -> Response {
        let member = try context.staff
        let id = try context.parameters.require("id")
        let recoveryCase = try await context.scope.recoveryCase(id)
        do {
            try await action(member, recoveryCase)
        } catch let error as AmendsError where error.kind != .notFound {
            return try await page(context: context, notice: nil, problem: Problem(form: name, message: error.message, typed: typed), status: error.kind.status)
        }
        return ConsoleSession.redirect(to: "/console/cases/\(id)?notice=\(notice)")
    }

    @Sendable func acknowledge(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        try await act(context, form: "acknowledge", typed: [:], notice: "acknowledged") { member, recoveryCase in
            _ = try await runtime.store.acknowledge(caseID: recoveryCase.id, staffID: member.id, staffName: member.name, at: runtime.clock.now())
        }
    }

    @Sendable func recordStep(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let form = context.form ?? Form()
        let stepName = form["step"] ?? ""
        guard let step = RecoveryStep(rawValue: stepName) else {
            throw AmendsError.invalidField("step", "'\(stepName)' is not a step of the recovery checklist")
        }
        let note = form["note"] ?? ""
        return try await act(context, form: "step:\(step.rawValue)", typed: ["note": note], notice: "step") { member, recoveryCase in
            _ = try await runtime.store.recordStep(caseID: recoveryCase.id, step: step, by: member, note: note, at: runtime.clock.now())
        }
    }

    @Sendable func addNote(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let text = context.form?["text"] ?? ""
        return try await act(context, form: "note", typed: ["text": text], notice: "note") { member, recoveryCase in
            _ = try await runtime.store.addNote(caseID: recoveryCase.id, text: text, by: member, at: runtime.clock.now())
        }
    }

    @Sendable func changeStatus(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let form = context.form ?? Form()
        let statusName = form["status"] ?? ""
        guard let target = RecoveryCase.Status(rawValue: statusName) else {
            throw AmendsError.invalidField("status", "'\(statusName)' is not a status")
        }
        let typed = ["note": form["note"] ?? "", "category": form["root_cause_category"] ?? "", "description": form["root_cause_description"] ?? ""]
        return try await act(context, form: "move:\(target.rawValue)", typed: typed, notice: "moved") { member, recoveryCase in
            var cause: RootCause?
            let category = form.text("root_cause_category")
            let description = form.text("root_cause_description")
            if category != nil || description != nil {
                // Closing with the cause given at resolution sends it again unchanged; only a changed one is recorded.
                let given = RootCause(category: category ?? "", description: description ?? "")
                if given != recoveryCase.rootCause || target == .resolved { cause = try given.validated() }
            }
            _ = try await runtime.store.changeStatus(
                caseID: recoveryCase.id, to: target, by: member, note: form.text("note"), rootCause: cause, playbook: runtime.playbook.stored?.playbook,
                at: runtime.clock.now())
        }
    }
}
