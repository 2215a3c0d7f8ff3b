import AmendsCore
import AmendsJSON
import Foundation
import SQLKit

extension SQLStore {
    public func grantCompensation(
        caseID: String, remedy: Remedy, value: Money, reason: String, by member: StaffMember, playbook: Playbook, at date: Date
    ) async throws -> CompensationGrant {
        let ids = self.ids
        let dialect = backend.dialect
        return try await backend.transaction { database in
            let recoveryCase = try await Self.recoveryCase(caseID, in: database)
            try member.requireLocation(recoveryCase.location, for: "case \(caseID)")
            guard recoveryCase.status != .closed else {
                throw AmendsError(.conflict, code: "case_closed", message: "case \(caseID) is closed; reopen it to grant compensation")
            }
            guard let rules = playbook.compensationRules(at: recoveryCase.location) else { throw AmendsError.noCompensationPolicy }
            try await Self.lockCompensation(location: recoveryCase.location, dialect: dialect, in: database)
            let windows = playbook.compensationWindows(at: date, location: recoveryCase.location)
            let totals = try await Self.compensationTotals(location: recoveryCase.location, windows: windows, in: database)
            let holds = rules.holds(granting: value, by: member, totals: totals)
            var grant = CompensationGrant(
                id: ids.makeID(at: date), caseID: caseID, location: recoveryCase.location, customerKey: recoveryCase.customer?.key, remedy: remedy,
                value: value, reason: reason, status: holds.isEmpty ? .granted : .pending, holds: holds, requestedBy: "staff:\(member.id)",
                requestedAt: date, decidedBy: holds.isEmpty ? "staff:\(member.id)" : nil, decidedAt: holds.isEmpty ? date : nil)
            var approvers: [StaffMember] = []
            var alarms: [Alarm] = []
            if !holds.isEmpty {
                approvers = rules.approvers(for: grant, among: try await Self.enabledStaff(in: database), totals: totals)
                grant.approvers = approvers.map(\.id)
                alarms = ApprovalRequest(grant: grant, recoveryCase: recoveryCase, requester: member, playbook: playbook).alarms(to: approvers, ids: ids, at: date)
            }
            try await IntakeWriter.insert(grants: [grant], into: database)
            let event = grant.event(id: ids.makeID(at: date), actor: "staff:\(member.id)", actorName: member.name, at: date, approverNames: approvers.map(\.name))
            let alarmEvents = ApprovalRequest.events(for: alarms, ids: ids, at: date)
            try await IntakeWriter.insert(events: ([event] + alarmEvents).map(IntakeWriter.row), alarms: alarms.map(IntakeWriter.row), timers: [], into: database)
            try await Self.audit(
                grant.status == .granted ? "compensation.granted" : "compensation.requested", target: grant.id,
                detail: Self.auditDetail(grant), actor: "staff:\(member.id)", at: date, ids: ids, in: database)
            return grant
        }
    }

    public func decideCompensation(
        grantID: String, approve: Bool, reason: String?, by member: StaffMember, playbook: Playbook, at date: Date
    ) async throws -> CompensationGrant {
        let ids = self.ids
        let dialect = backend.dialect
        return try await backend.transaction { database in
            guard let row = try await database.raw("SELECT * FROM compensation WHERE id = \(bind: grantID)").first() else {
                throw AmendsError.notFound("grant", grantID)
            }
            var grant = try Rows.grant(row)
            try member.requireLocation(grant.location, for: "grant \(grantID)")
            guard grant.status == .pending else {
                throw AmendsError(
                    .conflict, code: "not_pending",
                    message: "grant \(grantID) is \(grant.status.rawValue) already (by \(grant.decidedBy ?? "nobody")); only a pending grant can be decided")
            }
            guard let rules = playbook.compensationRules(at: grant.location) else { throw AmendsError.noCompensationPolicy }
            try await Self.lockCompensation(location: grant.location, dialect: dialect, in: database)
            let totals = try await Self.compensationTotals(
                location: grant.location, windows: playbook.compensationWindows(at: date, location: grant.location), in: database)
            // Denying takes the same standing as approving: someone whose authority covers the grant.
            try rules.requireApproval(grant, by: member, totals: totals)
            grant.status = approve ? .granted : .denied
            grant.decidedBy = "staff:\(member.id)"
            grant.decidedAt = Date(millis: date.millis)
            grant.decisionReason = reason
            try await database.raw(
                """
                UPDATE compensation SET status = \(bind: grant.status.rawValue), decided_by = \(bind: grant.decidedBy), decided_at = \(bind: date.millis),
                decision_reason = \(bind: reason) WHERE id = \(bind: grantID) AND status = 'pending'
                """
            ).run()
            let event = grant.event(id: ids.makeID(at: date), actor: "staff:\(member.id)", actorName: member.name, at: date)
            try await IntakeWriter.insert(events: [event], into: database)
            try await Self.audit(
                approve ? "compensation.approved" : "compensation.denied", target: grantID, detail: Self.auditDetail(grant), actor: "staff:\(member.id)",
                at: date, ids: ids, in: database)
            return grant
        }
    }

    public func compensation(id: String) async throws -> CompensationGrant? {
        try await backend.read { database in
            try await database.raw("SELECT * FROM compensation WHERE id = \(bind: id)").first().map(Rows.grant)
        }
    }

    public func compensationLedger(_ query: CompensationQuery) async throws -> Page<CompensationGrant> {
        try await backend.read { database in
            var sql = SQLQueryString("SELECT * FROM compensation WHERE 1 = 1")
            sql.appendFilter("status", query.status?.rawValue)
            sql.appendFilter("location", query.location)
            if let locations = query.locations {
                guard !locations.isEmpty else { return Page(items: [], next: nil) }
                sql.appendInterpolation(unsafeRaw: " AND location ")
                sql.appendList(locations)
            }
            sql.appendFilter("case_id", query.caseID)
            sql.appendFilter("customer_key", query.customerKey)
            if let approver = query.approver {
                // The approvers are a JSON list of ids; ids never hold quotes, so the quoted id matches one entry exactly.
                sql.appendInterpolation(unsafeRaw: " AND approvers LIKE ")
                sql.appendInterpolation(bind: "%\"\(approver.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "\\_"))\"%")
                if approver.contains("_") { sql.appendInterpolation(unsafeRaw: " ESCAPE '\\'") }
            }
            sql.appendFilter("requested_at", query.since?.millis, operation: ">=")
            sql.appendFilter("requested_at", query.until?.millis, operation: "<")
            sql.appendFilter("id", query.after, operation: "<")
            sql.appendInterpolation(unsafeRaw: " ORDER BY id DESC LIMIT \(query.limit + 1)")
            return Page(reading: try await database.raw(sql).all().map(Rows.grant), limit: query.limit, id: \.id)
        }
    }

    public func setAuthority(staffID: String, authority: AuthorityLimit?, at date: Date) async throws -> StaffMember {
        let ids = self.ids
        return try await backend.transaction { database in
            guard let row = try await database.raw("SELECT * FROM staff WHERE id = \(bind: staffID)").first() else {
                throw AmendsError.notFound("staff member", staffID)
            }
            var member = try Rows.staff(row)
            let text = try authority.map { try Coding.encode($0) }
            try await database.raw("UPDATE staff SET authority = \(bind: text) WHERE id = \(bind: staffID)").run()
            try await Self.audit(
                "staff.authority_set", target: staffID, detail: ["authority": authority?.json ?? .null], actor: nil, at: date, ids: ids, in: database)
            member.authority = authority
            return member
        }
    }

    /// The staff whose accounts work, inside the caller's transaction.
    static func enabledStaff(in database: any SQLDatabase) async throws -> [StaffMember] {
        try await database.raw("SELECT * FROM staff WHERE disabled_at IS NULL ORDER BY id").all().map(Rows.staff)
    }

    /// Makes concurrent grants at one location wait for each other on PostgreSQL, so two grants cannot both fit a limit
    /// that only one of them fits. SQLite has one writer, so its transactions are already one at a time.
    static func lockCompensation(location: String, dialect: Dialect, in database: any SQLDatabase) async throws {
        guard dialect == .postgres else { return }
        try await database.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "compensation:" + location)))").run()
    }

    public func compensationTotals(location: String, windows: (day: Date, month: Date)) async throws -> CompensationTotals {
        try await backend.read { database in try await Self.compensationTotals(location: location, windows: windows, in: database) }
    }

    /// What each staff member granted or approved since the start of the day, and what the location granted since the
    /// start of the month.
    static func compensationTotals(location: String, windows: (day: Date, month: Date), in database: any SQLDatabase) async throws
        -> CompensationTotals
    {
        var totals = CompensationTotals()
        let byPerson = try await database.raw(
            """
            SELECT decided_by, currency, CAST(SUM(amount_minor) AS BIGINT) AS total FROM compensation
            WHERE status = 'granted' AND decided_at >= \(bind: windows.day.millis) AND decided_by LIKE 'staff:%'
            GROUP BY decided_by, currency
            """
        ).all()
        for row in byPerson {
            let who = String(try row.decode(column: "decided_by", as: String.self).dropFirst("staff:".count))
            totals.grantedToday[who, default: [:]][try row.decode(column: "currency", as: String.self)] = try row.decode(column: "total", as: Int64.self)
        }
        let byCurrency = try await database.raw(
            """
            SELECT currency, CAST(SUM(amount_minor) AS BIGINT) AS total FROM compensation
            WHERE status = 'granted' AND location = \(bind: location) AND decided_at >= \(bind: windows.month.millis)
            GROUP BY currency
            """
        ).all()
        for row in byCurrency {
            totals.spentThisMonth[try row.decode(column: "currency", as: String.self)] = try row.decode(column: "total", as: Int64.self)
        }
        return totals
    }

    static func auditDetail(_ grant: CompensationGrant) -> [String: JSONValue] {
        var detail: [String: JSONValue] = [
            "case_id": .string(grant.caseID), "remedy": .string(grant.remedy), "value": grant.value.json, "status": .string(grant.status.rawValue),
        ]
        if !grant.holds.isEmpty { detail["holds"] = .array(grant.holds.map { .string($0.rawValue) }) }
        if let reason = grant.decisionReason { detail["reason"] = .string(reason) }
        return detail
    }
}

extension IntakeWriter {
    static let grantColumns = [
        "id", "case_id", "location", "customer_key", "remedy", "kind", "name", "amount_minor", "currency", "reason", "status", "holds", "approvers",
        "guarantee", "requested_by", "requested_at", "decided_by", "decided_at", "decision_reason",
    ]

    static func row(_ grant: CompensationGrant) -> [SQLCell] {
        [
            SQLCell(grant.id), SQLCell(grant.caseID), SQLCell(grant.location), SQLCell(grant.customerKey), SQLCell(grant.remedy),
            SQLCell(grant.kind.rawValue), SQLCell(grant.name), SQLCell(grant.value.minorUnits), SQLCell(grant.value.currency), SQLCell(grant.reason),
            SQLCell(grant.status.rawValue), SQLCell(grant.holds.map(\.rawValue).joined(separator: ",")),
            SQLCell(JSONValue.array(grant.approvers.map(JSONValue.string)).canonicalText), SQLCell(grant.guarantee), SQLCell(grant.requestedBy),
            SQLCell(grant.requestedAt.millis), SQLCell(grant.decidedBy), SQLCell(grant.decidedAt?.millis), SQLCell(grant.decisionReason),
        ]
    }

    static func insert(grants: [CompensationGrant], into database: any SQLDatabase) async throws {
        _ = try await insert(into: "compensation", columns: grantColumns, rows: grants.map(row), in: database)
    }
}

extension Rows {
    static func grant(_ row: any SQLRow) throws -> CompensationGrant {
        let holds = try row.decode(column: "holds", as: String.self)
        return CompensationGrant(
            id: try row.decode(column: "id", as: String.self), caseID: try row.decode(column: "case_id", as: String.self),
            location: try row.decode(column: "location", as: String.self), customerKey: try row.decode(column: "customer_key", as: String?.self),
            remedy: try row.decode(column: "remedy", as: String.self),
            kind: Remedy.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .other, name: try row.decode(column: "name", as: String.self),
            value: Money(minorUnits: try row.decode(column: "amount_minor", as: Int64.self), currency: try row.decode(column: "currency", as: String.self)),
            reason: try row.decode(column: "reason", as: String.self),
            status: CompensationGrant.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
            holds: holds.split(separator: ",").compactMap { CompensationGrant.Hold(rawValue: String($0)) },
            approvers: try Coding.decode([String].self, try row.decode(column: "approvers", as: String.self)),
            guarantee: try row.decode(column: "guarantee", as: Int64.self) != 0, requestedBy: try row.decode(column: "requested_by", as: String.self),
            requestedAt: Date(millis: try row.decode(column: "requested_at", as: Int64.self)),
            decidedBy: try row.decode(column: "decided_by", as: String?.self),
            decidedAt: try row.decode(column: "decided_at", as: Int64?.self).map(Date.init(millis:)),
            decisionReason: try row.decode(column: "decision_reason", as: String?.self))
    }
}
