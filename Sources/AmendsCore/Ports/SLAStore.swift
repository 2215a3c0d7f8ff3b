import AmendsText
import Foundation

/// The first-response and resolution deadlines of open cases, kept by the same store.
public protocol SLAStore: Sendable {
    /// Everything of the customer known by any of `keys`, following shared identities for up to `rounds` steps (an
    /// e-mail address leads to a phone number seen with it, which leads to more).
    func customerHistory(keys: [String], locations: [String]?, rounds: Int) async throws -> CustomerHistory
    /// Open cases with a deadline before `horizon` that has not had its breach yet, with the notices they have had
    /// (``SLANotice/column`` names).
    func slaCandidates(before horizon: Date, limit: Int) async throws -> [(RecoveryCase, given: Set<String>)]
    /// Records `notices` on the case with their events and alarms, each at most once however many instances try;
    /// returns the notices recorded now.
    func recordSLA(caseID: String, notices: [SLANotice], at date: Date, step: @escaping @Sendable ([SLANotice]) -> EscalationStep) async throws -> [SLANotice]
}
