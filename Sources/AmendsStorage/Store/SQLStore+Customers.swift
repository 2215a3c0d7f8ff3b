import AmendsCore
import Foundation
import SQLKit

extension SQLStore {
    public func customerHistory(keys: [String], locations: [String]?, rounds: Int) async throws -> CustomerHistory {
        try await backend.read { database in
            var known = Set(keys)
            var frontier = Set(keys)
            var feedback: [String: Feedback] = [:]
            var cases: [String: RecoveryCase] = [:]
            func matching(_ table: String, _ keys: Set<String>) -> SQLQueryString {
                let list = Array(keys).sorted()
                var sql = SQLQueryString("SELECT * FROM \(unsafeRaw: table) WHERE (")
                for (index, column) in ["customer_key", "external_key", "email_key", "phone_key"].enumerated() {
                    sql.appendInterpolation(unsafeRaw: (index == 0 ? "" : " OR ") + column + " ")
                    sql.appendList(list)
                }
                sql.appendInterpolation(unsafeRaw: ") ORDER BY id DESC LIMIT 1000")
                return sql
            }
            for _ in 0..<max(1, rounds) where !frontier.isEmpty {
                var found: Set<String> = []
                for row in try await database.raw(matching("feedback", frontier)).all() {
                    let item = try Rows.feedback(row)
                    feedback[item.id] = item
                    found.formUnion(item.customer?.keys ?? [])
                }
                for row in try await database.raw(matching("cases", frontier)).all() {
                    let item = try Rows.recoveryCase(row)
                    cases[item.id] = item
                    found.formUnion(item.customer?.keys ?? [])
                }
                frontier = found.subtracting(known)
                known.formUnion(found)
            }
            // Identities are followed everywhere; what is shown is only what happened at the caller's locations.
            if let locations {
                feedback = feedback.filter { locations.contains($0.value.location) }
                cases = cases.filter { locations.contains($0.value.location) }
            }
            let caseIDs = Array(cases.keys).sorted()
            var messages: [CustomerMessage] = []
            var grants: [CompensationGrant] = []
            var followUps: [String: SurveyAnswer] = [:]
            if !caseIDs.isEmpty {
                var sql = SQLQueryString("SELECT * FROM messages WHERE case_id ")
                sql.appendList(caseIDs)
                sql.appendInterpolation(unsafeRaw: " ORDER BY created_at DESC, id DESC")
                messages = try await database.raw(sql).all().map(Rows.message)
                sql = SQLQueryString("SELECT * FROM compensation WHERE case_id ")
                sql.appendList(caseIDs)
                sql.appendInterpolation(unsafeRaw: " ORDER BY id DESC")
                grants = try await database.raw(sql).all().map(Rows.grant)
                sql = SQLQueryString("SELECT * FROM follow_ups WHERE answered_at IS NOT NULL AND case_id ")
                sql.appendList(caseIDs)
                for row in try await database.raw(sql).all() {
                    let followUp = try Rows.followUp(row)
                    followUps[followUp.caseID] = followUp.answer
                }
            }
            return CustomerHistory(
                feedback: feedback.values.sorted { $0.id > $1.id }, cases: cases.values.sorted { $0.id > $1.id }, messages: messages, compensation: grants,
                followUps: followUps)
        }
    }
}
