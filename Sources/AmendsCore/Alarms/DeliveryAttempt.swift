import AmendsJSON
import Foundation

/// What happened when the delivery worker tried an alarm.
public struct DeliveryAttempt: Sendable, Equatable {
    public enum Result: Sendable, Equatable {
        case delivered
        /// Failed; try again at the given time.
        case retry(at: Date, error: String)
        /// Failed for the last allowed time.
        case dead(error: String)
    }

    public var alarmID: String
    public var caseID: String
    public var recipient: String
    /// Which try this was, counting from 1.
    public var attempt: Int
    public var at: Date
    public var result: Result

    public init(alarmID: String, caseID: String, recipient: String, attempt: Int, at: Date, result: Result) {
        self.alarmID = alarmID
        self.caseID = caseID
        self.recipient = recipient
        self.attempt = attempt
        self.at = at
        self.result = result
    }

    /// The case timeline's record of this try.
    public func timelineEvent(id: String) -> TimelineEvent {
        var data: [String: JSONValue] = ["alarm_id": .string(alarmID), "attempts": .number(Double(attempt))]
        let kind: TimelineEvent.Kind
        let message: String
        switch result {
        case .delivered:
            kind = .alarmDelivered
            message = "Alarm delivered to \(recipient)" + (attempt > 1 ? " on try \(attempt)." : ".")
        case .retry(let next, let error):
            kind = .alarmFailed
            message = "Alarm to \(recipient) failed on try \(attempt) (\(error)); next try at \(Timestamp.string(next))."
            data["error"] = .string(error)
        case .dead(let error):
            kind = .alarmDeadLettered
            message = "Alarm to \(recipient) gave up after \(attempt) tries (\(error)); it waits in the dead letters."
            data["error"] = .string(error)
        }
        return TimelineEvent(id: id, caseID: caseID, at: at, kind: kind, actor: "system", message: message, data: data)
    }
}
