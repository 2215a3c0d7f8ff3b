import AmendsCore
import AmendsJSON
import Foundation
import SQLKit

extension SQLStore {
    /// The cases linked to `caseID` as related, in the order they were linked; nil when none are.
    static func related(of caseID: String, in database: any SQLDatabase) async throws -> [String]? {
        let rows = try await database.raw("SELECT related_id FROM case_links WHERE case_id = \(bind: caseID) ORDER BY linked_at, related_id").all()
        let ids = try rows.map { try $0.decode(column: "related_id", as: String.self) }
        return ids.isEmpty ? nil : ids
    }

    public func merge(caseID: String, into survivorID: String, by member: StaffMember, at date: Date) async throws -> RecoveryCase {
        let ids = self.ids
        return try await backend.transaction { database in
            let duplicate = try await Self.recoveryCase(caseID, in: database)
            let survivor = try await Self.recoveryCase(survivorID, in: database)
            let merge = try duplicate.merging(into: survivor, by: member, at: date, eventIDs: (ids.makeID(at: date), ids.makeID(at: date)))
            // Everything the duplicate had goes to the survivor: what the customer said, the story, the messages, the grants.
            for table in ["feedback", "timeline", "messages", "compensation", "alarms"] {
                try await database.raw("UPDATE \(unsafeRaw: table) SET case_id = \(bind: survivorID) WHERE case_id = \(bind: caseID)").run()
            }
            try await database.raw(
                """
                INSERT INTO case_collaborators (case_id, staff_id, added_at, added_by)
                SELECT \(bind: survivorID), staff_id, added_at, added_by FROM case_collaborators AS old
                WHERE old.case_id = \(bind: caseID) AND old.staff_id <> \(bind: survivor.owner ?? "")
                AND NOT EXISTS (SELECT 1 FROM case_collaborators AS here WHERE here.case_id = \(bind: survivorID) AND here.staff_id = old.staff_id)
                """
            ).run()
            try await database.raw("DELETE FROM case_collaborators WHERE case_id = \(bind: caseID)").run()
            // The duplicate's timers stop: nobody is escalated for a case that is no more.
            try await database.raw("DELETE FROM timers WHERE case_id = \(bind: caseID)").run()
            if try await database.raw("SELECT 1 AS one FROM follow_ups WHERE case_id = \(bind: survivorID)").first() == nil {
                try await database.raw("UPDATE follow_ups SET case_id = \(bind: survivorID) WHERE case_id = \(bind: caseID)").run()
            } else {
                try await database.raw("DELETE FROM follow_ups WHERE case_id = \(bind: caseID)").run()
            }
            let cause = try Coding.encode(merge.duplicate.rootCause)
            try await database.raw(
                """
                UPDATE cases SET status = 'closed', closed_at = \(bind: date.millis), merged_into = \(bind: survivorID), root_cause = \(bind: cause),
                feedback_count = 0 WHERE id = \(bind: caseID)
                """
            ).run()
            try await database.raw(
                "UPDATE cases SET feedback_count = feedback_count + \(bind: duplicate.feedbackCount) WHERE id = \(bind: survivorID)"
            ).run()
            try await IntakeWriter.insert(events: [merge.survivorEvent, merge.duplicateEvent], into: database)
            try await Self.audit(
                "case.merged", target: caseID, detail: ["into": .string(survivorID)], actor: "staff:\(member.id)", at: date, ids: ids, in: database)
            var merged = try await Self.recoveryCase(caseID, in: database)
            merged.related = try await Self.related(of: caseID, in: database)
            return merged
        }
    }

    public func link(caseID: String, to otherID: String, adding: Bool, by member: StaffMember, at date: Date) async throws -> RecoveryCase {
        let ids = self.ids
        return try await backend.transaction { database in
            var one = try await Self.recoveryCase(caseID, in: database)
            one.related = try await Self.related(of: caseID, in: database)
            let other = try await Self.recoveryCase(otherID, in: database)
            let events = try one.linking(other, adding: adding, by: member, at: date, eventIDs: (ids.makeID(at: date), ids.makeID(at: date)))
            for (from, to) in [(caseID, otherID), (otherID, caseID)] {
                if adding {
                    try await database.raw(
                        """
                        INSERT INTO case_links (case_id, related_id, linked_at, linked_by)
                        VALUES (\(bind: from), \(bind: to), \(bind: date.millis), \(bind: "staff:\(member.id)"))
                        """
                    ).run()
                } else {
                    try await database.raw("DELETE FROM case_links WHERE case_id = \(bind: from) AND related_id = \(bind: to)").run()
                }
            }
            try await IntakeWriter.insert(events: events, into: database)
            try await Self.audit(
                adding ? "case.linked" : "case.unlinked", target: caseID, detail: ["case_id": .string(otherID)], actor: "staff:\(member.id)", at: date,
                ids: ids, in: database)
            one.related = try await Self.related(of: caseID, in: database)
            return one
        }
    }

    public func assign(caseID: String, to assignee: StaffMember, by member: StaffMember, at date: Date) async throws -> RecoveryCase {
        let ids = self.ids
        return try await backend.transaction { database in
            let current = try await Self.recoveryCase(caseID, in: database)
            let event = try current.assignment(to: assignee, by: member, at: date, eventID: ids.makeID(at: date))
            if current.owner == nil {
                try await database.raw(
                    "UPDATE cases SET status = 'acknowledged', acknowledged_at = \(bind: date.millis), owner = \(bind: assignee.id) WHERE id = \(bind: caseID)"
                ).run()
            } else {
                try await database.raw("UPDATE cases SET owner = \(bind: assignee.id) WHERE id = \(bind: caseID)").run()
            }
            // The new owner no longer helps: they own it.
            try await database.raw("DELETE FROM case_collaborators WHERE case_id = \(bind: caseID) AND staff_id = \(bind: assignee.id)").run()
            try await IntakeWriter.insert(events: [event], into: database)
            try await Self.audit(
                "case.assigned", target: caseID, detail: ["owner": .string(assignee.id)], actor: "staff:\(member.id)", at: date, ids: ids, in: database)
            var assigned = try await Self.recoveryCase(caseID, in: database)
            assigned.collaborators = try await Self.collaborators(of: [caseID], in: database)[caseID]
            assigned.related = try await Self.related(of: caseID, in: database)
            return assigned
        }
    }

    public func caseIDs(endingWith reference: String, limit: Int) async throws -> [String] {
        let cleaned = reference.lowercased().filter { $0.isHexDigit }
        guard cleaned.count == 8 else { return [] }
        return try await backend.read { database in
            try await database.raw("SELECT id FROM cases WHERE id LIKE \(bind: "%" + cleaned) ORDER BY id DESC LIMIT \(unsafeRaw: String(max(1, limit)))").all()
                .map { try $0.decode(column: "id", as: String.self) }
        }
    }
}
