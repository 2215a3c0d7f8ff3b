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

    /// The case in plain words, in the page's language, with the scenario's and location's names from the playbook in
    /// force; the last update is the last time the case moved (opened, taken in charge, or changed status).
    init(_ recoveryCase: RecoveryCase, timeline: [TimelineEvent], words: CustomerPageController.Words) {
        let lastChange = timeline.last { [.opened, .acknowledged, .statusChanged].contains($0.kind) }?.at ?? recoveryCase.openedAt
        let playbook = words.playbook
        let location = playbook?.location(recoveryCase.location)
        let zone = location.flatMap { TimeZone(identifier: $0.timeZone) }
        func day(_ date: Date) -> String { Playbook.day(date, language: words.language, timeZone: zone) }
        reference = recoveryCase.reference
        about = playbook?.scenario(recoveryCase.scenario)?.name ?? words.text(.caseDefault)
        place = location?.name ?? recoveryCase.location
        reportedOn = day(recoveryCase.openedAt)
        updatedOn = day(lastChange)
        stage = recoveryCase.status.rawValue
        status =
            switch recoveryCase.status {
            case .new: words.text(.caseNew)
            case .acknowledged: words.text(.caseAcknowledged)
            case .inProgress: words.text(.caseInProgress)
            case .waitingOnCustomer: words.text(.caseWaiting)
            case .resolved, .followedUp, .closed: words.text(.caseResolved, ["date": day(recoveryCase.resolvedAt ?? lastChange)])
            case .reopened: words.text(.caseReopened)
            }
    }

    /// The values of the page `customer-case`.
    var values: [String: Any] {
        ["reference": reference, "about": about, "place": place, "reported_on": reportedOn, "updated_on": updatedOn, "status": status]
    }
}
