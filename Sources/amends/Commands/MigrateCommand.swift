import AmendsApp
import AmendsCore
import AmendsStorage
import ArgumentParser
import Foundation

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or upgrade the database schema, then exit.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        await reporting {
            let store = try await SQLStore.open(database.location)
            let applied = try await store.migrate()
            await store.close()
            print(applied.isEmpty ? "The schema is up to date." : "Applied: \(applied.joined(separator: ", "))")
        }
    }
}
