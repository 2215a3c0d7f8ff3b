import Foundation

/// How many sign-ins may be tried, per account and per client address, before the next one must wait.
///
/// Each attempt is counted before its password is checked, so a burst of attempts at once cannot slip past the limit
/// while the first ones are still being checked; a sign-in that succeeds takes its attempt back.
public struct SignInLimits: Sendable, Equatable {
    /// Attempts per account (the e-mail address typed, whether or not anyone has it) in a window.
    public var perAccount: Int
    /// Attempts per client address in a window: more, since an office may sign in from one address.
    public var perAddress: Int
    /// How long attempts are counted before the count starts again.
    public var window: TimeInterval

    public init(perAccount: Int = 5, perAddress: Int = 20, window: TimeInterval = 15 * 60) {
        self.perAccount = perAccount
        self.perAddress = perAddress
        self.window = window
    }

    /// What an attempt is counted under: the account, and the address it came from.
    public static func accountKey(_ email: String) -> String { "account:" + email.trimmingCharacters(in: .whitespaces).lowercased() }
    public static func addressKey(_ address: String) -> String { "address:" + address }

    /// The refusal of an attempt, given the counts with it included, or nil when it may go on to the password check.
    public func refusal(account: SignInCount, address: SignInCount, at now: Date) -> AmendsError? {
        let until = [pausedUntil(account, limit: perAccount), pausedUntil(address, limit: perAddress)].compactMap { $0 }.max()
        return until.map { Self.refusal(until: $0, at: now) }
    }

    /// When a key whose count is past `limit` lets attempts in again (the end of its window), or nil when it is not past.
    public func pausedUntil(_ count: SignInCount, limit: Int) -> Date? {
        count.attempts > limit ? count.windowStart.addingTimeInterval(window) : nil
    }

    /// The 429 for an attempt made while a key is paused until `until`.
    public static func refusal(until: Date, at now: Date) -> AmendsError {
        let wait = max(1, Int(until.timeIntervalSince(now).rounded(.up)))
        let minutes = (wait + 59) / 60
        return AmendsError(
            .tooManyRequests, code: "too_many_sign_ins",
            message: "too many sign-ins were tried for this account or from this address; try again in \(minutes) minute\(minutes == 1 ? "" : "s")",
            retryAfter: wait)
    }
}

/// Sign-in attempts counted under one key since its window started.
public struct SignInCount: Sendable, Equatable {
    public var attempts: Int
    public var windowStart: Date

    public init(attempts: Int, windowStart: Date) {
        self.attempts = attempts
        self.windowStart = windowStart
    }
}
