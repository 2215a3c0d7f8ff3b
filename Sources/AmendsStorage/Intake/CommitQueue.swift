import AmendsCore
import AmendsJSON
import Foundation
import SQLKit

/// Commits concurrent callers' records together: while one transaction runs, new records queue for the next.
///
/// One fsync then covers a whole batch, which is how durable intake keeps up with many connections.
actor CommitQueue {
    private struct Waiter {
        var records: [PreparedIntake]
        var continuation: CheckedContinuation<[IntakeOutcome], any Error>
    }

    private let maxBatch: Int
    private var waiting: [Waiter] = []
    private var draining = false

    init(maxBatch: Int) { self.maxBatch = maxBatch }

    func submit(
        _ records: [PreparedIntake], commit: @escaping @Sendable ([PreparedIntake]) async throws -> [IntakeOutcome]
    ) async throws -> [IntakeOutcome] {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append(Waiter(records: records, continuation: continuation))
            if !draining {
                draining = true
                Task { await self.drain(commit) }
            }
        }
    }

    private func drain(_ commit: @escaping @Sendable ([PreparedIntake]) async throws -> [IntakeOutcome]) async {
        while !waiting.isEmpty {
            var batch: [Waiter] = []
            var count = 0
            while let next = waiting.first, batch.isEmpty || count + next.records.count <= maxBatch {
                batch.append(waiting.removeFirst())
                count += next.records.count
            }
            do {
                let outcomes = try await commit(batch.flatMap(\.records))
                var offset = 0
                for waiter in batch {
                    waiter.continuation.resume(returning: Array(outcomes[offset..<offset + waiter.records.count]))
                    offset += waiter.records.count
                }
            } catch {
                // One bad request must not fail its neighbours: retry each caller on its own.
                if batch.count == 1 {
                    batch[0].continuation.resume(throwing: error)
                } else {
                    for waiter in batch {
                        do {
                            waiter.continuation.resume(returning: try await commit(waiter.records))
                        } catch {
                            waiter.continuation.resume(throwing: error)
                        }
                    }
                }
            }
        }
        draining = false
    }
}
