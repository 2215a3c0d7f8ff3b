import AmendsCore
import AmendsJSON
import Foundation
import SQLKit

/// An intake record with its rows already written out, so the transaction only binds and steps.
///
/// Built on the caller's task, before the record joins a commit, so the single writer does as little as possible; a class,
/// so handing it along the commit path copies one reference rather than every string in it.
final class PreparedIntake: Sendable {
    let record: IntakeRecord
    let feedbackRow: [SQLCell]
    let opening: PreparedOpening?

    init(_ record: IntakeRecord) {
        self.record = record
        let feedback = record.feedback
        opening = record.opening.map { PreparedOpening($0, createdBy: "feedback") }
        feedbackRow = [
            SQLCell(feedback.id), SQLCell(feedback.channel), SQLCell(feedback.location), SQLCell(feedback.customer?.key),
            SQLCell(feedback.customer?.jsonText), SQLCell(feedback.score?.value), SQLCell(feedback.score?.scale.rawValue),
            SQLCell(feedback.text), SQLCell(JSONValue.object(feedback.metadata).canonicalText), SQLCell(feedback.occurredAt.millis),
            SQLCell(feedback.receivedAt.millis), SQLCell(feedback.analysis.failure), SQLCell(feedback.analysis.scenario),
            SQLCell(feedback.analysis.jsonText),
            // The case it opens; pointed elsewhere in the transaction if it joins an open case instead.
            SQLCell(record.opening?.recoveryCase.id), SQLCell(record.idempotencyKey), SQLCell(record.fingerprint),
            SQLCell(feedback.customer?.externalKey), SQLCell(feedback.customer?.emailKey), SQLCell(feedback.customer?.phoneKey),
        ]
    }

    static let feedbackColumns = [
        "id", "channel", "location", "customer_key", "customer", "score_value", "score_scale", "content", "metadata", "occurred_at",
        "received_at", "failure", "scenario", "analysis", "case_id", "idempotency_key", "fingerprint", "external_key", "email_key", "phone_key",
    ]
}

/// A case opening with its rows: the case, the timeline events, the alarms and the first timer.
final class PreparedOpening: Sendable {
    let opening: CaseOpening
    /// Who opens it: `feedback`, or the staff member's actor name.
    let createdBy: String
    let caseRow: [SQLCell]
    let eventRows: [[SQLCell]]
    let alarmRows: [[SQLCell]]
    let timerRows: [[SQLCell]]
    let grantRows: [[SQLCell]]
    let messageRows: [[SQLCell]]

    init(_ opening: CaseOpening, createdBy: String, idempotencyKey: String? = nil, fingerprint: String? = nil) {
        self.opening = opening
        self.createdBy = createdBy
        let recoveryCase = opening.recoveryCase
        caseRow = [
            SQLCell(recoveryCase.id), SQLCell(recoveryCase.scenario), SQLCell(recoveryCase.location), SQLCell(recoveryCase.team),
            SQLCell(recoveryCase.severity.rawValue), SQLCell(recoveryCase.status.rawValue), SQLCell(recoveryCase.origin.rawValue),
            SQLCell(recoveryCase.summary), SQLCell(recoveryCase.customer?.jsonText), SQLCell(recoveryCase.customer?.key),
            SQLCell(recoveryCase.openedAt.millis), SQLCell(recoveryCase.acknowledgeBy.millis), SQLCell(recoveryCase.resolveBy.millis),
            SQLCell(Int64?.none), SQLCell(String?.none), SQLCell(0), SQLCell(recoveryCase.feedbackCount), SQLCell(opening.dedupKey),
            SQLCell(createdBy), SQLCell(idempotencyKey), SQLCell(fingerprint), SQLCell(recoveryCase.respondBy?.millis),
            SQLCell(recoveryCase.customer?.externalKey), SQLCell(recoveryCase.customer?.emailKey), SQLCell(recoveryCase.customer?.phoneKey),
        ]
        let guaranteeEvents = [opening.guarantee?.event, opening.guarantee?.messageEvent].compactMap { $0 }
        eventRows = ([opening.openedEvent] + opening.step.events + guaranteeEvents).map(IntakeWriter.row)
        alarmRows = opening.step.alarms.map(IntakeWriter.row)
        timerRows = opening.step.nextTimer.map { [IntakeWriter.row($0)] } ?? []
        grantRows = opening.guarantee.map { [IntakeWriter.row($0.grant)] } ?? []
        messageRows = opening.guarantee?.message.map { [SQLStore.row($0)] } ?? []
    }

    static let caseColumns = [
        "id", "scenario", "location", "team", "severity", "status", "origin", "summary", "customer", "customer_key", "opened_at",
        "acknowledge_by", "resolve_by", "acknowledged_at", "owner", "escalation_level", "feedback_count", "dedup_key", "created_by",
        "idempotency_key", "fingerprint", "respond_by", "external_key", "email_key", "phone_key",
    ]
}
