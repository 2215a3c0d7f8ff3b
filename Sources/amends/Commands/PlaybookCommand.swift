import AmendsApp
import AmendsCore
import ArgumentParser
import Foundation

struct PlaybookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playbook",
        abstract: "Import, export or check the playbook: locations, teams, channels and failure scenarios.",
        subcommands: [ImportPlaybook.self, ExportPlaybook.self, CheckPlaybook.self]
    )

    struct ImportPlaybook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", abstract: "Validate a YAML playbook and put it in force.")
        @Argument(help: "The playbook file (YAML).") var file: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let playbook = await reporting { try PlaybookFile.parse(try readText(file), file: file) }
            await reporting {
                let runtime = try await database.runtime()
                let stored = try await runtime.importPlaybook(playbook, by: commandLineActor)
                await runtime.close()
                print(
                    "Imported \"\(playbook.name)\" as version \(stored.version): \(playbook.locations.count) locations, \(playbook.teams.count) teams, \(playbook.channels.count) channels, \(playbook.scenarios.count) scenarios."
                )
                print("Running servers on this database put it in force within a few seconds.")
            }
        }
    }

    struct ExportPlaybook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "Write the playbook in force as YAML.")
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            await reporting {
                let runtime = try await database.runtime()
                defer { Task { await runtime.close() } }
                guard let stored = runtime.playbook.stored else { fail("amends: no playbook has been imported yet") }
                let yaml = try PlaybookFile.yaml(stored.playbook)
                if let output {
                    try yaml.write(toFile: output, atomically: true, encoding: .utf8)
                    print("Wrote version \(stored.version) to \(output).")
                } else {
                    print(yaml, terminator: "")
                }
            }
        }
    }

    struct CheckPlaybook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "check", abstract: "Validate a YAML playbook without importing it.")
        @Argument(help: "The playbook file (YAML).") var file: String

        func run() async throws {
            let playbook = await reporting { try PlaybookFile.parse(try readText(file), file: file) }
            print(
                "\(file): valid — \(playbook.scenarios.count) scenarios, \(playbook.teams.count) teams, \(playbook.locations.count) locations, \(playbook.channels.count) channels."
            )
        }
    }
}
