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
            Every command takes --database (or AMENDS_DATABASE): an SQLite path or a postgres:// URL.
            """,
        subcommands: [
            Serve.self, Migrate.self, PlaybookCommand.self, Import.self, TokenCommand.self, SecretCommand.self, StaffCommand.self, CaseCommand.self, CompensationCommand.self,
            AuditCommand.self,
            Analyze.self, Train.self,
            Evaluate.self,
        ]
    )
}
