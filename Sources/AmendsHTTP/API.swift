import AmendsApp
import AmendsCore
import AmendsDelivery
import AmendsJSON
import AmendsText
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Prometheus
import Synchronization

extension HTTPField.Name {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
    static let webhookID = HTTPField.Name("webhook-id")!
    static let webhookTimestamp = HTTPField.Name("webhook-timestamp")!
    static let webhookSignature = HTTPField.Name("webhook-signature")!
}

/// The JSON API: every route, translating HTTP to the runtime and back.
struct API: Sendable {
    let runtime: Runtime
    let inbox = DemoInbox()

    func register(on router: Router<AmendsRequestContext>) {
        router.get("/health") { _, _ in JSON.response(["status": "ok"]) }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: runtime.registry.emitToBuffer())))
        }
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPI.document)))
        }
        router.post("/v1/feedback", use: postFeedback)
        router.post("/v1/feedback/batch", use: postBatch)
        router.get("/v1/feedback/:id", use: getFeedback)
        router.post("/v1/feedback/:id/label", use: labelFeedback)
        router.post("/v1/cases", use: postCase)
        router.get("/v1/cases", use: listCases)
        router.get("/v1/cases/:id", use: getCase)
        router.post("/v1/cases/:id/acknowledge", use: acknowledge)
        router.post("/v1/cases/:id/status", use: changeStatus)
        router.post("/v1/cases/:id/notes", use: addNote)
        router.post("/v1/cases/:id/steps", use: recordStep)
        router.post("/v1/cases/:id/collaborators", use: addCollaborator)
        router.post("/v1/cases/:id/status-link", use: makeStatusLink)
        router.get("/customer/cases/:token", use: customerCase)
        router.delete("/v1/cases/:id/collaborators/:staff", use: removeCollaborator)
        router.get("/v1/playbook", use: getPlaybook)
        router.put("/v1/playbook", use: putPlaybook)
        router.post("/v1/channels/:key/tokens", use: postChannelToken)
        router.get("/v1/alarms", use: listAlarms)
        router.get("/v1/analyze", use: analyze)
        router.post("/v1/alarms/:id/retry", use: retryAlarm)
        router.get("/v1/audit", use: listAudit)
        router.post("/v1/sessions", use: login)
        router.delete("/v1/sessions/current", use: logout)
        router.post("/v1/staff/:id/password", use: setPassword)
        router.get("/v1/staff", use: listStaff)
        router.post("/v1/staff", use: postStaff)
        router.post("/v1/staff/:id/disable", use: disableStaff)
        registerCompensation(on: router)
        registerMessages(on: router)
        registerSurveys(on: router)
        registerCustomers(on: router)
        router.post("/demo/inbox", use: receiveDemoAlarm)
        router.get("/demo/inbox", use: listDemoInbox)
    }

    // MARK: Feedback

    static func fingerprint(_ buffer: ByteBuffer) -> String {
        Data(SHA256.hash(data: Data(buffer.readableBytesView))).base64EncodedString()
    }

    /// The channel a caller submits for: a channel token's own, or the one a staff member names.
    func channel(for caller: Caller, named: String?) throws(AmendsError) -> String {
        switch caller {
        case .channel(let key):
            if let named, named != key {
                throw AmendsError(
                    .forbidden, code: "wrong_channel", message: "channel: this token belongs to channel '\(key)', not '\(named)'", field: "channel")
            }
            return key
        case .staff:
            guard let named else { throw AmendsError.missingField("channel") }
            return named
        }
    }

    @Sendable func postFeedback(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let caller = try await runtime.tokens.caller(request)
        try requireJSON(request)
        let buffer = try await JSON.body(request, limit: runtime.configuration.maxBodyBytes)
        let payload = try FeedbackPayload.read(buffer.readableBytesView)
        if payload.idempotencyKey != nil {
            throw AmendsError.invalidField("idempotency_key", "send it as the Idempotency-Key header on this route")
        }
        let key = try idempotencyKey(request)
        if case .staff(let member) = caller { try member.requireLocation(payload.location, for: "the feedback") }
        let item = Runtime.Item(
            submission: payload.submission(channel: try channel(for: caller, named: payload.channel)),
            idempotencyKey: key, fingerprint: Self.fingerprint(buffer))
        switch try await runtime.intake([item])[0] {
        case .failure(let error):
            throw error
        case .success(.conflict(let existing)):
            throw AmendsError(
                .conflict, code: "idempotency_conflict",
                message: "Idempotency-Key '\(key ?? "")' was already used for feedback \(existing) with a different body")
        case .success(.accepted(let feedback, let opened)):
            return JSON.response(
                status: .created,
                text: FeedbackResponse(feedback: feedback, case: feedback.caseID.map { .init(id: $0, opened: opened) }, replayed: false).jsonText)
        case .success(.replayed(let feedback)):
            return JSON.response(
                status: .created,
                text: FeedbackResponse(feedback: feedback, case: feedback.caseID.map { .init(id: $0, opened: false) }, replayed: true).jsonText,
                headers: [.idempotentReplayed: "true"])
        }
    }

    struct BatchResult: Encodable {
        var line: Int
        var status: String
        var id: String?
        var caseID: String?
        var error: ErrorBody.Detail?

        enum CodingKeys: String, CodingKey {
            case line, status, id, error
            case caseID = "case_id"
        }
    }

    struct BatchResponse: Encodable {
        var accepted = 0
        var replayed = 0
        var rejected = 0
        var results: [BatchResult] = []
    }

    @Sendable func postBatch(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let caller = try await runtime.tokens.caller(request)
        let buffer = try await JSON.body(request, limit: runtime.configuration.maxBatchBytes)
        var response = BatchResponse()
        var items: [Runtime.Item] = []
        var lines: [Int] = []
        var lineNumber = 0
        for line in buffer.readableBytesView.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
            if trimmed.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
            let lineBuffer = ByteBuffer(bytes: trimmed)
            do {
                let payload = try FeedbackPayload.read(lineBuffer.readableBytesView)
                items.append(
                    Runtime.Item(
                        submission: payload.submission(channel: try channel(for: caller, named: payload.channel)),
                        idempotencyKey: try payload.idempotencyKey.map(validatedKey), fingerprint: Self.fingerprint(lineBuffer)))
                lines.append(lineNumber)
            } catch let error as AmendsError {
                response.rejected += 1
                response.results.append(
                    BatchResult(line: lineNumber, status: "rejected", error: .init(code: error.code, message: error.message, field: error.field)))
            }
        }
        if items.isEmpty && response.rejected == 0 {
            throw AmendsError(.invalid, code: "empty_batch", message: "the body has no NDJSON lines")
        }
        for chunk in stride(from: 0, to: items.count, by: 2000) {
            let end = min(chunk + 2000, items.count)
            let results = try await runtime.intake(Array(items[chunk..<end]))
            for (offset, result) in results.enumerated() {
                let line = lines[chunk + offset]
                switch result {
                case .success(.accepted(let feedback, _)):
                    response.accepted += 1
                    response.results.append(BatchResult(line: line, status: "accepted", id: feedback.id, caseID: feedback.caseID))
                case .success(.replayed(let feedback)):
                    response.replayed += 1
                    response.results.append(BatchResult(line: line, status: "replayed", id: feedback.id, caseID: feedback.caseID))
                case .success(.conflict(let existing)):
                    response.rejected += 1
                    response.results.append(
                        BatchResult(
                            line: line, status: "rejected",
                            error: .init(
                                code: "idempotency_conflict", message: "idempotency_key was already used for feedback \(existing) with a different item")))
                case .failure(let error):
                    response.rejected += 1
                    response.results.append(
                        BatchResult(line: line, status: "rejected", error: .init(code: error.code, message: error.message, field: error.field)))
                }
            }
        }
        response.results.sort { $0.line < $1.line }
        return JSON.response(status: .ok, response)
    }

    @Sendable func getFeedback(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try await runtime.tokens.staff(request)
        let id = try context.parameters.require("id")
        guard let feedback = try await runtime.store.feedback(id: id) else { throw AmendsError.notFound("feedback", id) }
        try member.requireLocation(feedback.location, for: "feedback \(id)")
        return JSON.response(feedback)
    }

    @Sendable func labelFeedback(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try await runtime.tokens.staff(request)
        try requireJSON(request)
        let id = try context.parameters.require("id")
        let buffer = try await JSON.body(request, limit: runtime.configuration.maxBodyBytes)
        let payload = try JSON.decode(LabelPayload.self, from: buffer)
        if member.locations != nil {
            guard let feedback = try await runtime.store.feedback(id: id) else { throw AmendsError.notFound("feedback", id) }
            try member.requireLocation(feedback.location, for: "feedback \(id)")
        }
        let label = try await runtime.label(feedbackID: id, failure: payload.failure, category: payload.category, by: member)
        return JSON.response(
            LabelResponse(feedbackID: label.feedbackID, failure: label.failure, category: label.category, labeledBy: label.labeledBy, labeledAt: label.labeledAt))
    }

    // MARK: Cases

    @Sendable func postCase(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try await runtime.tokens.staff(request)
        try requireJSON(request)
        let buffer = try await JSON.body(request, limit: runtime.configuration.maxBodyBytes)
        let payload = try JSON.decode(FailureReportPayload.self, from: buffer)
        try member.requireLocation(payload.location, for: "the failure")
        let (recoveryCase, opened) = try await runtime.report(
            payload.report, by: member, idempotencyKey: try idempotencyKey(request), fingerprint: Self.fingerprint(buffer))
        return JSON.response(status: opened ? .created : .ok, recoveryCase)
    }

    @Sendable func listCases(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try await runtime.tokens.staff(request)
        let parameters = request.uri.queryParameters
        var query = CaseQuery()
        query.status = try Self.choice(parameters.get("status"), field: "status", what: "a status")
        query.location = parameters.get("location")
        if let location = query.location { try member.requireLocation(location, for: "location '\(location)'") }
        query.locations = member.locations
        query.scenario = parameters.get("scenario")
        if let mine = parameters.get("mine") {
            guard mine == "true" || mine == "false" else { throw AmendsError.invalidField("mine", "must be true or false") }
            if mine == "true" { query.involving = member.id }
        }
        try page(&query.limit, &query.after, request)
        let page = try await runtime.store.cases(query)
        return JSON.response(CaseList(items: page.items, nextCursor: page.next.map(Cursor.encode)))
    }

    @Sendable func getCase(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try await runtime.tokens.staff(request)
        let id = try context.parameters.require("id")
        let recoveryCase = try await scopedCase(id, for: member)
        async let timeline = runtime.store.timeline(caseID: id)
        async let alarms = runtime.store.alarms(state: nil, caseID: id, limit: 500)
        async let grants = runtime.store.compensationLedger(CompensationQuery(caseID: id, limit: 500))
        async let messages = runtime.store.messages(caseID: id)
        async let followUp = runtime.store.followUp(caseID: id)
        let events = try await timeline
        return JSON.response(
            CaseDetail(
                case: recoveryCase, checklist: RecoveryCase.checklist(events, required: runtime.playbook.stored?.playbook.requiredSteps(of: recoveryCase) ?? []), timeline: events,
                alarms: try await alarms.reversed(), compensation: try await grants.items, messages: try await messages,
                followUp: try await followUp))
    }

    @Sendable func acknowledge(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try await runtime.tokens.staff(request)
        let id = try context.parameters.require("id")
        _ = try await scopedCase(id, for: member)
        let recoveryCase = try await runtime.store.acknowledge(caseID: id, staffID: member.id, staffName: member.name, at: runtime.clock.now())
        return JSON.response(recoveryCase)
    }

    @Sendable func changeStatus(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try await runtime.tokens.staff(request)
        let id = try context.parameters.require("id")
        try requireJSON(request)
        let payload = try JSON.decode(StatusChangePayload.self, from: try await JSON.body(request, limit: runtime.configuration.maxBodyBytes))
        _ = try await scopedCase(id, for: member)
        let recoveryCase = try await runtime.store.changeStatus(
            caseID: id, to: payload.status, by: member, note: payload.note, rootCause: payload.rootCause, playbook: runtime.playbook.stored?.playbook,
            at: runtime.clock.now())
        return JSON.response(recoveryCase)
    }

    @Sendable func addNote(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try await runtime.tokens.staff(request)
        let id = try context.parameters.require("id")
        try requireJSON(request)
        let payload = try JSON.decode(NotePayload.self, from: try await JSON.body(request, limit: runtime.configuration.maxBodyBytes))
        _ = try await scopedCase(id, for: member)
        let event = try await runtime.store.addNote(caseID: id, text: payload.text, by: member, at: runtime.clock.now())
        return JSON.response(status: .created, event)
    }

    @Sendable func recordStep(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try await runtime.tokens.staff(request)
        let id = try context.parameters.require("id")
        try requireJSON(request)
        let payload = try JSON.decode(StepPayload.self, from: try await JSON.body(request, limit: runtime.configuration.maxBodyBytes))
        _ = try await scopedCase(id, for: member)
        let event = try await runtime.store.recordStep(caseID: id, step: payload.step, by: member, note: payload.note, at: runtime.clock.now())
        return JSON.response(status: .created, event)
    }

    @Sendable func addCollaborator(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try await runtime.tokens.staff(request)
        let id = try context.parameters.require("id")
        try requireJSON(request)
        let payload = try JSON.decode(CollaboratorPayload.self, from: try await JSON.body(request, limit: runtime.configuration.maxBodyBytes))
        _ = try await scopedCase(id, for: member)
        guard let collaborator = try await runtime.store.staff(id: payload.staffID) else {
            throw AmendsError(.invalid, code: "invalid_field", message: "staff_id: no staff member has the id '\(payload.staffID)'", field: "staff_id")
        }
        let recoveryCase = try await runtime.store.changeCollaborator(
            caseID: id, collaborator: collaborator, adding: true, by: member, at: runtime.clock.now())
        return JSON.response(recoveryCase)
    }

    @Sendable func removeCollaborator(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try await runtime.tokens.staff(request)
        let id = try context.parameters.require("id")
        let staffID = try context.parameters.require("staff")
        _ = try await scopedCase(id, for: member)
        guard let collaborator = try await runtime.store.staff(id: staffID) else { throw AmendsError.notFound("staff member", staffID) }
        let recoveryCase = try await runtime.store.changeCollaborator(
            caseID: id, collaborator: collaborator, adding: false, by: member, at: runtime.clock.now())
        return JSON.response(recoveryCase)
    }

    struct StatusLinkResponse: Encodable {
        var url: String
        var path: String
        var expiresAt: Date

        enum CodingKeys: String, CodingKey {
            case url, path
            case expiresAt = "expires_at"
        }
    }

    @Sendable func makeStatusLink(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try await runtime.tokens.staff(request)
        let id = try context.parameters.require("id")
        let buffer = try await JSON.body(request, limit: runtime.configuration.maxBodyBytes)
        var days = StatusLink.defaultDays
        if buffer.readableBytes > 0 {
            try requireJSON(request)
            days = try JSON.decode(StatusLinkPayload.self, from: buffer).days ?? days
        }
        let recoveryCase = try await scopedCase(id, for: member)
        let now = runtime.clock.now()
        let expiresAt = Date(timeIntervalSince1970: (now.timeIntervalSince1970 + Double(days) * 86400).rounded())
        let path = "/customer/cases/" + StatusLink.token(caseID: recoveryCase.id, expiresAt: expiresAt, secret: runtime.secret)
        try await runtime.store.recordStatusLink(caseID: id, expiresAt: expiresAt, by: member, at: now)
        return JSON.response(status: .created, StatusLinkResponse(url: baseURL(request) + path, path: path, expiresAt: expiresAt))
    }

    /// The customer's page for their case, from a status link: no token, plain words, HTML or JSON.
    @Sendable func customerCase(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let json = request.headers[.accept]?.contains("application/json") == true
        let token = try context.parameters.require("token")
        guard let (caseID, expiresAt) = StatusLink.read(token, secret: runtime.secret),
            let recoveryCase = try await runtime.store.recoveryCase(id: caseID)
        else {
            let error = AmendsError(.notFound, code: "unknown_link", message: "This link is not one we made. Please check it was copied whole.")
            return customerPage(.notFound, json: json, error: error, body: [String: String](), html: "")
        }
        guard expiresAt > runtime.clock.now() else {
            let error = AmendsError(.gone, code: "link_expired", message: "This link has expired. Please ask us for a new one, or reply to our last message.")
            return customerPage(.gone, json: json, error: error, body: [String: String](), html: "")
        }
        let timeline = try await runtime.store.timeline(caseID: caseID)
        let view = CustomerCaseView(recoveryCase, timeline: timeline, playbook: runtime.playbook.stored?.playbook)
        return customerPage(.ok, json: json, error: nil, body: view, html: view.html)
    }

    /// The case, if the member works its location.
    func scopedCase(_ id: String, for member: StaffMember) async throws -> RecoveryCase {
        guard let recoveryCase = try await runtime.store.recoveryCase(id: id) else { throw AmendsError.notFound("case", id) }
        try member.requireLocation(recoveryCase.location, for: "case \(id)")
        return recoveryCase
    }

    // MARK: Sessions and passwords

    struct SessionResponse: Encodable {
        var token: String
        var expiresAt: Date
        var member: StaffMember

        enum CodingKeys: String, CodingKey {
            case token, member
            case expiresAt = "expires_at"
        }
    }

    @Sendable func login(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        try requireJSON(request)
        let payload = try JSON.decode(LoginPayload.self, from: try await JSON.body(request, limit: runtime.configuration.maxBodyBytes))
        let session = try await runtime.tokens.login(email: payload.email, password: payload.password)
        return JSON.response(status: .created, SessionResponse(token: session.token, expiresAt: session.expiresAt, member: session.member))
    }

    @Sendable func logout(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        _ = try await runtime.tokens.staff(request)
        try await runtime.tokens.endSession(request)
        return Response(status: .noContent)
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

    // MARK: Audit log

    struct AuditList: Encodable {
        var items: [AuditEntry]
        var nextCursor: String?

        enum CodingKeys: String, CodingKey {
            case items
            case nextCursor = "next_cursor"
        }
    }

    @Sendable func listAudit(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        _ = try await runtime.tokens.staff(request, atLeast: .admin)
        let parameters = request.uri.queryParameters
        var query = AuditQuery(actor: parameters.get("actor"), action: parameters.get("action"), target: parameters.get("target"))
        try page(&query.limit, &query.after, request)
        let page = try await runtime.store.auditLog(query)
        return JSON.response(AuditList(items: page.items, nextCursor: page.next.map(Cursor.encode)))
    }

    // MARK: Staff

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

    // MARK: Playbook and tokens

    struct PlaybookInfo: Encodable {
        var version: Int
        var importedAt: Date
        var importedBy: String
        var playbook: Playbook?

        enum CodingKeys: String, CodingKey {
            case version, playbook
            case importedAt = "imported_at"
            case importedBy = "imported_by"
        }
    }

    @Sendable func getPlaybook(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try await runtime.tokens.staff(request)
        guard var stored = runtime.playbook.stored else {
            throw AmendsError(.notFound, code: "no_playbook", message: "no playbook has been imported yet")
        }
        // Signing secrets are for admins only; everyone else sees that a secret is set, not what it is.
        if member.role != .admin { stored.playbook = stored.playbook.redactingSecrets() }
        let wantsYAML = request.uri.queryParameters.get("format") == "yaml" || (request.headers[.accept] ?? "").contains("yaml")
        if wantsYAML {
            return Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: try PlaybookFile.yaml(stored.playbook))))
        }
        return JSON.response(PlaybookInfo(version: stored.version, importedAt: stored.importedAt, importedBy: stored.importedBy, playbook: stored.playbook))
    }

    @Sendable func putPlaybook(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try await runtime.tokens.staff(request, atLeast: .admin)
        let buffer = try await JSON.body(request, limit: runtime.configuration.maxBodyBytes)
        let playbook = try PlaybookFile.parse(String(buffer: buffer), file: "request body")
        let stored = try await runtime.importPlaybook(playbook, by: "staff:\(member.id)")
        return JSON.response(PlaybookInfo(version: stored.version, importedAt: stored.importedAt, importedBy: stored.importedBy, playbook: nil))
    }

    struct IssuedToken: Encodable {
        var channel: String
        var token: String
    }

    @Sendable func postChannelToken(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try await runtime.tokens.staff(request, atLeast: .admin)
        let key = try context.parameters.require("key")
        guard try runtime.recovery().playbook.channel(key) != nil else { throw AmendsError.notFound("channel", key) }
        let token = try await runtime.tokens.issueChannelToken(channel: key, label: "issued by \(member.name)")
        return JSON.response(status: .created, IssuedToken(channel: key, token: token))
    }

    // MARK: Alarms

    struct AlarmList: Encodable { var items: [Alarm] }

    /// How the text engine reads one text, for trying it out.
    struct AnalyzeResponse: Encodable {
        struct Model: Encodable {
            var version: Int
            var trainedAt: Date
            var trainedBy: String
            var rows: Int

            enum CodingKeys: String, CodingKey {
                case version, rows
                case trainedAt = "trained_at"
                case trainedBy = "trained_by"
            }
        }

        var failure: Bool
        var probability: Double
        var sentiment: Double
        var categories: [CategoryScore]
        var explanation: [String]
        /// The trained model used; absent when the built-in lexicon read the text.
        var model: Model?
    }

    @Sendable func analyze(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        _ = try await runtime.tokens.staff(request)
        guard let text = request.uri.queryParameters.get("text"), text.contains(where: { !$0.isWhitespace }) else {
            throw AmendsError.invalidField("text", "is required: GET /v1/analyze?text=…")
        }
        let limit = runtime.configuration.limits.maxTextLength
        guard text.count <= limit else { throw AmendsError.invalidField("text", "is \(text.count) characters; the limit is \(limit)") }
        let (engine, stored) = runtime.text
        let verdict = engine.analyze(text)
        return JSON.response(
            AnalyzeResponse(
                failure: verdict.failure, probability: verdict.probability, sentiment: verdict.sentiment,
                categories: verdict.categories, explanation: verdict.explanation,
                model: stored.map { .init(version: $0.version, trainedAt: $0.trainedAt, trainedBy: $0.trainedBy, rows: $0.rows) }))
    }

    @Sendable func listAlarms(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try await runtime.tokens.staff(request)
        let parameters = request.uri.queryParameters
        var state: Alarm.State?
        if let text = parameters.get("state") {
            guard let value = Alarm.State(rawValue: text) else {
                throw AmendsError.invalidField("state", "'\(text)' is not an alarm state; use pending, delivered or dead")
            }
            state = value
        }
        var limit = 100
        if let text = parameters.get("limit") {
            guard let value = Int(text), (1...500).contains(value) else { throw AmendsError.invalidField("limit", "must be a whole number from 1 to 500") }
            limit = value
        }
        return JSON.response(AlarmList(items: try await runtime.store.alarms(state: state, caseID: parameters.get("case"), locations: member.locations, limit: limit)))
    }

    @Sendable func retryAlarm(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try await runtime.tokens.staff(request, atLeast: .lead)
        let alarmID = try context.parameters.require("id")
        if member.locations != nil, let alarm = try await runtime.store.alarm(id: alarmID) {
            _ = try await scopedCase(alarm.caseID, for: member)
        }
        let alarm = try await runtime.store.retry(alarmID: alarmID, at: runtime.clock.now())
        runtime.deliveryBell.ring()
        return JSON.response(alarm)
    }

    // MARK: Demo inbox

    @Sendable func receiveDemoAlarm(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let buffer = try await JSON.body(request, limit: 64 * 1024)
        let body = String(buffer: buffer)
        guard let id = request.headers[.webhookID], let timestampText = request.headers[.webhookTimestamp], let timestamp = Int(timestampText),
            let signature = request.headers[.webhookSignature],
            abs(runtime.clock.now().timeIntervalSince1970 - Double(timestamp)) <= 300,
            WebhookSigner.verify(id: id, timestamp: timestamp, body: body, header: signature, secret: runtime.secret)
        else {
            throw AmendsError(.unauthenticated, code: "bad_signature", message: "the demo inbox accepts only alarms signed by this server in the last five minutes")
        }
        inbox.add(
            DemoInbox.Entry(
                webhookID: id, receivedAt: runtime.clock.now(), body: (try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8))) ?? .string(body)))
        return Response(status: .noContent)
    }

    @Sendable func listDemoInbox(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        _ = try await runtime.tokens.staff(request)
        return JSON.response(["items": inbox.entries()])
    }

    // MARK: Helpers

    func requireJSON(_ request: Request) throws(AmendsError) {
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json") {
            throw AmendsError(.unsupportedMediaType, code: "unsupported_media_type", message: "send the body as application/json, not \(type)")
        }
    }

    func idempotencyKey(_ request: Request) throws(AmendsError) -> String? {
        try request.headers[.idempotencyKey].map(validatedKey)
    }

    func validatedKey(_ key: String) throws(AmendsError) -> String {
        guard !key.isEmpty, key.count <= 255, key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw AmendsError.invalidField("Idempotency-Key", "must be 1 to 255 visible ASCII characters")
        }
        return key
    }
}

/// The last alarms the demo inbox received, to show a newcomer that alarms arrive.
final class DemoInbox: Sendable {
    struct Entry: Encodable, Sendable {
        var webhookID: String
        var receivedAt: Date
        var body: JSONValue

        enum CodingKeys: String, CodingKey {
            case body
            case webhookID = "webhook_id"
            case receivedAt = "received_at"
        }
    }

    private let items = Mutex<[Entry]>([])

    func add(_ entry: Entry) {
        items.withLock { items in
            if !items.contains(where: { $0.webhookID == entry.webhookID }) { items.append(entry) }
            if items.count > 100 { items.removeFirst(items.count - 100) }
        }
    }

    func entries() -> [Entry] { items.withLock { $0.reversed() } }
}
