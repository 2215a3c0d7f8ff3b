import AmendsCore
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// Wakes a sleeping worker when there is new work, without waiting for its next poll.
///
/// A ring while nobody waits is kept (once), so work queued between two waits is never missed.
public final class Doorbell: Sendable {
    private struct Waiter {
        var continuation: CheckedContinuation<Void, Never>
        var timer: Task<Void, Never>?
    }

    private struct State {
        var rung = false
        var nextID: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
    }

    private let state = Mutex(State())

    /// The shortest sleep after a round that found nothing to do although something was due (claimed elsewhere, say),
    /// so a worker never spins on work it cannot take.
    static let idleFloor = 0.05

    public init() {}

    /// Rings: the worker runs as soon as it can.
    public func ring() {
        let woken = state.withLock { state -> [Waiter] in
            guard !state.waiters.isEmpty else {
                state.rung = true
                return []
            }
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in woken {
            waiter.timer?.cancel()
            waiter.continuation.resume()
        }
    }

    /// Runs `round` until shutdown. A round that did work is followed at once by another; after an idle one the
    /// loop sleeps until a ring, the next due time, or `pollInterval` (which catches work from other instances).
    public func loop(
        name: String, clock: any WallClock, pollInterval: Double, logger: Logger,
        round: @escaping @Sendable () async throws -> Bool, nextDue: @escaping @Sendable () async throws -> Date?
    ) async {
        await withGracefulShutdownHandler {
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                do {
                    if try await round() { continue }
                } catch {
                    logger.error("\(name) round failed", metadata: ["error": "\(logDescription(of: error))"])
                }
                var wait = pollInterval
                if let due = try? await nextDue() {
                    wait = min(wait, max(Doorbell.idleFloor, due.timeIntervalSince(clock.now())))
                }
                await self.wait(upTo: wait)
            }
        } onGracefulShutdown: {
            self.ring()
        }
    }

    /// Waits for a ring or until `seconds` pass, whichever is first; returns at once if it rang since the last wait.
    func wait(upTo seconds: Double) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let id = state.withLock { state -> UInt64? in
                    if state.rung {
                        state.rung = false
                        return nil
                    }
                    state.nextID += 1
                    state.waiters[state.nextID] = Waiter(continuation: continuation, timer: nil)
                    return state.nextID
                }
                guard let id else { return continuation.resume() }
                // The timer starts after the waiter is in place, so its end always finds it (or finds it already rung).
                let timer = Task {
                    try? await Task.sleep(for: .milliseconds(Int(max(0, seconds) * 1000)))
                    self.release(id)
                }
                let waiting = state.withLock { state -> Bool in
                    guard state.waiters[id] != nil else { return false }
                    state.waiters[id]?.timer = timer
                    return true
                }
                if !waiting { timer.cancel() }
            }
        } onCancel: {
            ring()
        }
    }

    /// Ends one wait when its time is up.
    private func release(_ id: UInt64) {
        state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume()
    }
}
