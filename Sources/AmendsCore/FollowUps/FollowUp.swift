import Foundation

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
