import AmendsCore
import AmendsJSON
import Foundation
import SQLKit

/// Turns rows back into the product's values.
enum Rows {
    static func staff(_ row: any SQLRow) throws -> StaffMember {
        StaffMember(
            id: try row.decode(column: "id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            email: try row.decode(column: "email", as: String?.self),
            role: StaffMember.Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .frontline,
            locations: try row.decode(column: "locations", as: String?.self).map { try Coding.decode([String].self, $0) },
            authority: try row.decode(column: "authority", as: String?.self).map { try Coding.decode(AuthorityLimit.self, $0) },
            createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)),
            disabledAt: try row.decode(column: "disabled_at", as: Int64?.self).map(Date.init(millis:))
        )
    }

    static func feedback(_ row: any SQLRow) throws -> Feedback {
        let scale = try row.decode(column: "score_scale", as: String?.self).flatMap(Score.Scale.init(rawValue:))
        let value = try row.decode(column: "score_value", as: Double?.self)
        return Feedback(
            id: try row.decode(column: "id", as: String.self),
            channel: try row.decode(column: "channel", as: String.self),
            location: try row.decode(column: "location", as: String.self),
            customer: try row.decode(column: "customer", as: String?.self).map { try Coding.decode(CustomerIdentity.self, $0) },
            score: scale.flatMap { scale in value.map { Score(value: $0, scale: scale) } },
            text: try row.decode(column: "content", as: String?.self),
            metadata: try Coding.decode([String: JSONValue].self, try row.decode(column: "metadata", as: String.self)),
            occurredAt: Date(millis: try row.decode(column: "occurred_at", as: Int64.self)),
            receivedAt: Date(millis: try row.decode(column: "received_at", as: Int64.self)),
            analysis: try Coding.decode(Analysis.self, try row.decode(column: "analysis", as: String.self)),
            caseID: try row.decode(column: "case_id", as: String?.self)
        )
    }

    static func recoveryCase(_ row: any SQLRow) throws -> RecoveryCase {
        var recoveryCase = RecoveryCase(
            id: try row.decode(column: "id", as: String.self),
            scenario: try row.decode(column: "scenario", as: String.self),
            location: try row.decode(column: "location", as: String.self),
            team: try row.decode(column: "team", as: String.self),
            severity: Severity(rawValue: try row.decode(column: "severity", as: String.self)) ?? .medium,
            status: RecoveryCase.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .new,
            origin: RecoveryCase.Origin(rawValue: try row.decode(column: "origin", as: String.self)) ?? .feedback,
            summary: try row.decode(column: "summary", as: String.self),
            customer: try row.decode(column: "customer", as: String?.self).map { try Coding.decode(CustomerIdentity.self, $0) },
            openedAt: Date(millis: try row.decode(column: "opened_at", as: Int64.self)),
            acknowledgeBy: Date(millis: try row.decode(column: "acknowledge_by", as: Int64.self)),
            resolveBy: Date(millis: try row.decode(column: "resolve_by", as: Int64.self)),
            acknowledgedAt: try row.decode(column: "acknowledged_at", as: Int64?.self).map(Date.init(millis:)),
            owner: try row.decode(column: "owner", as: String?.self),
            escalationLevel: try row.decode(column: "escalation_level", as: Int.self),
            feedbackCount: try row.decode(column: "feedback_count", as: Int.self),
            resolvedAt: try row.decode(column: "resolved_at", as: Int64?.self).map(Date.init(millis:)),
            closedAt: try row.decode(column: "closed_at", as: Int64?.self).map(Date.init(millis:)),
            rootCause: try row.decode(column: "root_cause", as: String?.self).map { try Coding.decode(RootCause.self, $0) },
            slaPausedAt: try row.decode(column: "sla_paused_at", as: Int64?.self).map(Date.init(millis:)),
            respondBy: try row.decode(column: "respond_by", as: Int64?.self).map(Date.init(millis:)),
            respondedAt: try row.decode(column: "responded_at", as: Int64?.self).map(Date.init(millis:))
        )
        recoveryCase.mergedInto = try row.decode(column: "merged_into", as: String?.self)
        return recoveryCase
    }

    static func timelineEvent(_ row: any SQLRow) throws -> TimelineEvent {
        TimelineEvent(
            id: try row.decode(column: "id", as: String.self),
            caseID: try row.decode(column: "case_id", as: String.self),
            at: Date(millis: try row.decode(column: "at", as: Int64.self)),
            kind: TimelineEvent.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .opened,
            actor: try row.decode(column: "actor", as: String.self),
            message: try row.decode(column: "message", as: String.self),
            data: try Coding.decode([String: JSONValue].self, try row.decode(column: "data", as: String.self))
        )
    }

    static func alarm(_ row: any SQLRow) throws -> Alarm {
        Alarm(
            id: try row.decode(column: "id", as: String.self),
            caseID: try row.decode(column: "case_id", as: String.self),
            level: try row.decode(column: "level", as: Int.self),
            recipient: try row.decode(column: "recipient", as: String.self),
            endpoint: try row.decode(column: "endpoint", as: String.self),
            format: Contact.Format(rawValue: try row.decode(column: "format", as: String.self)) ?? .standard,
            secret: try row.decode(column: "secret", as: String?.self),
            body: try row.decode(column: "body", as: String.self),
            state: Alarm.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .pending,
            attempts: try row.decode(column: "attempts", as: Int.self),
            nextAttemptAt: Date(millis: try row.decode(column: "next_attempt_at", as: Int64.self)),
            lastError: try row.decode(column: "last_error", as: String?.self),
            createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)),
            deliveredAt: try row.decode(column: "delivered_at", as: Int64?.self).map(Date.init(millis:))
        )
    }
}
