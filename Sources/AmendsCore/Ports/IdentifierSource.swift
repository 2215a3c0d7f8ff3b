import Foundation
import Synchronization

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
    private struct State {
        var millis: UInt64 = 0
        var counter: UInt16 = 0
        /// SplitMix64, seeded from the system once: identifiers must be unique, not secret, and the system
        /// generator costs a system call per draw.
        var seed: UInt64

        mutating func next() -> UInt64 {
            seed &+= 0x9E37_79B9_7F4A_7C15
            var value = seed
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    private let state: Mutex<State>

    public init() {
        var system = SystemRandomNumberGenerator()
        state = Mutex(State(seed: system.next()))
    }

    public func makeID(at date: Date) -> String {
        let wanted = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let (millis, counter, random) = state.withLock { state -> (UInt64, UInt16, UInt64) in
            let random = state.next()
            if wanted > state.millis {
                state.millis = wanted
                state.counter = UInt16(random >> 53)
            } else if state.counter >= 4095 {
                state.millis += 1
                state.counter = 0
            } else {
                state.counter += 1
            }
            return (state.millis, state.counter, random)
        }
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 {
            bytes[index] = UInt8((millis >> (8 * (5 - UInt64(index)))) & 0xFF)
        }
        bytes[6] = 0x70 | UInt8(counter >> 8)
        bytes[7] = UInt8(counter & 0xFF)
        for index in 8..<16 {
            bytes[index] = UInt8(truncatingIfNeeded: random >> (8 * UInt64(index - 8)))
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
