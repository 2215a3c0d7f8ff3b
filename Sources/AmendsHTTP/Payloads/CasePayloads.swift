import AmendsApp
import AmendsCore
import AmendsJSON
import Foundation

/// The JSON a staff member posts to log a failure they witnessed.
struct FailureReportPayload: Decodable {
    var scenario: String
    var location: String
    var description: String?
    var customer: CustomerIdentity?

    enum CodingKeys: String, CodingKey { case scenario, location, description, customer }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["scenario", "location", "description", "customer"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        scenario = try container.decode(String.self, forKey: .scenario)
        location = try container.decode(String.self, forKey: .location)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        if container.contains(.customer) {
            try container.superDecoder(forKey: .customer).rejectUnknownKeys(["email", "phone", "external_id", "name"])
            customer = try container.decodeIfPresent(CustomerIdentity.self, forKey: .customer)
        }
    }

    var report: FailureReport {
        FailureReport(scenario: scenario, location: location, description: description ?? "", customer: customer)
    }
}

/// A move of a case to another status, with an optional note and, when resolving or closing, the root cause.
struct StatusChangePayload: Decodable {
    var status: RecoveryCase.Status
    var note: String?
    var rootCause: RootCause?

    enum CodingKeys: String, CodingKey {
        case status, note
        case rootCause = "root_cause"
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["status", "note", "root_cause"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .status)
        guard let status = RecoveryCase.Status(rawValue: name) else {
            throw AmendsError.invalidField("status", "'\(name)' is not a status; use one of \(RecoveryCase.Status.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.status = status
        note = try container.decodeIfPresent(String.self, forKey: .note)
        if container.contains(.rootCause) {
            try container.superDecoder(forKey: .rootCause).rejectUnknownKeys(["category", "description"])
            rootCause = try container.decodeIfPresent(RootCause.self, forKey: .rootCause)
        }
    }
}

/// A step of the recovery checklist, done, with what was done.
struct StepPayload: Decodable {
    var step: RecoveryStep
    var note: String

    enum CodingKeys: String, CodingKey { case step, note }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["step", "note"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .step)
        guard let step = RecoveryStep(rawValue: name) else {
            throw AmendsError.invalidField("step", "'\(name)' is not a step; use one of \(RecoveryStep.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.step = step
        note = try container.decode(String.self, forKey: .note)
    }
}

/// A staff member asked to help with a case.
struct CollaboratorPayload: Decodable {
    var staffID: String

    enum CodingKeys: String, CodingKey { case staffID = "staff_id" }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["staff_id"])
        staffID = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .staffID)
    }
}

/// How long a customer's status link should last.
struct StatusLinkPayload: Decodable {
    var days: Int?

    enum CodingKeys: String, CodingKey { case days = "expires_in_days" }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["expires_in_days"])
        days = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Int.self, forKey: .days)
        if let days, !(1...StatusLink.maximumDays).contains(days) {
            throw AmendsError.invalidField("expires_in_days", "must be from 1 to \(StatusLink.maximumDays)")
        }
    }
}

/// An internal note on a case.
struct NotePayload: Decodable {
    var text: String

    enum CodingKeys: String, CodingKey { case text }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["text"])
        text = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .text)
    }
}

/// A case with its timeline and alarms, for `GET /v1/cases/{id}`.
struct CaseDetail: Encodable {
    var `case`: RecoveryCase
    /// The recovery checklist: every step, required or not, done or not.
    var checklist: [ChecklistItem]
    var timeline: [TimelineEvent]
    var alarms: [Alarm]
    /// Compensation granted, asked for or denied on the case, newest first.
    var compensation: [CompensationGrant]
    /// Messages to and from the customer, oldest first, with their delivery state.
    var messages: [CustomerMessage]
    /// The follow-up survey, once the case was resolved: when it goes out, and the customer's answer.
    var followUp: FollowUp?

    enum CodingKeys: String, CodingKey {
        case checklist, timeline, alarms, compensation, messages
        case `case`
        case followUp = "follow_up"
    }
}

/// A page of cases.
struct CaseList: Encodable {
    var items: [RecoveryCase]
    var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }
}

/// The case a duplicate is merged into.
struct MergePayload: Decodable {
    var into: String

    enum CodingKeys: String, CodingKey { case into }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["into"])
        into = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .into)
    }
}

/// A case to link as related.
struct LinkPayload: Decodable {
    var caseID: String

    enum CodingKeys: String, CodingKey { case caseID = "case_id" }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["case_id"])
        caseID = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .caseID)
    }
}
