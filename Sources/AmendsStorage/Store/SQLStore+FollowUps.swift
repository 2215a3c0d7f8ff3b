import AmendsCore
import Foundation
import SQLKit

extension SQLStore {
    public func followUp(caseID: String) async throws -> FollowUp? {
        try await backend.read { database in
            try await database.raw("SELECT * FROM follow_ups WHERE case_id = \(bind: caseID)").first().map(Rows.followUp)
        }
    }

    public func claimFollowUps(now: Date, leaseUntil: Date, limit: Int) async throws -> [FollowUp] {
        let skipLocked = backend.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await backend.transaction { database in
            try await database.raw(
                """
                UPDATE follow_ups SET lease_until = \(bind: leaseUntil.millis) WHERE case_id IN (
                SELECT case_id FROM follow_ups WHERE sent_at IS NULL AND due_at <= \(bind: now.millis)
                AND (lease_until IS NULL OR lease_until <= \(bind: now.millis))
                ORDER BY due_at, case_id LIMIT \(unsafeRaw: String(limit))\(unsafeRaw: skipLocked)) RETURNING *
                """
            ).all().map(Rows.followUp).sorted { $0.caseID < $1.caseID }
        }
    }

    public func sendFollowUp(caseID: String, message: CustomerMessage?, skipped reason: String?, at date: Date) async throws {
        let ids = self.ids
        try await backend.transaction { database in
            try await database.raw("UPDATE follow_ups SET sent_at = \(bind: date.millis), lease_until = NULL WHERE case_id = \(bind: caseID)").run()
            if let message {
                _ = try await IntakeWriter.insert(into: "messages", columns: Self.messageColumns, rows: [Self.row(message)], in: database)
                try await IntakeWriter.insert(events: [message.queuedEvent(id: ids.makeID(at: date), actorName: "Amends")], into: database)
            } else {
                let event = TimelineEvent(
                    id: ids.makeID(at: date), caseID: caseID, at: date, kind: .followUpSkipped, actor: "system",
                    message: "The follow-up survey could not be sent: \(reason ?? "no way to reach the customer"). Follow up another way.")
                try await IntakeWriter.insert(events: [event], into: database)
            }
        }
    }

    public func answerSurvey(caseID: String, answer: SurveyAnswer, playbook: Playbook?) async throws -> RecoveryCase {
        let ids = self.ids
        return try await backend.transaction { database in
            guard let row = try await database.raw("SELECT * FROM follow_ups WHERE case_id = \(bind: caseID)").first() else {
                throw AmendsError.notFound("follow-up of case", caseID)
            }
            guard try Rows.followUp(row).answer == nil else {
                throw AmendsError(.conflict, code: "already_answered", message: "This survey has been answered already. Thank you!")
            }
            let current = try await Self.recoveryCase(caseID, in: database)
            let (updated, events, reopened) = current.judged(by: answer) { ids.makeID(at: answer.answeredAt) }
            try await database.raw(
                """
                UPDATE follow_ups SET answered_at = \(bind: answer.answeredAt.millis), satisfaction = \(bind: answer.satisfaction),
                recommend = \(bind: answer.recommend), comment = \(bind: answer.comment) WHERE case_id = \(bind: caseID)
                """
            ).run()
            var alert = EscalationStep()
            if updated.status != current.status {
                // A reopened case takes its customer's complaints again, unless another case is open for them meanwhile.
                var dedupKey: String?
                if updated.status.isOpen, let key = RecoveryCase.dedupKey(scenario: updated.scenario, customer: updated.customer),
                    try await Self.caseHolding(key, otherThan: caseID, in: database) == nil
                {
                    dedupKey = key
                }
                try await database.raw(
                    """
                    UPDATE cases SET status = \(bind: updated.status.rawValue), resolved_at = \(bind: updated.resolvedAt?.millis),
                    closed_at = \(bind: updated.closedAt?.millis), dedup_key = \(bind: dedupKey) WHERE id = \(bind: caseID)
                    """
                ).run()
            }
            if reopened, let playbook {
                let leads = DissatisfiedAlert.recipients(for: updated, among: try await Self.enabledStaff(in: database))
                alert = DissatisfiedAlert(recoveryCase: updated, answer: answer, playbook: playbook).step(to: leads, ids: ids, at: answer.answeredAt)
            }
            try await IntakeWriter.insert(events: events, into: database)
            try await IntakeWriter.apply(alert, to: database)
            return updated
        }
    }

    public func nextFollowUpDue() async throws -> Date? {
        try await backend.read { database in
            try await database.raw("SELECT MIN(due_at) AS due FROM follow_ups WHERE sent_at IS NULL").first()?
                .decode(column: "due", as: Int64?.self).map(Date.init(millis:))
        }
    }

    /// Plans (or plans again) the follow-up of a case just resolved, inside the caller's transaction.
    static func scheduleFollowUp(caseID: String, due: Date, in database: any SQLDatabase) async throws {
        try await database.raw(
            """
            INSERT INTO follow_ups (case_id, due_at) VALUES (\(bind: caseID), \(bind: due.millis))
            ON CONFLICT (case_id) DO UPDATE SET due_at = excluded.due_at, sent_at = NULL, lease_until = NULL, answered_at = NULL,
            satisfaction = NULL, recommend = NULL, comment = NULL
            """
        ).run()
    }
}

extension Rows {
    static func followUp(_ row: any SQLRow) throws -> FollowUp {
        var answer: SurveyAnswer?
        if let answeredAt = try row.decode(column: "answered_at", as: Int64?.self) {
            answer = SurveyAnswer(
                satisfaction: try row.decode(column: "satisfaction", as: Int?.self) ?? 0, recommend: try row.decode(column: "recommend", as: Int?.self) ?? 0,
                comment: try row.decode(column: "comment", as: String?.self), answeredAt: Date(millis: answeredAt))
        }
        return FollowUp(
            caseID: try row.decode(column: "case_id", as: String.self), dueAt: Date(millis: try row.decode(column: "due_at", as: Int64.self)),
            sentAt: try row.decode(column: "sent_at", as: Int64?.self).map(Date.init(millis:)), answer: answer)
    }
}
