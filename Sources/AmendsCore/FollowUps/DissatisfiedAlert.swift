import AmendsJSON
import Foundation

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
