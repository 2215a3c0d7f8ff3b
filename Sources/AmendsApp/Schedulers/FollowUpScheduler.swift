import AmendsCore
import AmendsDelivery
import Foundation
import Logging
import ServiceLifecycle

/// Sends the follow-up survey of each resolved case when it is due: the scenario's follow-up message with a signed
/// survey link, to the customer's reachable medium; when none can reach them, the timeline says so.
public final class FollowUpScheduler: Service, Sendable {
    let runtime: Runtime
    let logger: Logger
    let pollInterval: Double

    public init(runtime: Runtime, logger: Logger = Logger(label: "amends.follow-up"), pollInterval: Double = 5) {
        self.runtime = runtime
        self.logger = logger
        self.pollInterval = pollInterval
    }

    /// How long a survey link works.
    static let linkDays = 30

    public func run() async throws {
        await runtime.followUpBell.loop(name: "follow-up", clock: runtime.clock, pollInterval: pollInterval, logger: logger) {
            try await self.runOnce() > 0
        } nextDue: {
            try await self.runtime.store.nextFollowUpDue()
        }
    }

    /// Sends every follow-up due now; returns how many were handled.
    @discardableResult
    public func runOnce() async throws -> Int {
        guard let playbook = runtime.playbook.stored?.playbook else { return 0 }
        let now = runtime.clock.now()
        let due = try await runtime.store.claimFollowUps(now: now, leaseUntil: now.addingTimeInterval(120), limit: 50)
        for followUp in due {
            guard let recoveryCase = try await runtime.store.recoveryCase(id: followUp.caseID) else { continue }
            // A case reopened or closed meanwhile is followed up when it is resolved again, or not at all.
            guard recoveryCase.status == .resolved else {
                try await runtime.store.sendFollowUp(
                    caseID: followUp.caseID, message: nil, skipped: "the case is \(recoveryCase.status.words) now", at: now)
                continue
            }
            let link = runtime.surveyLink(caseID: recoveryCase.id, at: now)
            let grants = try await runtime.store.compensationLedger(CompensationQuery(caseID: recoveryCase.id, limit: 500)).items
            var context = MessageContext(recoveryCase: recoveryCase, playbook: playbook, staff: nil, compensation: grants, followUpLink: link)
            context.customerLanguage = try await runtime.store.customerPreferences(keys: recoveryCase.customer?.keys ?? []).language
            let draft: MessageDraft
            do throws(AmendsError) {
                draft = try playbook.draft(.followUp, medium: nil, language: nil, for: recoveryCase, context: context)
            } catch {
                try await runtime.store.sendFollowUp(caseID: recoveryCase.id, message: nil, skipped: error.message, at: now)
                continue
            }
            guard runtime.messageTransport.handles(draft.medium) else {
                try await runtime.store.sendFollowUp(
                    caseID: recoveryCase.id, message: nil, skipped: "this server has no way to send \(draft.medium.rawValue)", at: now)
                continue
            }
            let message = draft.outbound(id: runtime.ids.makeID(at: now), caseID: recoveryCase.id, at: now, by: "system")
            try await runtime.store.sendFollowUp(caseID: recoveryCase.id, message: message, skipped: nil, at: now)
            runtime.messageBell.ring()
        }
        return due.count
    }
}

extension Runtime {
    /// The customer's survey link for a case, signed and expiring.
    func surveyLink(caseID: String, at now: Date) -> String {
        let expiresAt = Date(timeIntervalSince1970: (now.timeIntervalSince1970 + Double(FollowUpScheduler.linkDays) * 86400).rounded())
        return publicURL + "/customer/surveys/" + StatusLink.token(caseID: caseID, expiresAt: expiresAt, keys: keys, purpose: .survey)
    }

    /// Where customers reach this server (`AMENDS_PUBLIC_URL`), for every link made for them: never the address a
    /// request happened to name in its Host header, which whoever sends the request chooses.
    public var publicURL: String {
        configuration.publicURL ?? configuration.localURL
    }
}
