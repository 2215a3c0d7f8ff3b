import AmendsText
import Foundation

/// A failure a staff member witnessed and logs by hand.
public struct FailureReport: Sendable, Equatable {
    public var scenario: String
    public var location: String
    public var description: String
    public var customer: CustomerIdentity?

    public init(scenario: String, location: String, description: String, customer: CustomerIdentity? = nil) {
        self.scenario = scenario
        self.location = location
        self.description = description
        self.customer = customer
    }
}
