import Foundation

/// One of a case's deadlines besides acknowledgement (which its escalation chain watches).
public enum SLAKind: String, Sendable, CaseIterable {
    /// The customer first hears from a person.
    case respond
    /// The failure is put right.
    case resolve

    var words: String { self == .respond ? "first response" : "resolution" }
}

/// Warned before a deadline, or breached after it.
public enum SLAStage: String, Sendable {
    case warning, breach
}

/// A warning or breach to record on a case, once.
public struct SLANotice: Sendable, Equatable {
    public var kind: SLAKind
    public var stage: SLAStage

    public init(kind: SLAKind, stage: SLAStage) {
        self.kind = kind
        self.stage = stage
    }

    /// The column of the case that records it.
    public var column: String { "\(kind.rawValue)_\(stage == .warning ? "warned" : "breached")_at" }
}

/// Watches the first-response and resolution deadlines of open cases: warns the team holding a case before a
/// deadline, and on breach alarms the next level of its escalation chain. Each notice is given once per case.
public struct SLAWatch: Sendable {
    public var playbook: Playbook
    public var ids: any IdentifierSource

    /// Where the console is, for the alarms' links to the case.
    public var consoleURL: String?

    public init(playbook: Playbook, ids: any IdentifierSource, consoleURL: String? = nil) {
        self.playbook = playbook
        self.ids = ids
        self.consoleURL = consoleURL
    }

    /// How long before a deadline the warning comes: the scenario's `warn_before`, else a fifth of the SLA.
    public static func warnLead(_ kind: SLAKind, scenario: Scenario) -> Int {
        if let warn = scenario.warnBefore { return warn.seconds }
        let sla = kind == .respond ? (scenario.respondWithin?.seconds ?? 0) : scenario.resolveWithin.seconds
        return sla / 5
    }

    /// The longest warning lead of any scenario: cases whose deadlines are further off need no look.
    public var horizon: Int {
        playbook.scenarios.flatMap { scenario in SLAKind.allCases.map { Self.warnLead($0, scenario: scenario) } }.max() ?? 0
    }

    /// The notices due for `recoveryCase` at `now`, leaving out those in `given`.
    public func due(_ recoveryCase: RecoveryCase, given: Set<String>, at now: Date) -> [SLANotice] {
        guard let scenario = playbook.scenario(recoveryCase.scenario), recoveryCase.status.isOpen else { return [] }
        var deadlines: [(SLAKind, Date)] = []
        if let respondBy = recoveryCase.respondBy, recoveryCase.respondedAt == nil { deadlines.append((.respond, respondBy)) }
        // While the case waits on the customer its resolution clock stands still.
        if recoveryCase.status != .waitingOnCustomer { deadlines.append((.resolve, recoveryCase.resolveBy)) }
        var notices: [SLANotice] = []
        for (kind, deadline) in deadlines {
            let breach = SLANotice(kind: kind, stage: .breach)
            let warning = SLANotice(kind: kind, stage: .warning)
            if now >= deadline {
                if !given.contains(breach.column) { notices.append(breach) }
            } else if !given.contains(warning.column), !given.contains(breach.column) {
                let left = playbook.slaSeconds(from: now, to: deadline, scenario: scenario, location: recoveryCase.location)
                if left <= Self.warnLead(kind, scenario: scenario) { notices.append(warning) }
            }
        }
        return notices
    }

    /// The timeline events and alarms of `notices`: a warning to the level of the chain that holds the case, a
    /// breach to the next level up (the last level when the chain is used up).
    public func step(for recoveryCase: RecoveryCase, notices: [SLANotice], at now: Date) -> EscalationStep {
        var step = EscalationStep()
        let escalation = Escalation(playbook: playbook, ids: ids, consoleURL: consoleURL)
        let levels = playbook.team(recoveryCase.team)?.escalation.count ?? 0
        for notice in notices {
            let deadline = notice.kind == .respond ? recoveryCase.respondBy ?? now : recoveryCase.resolveBy
            let level = levels == 0 ? 0 : min(recoveryCase.escalationLevel + (notice.stage == .breach ? 1 : 0), levels - 1)
            let alarms = escalation.alarms(
                for: recoveryCase, level: level, type: notice.stage == .breach ? "case.sla_breached" : "case.sla_warning", at: now,
                sla: (notice.kind.rawValue, deadline))
            let message =
                notice.stage == .breach
                ? "The \(notice.kind.words) deadline (\(Timestamp.string(deadline))) passed: level \(level + 1) of the chain alarmed."
                : "The \(notice.kind.words) deadline (\(Timestamp.string(deadline))) is near: level \(level + 1) of the chain warned."
            step.events.append(
                TimelineEvent(
                    id: ids.makeID(at: now), caseID: recoveryCase.id, at: now, kind: notice.stage == .breach ? .slaBreached : .slaWarning, actor: "system",
                    message: message, data: ["sla": .string(notice.kind.rawValue), "deadline": .string(Timestamp.string(deadline)), "level": .number(Double(level))]))
            step.alarms += alarms
            step.events += alarms.map { $0.queuedEvent(id: ids.makeID(at: now), level: level) }
        }
        return step
    }
}
