import Foundation

/// What happened when the outbox tried to deliver a message.
public struct MessageAttempt: Sendable, Equatable {
    public var message: CustomerMessage
    public var attempt: Int
    public var at: Date
    public var result: DeliveryAttempt.Result

    public init(message: CustomerMessage, attempt: Int, at: Date, result: DeliveryAttempt.Result) {
        self.message = message
        self.attempt = attempt
        self.at = at
        self.result = result
    }

    /// The timeline event that records this try.
    public func event(id eventID: String) -> TimelineEvent {
        let what = CustomerMessage.words(message.medium)
        let (kind, text): (TimelineEvent.Kind, String) =
            switch result {
            case .delivered: (.messageSent, "The \(what) to \(message.address) was handed over for delivery.")
            case .retry(let next, let error): (.messageFailed, "Try \(attempt) of the \(what) to \(message.address) failed (\(error)); next try at \(Timestamp.string(next)).")
            case .dead(let error): (.messageDead, "The \(what) to \(message.address) could not be delivered after \(attempt) tries (\(error)). Reach the customer another way.")
            }
        return TimelineEvent(id: eventID, caseID: message.caseID, at: at, kind: kind, actor: "system", message: text, data: ["message_id": .string(message.id)])
    }
}
