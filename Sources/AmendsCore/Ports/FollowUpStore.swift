import AmendsText
import Foundation

/// Follow-up surveys, kept by the same store.
public protocol FollowUpStore: Sendable {
    func followUp(caseID: String) async throws -> FollowUp?
    /// Leases up to `limit` follow-ups due at `now` and not yet sent, so no other instance sends them meanwhile.
    func claimFollowUps(now: Date, leaseUntil: Date, limit: Int) async throws -> [FollowUp]
    /// Marks a follow-up sent, with the survey message queued for the customer, or with the reason it could not be.
    func sendFollowUp(caseID: String, message: CustomerMessage?, skipped reason: String?, at date: Date) async throws
    /// Keeps the customer's answer and applies it to the case (see ``RecoveryCase/judged(by:eventIDs:)``); a dissatisfied
    /// answer alarms the leads of the case's location. Returns the case as it now stands.
    func answerSurvey(caseID: String, answer: SurveyAnswer, playbook: Playbook?) async throws -> RecoveryCase
    func nextFollowUpDue() async throws -> Date?
}
