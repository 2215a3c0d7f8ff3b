import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// The case page's messages to the customer and compensation: draft from the template, edit, send, and see each
/// try; the catalog, what the member may still grant today, grants and what waits for approval.
extension CasePageController {
    func addRecoveryRoutes(to routes: Routes) {
        routes.console("/console/cases/:id/messages", method: .post, .frontline, use: sendMessage)
        routes.console("/console/cases/:id/compensation", method: .post, .frontline, use: grant)
        routes.console("/console/cases/:id/feedback/:feedback/label", method: .post, .frontline, use: correct)
        routes.console("/console/cases/:id/merge", method: .post, .frontline, use: merge)
        routes.console("/console/cases/:id/assign", method: .post, .lead, use: assign)
        routes.console("/console/cases/:id/links", method: .post, .frontline, use: link)
        routes.console("/console/cases/:id/links/:other/unlink", method: .post, .frontline, use: unlink)
    }

    /// The case a person named by its short reference (as pages show it) or its id, among those they reach.
    func namedCase(_ text: String?, field: String, context: AmendsRequestContext) async throws -> RecoveryCase {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            throw AmendsError.invalidField(field, "name the case by its reference (such as B7E8B821) or its id")
        }
        if try await runtime.store.recoveryCase(id: text) != nil { return try await context.scope.recoveryCase(text) }
        let found = try await runtime.store.caseIDs(endingWith: text, limit: 2)
        switch found.count {
        case 0: throw AmendsError.invalidField(field, "no case has the reference '\(text)'")
        case 1: return try await context.scope.recoveryCase(found[0])
        default: throw AmendsError.invalidField(field, "several cases end with '\(text)'; give the whole id")
        }
    }

    /// The duplicates and related cases part of the page.
    func relationValues(_ recoveryCase: RecoveryCase, problem: Problem?) async throws -> [String: Any] {
        var values: [String: Any] = [:]
        if let survivor = recoveryCase.mergedInto {
            values["merged_into"] = ["href": "/console/cases/\(survivor)", "reference": String(survivor.filter { $0.isLetter || $0.isNumber }.suffix(8)).uppercased()]
        }
        var related: [[String: Any]] = []
        for id in recoveryCase.related ?? [] {
            guard let other = try await runtime.store.recoveryCase(id: id) else { continue }
            related.append(["id": id, "href": "/console/cases/\(id)", "reference": other.reference, "summary": other.summary, "status": other.status.words])
        }
        values["related_cases"] = related
        values["has_related"] = !related.isEmpty
        if let problem, problem.form == "merge" || problem.form == "link" {
            values["\(problem.form)_problem"] = problem.message
            values["\(problem.form)_typed"] = problem.typed["case"] ?? ""
        }
        return values
    }

    @Sendable func assign(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let form = context.form ?? Form()
        return try await act(context, form: "assign", typed: [:], notice: "assigned") { member, recoveryCase in
            guard let staffID = form.text("staff"), let assignee = try await runtime.store.staff(id: staffID) else {
                throw AmendsError.invalidField("staff", "choose who gets the case")
            }
            _ = try await runtime.store.assign(caseID: recoveryCase.id, to: assignee, by: member, at: runtime.clock.now())
        }
    }

    @Sendable func merge(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let form = context.form ?? Form()
        return try await act(context, form: "merge", typed: ["case": form["case"] ?? ""], notice: "merged") { member, recoveryCase in
            let survivor = try await namedCase(form["case"], field: "case", context: context)
            _ = try await runtime.store.merge(caseID: recoveryCase.id, into: survivor.id, by: member, at: runtime.clock.now())
        }
    }

    @Sendable func link(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let form = context.form ?? Form()
        return try await act(context, form: "link", typed: ["case": form["case"] ?? ""], notice: "linked") { member, recoveryCase in
            let other = try await namedCase(form["case"], field: "case", context: context)
            _ = try await runtime.store.link(caseID: recoveryCase.id, to: other.id, adding: true, by: member, at: runtime.clock.now())
        }
    }

    @Sendable func unlink(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let otherID = try context.parameters.require("other")
        return try await act(context, form: "link", typed: [:], notice: "unlinked") { member, recoveryCase in
            _ = try await context.scope.recoveryCase(otherID)
            _ = try await runtime.store.link(caseID: recoveryCase.id, to: otherID, adding: false, by: member, at: runtime.clock.now())
        }
    }

    /// What the customer said on the case: each feedback item with the words that made it a failure marked, how it was
    /// read, and the forms that correct that reading.
    func feedbackValues(_ recoveryCase: RecoveryCase, problem: Problem?, zone: TimeZone, playbook: Playbook?) async throws -> [String: Any] {
        let items = try await runtime.store.feedback(caseID: recoveryCase.id, limit: 50)
        let rows = items.map { item -> [String: Any] in
            let words = item.analysis.signals.filter { $0.counts && $0.rule == .phrase }.compactMap(\.matched)
            var row: [String: Any] = [
                "id": item.id, "pieces": ConsoleFormat.highlight(item.text ?? "", words: words), "has_text": !(item.text ?? "").isEmpty,
                "channel": playbook?.channel(item.channel)?.name ?? item.channel, "at": ConsoleFormat.time(item.receivedAt, in: zone),
                "explanation": item.analysis.explanation, "failure": item.analysis.failure,
            ]
            let categories = Array((item.analysis.categories ?? []).prefix(3)).map { "\($0.name) \(Int(($0.probability * 100).rounded())) %" }
            if !categories.isEmpty { row["categories"] = categories.joined(separator: ", ") }
            if let score = item.score { row["score"] = "\(score.value) on \(score.scale.rawValue)" }
            if let problem, problem.form == "label:\(item.id)" {
                row["problem"] = problem.message
                row["typed_category"] = problem.typed["category"] ?? ""
            }
            return row
        }
        return ["feedback": rows, "has_feedback": !rows.isEmpty]
    }

    @Sendable func correct(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let form = context.form ?? Form()
        let feedbackID = try context.parameters.require("feedback")
        let failure = form["failure"] != "false"
        return try await act(context, form: "label:\(feedbackID)", typed: ["category": form["category"] ?? ""], notice: "corrected") { member, recoveryCase in
            let item = try await context.scope.feedback(feedbackID)
            guard item.caseID == recoveryCase.id else { throw AmendsError.notFound("feedback", feedbackID) }
            let category = failure ? form.text("category") : nil
            if failure && category == nil { throw AmendsError.invalidField("category", "name the category it belongs to, such as cleaning") }
            _ = try await runtime.label(feedbackID: feedbackID, failure: failure, category: category, by: member)
        }
    }

    /// What the message form shows: a draft asked for (`?draft=apology&medium=email`), a refused send's text, or empty.
    func messageValues(
        _ recoveryCase: RecoveryCase, member: StaffMember, playbook: Playbook?, draft: (kind: String, medium: String?)?, problem: Problem?,
        zone: TimeZone
    ) async throws -> [String: Any] {
        var values: [String: Any] = [:]
        var typed: [String: String] = problem?.form == "message" ? problem!.typed : [:]
        var message: String? = problem?.form == "message" ? problem?.message : nil
        if let draft, problem == nil, let playbook {
            typed["kind"] = draft.kind
            typed["medium"] = draft.medium ?? ""
            do {
                let kind = try Self.kind(draft.kind)
                let made = try playbook.draft(
                    kind, medium: try Self.medium(draft.medium.flatMap { $0.isEmpty ? nil : $0 }), language: nil, for: recoveryCase,
                    context: try await messageContext(recoveryCase, playbook: playbook, staff: member))
                typed["medium"] = made.medium.rawValue
                typed["subject"] = made.subject ?? ""
                typed["body"] = made.body
                typed["language"] = made.language
                values["drafted"] = "Drafted from the \(kind.words) template in \(made.language), to \(made.address). Read it, edit it, then send."
            } catch let error as AmendsError {
                message = error.message
            }
        }
        values["message_problem"] = message
        for (name, value) in typed { values["message_\(name)"] = value }
        func options(_ all: [(String, String)], selected: String?) -> [[String: Any]] {
            all.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == selected] }
        }
        values["message_kinds"] = options(MessageTemplate.Kind.allCases.map { ($0.rawValue, $0.words.capitalizedFirst) }, selected: typed["kind"])
        values["message_media"] = options(
            [("", "Any the customer has")] + MessageTemplate.Medium.allCases.map { ($0.rawValue, CustomerMessage.words($0).capitalizedFirst) },
            selected: typed["medium"])
        values["message_send_media"] = options(
            MessageTemplate.Medium.allCases.map { ($0.rawValue, CustomerMessage.words($0).capitalizedFirst) }, selected: typed["medium"] ?? "email")
        let messages = try await runtime.store.messages(caseID: recoveryCase.id)
        values["messages"] = messages.reversed().map { message -> [String: Any] in
            var row: [String: Any] = [
                "medium": CustomerMessage.words(message.medium), "address": message.address, "body": message.body,
                "at": ConsoleFormat.time(message.createdAt, in: zone), "inbound": message.direction == .inbound,
            ]
            if let kind = message.kind { row["kind"] = kind.words }
            if let subject = message.subject { row["subject"] = subject }
            row["state"] =
                switch message.state {
                case .queued: message.attempts == 0 ? "waiting to be sent" : "tried \(message.attempts) times, trying again"
                case .sent: "sent" + (message.sentAt.map { ", \(ConsoleFormat.time($0, in: zone))" } ?? "")
                case .dead: "not delivered after \(message.attempts) tries"
                case .received: "received"
                }
            if let error = message.lastError, message.state != .sent { row["error"] = error }
            return row
        }
        values["has_messages"] = !messages.isEmpty
        return values
    }

    /// What the compensation section shows: the grants, the catalog, and the member's authority left today.
    func compensationValues(
        _ recoveryCase: RecoveryCase, member: StaffMember, playbook: Playbook?, names: StaffNames, problem: Problem?, zone: TimeZone
    ) async throws -> [String: Any] {
        var values: [String: Any] = [:]
        let grants = try await runtime.store.compensationLedger(CompensationQuery(caseID: recoveryCase.id, limit: 500)).items
        values["grants"] = grants.map { grant -> [String: Any] in
            var row: [String: Any] = [
                "name": grant.name, "value": grant.value.description, "reason": grant.reason, "status": grant.status.rawValue,
                "requested_by": names.actor(grant.requestedBy), "at": ConsoleFormat.time(grant.requestedAt, in: zone),
            ]
            if grant.status == .pending {
                row["waiting"] = "waits for " + (grant.approvers.map { names[$0] }.joined(separator: " or ").nonEmptyOr("an approver"))
            }
            if let decided = grant.decidedBy.map(names.actor), grant.status != .pending { row["decided_by"] = decided }
            if let reason = grant.decisionReason { row["decision_reason"] = reason }
            return row
        }
        values["has_grants"] = !grants.isEmpty
        guard let playbook, let policy = playbook.compensation else { return values }
        let typed = problem?.form == "compensation" ? problem!.typed : [:]
        if problem?.form == "compensation" { values["grant_problem"] = problem?.message }
        values["remedies"] = policy.catalog.map { remedy -> [String: Any] in
            let worth = remedy.value.map { $0.description } ?? remedy.max.map { "up to \($0)" } ?? ""
            return ["key": remedy.key, "label": "\(remedy.name) (\(worth))", "selected": typed["remedy"] == remedy.key]
        }
        values["grant_amount"] = typed["amount"] ?? ""
        values["grant_reason"] = typed["reason"] ?? ""
        values["may_grant"] = recoveryCase.status.isOpen
        if let limit = policy.limit(for: member) {
            let windows = playbook.compensationWindows(at: runtime.clock.now(), location: recoveryCase.location)
            let totals = try await runtime.store.compensationTotals(location: recoveryCase.location, windows: windows)
            let left = limit.leftToday(grantedToday: totals.grantedToday(by: member.id, in: limit.perDay.currency))
            values["authority"] =
                "On your own you may grant up to \(limit.perGrant) at a time, and \(left) more today (of \(limit.perDay)). Above that, a grant waits for someone whose authority covers it."
        } else {
            values["authority"] = "Every grant of yours waits for approval by someone whose authority covers it."
        }
        return values
    }

    @Sendable func sendMessage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let form = context.form ?? Form()
        let typed = [
            "kind": form["kind"] ?? "", "medium": form["medium"] ?? "", "subject": form["subject"] ?? "", "body": form["body"] ?? "",
            "language": form["language"] ?? "",
        ]
        return try await act(context, form: "message", typed: typed, notice: "message") { member, recoveryCase in
            guard let playbook = runtime.playbook.stored?.playbook else {
                throw AmendsError(.conflict, code: "no_playbook", message: "no playbook has been imported yet")
            }
            let asked = MessageRequest(
                kind: try Self.kind(form.text("kind")), medium: try Self.medium(form.text("medium")), language: form.text("language"),
                subject: form.text("subject"), body: form.text("body"))
            let context = asked.needsTemplate ? try await messageContext(recoveryCase, playbook: playbook, staff: member) : nil
            _ = try await queueMessage(try playbook.compose(asked, for: recoveryCase, context: context), caseID: recoveryCase.id, by: member)
        }
    }

    @Sendable func grant(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let form = context.form ?? Form()
        let typed = ["remedy": form["remedy"] ?? "", "amount": form["amount"] ?? "", "reason": form["reason"] ?? ""]
        var pending = false
        let response = try await act(context, form: "compensation", typed: typed, notice: "granted") { member, recoveryCase in
            guard let playbook = runtime.playbook.stored?.playbook, let policy = playbook.compensation else { throw AmendsError.noCompensationPolicy }
            guard let key = form.text("remedy"), let remedy = policy.remedy(key) else {
                throw AmendsError.invalidField("remedy", "choose a remedy of the catalog")
            }
            guard let reason = form.text("reason") else { throw AmendsError.invalidField("reason", "say why it is granted") }
            let value = try remedy.value(amount: form.text("amount"))
            let grant = try await runtime.store.grantCompensation(
                caseID: recoveryCase.id, remedy: remedy, value: value, reason: reason, by: member, playbook: playbook, at: runtime.clock.now())
            pending = grant.status == .pending
        }
        guard pending, let location = response.headers[.location] else { return response }
        return ConsoleSession.redirect(to: location.replacingOccurrences(of: "notice=granted", with: "notice=pending"))
    }
}

extension String {
    /// The text, or `other` when it is empty.
    func nonEmptyOr(_ other: String) -> String { isEmpty ? other : self }
}
