import AmendsCore
import Foundation
import SQLKit

extension SQLStore {
    public func queueMessage(_ message: CustomerMessage, actorName: String) async throws {
        let ids = self.ids
        try await backend.transaction { database in
            let recoveryCase = try await Self.recoveryCase(message.caseID, in: database)
            guard recoveryCase.status != .closed else {
                throw AmendsError(.conflict, code: "case_closed", message: "case \(message.caseID) is closed; reopen it to write to the customer")
            }
            _ = try await IntakeWriter.insert(into: "messages", columns: Self.messageColumns, rows: [Self.row(message)], in: database)
            if message.createdBy.hasPrefix("staff:") { try await Self.noteResponse(caseID: message.caseID, at: message.createdAt, in: database) }
            let event = message.queuedEvent(id: ids.makeID(at: message.createdAt), actorName: actorName)
            try await IntakeWriter.insert(events: [event], into: database)
            try await Self.audit(
                "message.queued", target: message.caseID,
                detail: ["message_id": .string(message.id), "medium": .string(message.medium.rawValue), "address": .string(message.address)],
                actor: message.createdBy, at: message.createdAt, ids: ids, in: database)
        }
    }

    @discardableResult
    public func recordReply(_ message: CustomerMessage) async throws -> Bool {
        let ids = self.ids
        return try await backend.transaction { database in
            let kept = try await IntakeWriter.insert(
                into: "messages", columns: Self.messageColumns, rows: [Self.row(message)], suffix: " ON CONFLICT (id) DO NOTHING RETURNING id", in: database)
            guard !kept.isEmpty else { return false }
            try await IntakeWriter.insert(events: [message.receivedEvent(id: ids.makeID(at: message.createdAt))], into: database)
            return true
        }
    }

    public func messages(caseID: String) async throws -> [CustomerMessage] {
        try await backend.read { database in
            try await database.raw("SELECT * FROM messages WHERE case_id = \(bind: caseID) ORDER BY created_at, id").all().map(Rows.message)
        }
    }

    public func message(id: String) async throws -> CustomerMessage? {
        try await backend.read { database in try await database.raw("SELECT * FROM messages WHERE id = \(bind: id)").first().map(Rows.message) }
    }

    public func messages(state: CustomerMessage.State, locations: [String]?, limit: Int) async throws -> [CustomerMessage] {
        try await backend.read { database in
            var sql = SQLQueryString("SELECT messages.* FROM messages JOIN cases ON cases.id = messages.case_id WHERE messages.state = ")
            sql.appendInterpolation(bind: state.rawValue)
            if let locations {
                guard !locations.isEmpty else { return [] }
                sql.appendInterpolation(unsafeRaw: " AND cases.location ")
                sql.appendList(locations)
            }
            sql.appendInterpolation(unsafeRaw: " ORDER BY messages.id DESC LIMIT \(max(1, limit))")
            return try await database.raw(sql).all().map(Rows.message)
        }
    }

    public func retry(messageID: String, at date: Date) async throws -> CustomerMessage {
        let ids = self.ids
        return try await backend.transaction { database in
            guard let row = try await database.raw("SELECT * FROM messages WHERE id = \(bind: messageID)").first() else {
                throw AmendsError.notFound("message", messageID)
            }
            let message = try Rows.message(row)
            guard message.state == .dead else {
                throw AmendsError(
                    .conflict, code: "message_not_dead", message: "message \(messageID) is \(message.state.rawValue); only messages given up on can be sent again")
            }
            let requeued = try Rows.message(
                try await database.raw(
                    "UPDATE messages SET state = 'queued', attempts = 0, next_attempt_at = \(bind: date.millis), lease_until = NULL WHERE id = \(bind: messageID) RETURNING *"
                ).first()!
            )
            try await Self.audit("message.retried", target: messageID, detail: ["case_id": .string(message.caseID)], actor: nil, at: date, ids: ids, in: database)
            return requeued
        }
    }

    public func openCase(customerKey: String) async throws -> RecoveryCase? {
        let open = RecoveryCase.Status.allCases.filter(\.isOpen).map(\.rawValue)
        return try await backend.read { database in
            var sql = SQLQueryString("SELECT * FROM cases WHERE customer_key = \(bind: customerKey) AND status ")
            sql.appendList(open)
            sql.appendInterpolation(unsafeRaw: " ORDER BY opened_at DESC, id DESC LIMIT 1")
            return try await database.raw(sql).first().map(Rows.recoveryCase)
        }
    }

    public func claimMessages(now: Date, leaseUntil: Date, limit: Int) async throws -> [CustomerMessage] {
        let skipLocked = backend.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await backend.transaction { database in
            try await database.raw(
                """
                UPDATE messages SET lease_until = \(bind: leaseUntil.millis) WHERE id IN (
                SELECT id FROM messages WHERE state = 'queued' AND next_attempt_at <= \(bind: now.millis)
                AND (lease_until IS NULL OR lease_until <= \(bind: now.millis))
                ORDER BY next_attempt_at, id LIMIT \(unsafeRaw: String(limit))\(unsafeRaw: skipLocked)) RETURNING *
                """
            ).all().map(Rows.message).sorted { $0.id < $1.id }
        }
    }

    public func completeMessages(_ attempts: [MessageAttempt]) async throws {
        guard !attempts.isEmpty else { return }
        let ids = self.ids
        try await backend.transaction { database in
            for attempt in attempts {
                let id = attempt.message.id
                switch attempt.result {
                case .delivered:
                    try await database.raw(
                        """
                        UPDATE messages SET state = 'sent', attempts = attempts + 1, lease_until = NULL, last_error = NULL,
                        sent_at = \(bind: attempt.at.millis) WHERE id = \(bind: id)
                        """
                    ).run()
                case .retry(let next, let error):
                    try await database.raw(
                        """
                        UPDATE messages SET attempts = attempts + 1, next_attempt_at = \(bind: next.millis), lease_until = NULL,
                        last_error = \(bind: error) WHERE id = \(bind: id)
                        """
                    ).run()
                case .dead(let error):
                    try await database.raw(
                        "UPDATE messages SET state = 'dead', attempts = attempts + 1, lease_until = NULL, last_error = \(bind: error) WHERE id = \(bind: id)"
                    ).run()
                }
            }
            try await IntakeWriter.insert(events: attempts.map { $0.event(id: ids.makeID(at: $0.at)) }, into: database)
        }
    }

    public func nextMessageDue() async throws -> Date? {
        try await backend.read { database in
            try await database.raw("SELECT MIN(next_attempt_at) AS due FROM messages WHERE state = 'queued'").first()?
                .decode(column: "due", as: Int64?.self).map(Date.init(millis:))
        }
    }

    static let messageColumns = [
        "id", "case_id", "direction", "kind", "medium", "language", "address", "subject", "body", "state", "attempts", "next_attempt_at",
        "lease_until", "last_error", "created_at", "sent_at", "created_by",
    ]

    static func row(_ message: CustomerMessage) -> [SQLCell] {
        [
            SQLCell(message.id), SQLCell(message.caseID), SQLCell(message.direction.rawValue), SQLCell(message.kind?.rawValue),
            SQLCell(message.medium.rawValue), SQLCell(message.language), SQLCell(message.address), SQLCell(message.subject), SQLCell(message.body),
            SQLCell(message.state.rawValue), SQLCell(message.attempts), SQLCell(message.nextAttemptAt?.millis), SQLCell(Int64?.none),
            SQLCell(message.lastError), SQLCell(message.createdAt.millis), SQLCell(message.sentAt?.millis), SQLCell(message.createdBy),
        ]
    }
}

extension Rows {
    static func message(_ row: any SQLRow) throws -> CustomerMessage {
        CustomerMessage(
            id: try row.decode(column: "id", as: String.self), caseID: try row.decode(column: "case_id", as: String.self),
            direction: CustomerMessage.Direction(rawValue: try row.decode(column: "direction", as: String.self)) ?? .outbound,
            kind: try row.decode(column: "kind", as: String?.self).flatMap(MessageTemplate.Kind.init(rawValue:)),
            medium: MessageTemplate.Medium(rawValue: try row.decode(column: "medium", as: String.self)) ?? .email,
            language: try row.decode(column: "language", as: String?.self), address: try row.decode(column: "address", as: String.self),
            subject: try row.decode(column: "subject", as: String?.self), body: try row.decode(column: "body", as: String.self),
            state: CustomerMessage.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .queued,
            attempts: try row.decode(column: "attempts", as: Int.self),
            nextAttemptAt: try row.decode(column: "next_attempt_at", as: Int64?.self).map(Date.init(millis:)),
            lastError: try row.decode(column: "last_error", as: String?.self),
            createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)),
            sentAt: try row.decode(column: "sent_at", as: Int64?.self).map(Date.init(millis:)), createdBy: try row.decode(column: "created_by", as: String.self))
    }
}
