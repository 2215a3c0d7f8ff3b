import Foundation
import Synchronization

/// Where the product reads the time. Injected so that SLA timers and escalations are testable without sleeping.
public protocol WallClock: Sendable {
    /// The current instant.
    func now() -> Date
}

/// The system's clock.
public struct LiveWallClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// Where the product gets identifiers and secrets. Injected so tests can predict them.
public protocol IdentifierSource: Sendable {
    /// A new sortable identifier for a record created at `date`.
    func makeID(at date: Date) -> String
}

/// Time-ordered identifiers in the shape of UUIDv7: 48 bits of Unix milliseconds, a 12-bit counter, then random bits.
///
/// Identifiers made by one source strictly increase, even within one millisecond, so sorting the strings sorts by
/// creation order, which keeps timelines, cursor pagination and indexes cheap.
public final class LiveIdentifierSource: IdentifierSource {
    private let state = Mutex<(millis: UInt64, counter: UInt16)>((0, 0))

    public init() {}

    public func makeID(at date: Date) -> String {
        var generator = SystemRandomNumberGenerator()
        let wanted = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let (millis, counter) = state.withLock { state -> (UInt64, UInt16) in
            if wanted > state.millis {
                state = (wanted, UInt16.random(in: 0..<2048, using: &generator))
            } else if state.counter >= 4095 {
                state = (state.millis + 1, 0)
            } else {
                state.counter += 1
            }
            return state
        }
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 {
            bytes[index] = UInt8((millis >> (8 * (5 - UInt64(index)))) & 0xFF)
        }
        bytes[6] = 0x70 | UInt8(counter >> 8)
        bytes[7] = UInt8(counter & 0xFF)
        for index in 8..<16 {
            bytes[index] = UInt8.random(in: 0...255, using: &generator)
        }
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            )
        ).uuidString.lowercased()
    }
}

/// Random secrets for tokens, in URL-safe base64.
public enum Secret {
    /// A new random secret of `byteCount` bytes, URL-safe base64 without padding, after `prefix`.
    public static func make(prefix: String, byteCount: Int = 24) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return prefix + text
    }
}
