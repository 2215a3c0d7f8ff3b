import AmendsText
import Foundation

/// Turns submissions into intake records and staff reports into case openings, by the playbook.
///
/// Pure apart from the injected clock and identifiers, so every decision is testable without a database.
public struct Recovery: Sendable {
    public let playbook: Playbook
    public let detector: Detector
    public let clock: any WallClock
    public let ids: any IdentifierSource
    public let limits: IntakeLimits
    /// Where the console is, for the alarms' links to the case.
    public let consoleURL: String?

    public init(
        playbook: Playbook, clock: any WallClock, ids: any IdentifierSource, limits: IntakeLimits = IntakeLimits(), text: TextEngine = TextEngine(),
        consoleURL: String? = nil
    ) {
        self.consoleURL = consoleURL
        self.playbook = playbook
        self.detector = Detector(playbook: playbook, text: text)
        self.clock = clock
        self.ids = ids
        self.limits = limits
    }

    var escalation: Escalation { Escalation(playbook: playbook, ids: ids, consoleURL: consoleURL) }

    /// Validates and analyses a submission and plans the case it opens.
    public func intake(_ submission: FeedbackSubmission, idempotencyKey: String?, fingerprint: String) throws(AmendsError) -> IntakeRecord {
        try submission.validate(against: playbook, limits: limits)
        let now = clock.now()
        let analysis = detector.analyze(submission)
        let feedback = Feedback(
            id: ids.makeID(at: now),
            channel: submission.channel,
            location: submission.location,
            customer: submission.customer.flatMap { $0.isEmpty ? nil : $0 },
            score: submission.score,
            text: submission.text,
            metadata: submission.metadata,
            occurredAt: submission.occurredAt ?? now,
            receivedAt: now,
            analysis: analysis
        )
        var opening: CaseOpening?
        if analysis.failure, let scenarioKey = analysis.scenario, let scenario = playbook.scenario(scenarioKey) {
            opening = open(
                scenario: scenario, location: submission.location, customer: feedback.customer,
                summary: Recovery.summary(of: submission, scenario: scenario), origin: .feedback,
                actor: "channel:\(submission.channel)", at: now,
                language: analysis.customerLanguage(page: submission.metadata["language"]?.stringValue)
            )
        }
        return IntakeRecord(feedback: feedback, idempotencyKey: idempotencyKey, fingerprint: fingerprint, opening: opening)
    }

    /// Plans a case a staff member logs for a failure they witnessed.
    public func report(_ report: FailureReport, by staffID: String) throws(AmendsError) -> CaseOpening {
        guard let scenario = playbook.scenario(report.scenario) else {
            throw AmendsError(
                .invalid, code: "unknown_scenario", message: "scenario: '\(report.scenario)' is not a scenario in the playbook", field: "scenario")
        }
        guard playbook.location(report.location) != nil else {
            throw AmendsError(
                .invalid, code: "unknown_location", message: "location: '\(report.location)' is not a location in the playbook", field: "location")
        }
        let summary = report.description.trimmingCharacters(in: .whitespacesAndNewlines)
        if summary.count > limits.maxTextLength {
            throw AmendsError.invalidField("description", "is \(summary.count) characters; the limit is \(limits.maxTextLength)")
        }
        return open(
            scenario: scenario, location: report.location, customer: report.customer.flatMap { $0.isEmpty ? nil : $0 },
            summary: summary.isEmpty ? scenario.name : summary, origin: .staff, actor: "staff:\(staffID)", at: clock.now()
        )
    }

    func open(
        scenario: Scenario, location: String, customer: CustomerIdentity?, summary: String,
        origin: RecoveryCase.Origin, actor: String, at now: Date, language: String? = nil
    ) -> CaseOpening {
        let recoveryCase = RecoveryCase(
            id: ids.makeID(at: now),
            scenario: scenario.key,
            location: location,
            team: scenario.team,
            severity: scenario.severity,
            status: .new,
            origin: origin,
            summary: summary,
            customer: customer,
            openedAt: now,
            acknowledgeBy: playbook.deadline(adding: scenario.acknowledgeWithin.seconds, to: now, scenario: scenario, location: location),
            resolveBy: playbook.deadline(adding: scenario.resolveWithin.seconds, to: now, scenario: scenario, location: location),
            feedbackCount: origin == .feedback ? 1 : 0,
            respondBy: scenario.respondWithin.map { playbook.deadline(adding: $0.seconds, to: now, scenario: scenario, location: location) }
        )
        let opened = TimelineEvent(
            id: ids.makeID(at: now), caseID: recoveryCase.id, at: now, kind: .opened, actor: actor,
            message: origin == .feedback
                ? "Opened from feedback as '\(scenario.name)' (\(scenario.severity.rawValue)); team '\(scenario.team)' must acknowledge within \(scenario.acknowledgeWithin)."
                : "Logged by staff as '\(scenario.name)' (\(scenario.severity.rawValue)); team '\(scenario.team)' must acknowledge within \(scenario.acknowledgeWithin)."
        )
        return CaseOpening(
            recoveryCase: recoveryCase,
            dedupKey: RecoveryCase.dedupKey(scenario: scenario.key, customer: customer),
            step: escalation.opening(recoveryCase, at: now),
            openedEvent: opened,
            guarantee: guaranteeGrant(scenario: scenario, for: recoveryCase, at: now, language: language)
        )
    }

    /// The remedy a scenario's guarantee promises, granted to the case at once; nil without a guarantee the catalog can keep.
    func guaranteeGrant(scenario: Scenario, for recoveryCase: RecoveryCase, at now: Date, language: String? = nil) -> KeptGuarantee? {
        guard let guarantee = scenario.guarantee, let remedy = playbook.compensation?.remedy(guarantee.remedy),
            let value = try? remedy.value(amount: guarantee.amount)
        else { return nil }
        let grant = CompensationGrant(
            id: ids.makeID(at: now), caseID: recoveryCase.id, location: recoveryCase.location, customerKey: recoveryCase.customer?.key, remedy: remedy,
            value: value, reason: guarantee.promise, status: .granted, guarantee: true, requestedBy: "system", requestedAt: now, decidedBy: "guarantee",
            decidedAt: now)
        var kept = KeptGuarantee(grant: grant, event: grant.event(id: ids.makeID(at: now), actor: "system", actorName: "Amends", at: now))
        var context = MessageContext(recoveryCase: recoveryCase, playbook: playbook, staff: nil, compensation: [grant])
        context.customerLanguage = language
        if let draft = try? playbook.draft(.apology, medium: nil, language: nil, for: recoveryCase, context: context),
            draft.medium != .email || !(draft.subject ?? "").isEmpty
        {
            let message = draft.outbound(id: ids.makeID(at: now), caseID: recoveryCase.id, at: now, by: "system")
            kept.message = message
            kept.messageEvent = message.queuedEvent(id: ids.makeID(at: now), actorName: "Amends")
        }
        return kept
    }

    /// What happens when an escalation timer fires, for the case as it stands.
    public func fire(_ timer: EscalationTimer, case recoveryCase: RecoveryCase, at now: Date) -> EscalationStep {
        escalation.fire(timer, case: recoveryCase, at: now)
    }

    /// The timeline entry for feedback that joined an open case instead of opening a new one.
    public static func attachedEvent(id: String, caseID: String, feedback: Feedback) -> TimelineEvent {
        TimelineEvent(
            id: id, caseID: caseID, at: feedback.receivedAt, kind: .feedbackAttached, actor: "channel:\(feedback.channel)",
            message: "The same customer complained again; feedback attached instead of opening a second case.",
            data: ["feedback_id": .string(feedback.id)]
        )
    }

    /// The timeline entry for a staff report that joined the open case of the same customer and scenario.
    public static func reportedAgainEvent(id: String, caseID: String, at date: Date, actor: String, summary: String) -> TimelineEvent {
        TimelineEvent(id: id, caseID: caseID, at: date, kind: .feedbackAttached, actor: actor, message: "Staff reported the same failure again: \(summary)")
    }

    static func summary(of submission: FeedbackSubmission, scenario: Scenario) -> String {
        let text = (submission.text ?? "").trimmed
        if text.isEmpty, let score = submission.score {
            return "Scored \(Detector.number(score.value)) on \(score.scale.rawValue)"
        }
        return text.count > 280 ? String(text.prefix(279)) + "…" : text
    }
}
