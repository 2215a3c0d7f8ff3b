import AmendsJSON
import Foundation

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
    /// The case's page in the console.
    var caseURL: String?

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
            if let caseURL { data["case_url"] = .string(caseURL) }
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
                + (caseURL.map { ": \($0)" } ?? "")
            return JSONValue.object(["text": .string(text)]).canonicalText
        }
    }
}
