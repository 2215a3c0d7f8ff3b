import Foundation

/// Survey campaigns' visits and what customers said about being contacted, kept by the same store.
public protocol CampaignStore: Sendable {
    /// Stores each visit not seen before; a visit with the external id of one already stored for its campaign is not
    /// stored again, and the one stored is returned with `false`.
    func addVisits(_ visits: [Visit]) async throws -> [(visit: Visit, added: Bool)]
    func visit(id: String) async throws -> Visit?
    /// Leases up to `limit` visits whose next message is due at `now`, so no other instance sends it meanwhile.
    func claimVisits(now: Date, leaseUntil: Date, limit: Int) async throws -> [Visit]
    /// Writes what the scheduler did with a claimed visit (its state, next time, sent times, tries) and lets it go.
    func updateVisit(_ visit: Visit) async throws
    /// Links the survey's feedback to the visit, once: false when the visit was answered already.
    func answerVisit(id: String, feedbackID: String, at date: Date) async throws -> Bool
    func nextVisitDue() async throws -> Date?
    func campaignFigures(campaign: String, locations: [String]?) async throws -> CampaignFigures
    /// The visits of a campaign, newest first.
    func visits(campaign: String, locations: [String]?, limit: Int) async throws -> [Visit]

    /// What is stored for any of `keys` (one customer's keys: id, e-mail, phone), the newest of each part.
    func customerPreferences(keys: [String]) async throws -> CustomerPreferences
    /// Keeps the customer's language and, when given, their consent to be contacted, under each of `keys`.
    func noteCustomer(keys: [String], language: String?, consentAt: Date?, at date: Date) async throws
    /// No more surveys for the customer known by any of `keys`; their visits still waiting are not asked.
    func unsubscribe(keys: [String], at date: Date) async throws
}
