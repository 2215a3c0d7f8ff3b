import AmendsApp
import AmendsCore
import AmendsStorage
import AmendsText
import ArgumentParser
import Foundation

/// The `--database` option every command shares.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("An SQLite file path or a postgres:// URL. Default: $AMENDS_DATABASE or ./amends.sqlite.", valueName: "path-or-url"))
    var database: String?

    var location: DatabaseLocation {
        DatabaseLocation(parsing: database ?? ProcessInfo.processInfo.environment["AMENDS_DATABASE"] ?? "amends.sqlite")
    }

    /// A runtime over the database, without the HTTP server.
    func runtime() async throws -> Runtime {
        var configuration = Configuration(database: location, seedDemo: false, runWorkers: false)
        configuration.allowPrivateWebhooks = ["1", "true", "yes"].contains(ProcessInfo.processInfo.environment["AMENDS_ALLOW_PRIVATE_WEBHOOKS"]?.lowercased() ?? "")
        return try await Runtime.start(configuration)
    }

    /// Runs `body` with a runtime over the database, closed after it whether it throws or not.
    func withRuntime<T>(_ body: (Runtime) async throws -> T) async throws -> T {
        let runtime = try await runtime()
        do {
            let result = try await body(runtime)
            await runtime.close()
            return result
        } catch {
            await runtime.close()
            throw error
        }
    }
}

extension DatabaseOptions {
    /// The text engine in force in the database (its newest trained model), or the built-in one when there is none
    /// or `zeroShot` is set. A database that does not exist yet is not created for this.
    func textEngine(zeroShot: Bool) async throws -> (TextEngine, StoredTextModel?) {
        if zeroShot { return (TextEngine(), nil) }
        if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) { return (TextEngine(), nil) }
        // Only the store is needed: no workers, no HTTP client.
        let store = try await SQLStore.open(location)
        do {
            try await store.migrate()
            let stored = try await store.currentTextModel()
            await store.close()
            return (TextEngine(model: stored?.model), stored)
        } catch {
            await store.close()
            throw error
        }
    }
}
