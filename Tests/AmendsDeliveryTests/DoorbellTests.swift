import Foundation
import Testing

@testable import AmendsDelivery

/// The bell that wakes the delivery worker and the escalation scheduler.
@Suite("Worker doorbell")
struct DoorbellTests {
    func elapsed(_ body: () async -> Void) async -> Double {
        let start = ContinuousClock.now
        await body()
        let duration = ContinuousClock.now - start
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    @Test func aWaitThatTimedOutDoesNotMakeLaterWaitsReturnAtOnce() async {
        let bell = Doorbell()
        for _ in 0..<3 {
            let waited = await elapsed { await bell.wait(upTo: 0.1) }
            #expect(waited >= 0.09, "a wait returned after \(waited) s instead of sleeping")
        }
    }

    @Test func aRingWakesAWaiterEarly() async {
        let bell = Doorbell()
        let waited = await elapsed {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await bell.wait(upTo: 120) }
                group.addTask {
                    try? await Task.sleep(for: .milliseconds(50))
                    bell.ring()
                }
            }
        }
        // Far below the 120 s a missed ring would take, with room for a busy machine whose two threads are both taken
        // by other tests for a while (seen: 16 s).
        #expect(waited < 60, "the ring did not wake the waiter (waited \(waited) s)")
    }

    @Test func aRingWithNobodyWaitingIsKeptForTheNextWaitOnce() async {
        let bell = Doorbell()
        bell.ring()
        bell.ring()
        let first = await elapsed { await bell.wait(upTo: 120) }
        #expect(first < 60)
        let second = await elapsed { await bell.wait(upTo: 0.1) }
        #expect(second >= 0.09)
    }

    @Test func cancellingAWaitEndsIt() async {
        let bell = Doorbell()
        let waited = await elapsed {
            let task = Task { await bell.wait(upTo: 120) }
            try? await Task.sleep(for: .milliseconds(50))
            task.cancel()
            await task.value
        }
        #expect(waited < 60)
    }
}
