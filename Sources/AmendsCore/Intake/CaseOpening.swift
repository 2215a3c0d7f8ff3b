import AmendsText
import Foundation

/// A case to open, with everything that happens in the same transaction: alarms, timeline, first timer.
public struct CaseOpening: Sendable, Equatable {
    public var recoveryCase: RecoveryCase
    /// One open case per customer and scenario: a second opening with the same key attaches instead.
    public var dedupKey: String?
    public var step: EscalationStep
    public var openedEvent: TimelineEvent
    /// The remedy of the scenario's guarantee, granted as the case opens.
    public var guarantee: KeptGuarantee?

    public init(
        recoveryCase: RecoveryCase, dedupKey: String?, step: EscalationStep, openedEvent: TimelineEvent,
        guarantee: KeptGuarantee? = nil
    ) {
        self.recoveryCase = recoveryCase
        self.dedupKey = dedupKey
        self.step = step
        self.openedEvent = openedEvent
        self.guarantee = guarantee
    }
}
