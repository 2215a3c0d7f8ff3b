import AmendsCore
import HummingbirdBcrypt
import NIOPosix
import Synchronization

/// Password hashing with bcrypt from hummingbird-auth, on threads of its own.
///
/// A bcrypt check takes tens of milliseconds of CPU on purpose. Run on the concurrency pool (one thread per core), a few
/// sign-ins at once would stall every other request; run here, they wait for these threads instead, and when too many
/// are already waiting a sign-in is refused at once rather than queued without end.
public final class PasswordHasher: Sendable {
    /// The cost new passwords are hashed with: 2^11 rounds of the key schedule.
    public static let defaultCost = 11
    /// The costs bcrypt accepts.
    public static let costs = 4...31

    let cost: UInt8
    private let pool: NIOThreadPool
    private let waiting = Atomic<Int>(0)
    /// Checks allowed to wait for a thread before new ones are refused.
    let maxWaiting: Int

    /// - Parameters:
    ///   - cost: bcrypt's cost for new hashes, from 4 to 31.
    ///   - threads: threads that hash; one is enough for sign-ins, which are rare.
    ///   - maxWaiting: how many checks may wait for a thread before more are refused.
    public init(cost: Int = PasswordHasher.defaultCost, threads: Int = 1, maxWaiting: Int = 32) {
        precondition(Self.costs.contains(cost), "bcrypt's cost is from 4 to 31")
        self.cost = UInt8(cost)
        self.maxWaiting = maxWaiting
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    /// Stops the threads.
    public func shutdown() async {
        try? await pool.shutdownGracefully()
    }

    /// The bcrypt hash of `password` with a fresh salt (`$2b$`).
    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await run { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` is the one `hash` was made from; false for anything that is not a bcrypt hash.
    ///
    /// `$2a$`, `$2b$` and `$2y$` hashes are all read: the three differ only in bugs of other implementations that do not
    /// touch these hashes, and hummingbird-auth reads the first two.
    public func verify(_ password: String, hash: String) async throws -> Bool {
        let readable = hash.hasPrefix("$2y$") ? "$2b$" + hash.dropFirst(4) : hash
        return try await run { Bcrypt.verify(password, hash: readable) }
    }

    /// Whether a check asked for now would be refused: as many are waiting as may.
    public var isBusy: Bool { waiting.load(ordering: .relaxed) >= maxWaiting }

    /// The refusal of a check when too many are waiting.
    public static let busy = AmendsError(
        .tooManyRequests, code: "sign_in_busy", message: "too many sign-ins are being checked at once; try again in a moment", retryAfter: 1)

    private func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async throws -> T {
        let waitingNow = waiting.wrappingAdd(1, ordering: .relaxed).newValue
        defer { waiting.wrappingSubtract(1, ordering: .relaxed) }
        guard waitingNow <= maxWaiting else { throw Self.busy }
        return try await pool.runIfActive(body)
    }
}
