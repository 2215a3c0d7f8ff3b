import Foundation

/// A persisted timer: when it is due and the case has not been acknowledged, the next level is alarmed.
public struct EscalationTimer: Codable, Sendable, Equatable {
    public var id: String
    public var caseID: String
    /// The level alarmed when the timer fires; one past the chain's end means "the chain is exhausted".
    public var level: Int
    public var dueAt: Date

    public init(id: String, caseID: String, level: Int, dueAt: Date) {
        self.id = id
        self.caseID = caseID
        self.level = level
        self.dueAt = dueAt
    }

    enum CodingKeys: String, CodingKey {
        case id, level
        case caseID = "case_id"
        case dueAt = "due_at"
    }
}

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

    public init(playbook: Playbook, ids: any IdentifierSource) {
        self.playbook = playbook
        self.ids = ids
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
                let body = AlarmMessage(type: type, recoveryCase: recoveryCase, level: level, recipient: member, playbook: playbook, at: now, sla: sla)
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

/// The content of an alarm, rendered as a Standard Webhooks JSON event or a chat message.
struct AlarmMessage {
    var type: String
    var recoveryCase: RecoveryCase
    var level: Int
    var recipient: Member
    var playbook: Playbook
    var at: Date
    /// For an SLA warning or breach: which deadline, and when it is.
    var sla: (kind: String, deadline: Date)?

    func body(format: Contact.Format) -> String {
        let scenario = playbook.scenario(recoveryCase.scenario)
        let location = playbook.location(recoveryCase.location)
        switch format {
        case .standard:
            var data: [String: JSONValue] = [
                "case_id": .string(recoveryCase.id),
                "scenario": .string(recoveryCase.scenario),
                "scenario_name": .string(scenario?.name ?? recoveryCase.scenario),
                "severity": .string(recoveryCase.severity.rawValue),
                "location": .string(recoveryCase.location),
                "location_name": .string(location?.name ?? recoveryCase.location),
                "team": .string(recoveryCase.team),
                "summary": .string(recoveryCase.summary),
                "level": .number(Double(level)),
                "recipient": .string(recipient.key),
                "opened_at": .string(Timestamp.string(recoveryCase.openedAt)),
                "acknowledge_by": .string(Timestamp.string(recoveryCase.acknowledgeBy)),
            ]
            if let customer = recoveryCase.customer, let name = customer.name { data["customer_name"] = .string(name) }
            if let sla {
                data["sla"] = .string(sla.kind)
                data["deadline"] = .string(Timestamp.string(sla.deadline))
            }
            let event: [String: JSONValue] = ["type": .string(type), "timestamp": .string(Timestamp.string(at)), "data": .object(data)]
            return JSONValue.object(event).canonicalText
        case .slack:
            let verb: String
            switch (type, sla) {
            case ("case.sla_warning", let sla?): verb = "\(sla.kind == "respond" ? "First response" : "Resolution") due \(Timestamp.string(sla.deadline)):"
            case ("case.sla_breached", let sla?): verb = "\(sla.kind == "respond" ? "First response" : "Resolution") deadline passed (\(Timestamp.string(sla.deadline))):"
            case ("case.escalated", _): verb = "Escalated (level \(level + 1))"
            default: verb = "New case"
            }
            let text =
                "\(verb) [\(recoveryCase.severity.rawValue.uppercased())] \(scenario?.name ?? recoveryCase.scenario) at \(location?.name ?? recoveryCase.location): \"\(recoveryCase.summary)\". Acknowledge by \(Timestamp.string(recoveryCase.acknowledgeBy)). Case \(recoveryCase.id)"
            return JSONValue.object(["text": .string(text)]).canonicalText
        }
    }
}

/// ISO 8601 timestamps in UTC with milliseconds, the form every API and alarm uses.
public enum Timestamp {
    /// `date` as `2026-11-22T09:15:00.123Z`.
    ///
    /// Written directly (the calendar arithmetic of the proleptic Gregorian calendar): it is on every response and
    /// alarm, and Foundation's formatter costs several microseconds. Sub-millisecond parts are cut off; the time is
    /// first taken to the nearest microsecond, so a date made from whole milliseconds always shows them exactly.
    public static func string(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let millis = micros >= 0 ? micros / 1000 : (micros - 999) / 1000
        let (days, dayMillis) = millis.quotientAndRemainder(dividingBy: 86_400_000)
        let (dayNumber, inDay) = dayMillis < 0 ? (days - 1, dayMillis + 86_400_000) : (days, dayMillis)
        // Days since 1970-01-01 to year, month, day (Howard Hinnant's civil_from_days).
        let shifted = dayNumber + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)

        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        func digits(_ value: Int64, _ count: Int) {
            var divisor: Int64 = 1
            for _ in 1..<count { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(inDay / 3_600_000, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(inDay / 60_000 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(inDay / 1000 % 60, 2)
        bytes.append(UInt8(ascii: "."))
        digits(inDay % 1000, 3)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses an ISO 8601 timestamp with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)) {
            return date
        }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return nil
    }
}
