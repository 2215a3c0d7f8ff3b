import Foundation

/// How the delivery worker spaces its retries.
public struct RetryPolicy: Sendable, Equatable {
    /// How many tries in all before an alarm is dead-lettered.
    public var maxAttempts: Int
    /// The wait after the first failure; doubled after each further one.
    public var baseDelay: Double
    /// The longest wait between two tries.
    public var maxDelay: Double

    public init(maxAttempts: Int = 8, baseDelay: Double = 1, maxDelay: Double = 300) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The wait after the `attempt`-th failed try (1-based), with "full jitter": a random share of the exponential step,
    /// never less than half of it, so retries from many alarms spread out.
    public func delay(afterAttempt attempt: Int, random: Double) -> Double {
        let exponent = Double(max(0, attempt - 1))
        let step = min(maxDelay, baseDelay * pow(2, exponent))
        return step / 2 + step / 2 * min(max(random, 0), 1)
    }

    /// The result of a failed `attempt`-th try at `now`.
    public func failure(attempt: Int, error: String, now: Date, random: Double) -> DeliveryAttempt.Result {
        attempt >= maxAttempts ? .dead(error: error) : .retry(at: now.addingTimeInterval(delay(afterAttempt: attempt, random: random)), error: error)
    }
}
