import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// Recovery cases: logging a failure, the queue, one case, and working it (acknowledge, move, notes, steps, collaborators, status links).
struct CaseController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.post("/v1/cases", .frontline, use: postCase)
        routes.get("/v1/cases", .frontline, use: listCases)
        routes.get("/v1/cases/:id", .frontline, use: getCase)
        routes.post("/v1/cases/:id/acknowledge", .frontline, use: acknowledge)
        routes.post("/v1/cases/:id/status", .frontline, use: changeStatus)
        routes.post("/v1/cases/:id/notes", .frontline, use: addNote)
        routes.post("/v1/cases/:id/steps", .frontline, use: recordStep)
        routes.post("/v1/cases/:id/collaborators", .frontline, use: addCollaborator)
        routes.delete("/v1/cases/:id/collaborators/:staff", .frontline, use: removeCollaborator)
        routes.post("/v1/cases/:id/status-link", .frontline, use: makeStatusLink)
        routes.post("/v1/cases/:id/merge", .frontline, use: mergeCase)
        routes.post("/v1/cases/:id/assign", .frontline, use: assignCase)
        routes.post("/v1/cases/:id/links", .frontline, use: linkCase)
        routes.delete("/v1/cases/:id/links/:other", .frontline, use: unlinkCase)
    }

    @Sendable func mergeCase(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let (member, id, _, payload) = try await caseAction(request, context, body: MergePayload.self)
        let survivor = try await context.scope.recoveryCase(payload.into)
        return JSON.response(try await runtime.store.merge(caseID: id, into: survivor.id, by: member, at: runtime.clock.now()))
    }

    @Sendable func assignCase(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let (member, id, _, payload) = try await caseAction(request, context, body: CollaboratorPayload.self)
        guard let assignee = try await runtime.store.staff(id: payload.staffID) else {
            throw AmendsError(.invalid, code: "invalid_field", message: "staff_id: no staff member has the id '\(payload.staffID)'", field: "staff_id")
        }
        return JSON.response(try await runtime.store.assign(caseID: id, to: assignee, by: member, at: runtime.clock.now()))
    }

    @Sendable func linkCase(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let (member, id, _, payload) = try await caseAction(request, context, body: LinkPayload.self)
        let other = try await context.scope.recoveryCase(payload.caseID)
        return JSON.response(try await runtime.store.link(caseID: id, to: other.id, adding: true, by: member, at: runtime.clock.now()))
    }

    @Sendable func unlinkCase(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try context.staff
        let id = try context.parameters.require("id")
        let otherID = try context.parameters.require("other")
        _ = try await context.scope.recoveryCase(id)
        _ = try await context.scope.recoveryCase(otherID)
        return JSON.response(try await runtime.store.link(caseID: id, to: otherID, adding: false, by: member, at: runtime.clock.now()))
    }

    @Sendable func postCase(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try context.staff
        try requireJSON(request)
        let buffer = try await JSON.body(request, limit: runtime.configuration.maxBodyBytes)
        let payload = try JSON.decode(FailureReportPayload.self, from: buffer)
        try context.scope.require(payload.location, for: "the failure")
        let (recoveryCase, opened) = try await runtime.report(
            payload.report, by: member, idempotencyKey: try idempotencyKey(request), fingerprint: Self.fingerprint(buffer))
        return JSON.response(status: opened ? .created : .ok, recoveryCase)
    }

    @Sendable func listCases(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try context.staff
        let parameters = request.uri.queryParameters
        var query = CaseQuery()
        query.status = try Self.choice(parameters.get("status"), field: "status", what: "a status")
        query.location = parameters.get("location")
        if let location = query.location { try context.scope.require(location, for: "location '\(location)'") }
        query.locations = try context.scope.locations
        query.scenario = parameters.get("scenario")
        if let words = parameters.get("q") {
            let trimmed = words.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty, trimmed.count <= SearchPageController.longest else {
                throw AmendsError.invalidField("q", "give 1 to \(SearchPageController.longest) characters to search for")
            }
            query.words = trimmed
        }
        if let mine = parameters.get("mine") {
            guard mine == "true" || mine == "false" else { throw AmendsError.invalidField("mine", "must be true or false") }
            if mine == "true" { query.involving = member.id }
        }
        try page(&query.limit, &query.after, request)
        let page = try await runtime.store.cases(query)
        return JSON.response(CaseList(items: page.items, nextCursor: page.next.map(Cursor.encode)))
    }

    @Sendable func getCase(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let recoveryCase = try await context.scope.recoveryCase(id)
        async let timeline = runtime.store.timeline(caseID: id)
        async let alarms = runtime.store.alarms(state: nil, caseID: id, limit: 500)
        async let grants = runtime.store.compensationLedger(CompensationQuery(caseID: id, limit: 500))
        async let messages = runtime.store.messages(caseID: id)
        async let followUp = runtime.store.followUp(caseID: id)
        let events = try await timeline
        return JSON.response(
            CaseDetail(
                case: recoveryCase, checklist: RecoveryCase.checklist(events, required: runtime.playbook.stored?.playbook.requiredSteps(of: recoveryCase) ?? []), timeline: events,
                alarms: context.shown(try await alarms.reversed()), compensation: try await grants.items, messages: try await messages,
                followUp: try await followUp))
    }

    @Sendable func acknowledge(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try context.staff
        let id = try context.parameters.require("id")
        _ = try await context.scope.recoveryCase(id)
        let recoveryCase = try await runtime.store.acknowledge(caseID: id, staffID: member.id, staffName: member.name, at: runtime.clock.now())
        return JSON.response(recoveryCase)
    }

    @Sendable func changeStatus(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let (member, id, _, payload) = try await caseAction(request, context, body: StatusChangePayload.self)
        let recoveryCase = try await runtime.store.changeStatus(
            caseID: id, to: payload.status, by: member, note: payload.note, rootCause: payload.rootCause, playbook: runtime.playbook.stored?.playbook,
            at: runtime.clock.now())
        return JSON.response(recoveryCase)
    }

    @Sendable func addNote(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let (member, id, _, payload) = try await caseAction(request, context, body: NotePayload.self)
        let event = try await runtime.store.addNote(caseID: id, text: payload.text, by: member, at: runtime.clock.now())
        return JSON.response(status: .created, event)
    }

    @Sendable func recordStep(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let (member, id, _, payload) = try await caseAction(request, context, body: StepPayload.self)
        let event = try await runtime.store.recordStep(caseID: id, step: payload.step, by: member, note: payload.note, at: runtime.clock.now())
        return JSON.response(status: .created, event)
    }

    @Sendable func addCollaborator(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let (member, id, _, payload) = try await caseAction(request, context, body: CollaboratorPayload.self)
        guard let collaborator = try await runtime.store.staff(id: payload.staffID) else {
            throw AmendsError(.invalid, code: "invalid_field", message: "staff_id: no staff member has the id '\(payload.staffID)'", field: "staff_id")
        }
        let recoveryCase = try await runtime.store.changeCollaborator(
            caseID: id, collaborator: collaborator, adding: true, by: member, at: runtime.clock.now())
        return JSON.response(recoveryCase)
    }

    @Sendable func removeCollaborator(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try context.staff
        let id = try context.parameters.require("id")
        let staffID = try context.parameters.require("staff")
        _ = try await context.scope.recoveryCase(id)
        guard let collaborator = try await runtime.store.staff(id: staffID) else { throw AmendsError.notFound("staff member", staffID) }
        let recoveryCase = try await runtime.store.changeCollaborator(
            caseID: id, collaborator: collaborator, adding: false, by: member, at: runtime.clock.now())
        return JSON.response(recoveryCase)
    }

    struct StatusLinkResponse: Encodable {
        var url: String
        var path: String
        /// The signed token alone, the last part of the path.
        var token: String
        var expiresAt: Date

        enum CodingKeys: String, CodingKey {
            case url, path, token
            case expiresAt = "expires_at"
        }
    }

    @Sendable func makeStatusLink(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try context.staff
        let id = try context.parameters.require("id")
        let buffer = try await JSON.body(request, limit: runtime.configuration.maxBodyBytes)
        var days = StatusLink.defaultDays
        if buffer.readableBytes > 0 {
            try requireJSON(request)
            days = try JSON.decode(StatusLinkPayload.self, from: buffer).days ?? days
        }
        let recoveryCase = try await context.scope.recoveryCase(id)
        let now = runtime.clock.now()
        let expiresAt = Date(timeIntervalSince1970: (now.timeIntervalSince1970 + Double(days) * 86400).rounded())
        let token = StatusLink.token(caseID: recoveryCase.id, expiresAt: expiresAt, keys: runtime.keys)
        let path = "/customer/cases/" + token
        try await runtime.store.recordStatusLink(caseID: id, expiresAt: expiresAt, by: member, at: now)
        return JSON.response(status: .created, StatusLinkResponse(url: runtime.publicURL + path, path: path, token: token, expiresAt: expiresAt))
    }
}
