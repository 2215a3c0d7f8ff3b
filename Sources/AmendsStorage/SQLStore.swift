import AmendsCore
import AmendsJSON
import AmendsText
import Foundation
import Logging
import SQLKit

/// The store over SQL, for SQLite and PostgreSQL alike.
public final class SQLStore: Store {
    let backend: any SQLBackend
    let ids: any IdentifierSource
    private let commits: CommitQueue
    /// What the store is connected to, for logs.
    public let location: DatabaseLocation

    /// The largest number of feedback items committed in one transaction.
    public static let maxBatch = 2000

    private init(backend: any SQLBackend, location: DatabaseLocation, ids: any IdentifierSource) {
        self.backend = backend
        self.location = location
        self.ids = ids
        self.commits = CommitQueue(maxBatch: SQLStore.maxBatch)
    }

    /// Opens the database at `location`, creating it when it is an SQLite file that does not exist yet.
    public static func open(
        _ location: DatabaseLocation,
        ids: any IdentifierSource = LiveIdentifierSource(),
        logger: Logger = Logger(label: "amends.storage")
    ) async throws -> SQLStore {
        let backend: any SQLBackend
        switch location {
        case .sqlite(let path):
            backend = try await SQLiteBackend(path: path, logger: logger)
        case .postgres(let url, let schema):
            if let schema { try await PostgresBackend.createSchema(schema, url: url, logger: logger) }
            backend = try await PostgresBackend(url: url, schema: schema, logger: logger)
        }
        return SQLStore(backend: backend, location: location, ids: ids)
    }

    /// Applies pending migrations; returns the names of those applied now.
    @discardableResult
    public func migrate(at now: Date = Date()) async throws -> [String] {
        try await AmendsStorage.migrate(backend, at: now)
    }

    /// Closes every connection.
    public func close() async {
        await backend.close()
    }

    // MARK: Text models

    public func currentTextModel() async throws -> StoredTextModel? {
        try await backend.read { database in
            guard let row = try await database.raw("SELECT * FROM text_models ORDER BY version DESC LIMIT 1").first() else { return nil }
            let damaged = AmendsError(.invalid, code: "bad_model", message: "the stored text model is damaged or of an unknown format")
            guard let bytes = Data(base64Encoded: try row.decode(column: "model", as: String.self)),
                let model = try? TextModel(decoding: [UInt8](bytes))
            else { throw damaged }
            return StoredTextModel(
                version: try row.decode(column: "version", as: Int.self),
                model: model,
                trainedAt: Date(millis: try row.decode(column: "trained_at", as: Int64.self)),
                trainedBy: try row.decode(column: "trained_by", as: String.self),
                rows: try row.decode(column: "row_count", as: Int.self))
        }
    }

    public func label(_ label: FeedbackLabel, eventID: String) async throws {
        let ids = self.ids
        try await backend.transaction { database in
            guard let row = try await database.raw("SELECT case_id FROM feedback WHERE id = \(bind: label.feedbackID)").first() else {
                throw AmendsError.notFound("feedback", label.feedbackID)
            }
            try await database.raw(
                """
                INSERT INTO feedback_labels (feedback_id, failure, category, labeled_by, labeled_at)
                VALUES (\(bind: label.feedbackID), \(bind: label.failure ? 1 : 0), \(bind: label.category), \(bind: label.labeledBy), \(bind: label.labeledAt.millis))
                ON CONFLICT (feedback_id) DO UPDATE SET failure = excluded.failure, category = excluded.category,
                labeled_by = excluded.labeled_by, labeled_at = excluded.labeled_at
                """
            ).run()
            if let caseID = try row.decode(column: "case_id", as: String?.self) {
                try await IntakeWriter.insert(events: [label.timelineEvent(id: eventID, caseID: caseID)], into: database)
            }
            var detail: [String: JSONValue] = ["failure": .bool(label.failure)]
            if let category = label.category { detail["category"] = .string(category) }
            try await Self.audit("feedback.labeled", target: label.feedbackID, detail: detail, actor: label.labeledBy, at: label.labeledAt, ids: ids, in: database)
        }
    }

    public func labeledTexts() async throws -> [LabeledText] {
        try await backend.read { database in
            try await database.raw(
                "SELECT feedback.content AS content, feedback_labels.failure AS failure, feedback_labels.category AS category FROM feedback_labels JOIN feedback ON feedback.id = feedback_labels.feedback_id WHERE feedback.content IS NOT NULL ORDER BY feedback_labels.feedback_id"
            ).all().map { row in
                LabeledText(
                    text: try row.decode(column: "content", as: String.self), failure: try row.decode(column: "failure", as: Int.self) == 1,
                    category: try row.decode(column: "category", as: String?.self))
            }
        }
    }

    public func textModelVersion() async throws -> Int? {
        try await backend.read { database in
            try await database.raw("SELECT MAX(version) AS version FROM text_models").first()?.decode(column: "version", as: Int?.self)
        }
    }

    public func saveTextModel(_ model: TextModel, at date: Date, by actor: String, rows: Int) async throws -> StoredTextModel {
        let text = Data(model.encoded()).base64EncodedString()
        return try await backend.transaction { database in
            let latest = try await database.raw("SELECT MAX(version) AS version FROM text_models").first()
            let version = (try latest?.decode(column: "version", as: Int?.self) ?? 0) + 1
            try await database.raw(
                """
                INSERT INTO text_models (version, trained_at, trained_by, row_count, model)
                VALUES (\(bind: version), \(bind: date.millis), \(bind: actor), \(bind: rows), \(bind: text))
                """
            ).run()
            return StoredTextModel(version: version, model: model, trainedAt: date, trainedBy: actor, rows: rows)
        }
    }

    // MARK: Playbook and access

    public func currentPlaybook() async throws -> StoredPlaybook? {
        try await backend.read { database in
            guard let row = try await database.raw("SELECT version, document, imported_at, imported_by FROM playbooks ORDER BY version DESC LIMIT 1").first()
            else {
                return nil
            }
            return StoredPlaybook(
                version: try row.decode(column: "version", as: Int.self),
                playbook: try Coding.decode(Playbook.self, try row.decode(column: "document", as: String.self)),
                importedAt: Date(millis: try row.decode(column: "imported_at", as: Int64.self)),
                importedBy: try row.decode(column: "imported_by", as: String.self)
            )
        }
    }

    public func savePlaybook(_ playbook: Playbook, at date: Date, by actor: String) async throws -> StoredPlaybook {
        let document = try Coding.encode(playbook)
        let ids = self.ids
        return try await backend.transaction { database in
            let latest = try await database.raw("SELECT MAX(version) AS version FROM playbooks").first()
            let version = (try latest?.decode(column: "version", as: Int?.self) ?? 0) + 1
            try await database.raw(
                "INSERT INTO playbooks (version, document, imported_at, imported_by) VALUES (\(bind: version), \(bind: document), \(bind: date.millis), \(bind: actor))"
            ).run()
            try await Self.audit(
                "playbook.imported", target: "playbook:\(version)", detail: ["name": .string(playbook.name)], actor: actor, at: date, ids: ids, in: database)
            return StoredPlaybook(version: version, playbook: playbook, importedAt: date, importedBy: actor)
        }
    }

    public func addStaff(_ member: StaffMember) async throws {
        let locations = try member.locations.map { try Coding.encode($0) }
        let authority = try member.authority.map { try Coding.encode($0) }
        let ids = self.ids
        try await backend.transaction { database in
            try await database.raw(
                """
                INSERT INTO staff (id, name, email, role, locations, authority, created_at, disabled_at)
                VALUES (\(bind: member.id), \(bind: member.name), \(bind: member.email), \(bind: member.role.rawValue), \(bind: locations),
                \(bind: authority), \(bind: member.createdAt.millis), \(bind: member.disabledAt?.millis))
                """
            ).run()
            var detail: [String: JSONValue] = ["name": .string(member.name), "role": .string(member.role.rawValue)]
            if let locations = member.locations { detail["locations"] = .array(locations.map(JSONValue.string)) }
            if let authority = member.authority { detail["authority"] = authority.json }
            try await Self.audit("staff.added", target: member.id, detail: detail, actor: nil, at: member.createdAt, ids: ids, in: database)
        }
    }

    public func staff(id: String) async throws -> StaffMember? {
        try await backend.read { database in
            try await database.raw("SELECT * FROM staff WHERE id = \(bind: id)").first().map(Rows.staff)
        }
    }

    public func allStaff() async throws -> [StaffMember] {
        try await backend.read { database in
            try await database.raw("SELECT * FROM staff ORDER BY id").all().map(Rows.staff)
        }
    }

    public func disableStaff(id: String, at date: Date) async throws -> StaffMember {
        let ids = self.ids
        return try await backend.transaction { database in
            guard let row = try await database.raw("SELECT * FROM staff WHERE id = \(bind: id)").first() else {
                throw AmendsError.notFound("staff member", id)
            }
            var member = try Rows.staff(row)
            guard member.disabledAt == nil else { return member }
            try await database.raw("UPDATE staff SET disabled_at = \(bind: date.millis) WHERE id = \(bind: id)").run()
            try await Self.audit("staff.disabled", target: id, detail: ["name": .string(member.name)], actor: nil, at: date, ids: ids, in: database)
            member.disabledAt = Date(millis: date.millis)
            return member
        }
    }

    public func addToken(_ token: APIToken) async throws {
        let (kind, owner): (String, String) =
            switch token.owner {
            case .channel(let key): ("channel", key)
            case .staff(let id): ("staff", id)
            }
        let ids = self.ids
        try await backend.transaction { database in
            try await database.raw(
                """
                INSERT INTO api_tokens (id, digest, kind, owner, label, created_at, revoked_at, expires_at)
                VALUES (\(bind: token.id), \(bind: token.digest), \(bind: kind), \(bind: owner), \(bind: token.label), \(bind: token.createdAt.millis),
                \(bind: token.revokedAt?.millis), \(bind: token.expiresAt?.millis))
                """
            ).run()
            // Never the secret or its digest: what the token is for, and whose it is.
            try await Self.audit(
                "token.issued", target: token.id, detail: ["kind": .string(kind), "owner": .string(owner), "label": .string(token.label)], actor: nil,
                at: token.createdAt, ids: ids, in: database)
        }
    }

    public func revokeToken(id: String, at date: Date) async throws -> Bool {
        let ids = self.ids
        return try await backend.transaction { database in
            let revoked = try await database.raw(
                "UPDATE api_tokens SET revoked_at = \(bind: date.millis) WHERE id = \(bind: id) AND revoked_at IS NULL RETURNING id"
            ).all()
            guard !revoked.isEmpty else { return false }
            try await Self.audit("token.revoked", target: id, actor: nil, at: date, ids: ids, in: database)
            return true
        }
    }

    public func setPassword(staffID: String, hash: String, at date: Date) async throws {
        let ids = self.ids
        try await backend.transaction { database in
            let updated = try await database.raw("UPDATE staff SET password_hash = \(bind: hash) WHERE id = \(bind: staffID) RETURNING id").all()
            guard !updated.isEmpty else { throw AmendsError.notFound("staff member", staffID) }
            // The hash stays out of the log: that a password was set, and by whom, is what matters.
            try await Self.audit("staff.password_set", target: staffID, actor: nil, at: date, ids: ids, in: database)
        }
    }

    public func staffForLogin(email: String) async throws -> (member: StaffMember, passwordHash: String?)? {
        try await backend.read { database in
            let rows = try await database.raw("SELECT * FROM staff WHERE LOWER(email) = \(bind: email.lowercased()) ORDER BY id").all()
            // Two accounts may share an address; the enabled one with a password is the one that logs in.
            let candidates = try rows.map { (member: try Rows.staff($0), passwordHash: try $0.decode(column: "password_hash", as: String?.self)) }
            return candidates.first { $0.member.disabledAt == nil && $0.passwordHash != nil } ?? candidates.first
        }
    }

    public func token(digest: String) async throws -> APIToken? {
        try await backend.read { database in
            guard let row = try await database.raw("SELECT * FROM api_tokens WHERE digest = \(bind: digest) AND revoked_at IS NULL").first() else {
                return nil
            }
            let owner = try row.decode(column: "owner", as: String.self)
            return APIToken(
                id: try row.decode(column: "id", as: String.self),
                digest: digest,
                owner: try row.decode(column: "kind", as: String.self) == "channel" ? .channel(owner) : .staff(owner),
                label: try row.decode(column: "label", as: String.self),
                createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)),
                expiresAt: try row.decode(column: "expires_at", as: Int64?.self).map(Date.init(millis:))
            )
        }
    }

    public func setting(_ name: String) async throws -> String? {
        try await backend.read { database in
            try await database.raw("SELECT value FROM settings WHERE name = \(bind: name)").first()?.decode(column: "value", as: String.self)
        }
    }

    public func initializeSetting(_ name: String, to value: String) async throws -> String {
        try await backend.transaction { database in
            try await database.raw("INSERT INTO settings (name, value) VALUES (\(bind: name), \(bind: value)) ON CONFLICT (name) DO NOTHING").run()
            return try await database.raw("SELECT value FROM settings WHERE name = \(bind: name)").first()!.decode(column: "value", as: String.self)
        }
    }

    // MARK: Intake

    public func record(_ records: [IntakeRecord]) async throws -> [IntakeOutcome] {
        guard !records.isEmpty else { return [] }
        // Rows are written out here, on the caller's task, so the shared writer only binds them.
        let prepared = records.map(PreparedIntake.init)
        if records.count >= SQLStore.maxBatch {
            return try await recordNow(prepared)
        }
        return try await commits.submit(prepared) { batch in try await self.recordNow(batch) }
    }

    /// Stores `records` in one transaction.
    func recordNow(_ records: [PreparedIntake]) async throws -> [IntakeOutcome] {
        let dialect = backend.dialect
        let ids = self.ids
        return try await backend.transaction { database in
            try await IntakeWriter(database: database, dialect: dialect, ids: ids).write(records)
        }
    }

    public func feedback(id: String) async throws -> Feedback? {
        try await backend.read { database in
            try await database.raw("SELECT * FROM feedback WHERE id = \(bind: id)").first().map(Rows.feedback)
        }
    }

    // MARK: Cases

    public func open(_ opening: CaseOpening, idempotencyKey: String?, fingerprint: String, actor: String) async throws -> (RecoveryCase, opened: Bool) {
        let dialect = backend.dialect
        let ids = self.ids
        let (caseID, opened) = try await backend.transaction { database -> (String, Bool) in
            if let idempotencyKey,
                let row = try await database.raw(
                    "SELECT id, fingerprint FROM cases WHERE created_by = \(bind: actor) AND idempotency_key = \(bind: idempotencyKey)"
                ).first()
            {
                guard try row.decode(column: "fingerprint", as: String?.self) == fingerprint else {
                    throw AmendsError(
                        .conflict, code: "idempotency_conflict", message: "Idempotency-Key '\(idempotencyKey)' was already used with a different request")
                }
                return (try row.decode(column: "id", as: String.self), false)
            }
            let writer = IntakeWriter(database: database, dialect: dialect, ids: ids)
            let result = try await writer.open(opening, createdBy: actor, idempotencyKey: idempotencyKey, fingerprint: fingerprint, attaching: nil)
            try await Self.audit(
                "case.reported", target: result.0,
                detail: ["scenario": .string(opening.recoveryCase.scenario), "location": .string(opening.recoveryCase.location), "opened": .bool(result.1)],
                actor: actor, at: opening.recoveryCase.openedAt, ids: ids, in: database)
            return result
        }
        guard let recoveryCase = try await recoveryCase(id: caseID) else { throw AmendsError.notFound("case", caseID) }
        return (recoveryCase, opened)
    }

    public func recoveryCase(id: String) async throws -> RecoveryCase? {
        try await backend.read { database in
            guard var found = try await database.raw("SELECT * FROM cases WHERE id = \(bind: id)").first().map(Rows.recoveryCase) else { return nil }
            found.collaborators = try await Self.collaborators(of: [id], in: database)[id]
            return found
        }
    }

    /// The collaborators of each case that has any, in the order they were added.
    static func collaborators(of caseIDs: [String], in database: any SQLDatabase) async throws -> [String: [String]] {
        guard !caseIDs.isEmpty else { return [:] }
        var sql = SQLQueryString("SELECT case_id, staff_id FROM case_collaborators WHERE case_id ")
        sql.appendList(caseIDs)
        sql.appendInterpolation(unsafeRaw: " ORDER BY added_at, staff_id")
        var result: [String: [String]] = [:]
        for row in try await database.raw(sql).all() {
            result[try row.decode(column: "case_id", as: String.self), default: []].append(try row.decode(column: "staff_id", as: String.self))
        }
        return result
    }

    public func changeCollaborator(
        caseID: String, collaborator: StaffMember, adding: Bool, by member: StaffMember, at date: Date
    ) async throws -> RecoveryCase {
        let ids = self.ids
        return try await backend.transaction { database in
            var current = try await Self.recoveryCase(caseID, in: database)
            current.collaborators = try await Self.collaborators(of: [caseID], in: database)[caseID]
            let event = try current.collaboration(collaborator, adding: adding, by: member, at: date, eventID: ids.makeID(at: date))
            if adding {
                try await database.raw(
                    """
                    INSERT INTO case_collaborators (case_id, staff_id, added_at, added_by)
                    VALUES (\(bind: caseID), \(bind: collaborator.id), \(bind: date.millis), \(bind: "staff:\(member.id)"))
                    """
                ).run()
                current.collaborators = (current.collaborators ?? []) + [collaborator.id]
            } else {
                try await database.raw("DELETE FROM case_collaborators WHERE case_id = \(bind: caseID) AND staff_id = \(bind: collaborator.id)").run()
                current.collaborators = current.collaborators?.filter { $0 != collaborator.id }
                if current.collaborators?.isEmpty == true { current.collaborators = nil }
            }
            try await IntakeWriter.insert(events: [event], into: database)
            try await Self.audit(
                adding ? "case.collaborator_added" : "case.collaborator_removed", target: caseID, detail: event.data, actor: "staff:\(member.id)", at: date,
                ids: ids, in: database)
            return current
        }
    }

    public func cases(_ query: CaseQuery) async throws -> Page<RecoveryCase> {
        try await backend.read { database in
            var sql = SQLQueryString("SELECT * FROM cases WHERE 1 = 1")
            sql.appendFilter("status", query.status?.rawValue)
            sql.appendFilter("location", query.location)
            if let locations = query.locations {
                guard !locations.isEmpty else { return Page(items: [], next: nil) }
                sql.appendInterpolation(unsafeRaw: " AND location ")
                sql.appendList(locations)
            }
            sql.appendFilter("scenario", query.scenario)
            if let staffID = query.involving {
                sql.appendInterpolation(unsafeRaw: " AND (owner = ")
                sql.appendInterpolation(bind: staffID)
                sql.appendInterpolation(unsafeRaw: " OR id IN (SELECT case_id FROM case_collaborators WHERE staff_id = ")
                sql.appendInterpolation(bind: staffID)
                sql.appendInterpolation(unsafeRaw: "))")
            }
            sql.appendFilter("id", query.after, operation: "<")
            sql.appendInterpolation(unsafeRaw: " ORDER BY id DESC LIMIT \(query.limit + 1)")
            var page = Page(reading: try await database.raw(sql).all().map(Rows.recoveryCase), limit: query.limit, id: \.id)
            let helpers = try await Self.collaborators(of: page.items.map(\.id), in: database)
            for index in page.items.indices { page.items[index].collaborators = helpers[page.items[index].id] }
            return page
        }
    }

    public func timeline(caseID: String) async throws -> [TimelineEvent] {
        try await backend.read { database in
            try await database.raw("SELECT * FROM timeline WHERE case_id = \(bind: caseID) ORDER BY at, id").all().map(Rows.timelineEvent)
        }
    }

    public func acknowledge(caseID: String, staffID: String, staffName: String, at date: Date) async throws -> RecoveryCase {
        let ids = self.ids
        try await backend.transaction { database in
            let current = try await Self.recoveryCase(caseID, in: database)
            guard let event = try current.acknowledgement(by: staffID, name: staffName, at: date, eventID: ids.makeID(at: date)) else { return }
            try await database.raw(
                "UPDATE cases SET status = 'acknowledged', acknowledged_at = \(bind: date.millis), owner = \(bind: staffID) WHERE id = \(bind: caseID)"
            ).run()
            try await IntakeWriter.insert(events: [event], into: database)
            try await Self.audit("case.acknowledged", target: caseID, actor: "staff:\(staffID)", at: date, ids: ids, in: database)
        }
        guard let updated = try await recoveryCase(id: caseID) else { throw AmendsError.notFound("case", caseID) }
        return updated
    }

    public func changeStatus(
        caseID: String, to target: RecoveryCase.Status, by member: StaffMember, note: String?, rootCause: RootCause?, playbook: Playbook?,
        at date: Date
    ) async throws -> RecoveryCase {
        let ids = self.ids
        return try await backend.transaction { database in
            let current = try await Self.recoveryCase(caseID, in: database)
            let requiredSteps = playbook?.requiredSteps(of: current) ?? []
            let done = target == .resolved && !requiredSteps.isEmpty ? try await Self.completedSteps(caseID: caseID, in: database) : []
            let change = try current.changing(
                to: target, by: member, at: date, note: note, rootCause: rootCause, eventID: ids.makeID(at: date), requiredSteps: requiredSteps,
                doneSteps: done, playbook: playbook)
            let updated = change.recoveryCase
            // Only an open case takes in new complaints of its customer and scenario; a reopened one takes them back,
            // unless another case opened for them meanwhile.
            let dedupKey: String?
            if updated.status.isOpen {
                dedupKey = RecoveryCase.dedupKey(scenario: updated.scenario, customer: updated.customer)
                if !current.status.isOpen, let dedupKey, let otherID = try await Self.caseHolding(dedupKey, otherThan: caseID, in: database) {
                    throw AmendsError(
                        .conflict, code: "open_case_exists",
                        message: "case \(otherID) is open for the same customer and scenario; work that case, or close it before reopening \(caseID)")
                }
            } else {
                dedupKey = nil
            }
            let rootCauseText = try updated.rootCause.map { try Coding.encode($0) }
            try await database.raw(
                """
                UPDATE cases SET status = \(bind: updated.status.rawValue), resolved_at = \(bind: updated.resolvedAt?.millis),
                resolve_by = \(bind: updated.resolveBy.millis), sla_paused_at = \(bind: updated.slaPausedAt?.millis),
                closed_at = \(bind: updated.closedAt?.millis), root_cause = \(bind: rootCauseText), dedup_key = \(bind: dedupKey)
                WHERE id = \(bind: caseID)
                """
            ).run()
            try await IntakeWriter.insert(events: [change.event], into: database)
            if target == .resolved, let playbook {
                try await Self.scheduleFollowUp(caseID: caseID, due: playbook.followUpDue(for: updated, resolvedAt: date), in: database)
            }
            try await Self.audit(
                "case.status_changed", target: caseID, detail: change.event.data, actor: "staff:\(member.id)", at: date, ids: ids, in: database)
            var answer = updated
            answer.collaborators = try await Self.collaborators(of: [caseID], in: database)[caseID]
            return answer
        }
    }

    public func recordStep(caseID: String, step: RecoveryStep, by member: StaffMember, note: String, at date: Date) async throws -> TimelineEvent {
        let ids = self.ids
        return try await backend.transaction { database in
            let current = try await Self.recoveryCase(caseID, in: database)
            let done = try await Self.completedSteps(caseID: caseID, in: database)
            let event = try current.recording(step, by: member, at: date, note: note, done: done, eventID: ids.makeID(at: date))
            try await IntakeWriter.insert(events: [event], into: database)
            if step == .apologize { try await Self.noteResponse(caseID: caseID, at: date, in: database) }
            try await Self.audit("case.step_recorded", target: caseID, detail: event.data, actor: "staff:\(member.id)", at: date, ids: ids, in: database)
            return event
        }
    }

    /// The other case that holds `dedupKey` (the one open case of its customer and scenario), if any.
    static func caseHolding(_ dedupKey: String, otherThan caseID: String, in database: any SQLDatabase) async throws -> String? {
        try await database.raw("SELECT id FROM cases WHERE dedup_key = \(bind: dedupKey) AND id <> \(bind: caseID)").first()?
            .decode(column: "id", as: String.self)
    }

    /// The case as the caller's transaction sees it, or a not-found error.
    static func recoveryCase(_ id: String, in database: any SQLDatabase) async throws -> RecoveryCase {
        guard let row = try await database.raw("SELECT * FROM cases WHERE id = \(bind: id)").first() else { throw AmendsError.notFound("case", id) }
        return try Rows.recoveryCase(row)
    }

    /// The checklist steps done on a case, read inside the caller's transaction.
    static func completedSteps(caseID: String, in database: any SQLDatabase) async throws -> Set<RecoveryStep> {
        let events = try await database.raw(
            "SELECT * FROM timeline WHERE case_id = \(bind: caseID) AND kind IN ('acknowledged', 'step_completed') ORDER BY at, id"
        ).all().map(Rows.timelineEvent)
        return Set(RecoveryCase.completedSteps(events).keys)
    }

    public func recordStatusLink(caseID: String, expiresAt: Date, by member: StaffMember, at date: Date) async throws {
        let ids = self.ids
        try await backend.transaction { database in
            let event = RecoveryCase.statusLinkEvent(caseID: caseID, expiresAt: expiresAt, by: member, at: date, eventID: ids.makeID(at: date))
            try await IntakeWriter.insert(events: [event], into: database)
            try await Self.audit("case.status_link_made", target: caseID, detail: event.data, actor: "staff:\(member.id)", at: date, ids: ids, in: database)
        }
    }

    public func addNote(caseID: String, text: String, by member: StaffMember, at date: Date) async throws -> TimelineEvent {
        let ids = self.ids
        return try await backend.transaction { database in
            let event = try await Self.recoveryCase(caseID, in: database).note(text, by: member, at: date, eventID: ids.makeID(at: date))
            try await IntakeWriter.insert(events: [event], into: database)
            try await Self.audit("case.note_added", target: caseID, detail: ["event_id": .string(event.id)], actor: "staff:\(member.id)", at: date, ids: ids, in: database)
            return event
        }
    }

    // MARK: Audit

    /// Appends an audit entry inside the caller's transaction: by `actor`, else by whoever ``AuditContext`` names.
    static func audit(
        _ action: String, target: String, detail: [String: JSONValue] = [:], actor: String?, at date: Date, ids: any IdentifierSource,
        in database: any SQLDatabase
    ) async throws {
        let context = AuditContext.current
        let who = actor ?? context?.actor ?? "system"
        try await database.raw(
            """
            INSERT INTO audit_log (id, at, actor, action, target, detail, source)
            VALUES (\(bind: ids.makeID(at: date)), \(bind: date.millis), \(bind: who), \(bind: action), \(bind: target),
            \(bind: JSONValue.object(detail).canonicalText), \(bind: context?.source ?? "internal"))
            """
        ).run()
    }

    public func auditLog(_ query: AuditQuery) async throws -> Page<AuditEntry> {
        try await backend.read { database in
            var sql = SQLQueryString("SELECT * FROM audit_log WHERE 1 = 1")
            sql.appendFilter("actor", query.actor)
            sql.appendFilter("action", query.action)
            sql.appendFilter("target", query.target)
            sql.appendFilter("id", query.after, operation: "<")
            sql.appendInterpolation(unsafeRaw: " ORDER BY id DESC LIMIT \(query.limit + 1)")
            let items = try await database.raw(sql).all().map { row in
                AuditEntry(
                    id: try row.decode(column: "id", as: String.self), at: Date(millis: try row.decode(column: "at", as: Int64.self)),
                    actor: try row.decode(column: "actor", as: String.self), action: try row.decode(column: "action", as: String.self),
                    target: try row.decode(column: "target", as: String.self),
                    detail: try Coding.decode([String: JSONValue].self, try row.decode(column: "detail", as: String.self)),
                    source: try row.decode(column: "source", as: String.self))
            }
            return Page(reading: items, limit: query.limit, id: \.id)
        }
    }

    // MARK: Escalation

    public func nextTimerDue() async throws -> Date? {
        try await backend.read { database in
            try await database.raw("SELECT MIN(due_at) AS due FROM timers WHERE fired_at IS NULL").first()?
                .decode(column: "due", as: Int64?.self).map(Date.init(millis:))
        }
    }

    public func dueTimers(now: Date, limit: Int) async throws -> [EscalationTimer] {
        try await backend.read { database in
            try await database.raw(
                "SELECT * FROM timers WHERE fired_at IS NULL AND due_at <= \(bind: now.millis) ORDER BY due_at, id LIMIT \(unsafeRaw: String(limit))"
            ).all().map { row in
                EscalationTimer(
                    id: try row.decode(column: "id", as: String.self),
                    caseID: try row.decode(column: "case_id", as: String.self),
                    level: try row.decode(column: "level", as: Int.self),
                    dueAt: Date(millis: try row.decode(column: "due_at", as: Int64.self))
                )
            }
        }
    }

    public func fire(_ timer: EscalationTimer, at now: Date, decide: @escaping @Sendable (RecoveryCase) -> EscalationStep) async throws -> Bool {
        try await backend.transaction { database in
            let claimed = try await database.raw(
                "UPDATE timers SET fired_at = \(bind: now.millis) WHERE id = \(bind: timer.id) AND fired_at IS NULL RETURNING id"
            ).all()
            guard !claimed.isEmpty else { return false }
            guard let row = try await database.raw("SELECT * FROM cases WHERE id = \(bind: timer.caseID)").first() else { return true }
            let step = decide(try Rows.recoveryCase(row))
            if let level = step.newLevel {
                try await database.raw("UPDATE cases SET escalation_level = \(bind: level) WHERE id = \(bind: timer.caseID)").run()
            }
            try await IntakeWriter.apply(step, to: database)
            return true
        }
    }

    // MARK: Outbox

    public func claimAlarms(now: Date, leaseUntil: Date, limit: Int) async throws -> [Alarm] {
        let skipLocked = backend.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await backend.transaction { database in
            try await database.raw(
                """
                UPDATE alarms SET lease_until = \(bind: leaseUntil.millis) WHERE id IN (
                SELECT id FROM alarms WHERE state = 'pending' AND next_attempt_at <= \(bind: now.millis)
                AND (lease_until IS NULL OR lease_until <= \(bind: now.millis))
                ORDER BY next_attempt_at, id LIMIT \(unsafeRaw: String(limit))\(unsafeRaw: skipLocked)) RETURNING *
                """
            ).all().map(Rows.alarm).sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }
        }
    }

    public func complete(_ attempts: [DeliveryAttempt]) async throws {
        guard !attempts.isEmpty else { return }
        let ids = self.ids
        try await backend.transaction { database in
            // One statement for every delivered alarm; failures are few and each has its own next time and error.
            let delivered = attempts.filter { $0.result == .delivered }
            if !delivered.isEmpty {
                var sql = SQLQueryString("UPDATE alarms SET state = 'delivered', attempts = attempts + 1, lease_until = NULL, last_error = NULL, delivered_at = ")
                sql.appendCase(on: "id", delivered.map { ($0.alarmID, $0.at.millis) })
                sql.appendInterpolation(unsafeRaw: " WHERE id ")
                sql.appendList(delivered.map(\.alarmID))
                try await database.raw(sql).run()
            }
            for attempt in attempts {
                switch attempt.result {
                case .delivered:
                    break
                case .retry(let next, let error):
                    try await database.raw(
                        """
                        UPDATE alarms SET attempts = attempts + 1, next_attempt_at = \(bind: next.millis), lease_until = NULL,
                        last_error = \(bind: error) WHERE id = \(bind: attempt.alarmID)
                        """
                    ).run()
                case .dead(let error):
                    try await database.raw(
                        "UPDATE alarms SET state = 'dead', attempts = attempts + 1, lease_until = NULL, last_error = \(bind: error) WHERE id = \(bind: attempt.alarmID)"
                    ).run()
                }
            }
            try await IntakeWriter.insert(events: attempts.map { $0.timelineEvent(id: ids.makeID(at: $0.at)) }, into: database)
        }
    }

    public func nextAlarmDue() async throws -> Date? {
        try await backend.read { database in
            // An alarm out on a lease is not due before the lease ends.
            try await database.raw(
                "SELECT MIN(CASE WHEN lease_until > next_attempt_at THEN lease_until ELSE next_attempt_at END) AS due FROM alarms WHERE state = 'pending'"
            ).first()?
            .decode(column: "due", as: Int64?.self).map(Date.init(millis:))
        }
    }

    public func alarms(state: Alarm.State?, caseID: String?, locations: [String]?, limit: Int) async throws -> [Alarm] {
        try await backend.read { database in
            var sql = SQLQueryString("SELECT * FROM alarms WHERE 1 = 1")
            if let locations {
                guard !locations.isEmpty else { return [] }
                sql.appendInterpolation(unsafeRaw: " AND case_id IN (SELECT id FROM cases WHERE location ")
                sql.appendList(locations)
                sql.appendInterpolation(unsafeRaw: ")")
            }
            if let state { sql.appendInterpolation(unsafeRaw: " AND state = "); sql.appendInterpolation(bind: state.rawValue) }
            if let caseID { sql.appendInterpolation(unsafeRaw: " AND case_id = "); sql.appendInterpolation(bind: caseID) }
            sql.appendInterpolation(unsafeRaw: " ORDER BY id DESC LIMIT \(limit)")
            return try await database.raw(sql).all().map(Rows.alarm)
        }
    }

    public func alarm(id: String) async throws -> Alarm? {
        try await backend.read { database in
            try await database.raw("SELECT * FROM alarms WHERE id = \(bind: id)").first().map(Rows.alarm)
        }
    }

    public func retry(alarmID: String, at date: Date) async throws -> Alarm {
        let ids = self.ids
        return try await backend.transaction { database in
            guard let row = try await database.raw("SELECT * FROM alarms WHERE id = \(bind: alarmID)").first() else {
                throw AmendsError.notFound("alarm", alarmID)
            }
            let alarm = try Rows.alarm(row)
            guard alarm.state == .dead else {
                throw AmendsError(.conflict, code: "alarm_not_dead", message: "alarm \(alarmID) is \(alarm.state.rawValue); only dead alarms can be retried")
            }
            let requeued = try Rows.alarm(
                try await database.raw(
                    "UPDATE alarms SET state = 'pending', attempts = 0, next_attempt_at = \(bind: date.millis), lease_until = NULL WHERE id = \(bind: alarmID) RETURNING *"
                ).first()!
            )
            try await Self.audit("alarm.retried", target: alarmID, detail: ["case_id": .string(alarm.caseID)], actor: nil, at: date, ids: ids, in: database)
            return requeued
        }
    }
}

/// JSON for the documents the store keeps in text columns.
enum Coding {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
