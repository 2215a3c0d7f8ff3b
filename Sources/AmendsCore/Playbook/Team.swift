import Foundation

/// People who respond to a kind of failure, and the order in which they are woken.
public struct Team: Codable, Sendable, Equatable {
    public var key: String
    public var name: String
    public var members: [Member]
    /// Who is alarmed first, and who next when nobody acknowledges in time.
    public var escalation: [EscalationLevel]

    public init(key: String, name: String, members: [Member], escalation: [EscalationLevel]) {
        self.key = key
        self.name = name
        self.members = members
        self.escalation = escalation
    }

    /// The member with `key`, if the team has one.
    public func member(_ key: String) -> Member? { members.first { $0.key == key } }
}

/// A person on a team and where alarms reach them.
public struct Member: Codable, Sendable, Equatable {
    public var key: String
    public var name: String
    public var contacts: [Contact]
    /// The e-mail address of the member's staff account, when they have one: requests for their approval reach them here.
    public var staff: String?

    public init(key: String, name: String, contacts: [Contact], staff: String? = nil) {
        self.key = key
        self.name = name
        self.contacts = contacts
        self.staff = staff
    }
}

/// An address an alarm can be delivered to.
public struct Contact: Codable, Sendable, Equatable {
    /// How the alarm's body is shaped.
    public enum Format: String, Codable, Sendable, CaseIterable {
        /// JSON signed with Standard Webhooks headers.
        case standard
        /// A Slack-style incoming-webhook message (`{"text": …}`).
        case slack
    }

    /// An `http` or `https` URL that accepts a POST.
    public var webhook: String
    public var format: Format?
    /// The Standard Webhooks signing secret (`whsec_` and base64); the server's own is used when absent.
    public var secret: String?

    public init(webhook: String, format: Format? = nil, secret: String? = nil) {
        self.webhook = webhook
        self.format = format
        self.secret = secret
    }

    /// The format, defaulting to ``Format/standard``.
    public var effectiveFormat: Format { format ?? .standard }
}

/// One step of an escalation chain.
public struct EscalationLevel: Codable, Sendable, Equatable {
    /// Member keys alarmed at this level.
    public var notify: [String]
    /// How long this level has to acknowledge before the next is alarmed; the scenario's SLA when absent.
    public var after: SLADuration?

    public init(notify: [String], after: SLADuration? = nil) {
        self.notify = notify
        self.after = after
    }
}
