import AmendsApp
import AmendsCore
import ArgumentParser
import Foundation

@main
struct Amends: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amends",
        abstract: "Service recovery: hear a failure in customer feedback, alarm the right team, escalate until someone owns it.",
        discussion: """
            Start with 'amends serve': it creates ./amends.sqlite, imports a demo playbook and prints tokens to try it.

            Every command that reads or writes the database takes --database <path-or-url>: an SQLite file path or a \
            postgres:// URL (default: AMENDS_DATABASE, else ./amends.sqlite). LOG_LEVEL in the environment sets how much \
            is logged: trace, debug, info (the default), notice, warning, error or critical.

            A command that fails says why on standard error, starting with 'amends:', and exits with 1; an import whose \
            every row was refused exits with 2.
            """,
        subcommands: [
            Serve.self, Migrate.self, PlaybookCommand.self, Import.self, TokenCommand.self, SecretCommand.self, StaffCommand.self, CaseCommand.self, CompensationCommand.self,
            AuditCommand.self,
            Analyze.self, Train.self,
            Evaluate.self, VisitsCommand.self,
        ]
    )

    /// Runs the command. A command line that cannot be read is said as every other failure is, `amends: …` on standard
    /// error with exit code 1, followed by how the command is used; help goes to standard output.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            var text = fullMessage(for: error)
            if text.hasPrefix("Error: ") { text = String(text.dropFirst("Error: ".count)) }
            fail("amends: " + text.prefix(1).lowercased() + text.dropFirst())
        }
    }
}
