import AmendsApp
import AmendsCore
import ArgumentParser
import Foundation

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import feedback from a CSV or JSONL file: analysed, stored, cases opened and alarms queued as for the API.",
        discussion: """
            CSV: a header row; columns location, channel, text, score, scale, email, phone, external_id (or \
            customer_id), name, occurred_at, idempotency_key; any other column is kept as metadata. A score without a \
            scale is on --scale, else on its channel's scale when the channel's score thresholds name one.

            JSONL: one object per line in the shape of POST /v1/feedback, with an optional idempotency_key.

            Rows without a key get '<file name>#<line>', so importing the same file twice stores each row once. Bad \
            rows are reported by line and the rest goes in, unless --strict; the exit code is 2 when every row was refused. A malformed CSV row (a \
            quote never closed, or closed too early) is refused on its own line and the rows after it read as they \
            are. The columns and rules: docs/importing-feedback.md.
            """
    )

    @Argument(help: "The file to import (.csv, .jsonl or .ndjson).") var file: String
    @Option(help: "csv or jsonl (default: from the file name).") var format: String?
    @Option(help: "The channel for rows that do not name one.") var channel: String?
    @Option(help: "The location for rows that do not name one.") var location: String?
    @Option(help: "The score scale for rows with a score and no scale: nps, csat or stars (default: the channel's, when its score thresholds name one scale).") var scale: String?
    @Flag(help: "Import nothing if any row is bad.") var strict = false
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        if let format, FeedbackFile.Format(rawValue: format) == nil { fail("amends: --format must be csv or jsonl, not '\(format)'") }
        guard let format = format.flatMap(FeedbackFile.Format.init(rawValue:)) ?? FeedbackFile.format(forPath: file) else {
            fail("amends: cannot tell the format of \(file); pass --format csv or --format jsonl")
        }
        var parsedScale: Score.Scale?
        if let scale {
            guard let value = Score.Scale(rawValue: scale) else { fail("amends: --scale must be nps, csat or stars") }
            parsedScale = value
        }
        guard FileManager.default.isReadableFile(atPath: file) else { fail("amends: cannot read \(file)") }
        let defaults = FeedbackFile.Defaults(
            channel: channel, location: location, scale: parsedScale, keyPrefix: URL(fileURLWithPath: file).lastPathComponent)
        let runtime = await reporting { try await database.runtime() }
        let importer = FeedbackImporter(runtime: runtime, path: file, format: format, defaults: defaults)
        if strict {
            let problems = await reporting { try await importer.check() }
            if !problems.isEmpty {
                for line in problems.prefix(50) { printError(line + "\n") }
                if problems.count > 50 { printError("… and \(problems.count - 50) more\n") }
                await runtime.close()
                fail("amends: \(problems.count) bad row\(problems.count == 1 ? "" : "s"); nothing was imported (--strict)")
            }
        }
        let bar = ImportProgress.indicator(for: file)
        bar?.start()
        let summary = await reporting {
            try await importer.run { fraction, rows in
                bar?.activity.fraction = fraction
                bar?.activity.rows = rows
            }
        }
        if summary.rejected > 0 && summary.accepted + summary.replayed == 0 { bar?.fail() } else { bar?.succeed() }
        await runtime.close()
        print(summary.text(file: file))
        if summary.rejected > 0 && summary.accepted + summary.replayed == 0 { throw ExitCode(2) }
    }
}
