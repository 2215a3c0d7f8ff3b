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

/// A new staff account.
struct StaffPayload: Decodable {
    var name: String
    var email: String?
    var role: StaffMember.Role
    var locations: [String]?
    /// Their own compensation authority, when it differs from their role's.
    var authority: AuthorityLimit?

    enum CodingKeys: String, CodingKey { case name, email, role, locations, authority }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["name", "email", "role", "locations", "authority"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200 else { throw AmendsError.invalidField("name", "must be 1 to 200 characters") }
        email = try container.decodeIfPresent(String.self, forKey: .email)
        if let email, !email.contains("@") || email.count > 320 { throw AmendsError.invalidField("email", "'\(email)' is not an e-mail address") }
        let roleName = try container.decode(String.self, forKey: .role)
        guard let role = StaffMember.Role(rawValue: roleName) else {
            throw AmendsError.invalidField("role", "'\(roleName)' is not a role; use one of \(StaffMember.Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.role = role
        locations = try container.decodeIfPresent([String].self, forKey: .locations)
        if let locations, locations.isEmpty {
            throw AmendsError.invalidField("locations", "name at least one location, or leave it out for every location")
        }
        authority = try container.decodeIfPresent(AuthorityLimit.self, forKey: .authority)
        if let authority { try authority.validate(field: "authority") }
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

/// A password login.
struct LoginPayload: Decodable {
    var email: String
    var password: String

    enum CodingKeys: String, CodingKey { case email, password }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["email", "password"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        email = try container.decode(String.self, forKey: .email)
        password = try container.decode(String.self, forKey: .password)
    }
}

/// A new password for a staff member.
struct PasswordPayload: Decodable {
    var password: String

    enum CodingKeys: String, CodingKey { case password }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["password"])
        password = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .password)
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

/// A staff member's correction of how a feedback item was read.
struct LabelPayload: Decodable {
    var failure: Bool
    var category: String?

    enum CodingKeys: String, CodingKey { case failure, category }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["failure", "category"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        failure = try container.decode(Bool.self, forKey: .failure)
        category = try container.decodeIfPresent(String.self, forKey: .category)?.trimmingCharacters(in: .whitespaces)
        if let category {
            guard failure else { throw AmendsError.invalidField("category", "only a failure has a category") }
            guard !category.isEmpty, category.count <= 100 else { throw AmendsError.invalidField("category", "must be 1 to 100 characters") }
        }
    }
}

/// The label kept for a feedback item.
struct LabelResponse: Encodable {
    var feedbackID: String
    var failure: Bool
    var category: String?
    var labeledBy: String
    var labeledAt: Date

    enum CodingKeys: String, CodingKey {
        case failure, category
        case feedbackID = "feedback_id"
        case labeledBy = "labeled_by"
        case labeledAt = "labeled_at"
    }
}

/// What `POST /v1/feedback` answers.
struct FeedbackResponse: Encodable {
    struct CaseLink: Encodable {
        var id: String
        var opened: Bool
    }

    var feedback: Feedback
    var `case`: CaseLink?
    var replayed: Bool

    /// The same document `JSONEncoder` writes, built directly: this answers every intake request.
    var jsonText: String {
        var writer = JSONWriter(capacity: 1024)
        writer.object { writer in
            if let link = `case` {
                writer.key("case")
                writer.object { writer in
                    writer.member("id", link.id)
                    writer.member("opened", link.opened)
                }
            }
            writer.key("feedback")
            feedback.write(to: &writer)
            writer.member("replayed", replayed)
        }
        return writer.text
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

/// Opaque cursors: the id to continue after, in URL-safe base64.
enum Cursor {
    static func encode(_ id: String) -> String { Base64URL.encode(id.utf8) }

    static func decode(_ text: String) throws(AmendsError) -> String {
        guard let bytes = Base64URL.decode(text), let id = String(bytes: bytes, encoding: .utf8), !id.isEmpty, id.count <= 64 else {
            throw AmendsError.invalidField("cursor", "is not a cursor this server issued")
        }
        return id
    }
}

/// Compensation to grant on a case.
struct GrantPayload: Decodable {
    var remedy: String
    /// For a remedy whose value is chosen when granting: the amount, as a decimal string in the remedy's currency.
    var amount: String?
    var reason: String

    enum CodingKeys: String, CodingKey { case remedy, amount, reason }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["remedy", "amount", "reason"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        remedy = try container.decode(String.self, forKey: .remedy)
        amount = try container.decodeIfPresent(String.self, forKey: .amount)
        reason = try container.decode(String.self, forKey: .reason).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 2000 else { throw AmendsError.invalidField("reason", "must be 1 to 2000 characters") }
    }
}

/// An approver's decision on a held grant.
struct DecisionPayload: Decodable {
    var reason: String?

    enum CodingKeys: String, CodingKey { case reason }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["reason"])
        reason = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .reason)?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if let reason, reason.isEmpty || reason.count > 2000 { throw AmendsError.invalidField("reason", "must be 1 to 2000 characters") }
    }
}

/// A staff member's own authority limit, or null to put them back on their role's.
struct AuthorityPayload: Decodable {
    var authority: AuthorityLimit?

    enum CodingKeys: String, CodingKey { case authority }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["authority"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.contains(.authority) else { throw AmendsError.missingField("authority") }
        authority = try container.decodeIfPresent(AuthorityLimit.self, forKey: .authority)
        if let authority { try authority.validate(field: "authority") }
    }
}

/// A message to send to a case's customer: from the scenario's template, or written (or edited) by the sender.
struct MessagePayload: Decodable {
    var kind: MessageTemplate.Kind
    var medium: MessageTemplate.Medium?
    var language: String?
    var subject: String?
    var body: String?

    enum CodingKeys: String, CodingKey { case kind, medium, language, subject, body }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["kind", "medium", "language", "subject", "body"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try API.kind(try container.decodeIfPresent(String.self, forKey: .kind))
        medium = try API.medium(try container.decodeIfPresent(String.self, forKey: .medium))
        language = try container.decodeIfPresent(String.self, forKey: .language)
        subject = try container.decodeIfPresent(String.self, forKey: .subject)
        if let subject, subject.count > 300 { throw AmendsError.invalidField("subject", "must be at most 300 characters") }
        body = try container.decodeIfPresent(String.self, forKey: .body)
        if let body, body.count > CustomerMessage.maxBodyLength {
            throw AmendsError.invalidField("body", "must be at most \(CustomerMessage.maxBodyLength) characters")
        }
        if body != nil && medium == nil {
            throw AmendsError.invalidField("medium", "is required with a body written by hand, unless the scenario has a template to take it from")
        }
    }
}

/// A customer's reply, as an inbound e-mail or SMS webhook delivers it.
struct ReplyPayload: Decodable {
    var from: String
    var subject: String?
    var text: String
    /// Where the customer is, for a reply that has no open case to attach to.
    var location: String?

    enum CodingKeys: String, CodingKey { case from, subject, text, location }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["from", "subject", "text", "location"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        from = try container.decode(String.self, forKey: .from).trimmingCharacters(in: .whitespaces)
        guard !from.isEmpty, from.count <= 320 else { throw AmendsError.invalidField("from", "must be 1 to 320 characters") }
        subject = try container.decodeIfPresent(String.self, forKey: .subject)
        text = try container.decode(String.self, forKey: .text)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, text.count <= CustomerMessage.maxBodyLength else {
            throw AmendsError.invalidField("text", "must be 1 to \(CustomerMessage.maxBodyLength) characters")
        }
        location = try container.decodeIfPresent(String.self, forKey: .location)
    }
}

/// A customer's answer to the follow-up survey, as JSON.
struct SurveyPayload: Decodable {
    var satisfaction: Int
    var recommend: Int
    var comment: String?

    enum CodingKeys: String, CodingKey { case satisfaction, recommend, comment }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["satisfaction", "recommend", "comment"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        satisfaction = try container.decode(Int.self, forKey: .satisfaction)
        recommend = try container.decode(Int.self, forKey: .recommend)
        comment = try container.decodeIfPresent(String.self, forKey: .comment)
    }
}
