import Foundation

/// How much one client address may ask of the public pages (the feedback pages, the customer's links, QR codes) in a
/// window, before it must wait: answers sent, and pages viewed.
///
/// A kiosk or a hotel's guest Wi-Fi sends many guests from one address, so the limits are per address and generous;
/// a bot that sends thousands gets no more than `posts` answers in, each window.
public struct PageLimits: Sendable, Equatable {
    /// Answers (form posts) per address in a window.
    public var posts: Int
    /// Page views (and QR codes) per address in a window.
    public var views: Int
    /// How long a count runs before it starts again.
    public var window: TimeInterval

    public init(posts: Int = 30, views: Int = 600, window: TimeInterval = 10 * 60) {
        self.posts = posts
        self.views = views
        self.window = window
    }

    /// What is counted.
    public enum Kind: String, Sendable {
        case post, view
    }

    /// The limit of `kind`.
    public func limit(_ kind: Kind) -> Int { kind == .post ? posts : views }

    /// The 429 for an address that must wait until `until`.
    public static func refusal(until: Date, at now: Date) -> AmendsError {
        let wait = max(1, Int(until.timeIntervalSince(now).rounded(.up)))
        let minutes = (wait + 59) / 60
        return AmendsError(
            .tooManyRequests, code: "too_many_requests",
            message: "too many requests came from this address; try again in \(minutes) minute\(minutes == 1 ? "" : "s")", retryAfter: wait)
    }
}

/// Counts of one address's requests since its window started, and the rule that refuses one past the limit.
public struct PageCounts: Sendable {
    struct Count: Sendable {
        var requests: Int
        var windowStart: Date
    }

    private var counts: [String: Count] = [:]
    public let limits: PageLimits

    public init(limits: PageLimits) { self.limits = limits }

    /// Counts a request of `kind` from `address` at `now`; returns when the address may ask again if this request is
    /// past the limit (and so refused), else nil.
    public mutating func count(_ kind: PageLimits.Kind, from address: String, at now: Date) -> Date? {
        let key = kind.rawValue + " " + address
        var count = counts[key] ?? Count(requests: 0, windowStart: now)
        if now.timeIntervalSince(count.windowStart) >= limits.window { count = Count(requests: 0, windowStart: now) }
        count.requests += 1
        counts[key] = count
        if counts.count > 100_000 { forget(before: now) }
        return count.requests > limits.limit(kind) ? count.windowStart.addingTimeInterval(limits.window) : nil
    }

    /// Drops the counts whose windows have ended, so memory stays bounded under many addresses.
    mutating func forget(before now: Date) {
        counts = counts.filter { now.timeIntervalSince($0.value.windowStart) < limits.window }
    }

    /// How many addresses are being counted.
    public var tracked: Int { counts.count }
}
