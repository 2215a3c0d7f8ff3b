import AmendsCore
import AmendsDelivery
import Foundation
import Logging
import ServiceLifecycle

/// Puts a newly trained text model in force without a restart: looks for a newer version now and then (a model trained
/// by `amends train`, or by another server sharing the database), on the workers' one wake-up primitive, the
/// ``Doorbell``, so it stops with the others on shutdown.
public struct TextModelWatcher: Service {
    let runtime: Runtime
    let interval: Double

    /// - Parameter interval: seconds between looks.
    public init(runtime: Runtime, interval: Double = 30) {
        self.runtime = runtime
        self.interval = interval
    }

    public func run() async throws {
        await Doorbell().loop(name: "text model", clock: runtime.clock, pollInterval: interval, logger: runtime.logger) {
            // A model newly in force needs no second look at once.
            _ = try await runtime.refreshTextModel()
            return false
        } nextDue: {
            nil
        }
    }
}
