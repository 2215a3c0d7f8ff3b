import AmendsCore
import AmendsJSON
import Foundation
import Synchronization

/// What the demo's own receiver was sent lately: signed alarms, and the messages to customers that this server has no
/// mail server or gateway for, so a newcomer sees both arrive. Kept in memory, the last 100.
public final class DemoInbox: Sendable {
    public struct Entry: Encodable, Sendable {
        public var webhookID: String
        public var receivedAt: Date
        public var body: JSONValue

        public init(webhookID: String, receivedAt: Date, body: JSONValue) {
            self.webhookID = webhookID
            self.receivedAt = receivedAt
            self.body = body
        }

        enum CodingKeys: String, CodingKey {
            case body
            case webhookID = "webhook_id"
            case receivedAt = "received_at"
        }
    }

    private let items = Mutex<[Entry]>([])
    private let messages = Atomic<Bool>(false)

    public init() {}

    /// Whether messages to customers that no mail server or gateway takes are delivered here (a demo database, started
    /// without `--no-demo`).
    public var takesMessages: Bool {
        get { messages.load(ordering: .relaxed) }
        set { messages.store(newValue, ordering: .relaxed) }
    }

    public func add(_ entry: Entry) {
        items.withLock { items in
            if !items.contains(where: { $0.webhookID == entry.webhookID }) { items.append(entry) }
            if items.count > 100 { items.removeFirst(items.count - 100) }
        }
    }

    /// The entries, newest first.
    public func entries() -> [Entry] { items.withLock { $0.reversed() } }
}

/// Sends through `transport` what it handles; on a demo, delivers the rest to the demo inbox, in the shape a gateway
/// is posted (`{"type": "message.email", "id", "to", "subject", "text", "case_id", "language"}`).
public struct DemoInboxTransport: MessageTransport {
    let transport: any MessageTransport
    let inbox: DemoInbox

    public init(_ transport: any MessageTransport, inbox: DemoInbox) {
        self.transport = transport
        self.inbox = inbox
    }

    public func handles(_ medium: MessageTemplate.Medium) -> Bool {
        transport.handles(medium) || inbox.takesMessages
    }

    /// Whether messages on `medium` go to the demo inbox, for want of a mail server or gateway.
    public func goesToInbox(_ medium: MessageTemplate.Medium) -> Bool {
        inbox.takesMessages && !transport.handles(medium)
    }

    public func send(_ message: CustomerMessage, at date: Date) async -> TransportResult {
        guard goesToInbox(message.medium) else { return await transport.send(message, at: date) }
        var body: [String: JSONValue] = [
            "type": .string("message.\(message.medium.rawValue)"), "id": .string(message.id), "to": .string(message.address),
            "text": .string(message.body),
        ]
        if !message.caseID.isEmpty { body["case_id"] = .string(message.caseID) }
        if let subject = message.subject { body["subject"] = .string(subject) }
        if let language = message.language { body["language"] = .string(language) }
        inbox.add(DemoInbox.Entry(webhookID: message.id, receivedAt: date, body: .object(body)))
        return .accepted
    }
}
