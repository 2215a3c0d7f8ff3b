import AmendsCore
import Foundation
import SQLKit

extension SQLStore {
    public func addVisits(_ visits: [Visit]) async throws -> [(visit: Visit, added: Bool)] {
        guard !visits.isEmpty else { return [] }
        return try await backend.transaction { database in
            var outcomes: [(visit: Visit, added: Bool)] = []
            for visit in visits {
                let kept = try await IntakeWriter.insert(
                    into: "visits", columns: Self.visitColumns, rows: [try Self.row(visit)],
                    suffix: " ON CONFLICT (campaign, external_id) WHERE external_id IS NOT NULL DO NOTHING RETURNING id", in: database)
                if !kept.isEmpty {
                    outcomes.append((visit, true))
                } else if let externalID = visit.externalID,
                    let row = try await database.raw(
                        "SELECT * FROM visits WHERE campaign = \(bind: visit.campaign) AND external_id = \(bind: externalID)"
                    ).first()
                {
                    outcomes.append((try Rows.visit(row), false))
                } else {
                    throw AmendsError(.conflict, code: "visit_conflict", message: "visit \(visit.id) could not be stored")
                }
            }
            return outcomes
        }
    }

    public func visit(id: String) async throws -> Visit? {
        try await backend.read { database in try await database.raw("SELECT * FROM visits WHERE id = \(bind: id)").first().map(Rows.visit) }
    }

    public func claimVisits(now: Date, leaseUntil: Date, limit: Int) async throws -> [Visit] {
        let skipLocked = backend.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await backend.transaction { database in
            try await database.raw(
                """
                UPDATE visits SET lease_until = \(bind: leaseUntil.millis) WHERE id IN (
                SELECT id FROM visits WHERE next_at IS NOT NULL AND next_at <= \(bind: now.millis)
                AND (lease_until IS NULL OR lease_until <= \(bind: now.millis))
                ORDER BY next_at, id LIMIT \(unsafeRaw: String(limit))\(unsafeRaw: skipLocked)) RETURNING *
                """
            ).all().map(Rows.visit).sorted { $0.id < $1.id }
        }
    }

    public func updateVisit(_ visit: Visit) async throws {
        try await backend.transaction { database in
            // An answer that arrived while the message was being sent stands: the visit stays answered.
            try await database.raw(
                """
                UPDATE visits SET state = \(bind: visit.state.rawValue), next_at = \(bind: visit.nextAt?.millis),
                invited_at = \(bind: visit.invitedAt?.millis), reminded_at = \(bind: visit.remindedAt?.millis), medium = \(bind: visit.medium?.rawValue),
                attempts = \(bind: visit.attempts), last_error = \(bind: visit.lastError), lease_until = NULL
                WHERE id = \(bind: visit.id) AND answered_at IS NULL
                """
            ).run()
            try await database.raw(
                """
                UPDATE visits SET invited_at = \(bind: visit.invitedAt?.millis), reminded_at = \(bind: visit.remindedAt?.millis),
                medium = \(bind: visit.medium?.rawValue), lease_until = NULL WHERE id = \(bind: visit.id) AND answered_at IS NOT NULL
                """
            ).run()
        }
    }

    public func answerVisit(id: String, feedbackID: String, at date: Date) async throws -> Bool {
        try await backend.transaction { database in
            let rows = try await database.raw(
                """
                UPDATE visits SET state = 'answered', answered_at = \(bind: date.millis), feedback_id = \(bind: feedbackID), next_at = NULL
                WHERE id = \(bind: id) AND answered_at IS NULL RETURNING id
                """
            ).all()
            return !rows.isEmpty
        }
    }

    public func nextVisitDue() async throws -> Date? {
        try await backend.read { database in
            try await database.raw("SELECT MIN(next_at) AS due FROM visits WHERE next_at IS NOT NULL").first()?
                .decode(column: "due", as: Int64?.self).map(Date.init(millis:))
        }
    }

    public func campaignFigures(campaign: String, locations: [String]?) async throws -> CampaignFigures {
        try await backend.read { database in
            var sql = SQLQueryString(
                """
                SELECT COUNT(*) AS visits,
                SUM(CASE WHEN state = 'waiting' THEN 1 ELSE 0 END) AS waiting,
                SUM(CASE WHEN invited_at IS NOT NULL THEN 1 ELSE 0 END) AS invited,
                SUM(CASE WHEN reminded_at IS NOT NULL THEN 1 ELSE 0 END) AS reminded,
                SUM(CASE WHEN state = 'answered' THEN 1 ELSE 0 END) AS answered,
                SUM(CASE WHEN state = 'unsubscribed' THEN 1 ELSE 0 END) AS unsubscribed,
                SUM(CASE WHEN state = 'unreachable' THEN 1 ELSE 0 END) AS unreachable
                FROM visits WHERE campaign = \(bind: campaign)
                """)
            if let locations {
                guard !locations.isEmpty else { return CampaignFigures() }
                sql.appendInterpolation(unsafeRaw: " AND location ")
                sql.appendList(locations)
            }
            guard let row = try await database.raw(sql).first() else { return CampaignFigures() }
            func count(_ column: String) throws -> Int { Int(try row.decode(column: column, as: Int64?.self) ?? 0) }
            return CampaignFigures(
                visits: try count("visits"), waiting: try count("waiting"), invited: try count("invited"), reminded: try count("reminded"),
                answered: try count("answered"), unsubscribed: try count("unsubscribed"), unreachable: try count("unreachable"))
        }
    }

    public func visits(campaign: String, locations: [String]?, limit: Int) async throws -> [Visit] {
        try await backend.read { database in
            var sql = SQLQueryString("SELECT * FROM visits WHERE campaign = \(bind: campaign)")
            if let locations {
                guard !locations.isEmpty else { return [] }
                sql.appendInterpolation(unsafeRaw: " AND location ")
                sql.appendList(locations)
            }
            sql.appendInterpolation(unsafeRaw: " ORDER BY visited_at DESC, id DESC LIMIT \(max(1, limit))")
            return try await database.raw(sql).all().map(Rows.visit)
        }
    }

    public func customerPreferences(keys: [String]) async throws -> CustomerPreferences {
        guard !keys.isEmpty else { return CustomerPreferences() }
        return try await backend.read { database in
            var sql = SQLQueryString("SELECT * FROM customer_preferences WHERE customer_key ")
            sql.appendList(keys)
            sql.appendInterpolation(unsafeRaw: " ORDER BY updated_at DESC, customer_key")
            var preferences = CustomerPreferences()
            for row in try await database.raw(sql).all() {
                if preferences.language == nil { preferences.language = try row.decode(column: "language", as: String?.self) }
                if let consent = try row.decode(column: "contact_consent_at", as: Int64?.self).map(Date.init(millis:)) {
                    preferences.contactConsentAt = max(preferences.contactConsentAt ?? consent, consent)
                }
                if let unsubscribed = try row.decode(column: "unsubscribed_at", as: Int64?.self).map(Date.init(millis:)) {
                    preferences.unsubscribedAt = min(preferences.unsubscribedAt ?? unsubscribed, unsubscribed)
                }
            }
            return preferences
        }
    }

    public func noteCustomer(keys: [String], language: String?, consentAt: Date?, at date: Date) async throws {
        guard !keys.isEmpty, language != nil || consentAt != nil else { return }
        try await backend.transaction { database in
            for key in keys {
                try await database.raw(
                    """
                    INSERT INTO customer_preferences (customer_key, language, contact_consent_at, updated_at)
                    VALUES (\(bind: key), \(bind: language), \(bind: consentAt?.millis), \(bind: date.millis))
                    ON CONFLICT (customer_key) DO UPDATE SET language = COALESCE(excluded.language, customer_preferences.language),
                    contact_consent_at = COALESCE(excluded.contact_consent_at, customer_preferences.contact_consent_at), updated_at = excluded.updated_at
                    """
                ).run()
            }
        }
    }

    public func unsubscribe(keys: [String], at date: Date) async throws {
        guard !keys.isEmpty else { return }
        try await backend.transaction { database in
            for key in keys {
                try await database.raw(
                    """
                    INSERT INTO customer_preferences (customer_key, unsubscribed_at, updated_at) VALUES (\(bind: key), \(bind: date.millis), \(bind: date.millis))
                    ON CONFLICT (customer_key) DO UPDATE SET
                    unsubscribed_at = COALESCE(customer_preferences.unsubscribed_at, excluded.unsubscribed_at), updated_at = excluded.updated_at
                    """
                ).run()
            }
            // Their visits not yet invited are not asked, and those invited get no reminder.
            var sql = SQLQueryString("UPDATE visits SET state = 'unsubscribed', next_at = NULL WHERE state = 'waiting' AND customer_key ")
            sql.appendList(keys)
            try await database.raw(sql).run()
            var invited = SQLQueryString("UPDATE visits SET next_at = NULL WHERE state = 'invited' AND customer_key ")
            invited.appendList(keys)
            try await database.raw(invited).run()
        }
    }

    static let visitColumns = [
        "id", "campaign", "location", "customer", "customer_key", "language", "external_id", "visited_at", "state", "next_at", "invited_at", "reminded_at",
        "answered_at", "feedback_id", "medium", "attempts", "last_error", "lease_until", "created_at", "created_by",
    ]

    static func row(_ visit: Visit) throws -> [SQLCell] {
        [
            SQLCell(visit.id), SQLCell(visit.campaign), SQLCell(visit.location), SQLCell(try Coding.encode(visit.customer)), SQLCell(visit.customer.key),
            SQLCell(visit.language), SQLCell(visit.externalID), SQLCell(visit.visitedAt.millis), SQLCell(visit.state.rawValue), SQLCell(visit.nextAt?.millis),
            SQLCell(visit.invitedAt?.millis), SQLCell(visit.remindedAt?.millis), SQLCell(visit.answeredAt?.millis), SQLCell(visit.feedbackID),
            SQLCell(visit.medium?.rawValue), SQLCell(visit.attempts), SQLCell(visit.lastError), SQLCell(Int64?.none), SQLCell(visit.createdAt.millis),
            SQLCell(visit.createdBy),
        ]
    }
}

extension Rows {
    static func visit(_ row: any SQLRow) throws -> Visit {
        func date(_ column: String) throws -> Date? { try row.decode(column: column, as: Int64?.self).map(Date.init(millis:)) }
        return Visit(
            id: try row.decode(column: "id", as: String.self), campaign: try row.decode(column: "campaign", as: String.self),
            location: try row.decode(column: "location", as: String.self),
            customer: try Coding.decode(CustomerIdentity.self, try row.decode(column: "customer", as: String.self)),
            language: try row.decode(column: "language", as: String?.self), externalID: try row.decode(column: "external_id", as: String?.self),
            visitedAt: Date(millis: try row.decode(column: "visited_at", as: Int64.self)),
            state: Visit.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .waiting, nextAt: try date("next_at"),
            invitedAt: try date("invited_at"), remindedAt: try date("reminded_at"), answeredAt: try date("answered_at"),
            feedbackID: try row.decode(column: "feedback_id", as: String?.self),
            medium: try row.decode(column: "medium", as: String?.self).flatMap(MessageTemplate.Medium.init(rawValue:)),
            attempts: try row.decode(column: "attempts", as: Int.self), lastError: try row.decode(column: "last_error", as: String?.self),
            createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)), createdBy: try row.decode(column: "created_by", as: String.self))
    }
}
