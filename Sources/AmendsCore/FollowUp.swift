import Foundation

/// The customer's judgement of a recovery: asked after resolution, by a survey behind a signed link.
///
/// A case's outcome is this answer, not the effort logged on it.
public struct SurveyAnswer: Sendable, Equatable, Encodable {
    /// "Are you satisfied with how we handled it?", 1 (not at all) to 5 (completely).
    public var satisfaction: Int
    /// "How likely are you to come back or recommend us?", 0 to 10.
    public var recommend: Int
    public var comment: String?
    public var answeredAt: Date

    public init(satisfaction: Int, recommend: Int, comment: String?, answeredAt: Date) {
        self.satisfaction = satisfaction
        self.recommend = recommend
        self.comment = comment
        self.answeredAt = answeredAt
    }

    enum CodingKeys: String, CodingKey {
        case satisfaction, recommend, comment
        case answeredAt = "answered_at"
    }

    /// Checks the ranges and the comment's length.
    public func validated() throws(AmendsError) -> SurveyAnswer {
        guard (1...5).contains(satisfaction) else { throw AmendsError.invalidField("satisfaction", "must be a whole number from 1 to 5") }
        guard (0...10).contains(recommend) else { throw AmendsError.invalidField("recommend", "must be a whole number from 0 to 10") }
        var answer = self
        answer.comment = comment?.trimmingCharacters(in: .whitespacesAndNewlines)
        if answer.comment?.isEmpty == true { answer.comment = nil }
        if let comment = answer.comment, comment.count > 4000 { throw AmendsError.invalidField("comment", "must be at most 4,000 characters") }
        return answer
    }

    /// Not satisfied with how it was handled: 1 or 2 of 5.
    public var dissatisfied: Bool { satisfaction <= 2 }
}

/// A case's follow-up: when the survey goes out, whether it did, and the answer.
public struct FollowUp: Sendable, Equatable, Encodable {
    public var caseID: String
    public var dueAt: Date
    public var sentAt: Date?
    public var answer: SurveyAnswer?

    public init(caseID: String, dueAt: Date, sentAt: Date? = nil, answer: SurveyAnswer? = nil) {
        self.caseID = caseID
        self.dueAt = dueAt
        self.sentAt = sentAt
        self.answer = answer
    }

    enum CodingKeys: String, CodingKey {
        case answer
        case dueAt = "due_at"
        case sentAt = "sent_at"
    }

    /// How long after resolution the survey goes out when the scenario does not say.
    public static let defaultDelay = SLADuration(seconds: 86_400)
}

extension Playbook {
    /// When the follow-up survey of a case resolved at `date` goes out.
    public func followUpDue(for recoveryCase: RecoveryCase, resolvedAt date: Date) -> Date {
        let delay = (scenario(recoveryCase.scenario)?.followUpAfter ?? FollowUp.defaultDelay).seconds
        return date.addingTimeInterval(Double(delay))
    }
}

extension RecoveryCase {
    /// What the customer's answer does to the case: it is on the timeline; a dissatisfied answer reopens a case that
    /// was resolved or closed, a satisfied one marks a resolved case followed up.
    public func judged(by answer: SurveyAnswer, eventIDs: () -> String) -> (recoveryCase: RecoveryCase, events: [TimelineEvent], reopened: Bool) {
        var words = "The customer answered the follow-up: satisfied \(answer.satisfaction) of 5, would come back or recommend \(answer.recommend) of 10"
        if let comment = answer.comment { words += ": \"\(comment)\"" }
        var events = [
            TimelineEvent(
                id: eventIDs(), caseID: id, at: answer.answeredAt, kind: .surveyAnswered, actor: "customer", message: words + ".",
                data: ["satisfaction": .number(Double(answer.satisfaction)), "recommend": .number(Double(answer.recommend))])
        ]
        var updated = self
        var reopened = false
        if answer.dissatisfied && status.next.contains(.reopened) {
            updated.status = .reopened
            updated.resolvedAt = nil
            updated.closedAt = nil
            reopened = true
            events.append(
                TimelineEvent(
                    id: eventIDs(), caseID: id, at: answer.answeredAt, kind: .statusChanged, actor: "customer",
                    message: "Reopened: the customer is not satisfied with how it was handled.",
                    data: ["from": .string(status.rawValue), "to": .string(RecoveryCase.Status.reopened.rawValue)]))
        } else if !answer.dissatisfied && status == .resolved {
            updated.status = .followedUp
            events.append(
                TimelineEvent(
                    id: eventIDs(), caseID: id, at: answer.answeredAt, kind: .statusChanged, actor: "customer",
                    message: "Followed up: the customer is satisfied with how it was handled.",
                    data: ["from": .string(status.rawValue), "to": .string(RecoveryCase.Status.followedUp.rawValue)]))
        }
        return (updated, events, reopened)
    }
}

/// The alarm that tells the leads of a case's location that its customer is not satisfied with the recovery, sent to
/// the team members linked to their staff accounts.
public struct DissatisfiedAlert: Sendable {
    public var recoveryCase: RecoveryCase
    public var answer: SurveyAnswer
    public var playbook: Playbook

    public init(recoveryCase: RecoveryCase, answer: SurveyAnswer, playbook: Playbook) {
        self.recoveryCase = recoveryCase
        self.answer = answer
        self.playbook = playbook
    }

    /// The leads (or, without any, the managers and above) who work the case's location.
    public static func recipients(for recoveryCase: RecoveryCase, among staff: [StaffMember]) -> [StaffMember] {
        let working = staff.filter { $0.disabledAt == nil && $0.covers(recoveryCase.location) && $0.role >= .lead }
        guard let lowest = working.map(\.role).min() else { return [] }
        return working.filter { $0.role == lowest }
    }

    /// The alarms to `leads`, with their timeline events.
    public func step(to leads: [StaffMember], ids: any IdentifierSource, at now: Date) -> EscalationStep {
        let alarms = alarms(to: leads, ids: ids, at: now)
        return EscalationStep(
            alarms: alarms, events: alarms.map { $0.queuedEvent(id: ids.makeID(at: now), what: "Alert", note: ": the customer is not satisfied") })
    }

    func alarms(to leads: [StaffMember], ids: any IdentifierSource, at now: Date) -> [Alarm] {
        let location = playbook.location(recoveryCase.location)?.name ?? recoveryCase.location
        let text =
            "Customer not satisfied: case \(recoveryCase.id) (\(playbook.scenario(recoveryCase.scenario)?.name ?? recoveryCase.scenario)) at \(location) was reopened; satisfied \(answer.satisfaction) of 5"
            + (answer.comment.map { ": \"\($0)\"" } ?? ".")
        return StaffAlarms(playbook: playbook).alarms(to: leads, caseID: recoveryCase.id, ids: ids, at: now) { format in
            switch format {
            case .standard:
                var data: [String: JSONValue] = [
                    "case_id": .string(recoveryCase.id), "location": .string(recoveryCase.location), "owner": recoveryCase.owner.map(JSONValue.string) ?? .null,
                    "satisfaction": .number(Double(answer.satisfaction)), "recommend": .number(Double(answer.recommend)),
                ]
                if let comment = answer.comment { data["comment"] = .string(comment) }
                return JSONValue.object([
                    "type": .string("case.customer_dissatisfied"), "timestamp": .string(Timestamp.string(now)), "data": .object(data),
                ]).canonicalText
            case .slack:
                return JSONValue.object(["text": .string(text)]).canonicalText
            }
        }
    }
}

/// Alarms to staff members, through the contacts of the team members linked to their accounts (``Member/staff``).
public struct StaffAlarms: Sendable {
    public var playbook: Playbook

    public init(playbook: Playbook) { self.playbook = playbook }

    public func alarms(to staff: [StaffMember], caseID: String, ids: any IdentifierSource, at now: Date, body: (Contact.Format) -> String) -> [Alarm] {
        let emails = Set(staff.compactMap { $0.email?.lowercased() })
        var alarms: [Alarm] = []
        var seen: Set<String> = []
        for team in playbook.teams {
            for member in team.members {
                guard let linked = member.staff?.lowercased(), emails.contains(linked), seen.insert(member.key).inserted else { continue }
                for contact in member.contacts {
                    alarms.append(
                        Alarm(
                            id: "msg_" + ids.makeID(at: now), caseID: caseID, level: 0, recipient: member.key, endpoint: contact.webhook,
                            format: contact.effectiveFormat, secret: contact.secret, body: body(contact.effectiveFormat), nextAttemptAt: now, createdAt: now))
                }
            }
        }
        return alarms
    }
}
