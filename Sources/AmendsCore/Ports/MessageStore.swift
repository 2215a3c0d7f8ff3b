import AmendsText
import Foundation

/// Messages to and from customers, kept by the same store.
public protocol MessageStore: Sendable {
    /// Puts a message to the customer in the outbox, with its timeline event and audit entry, in one transaction.
    func queueMessage(_ message: CustomerMessage, actorName: String) async throws
    /// Keeps a customer's reply on its case's timeline, once: a reply whose id is already kept (a gateway delivering it
    /// again) changes nothing. Returns whether it was kept now.
    @discardableResult
    func recordReply(_ message: CustomerMessage) async throws -> Bool
    func messages(caseID: String) async throws -> [CustomerMessage]
    func message(id: String) async throws -> CustomerMessage?
    /// Messages to customers in `state`, newest first, of cases at `locations` (nil: all), at most `limit`.
    func messages(state: CustomerMessage.State, locations: [String]?, limit: Int) async throws -> [CustomerMessage]
    /// Puts a message that was given up on back in the outbox for another round of tries.
    func retry(messageID: String, at date: Date) async throws -> CustomerMessage
    /// The newest open case of the customer with this key (see ``CustomerIdentity/key``).
    func openCase(customerKey: String) async throws -> RecoveryCase?
    /// Leases up to `limit` queued messages due at `now` until `leaseUntil`.
    func claimMessages(now: Date, leaseUntil: Date, limit: Int) async throws -> [CustomerMessage]
    /// Records the outcomes of a round of tries, each with its timeline event.
    func completeMessages(_ attempts: [MessageAttempt]) async throws
    /// The earliest time a queued message is due.
    func nextMessageDue() async throws -> Date?
}
