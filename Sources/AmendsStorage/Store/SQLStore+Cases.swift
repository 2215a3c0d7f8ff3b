import AmendsCore
import AmendsJSON
import AmendsText
import Foundation
import Logging
import SQLKit

extension SQLStore {
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
            found.related = try await Self.related(of: id, in: database)
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
        let dialect = backend.dialect
        return try await backend.read { database in
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
                sql.appendInvolving(staffID, dialect: dialect)
            }
            if let words = query.words {
                // The customer column is JSON, so its keys may match too; those cases are dropped below.
                let pattern = "%" + words.lowercased().replacing("\\", with: "\\\\").replacing("%", with: "\\%").replacing("_", with: "\\_") + "%"
                sql.appendInterpolation(unsafeRaw: " AND (LOWER(summary) LIKE ")
                sql.appendInterpolation(bind: pattern)
                sql.appendInterpolation(unsafeRaw: " ESCAPE '\\' OR LOWER(COALESCE(customer, '')) LIKE ")
                sql.appendInterpolation(bind: pattern)
                sql.appendInterpolation(unsafeRaw: " ESCAPE '\\')")
            }
            sql.appendFilter("id", query.after, operation: "<")
            sql.appendInterpolation(unsafeRaw: " ORDER BY id DESC LIMIT \(query.limit + 1)")
            var page = Page(reading: try await database.raw(sql).all().map(Rows.recoveryCase), limit: query.limit, id: \.id)
            if let words = query.words { page.items.removeAll { !$0.mentions(words) } }
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
}
