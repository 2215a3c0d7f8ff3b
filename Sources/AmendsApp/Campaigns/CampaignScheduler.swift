import AmendsCore
import AmendsDelivery
import Foundation
import Logging
import ServiceLifecycle

/// Sends each survey campaign's messages when they are due: the invitation the campaign's delay after a visit, and
/// one reminder when it is still unanswered, by e-mail (else SMS) in the customer's language, with a single-use signed
/// link to the survey and a link to ask for no more. A customer who unsubscribed is not written to; one whom neither
/// this server's mail server nor its SMS gateway can reach is marked unreachable; a failed send is tried again with
/// backoff.
public final class CampaignScheduler: Service, Sendable {
    let runtime: Runtime
    let logger: Logger
    let pollInterval: Double

    public init(runtime: Runtime, logger: Logger = Logger(label: "amends.campaigns"), pollInterval: Double = 5) {
        self.runtime = runtime
        self.logger = logger
        self.pollInterval = pollInterval
    }

    public func run() async throws {
        await runtime.campaignBell.loop(name: "campaigns", clock: runtime.clock, pollInterval: pollInterval, logger: logger) {
            try await self.runOnce() > 0
        } nextDue: {
            try await self.runtime.store.nextVisitDue()
        }
    }

    /// Sends every campaign message due now, a few at a time; returns how many visits were handled.
    @discardableResult
    public func runOnce() async throws -> Int {
        guard let playbook = runtime.playbook.stored?.playbook else { return 0 }
        let now = runtime.clock.now()
        let due = try await runtime.store.claimVisits(now: now, leaseUntil: now.addingTimeInterval(120), limit: 20)
        for visit in due {
            try await runtime.store.updateVisit(try await handle(visit, playbook: playbook, now: now))
        }
        return due.count
    }

    /// The visit after its due message was sent, tried, or found not to be sendable.
    func handle(_ claimed: Visit, playbook: Playbook, now: Date) async throws -> Visit {
        var visit = claimed
        let reminder = visit.invitedAt != nil
        func stop(_ state: Visit.State, _ reason: String?) -> Visit {
            // A reminder that cannot go leaves the visit invited.
            if !reminder { visit.state = state }
            visit.nextAt = nil
            visit.lastError = reason
            return visit
        }
        guard let (_, campaign) = playbook.campaign(visit.campaign) else {
            return stop(.unreachable, "channel '\(visit.campaign)' no longer runs a campaign")
        }
        let preferences = try await runtime.store.customerPreferences(keys: visit.customer.keys)
        if preferences.unsubscribedAt != nil { return stop(.unsubscribed, nil) }
        let transport = runtime.messageTransport
        let medium =
            visit.medium
            ?? [MessageTemplate.Medium.email, .sms].first { visit.customer.address(for: $0) != nil && transport.handles($0) }
        guard let medium, transport.handles(medium) else {
            return stop(.unreachable, "no e-mail address or phone this server can send to (AMENDS_SMTP_URL, AMENDS_SMS_GATEWAY)")
        }
        let language = playbook.surveyLanguage(for: visit, preferences: preferences)
        let until = runtime.visitLinkExpiry(invitedAt: visit.invitedAt ?? now, campaign: campaign)
        guard until > now else { return stop(.unreachable, nil) }
        guard
            let invitation = playbook.invitation(
                for: visit, reminder: reminder, medium: medium, language: language, link: runtime.visitLink(visitID: visit.id, expiresAt: until),
                unsubscribe: runtime.unsubscribeLink(visitID: visit.id, at: now), until: until)
        else { return stop(.unreachable, "the customer has no \(medium.rawValue) address") }
        let message = CustomerMessage(
            id: runtime.ids.makeID(at: now), caseID: "", direction: .outbound, kind: nil, medium: medium, language: language, address: invitation.address,
            subject: invitation.subject, body: invitation.body, state: .queued, nextAttemptAt: now, createdAt: now, createdBy: "system")
        let result = await transport.send(message, at: now)
        let error: String
        switch result {
        case .accepted:
            visit.medium = medium
            visit.attempts = 0
            visit.lastError = nil
            if reminder {
                visit.remindedAt = now
                visit.nextAt = nil
            } else {
                visit.state = .invited
                visit.invitedAt = now
                visit.nextAt = campaign.reminderAfter.map { now.addingTimeInterval(Double($0.seconds)) }
            }
            logger.debug("survey \(reminder ? "reminder" : "invitation") sent", metadata: ["visit": "\(visit.id)", "medium": "\(medium.rawValue)"])
            return visit
        case .refused(let reason):
            return stop(.unreachable, reason)
        case .failed(let reason):
            error = reason
        }
        visit.attempts += 1
        switch runtime.configuration.retry.failure(attempt: visit.attempts, error: error, now: now, random: Double.random(in: 0...1)) {
        case .retry(let at, _):
            visit.nextAt = at
            visit.lastError = error
            return visit
        case .dead, .delivered:
            return stop(.unreachable, error)
        }
    }
}

extension Runtime {
    /// When the survey link of a visit invited at `invitedAt` stops working (whole seconds, as links carry them).
    func visitLinkExpiry(invitedAt: Date, campaign: SurveyCampaign) -> Date {
        Date(timeIntervalSince1970: (invitedAt.timeIntervalSince1970 + Double(campaign.linkSeconds)).rounded())
    }

    /// The customer's single-use link to a visit's survey.
    public func visitLink(visitID: String, expiresAt: Date) -> String {
        publicURL + "/s/" + StatusLink.token(caseID: visitID, expiresAt: expiresAt, keys: keys, purpose: .visit)
    }

    /// How long an unsubscribe link works: long after the survey, since people unsubscribe from old mail.
    static let unsubscribeDays = 365

    /// The customer's link to ask for no more surveys.
    public func unsubscribeLink(visitID: String, at now: Date) -> String {
        let expiresAt = Date(timeIntervalSince1970: (now.timeIntervalSince1970 + Double(Self.unsubscribeDays) * 86400).rounded())
        return publicURL + "/s/unsubscribe/" + StatusLink.token(caseID: visitID, expiresAt: expiresAt, keys: keys, purpose: .unsubscribe)
    }

    /// Checks and stores reported visits, each once per campaign and reference, and wakes the campaign scheduler.
    /// Throws the first report's problem, naming its field; stores nothing then.
    public func addVisits(_ reports: [VisitReport], by actor: String) async throws -> [(visit: Visit, added: Bool)] {
        guard let playbook = playbook.stored?.playbook else {
            throw AmendsError(.conflict, code: "no_playbook", message: "import a playbook first (amends playbook import FILE)")
        }
        let now = clock.now()
        var visits: [Visit] = []
        for report in reports {
            try report.validate(against: playbook)
            guard let (_, campaign) = playbook.campaign(report.campaign) else { continue }
            visits.append(report.visit(id: ids.makeID(at: now), campaign: campaign, at: now, by: actor))
        }
        let outcomes = try await store.addVisits(visits)
        if outcomes.contains(where: \.added) { campaignBell.ring() }
        return outcomes
    }
}
