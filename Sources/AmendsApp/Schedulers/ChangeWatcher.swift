import AmendsCore
import AmendsDelivery
import Foundation
import Logging
import ServiceLifecycle

/// Puts what changed in the database in force without a restart: a playbook imported by `amends playbook import` or by
/// another server, and a newly trained text model. Looks every `interval` seconds, on the workers' one wake-up primitive,
/// the ``Doorbell``, so it stops with the others on shutdown. (Channel tokens and staff accounts need no watching: a new
/// channel token is looked up when first presented, and a staff member's token is checked on every request.)
public struct ChangeWatcher: Service {
    let runtime: Runtime
    let interval: Double

    /// - Parameter interval: seconds between looks.
    public init(runtime: Runtime, interval: Double = 2) {
        self.runtime = runtime
        self.interval = interval
    }

    public func run() async throws {
        await Doorbell().loop(name: "changes", clock: runtime.clock, pollInterval: interval, logger: runtime.logger) {
            // What is newly in force needs no second look at once.
            try await runtime.refreshPlaybook()
            try await runtime.refreshTextModel()
            return false
        } nextDue: {
            nil
        }
    }
}
