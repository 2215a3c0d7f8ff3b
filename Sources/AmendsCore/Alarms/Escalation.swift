import Foundation

/// What to do when an escalation timer fires, decided from the case as it is at that moment.
public struct EscalationStep: Sendable, Equatable {
    public var alarms: [Alarm]
    public var events: [TimelineEvent]
    public var nextTimer: EscalationTimer?
    /// The level the case reaches, when it changes.
    public var newLevel: Int?

    public init(alarms: [Alarm] = [], events: [TimelineEvent] = [], nextTimer: EscalationTimer? = nil, newLevel: Int? = nil) {
        self.alarms = alarms
        self.events = events
        self.nextTimer = nextTimer
        self.newLevel = newLevel
    }

    /// Nothing to do: the case was acknowledged or closed.
    public static let none = EscalationStep()
}

/// Builds the alarms, timeline events and timers of a case's escalation chain.
public struct Escalation: Sendable {
    public var playbook: Playbook
    public var ids: any IdentifierSource

    /// Where the console is (`https://amends.example.com`): alarms link to the case there, so whoever is woken
    /// acknowledges with one tap.
    public var consoleURL: String?

    public init(playbook: Playbook, ids: any IdentifierSource, consoleURL: String? = nil) {
        self.playbook = playbook
        self.ids = ids
        self.consoleURL = consoleURL
    }

    /// How long `level` of `team` has to acknowledge before the next is alarmed.
    public static func wait(team: Team, level: Int, scenario: Scenario) -> Int {
        let own = level < team.escalation.count ? team.escalation[level].after : nil
        return (own ?? scenario.acknowledgeWithin).seconds
    }

    /// The alarms for `level` of the case's team, one per contact of each member named there.
    public func alarms(for recoveryCase: RecoveryCase, level: Int, type: String, at now: Date, sla: (kind: String, deadline: Date)? = nil) -> [Alarm] {
        guard let team = playbook.team(recoveryCase.team), level < team.escalation.count else { return [] }
        var alarms: [Alarm] = []
        for memberKey in team.escalation[level].notify {
            guard let member = team.member(memberKey) else { continue }
            for contact in member.contacts {
                let body = AlarmMessage(
                    type: type, recoveryCase: recoveryCase, level: level, recipient: member, playbook: playbook, at: now, sla: sla,
                    caseURL: consoleURL.map { $0 + "/console/cases/" + recoveryCase.id }
                )
                .body(format: contact.effectiveFormat)
                alarms.append(
                    Alarm(
                        id: "msg_" + ids.makeID(at: now),
                        caseID: recoveryCase.id,
                        level: level,
                        recipient: member.key,
                        endpoint: contact.webhook,
                        format: contact.effectiveFormat,
                        secret: contact.secret,
                        body: body,
                        nextAttemptAt: now,
                        createdAt: now
                    )
                )
            }
        }
        return alarms
    }

    /// The timer that follows `level`, or nil when there is no team.
    func timer(after level: Int, of recoveryCase: RecoveryCase, from start: Date) -> EscalationTimer? {
        guard let team = playbook.team(recoveryCase.team), level < team.escalation.count,
            let scenario = playbook.scenario(recoveryCase.scenario)
        else { return nil }
        let due = playbook.deadline(
            adding: Escalation.wait(team: team, level: level, scenario: scenario), to: start, scenario: scenario, location: recoveryCase.location)
        return EscalationTimer(id: ids.makeID(at: start), caseID: recoveryCase.id, level: level + 1, dueAt: due)
    }

    /// The first alarms of a newly opened case and the timer for the next level.
    public func opening(_ recoveryCase: RecoveryCase, at now: Date) -> EscalationStep {
        let alarms = alarms(for: recoveryCase, level: 0, type: "case.opened", at: now)
        let events = alarms.map { $0.queuedEvent(id: ids.makeID(at: now), level: 0) }
        return EscalationStep(alarms: alarms, events: events, nextTimer: timer(after: 0, of: recoveryCase, from: now))
    }

    /// What to do when `timer` fires for the case as it now stands.
    public func fire(_ timer: EscalationTimer, case recoveryCase: RecoveryCase, at now: Date) -> EscalationStep {
        guard recoveryCase.status == .new, recoveryCase.acknowledgedAt == nil else { return .none }
        guard let team = playbook.team(recoveryCase.team) else { return .none }
        if timer.level >= team.escalation.count {
            let event = TimelineEvent(
                id: ids.makeID(at: now), caseID: recoveryCase.id, at: now, kind: .escalationEnded, actor: "system",
                message: "Nobody acknowledged the case; all \(team.escalation.count) levels of team '\(team.key)' have been alarmed."
            )
            return EscalationStep(events: [event])
        }
        var escalated = recoveryCase
        escalated.escalationLevel = timer.level
        let alarms = alarms(for: escalated, level: timer.level, type: "case.escalated", at: now)
        var events = [
            TimelineEvent(
                id: ids.makeID(at: now), caseID: recoveryCase.id, at: now, kind: .escalated, actor: "system",
                message: "Not acknowledged in time: escalated to level \(timer.level + 1) (\(team.escalation[timer.level].notify.joined(separator: ", "))).",
                data: ["level": .number(Double(timer.level))]
            )
        ]
        events += alarms.map { $0.queuedEvent(id: ids.makeID(at: now), level: timer.level) }
        return EscalationStep(alarms: alarms, events: events, nextTimer: self.timer(after: timer.level, of: escalated, from: now), newLevel: timer.level)
    }
}
