import AmendsCore
import Foundation

/// What a customer sees of their case: no staff, no notes, no other customer's anything.
struct CustomerCaseView: Encodable {
    var reference: String
    var about: String
    var place: String
    var reportedOn: String
    var status: String
    var stage: String
    var updatedOn: String

    enum CodingKeys: String, CodingKey {
        case reference, about, place, status, stage
        case reportedOn = "reported_on"
        case updatedOn = "updated_on"
    }

    /// The case in plain words, with the scenario's and location's names from the playbook in force; the last update
    /// is the last time the case moved (opened, taken in charge, or changed status).
    init(_ recoveryCase: RecoveryCase, timeline: [TimelineEvent], playbook: Playbook?) {
        let lastChange = timeline.last { [.opened, .acknowledged, .statusChanged].contains($0.kind) }?.at ?? recoveryCase.openedAt
        let location = playbook?.location(recoveryCase.location)
        let zone = location.flatMap { TimeZone(identifier: $0.timeZone) } ?? TimeZone(identifier: "UTC")!
        func day(_ date: Date) -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_GB")
            formatter.timeZone = zone
            formatter.dateFormat = "d MMMM yyyy"
            return formatter.string(from: date)
        }
        reference = recoveryCase.reference
        about = playbook?.scenario(recoveryCase.scenario)?.name ?? "Your report"
        place = location?.name ?? recoveryCase.location
        reportedOn = day(recoveryCase.openedAt)
        updatedOn = day(lastChange)
        stage = recoveryCase.status.rawValue
        status =
            switch recoveryCase.status {
            case .new: "We have your report and are passing it to the right team."
            case .acknowledged: "Someone on our team has taken charge of putting this right."
            case .inProgress: "We are working on putting this right."
            case .waitingOnCustomer: "We are waiting for a reply from you. Please answer our last message, so we can carry on."
            case .resolved, .followedUp, .closed:
                "We believe this has been put right (\(day(recoveryCase.resolvedAt ?? lastChange))). If it has not, please tell us."
            case .reopened: "We are looking into this again."
            }
    }

    /// The values of the page `customer-case`.
    var values: [String: Any] {
        ["reference": reference, "about": about, "place": place, "reported_on": reportedOn, "updated_on": updatedOn, "status": status]
    }
}
