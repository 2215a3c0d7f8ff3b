import AmendsCore
import AmendsDelivery
import AmendsText
import Foundation
import Logging
import ServiceLifecycle

/// Puts a newly trained text model in force without a restart: looks for a newer version now and then.
public struct TextModelWatcher: Service {
    let runtime: Runtime
    var interval: Duration = .seconds(30)

    public init(runtime: Runtime, interval: Duration = .seconds(30)) {
        self.runtime = runtime
        self.interval = interval
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                do {
                    try await runtime.refreshTextModel()
                } catch {
                    runtime.logger.error("text model check failed", metadata: ["error": "\(logDescription(of: error))"])
                }
            }
        }
    }
}
