import AmendsApp
import AmendsCore
import ArgumentParser
import Foundation

struct VisitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "visits", abstract: "Report customers' visits to survey campaigns, and see how the campaigns are answered.",
        subcommands: [ImportVisits.self, Campaigns.self])

    struct ImportVisits: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import visits (stays, flights, orders) from a CSV or JSONL file; each campaign's survey goes out after its delay.",
            discussion: """
                CSV: a header row; columns campaign, location, visited_at (ISO 8601), email, phone, name, customer_id, \
                external_id (the booking, flight or order), language. JSONL: one object per line in the shape of POST \
                /v1/visits. A visit with an external id already imported for its campaign is not imported again, so \
                importing the same file twice asks each customer once. Bad lines are reported by line and the rest \
                goes in; the exit code is 2 when every line was refused.
                """)

        @Argument(help: "The file to import (.csv, .jsonl or .ndjson).") var file: String
        @Option(help: "csv or jsonl (default: from the file name).") var format: String?
        @Option(help: "The campaign (a survey channel's key) for lines that do not name one.") var campaign: String?
        @Option(help: "The location for lines that do not name one.") var location: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            if let format, FeedbackFile.Format(rawValue: format) == nil { fail("amends: --format must be csv or jsonl, not '\(format)'") }
            guard let format = format.flatMap(FeedbackFile.Format.init(rawValue:)) ?? FeedbackFile.format(forPath: file) else {
                fail("amends: cannot tell the format of \(file); pass --format csv or --format jsonl")
            }
            guard FileManager.default.isReadableFile(atPath: file) else { fail("amends: cannot read \(file)") }
            let runtime = await reporting { try await database.runtime() }
            let summary = await reporting {
                try await VisitFile.importVisits(
                    path: file, format: format, defaults: VisitRecord.Defaults(campaign: campaign, location: location), runtime: runtime)
            }
            await runtime.close()
            for line in summary.refused.prefix(50) { printError(line + "\n") }
            if summary.refused.count > 50 { printError("… and \(summary.refused.count - 50) more\n") }
            print(summary.text(file: file))
            if !summary.refused.isEmpty && summary.added + summary.known == 0 { throw ExitCode(2) }
        }
    }

    struct Campaigns: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "campaigns", abstract: "Show each survey campaign: visits, invitations, reminders, answers and the response rate.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let runtime = await reporting { try await database.runtime() }
            let campaigns = runtime.playbook.stored?.playbook.campaigns ?? []
            if campaigns.isEmpty { print("No channel of the playbook in force runs a survey campaign.") }
            for channel in campaigns {
                let figures = await reporting { try await runtime.store.campaignFigures(campaign: channel.key, locations: nil) }
                let rate = figures.responseRate.map { String(format: "%.1f%%", $0 * 100) } ?? "none sent yet"
                print(
                    "\(channel.key) (\(channel.name)): \(figures.visits) visits, \(figures.invited) invited, \(figures.reminded) reminded, "
                        + "\(figures.answered) answered, \(figures.unsubscribed) unsubscribed, \(figures.unreachable) unreachable; response rate \(rate)")
            }
            await runtime.close()
        }
    }
}
