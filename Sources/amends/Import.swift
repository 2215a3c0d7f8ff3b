import AmendsCore
import AmendsHTTP
import ArgumentParser
import Foundation

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import feedback from a CSV or JSONL file: analysed, stored, cases opened and alarms queued as for the API.",
        discussion: """
            CSV: a header row; columns location, channel, text, score, scale, email, phone, external_id (or customer_id), name,
            occurred_at, idempotency_key; any other column is kept as metadata. JSONL: one object per line in the shape of
            POST /v1/feedback, with an optional idempotency_key. Rows without a key get '<file name>#<line>', so importing the
            same file twice stores each row once. Bad rows are reported by line and the rest goes in, unless --strict.
            """
    )

    @Argument(help: "The file to import (.csv, .jsonl or .ndjson).") var file: String
    @Option(help: "csv or jsonl (default: from the file name).") var format: String?
    @Option(help: "The channel for rows that do not name one.") var channel: String?
    @Option(help: "The location for rows that do not name one.") var location: String?
    @Option(help: "The score scale for rows with a score and no scale: nps, csat or stars.") var scale: String?
    @Flag(help: "Import nothing if any row is bad.") var strict = false
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        guard let format = format.map({ FeedbackFile.Format(rawValue: $0) }) ?? FeedbackFile.format(forPath: file) else {
            fail("amends: cannot tell the format of \(file); pass --format csv or --format jsonl")
        }
        var parsedScale: Score.Scale?
        if let scale {
            guard let value = Score.Scale(rawValue: scale) else { fail("amends: --scale must be nps, csat or stars") }
            parsedScale = value
        }
        guard let handle = FileHandle(forReadingAtPath: file) else { fail("amends: cannot read \(file)") }
        let total = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        let defaults = FeedbackFile.Defaults(
            channel: channel, location: location, scale: parsedScale, keyPrefix: URL(fileURLWithPath: file).lastPathComponent)
        let runtime = await reporting { try await database.runtime() }
        if strict {
            let problems = await reporting { try checkAll(handle: handle, format: format, defaults: defaults, runtime: runtime) }
            if !problems.isEmpty {
                for line in problems.prefix(50) { FileHandle.standardError.write(Data((line + "\n").utf8)) }
                if problems.count > 50 { FileHandle.standardError.write(Data("… and \(problems.count - 50) more\n".utf8)) }
                await runtime.close()
                fail("amends: \(problems.count) bad row\(problems.count == 1 ? "" : "s"); nothing was imported (--strict)")
            }
            try handle.seek(toOffset: 0)
        }
        let summary = await reporting { try await importAll(handle: handle, total: total, format: format, defaults: defaults, runtime: runtime) }
        await runtime.close()
        print(summary.text(file: file))
        if summary.rejected > 0 && summary.accepted + summary.replayed == 0 { throw ExitCode(2) }
    }

    /// Reads the whole file and returns a message per bad row, writing nothing.
    func checkAll(handle: FileHandle, format: FeedbackFile.Format, defaults: FeedbackFile.Defaults, runtime: Runtime) throws -> [String] {
        guard let recovery = runtime.playbook.recovery else {
            throw AmendsError(.conflict, code: "no_playbook", message: "no playbook has been imported yet")
        }
        var reader = FeedbackFile(format: format, defaults: defaults)
        var splitter = RecordSplitter(format: format)
        var problems: [String] = []
        while true {
            let data = handle.readData(ofLength: 4 << 20)
            guard let (chunk, firstLine) = splitter.feed([UInt8](data), final: data.isEmpty) else {
                if data.isEmpty { break } else { continue }
            }
            for row in reader.rows(chunk, firstLine: firstLine) {
                switch row.item {
                case .failure(let error): problems.append("\(file):\(row.line): \(error.message)")
                case .success(let item):
                    do { try item.submission.validate(against: recovery.playbook, limits: recovery.limits) } catch {
                        problems.append("\(file):\(row.line): \(error.message)")
                    }
                }
            }
            if data.isEmpty { break }
        }
        return problems
    }

    struct Summary {
        var rows = 0
        var accepted = 0
        var replayed = 0
        var rejected = 0
        var failures = 0
        var casesOpened = 0
        var seconds = 0.0
        var problems: [String] = []

        func text(file: String) -> String {
            var lines = problems.prefix(20).map { $0 }
            if problems.count > 20 { lines.append("… and \(problems.count - 20) more bad rows") }
            let rate = seconds > 0 ? Int(Double(rows) / seconds) : rows
            lines.append(
                "\(file): \(rows) rows in \(String(format: "%.1f", seconds)) s (\(rate) rows/s): \(accepted) accepted, \(replayed) already imported, \(rejected) rejected; \(failures) failures detected, \(casesOpened) cases opened."
            )
            return lines.joined(separator: "\n")
        }
    }

    func importAll(handle: FileHandle, total: Int, format: FeedbackFile.Format, defaults: FeedbackFile.Defaults, runtime: Runtime) async throws -> Summary {
        var reader = FeedbackFile(format: format, defaults: defaults)
        var splitter = RecordSplitter(format: format)
        var summary = Summary()
        let progress = Progress(total: total)
        let started = Date()
        var bytesRead = 0
        var pending: Task<([FeedbackFile.Row], [Result<IntakeOutcome, AmendsError>]), any Error>?

        func settle(_ task: Task<([FeedbackFile.Row], [Result<IntakeOutcome, AmendsError>]), any Error>) async throws {
            let (rows, results) = try await task.value
            for (row, result) in zip(rows, results) {
                summary.rows += 1
                switch result {
                case .success(.accepted(let feedback, let opened)):
                    summary.accepted += 1
                    if feedback.analysis.failure { summary.failures += 1 }
                    if opened { summary.casesOpened += 1 }
                case .success(.replayed):
                    summary.replayed += 1
                case .success(.conflict(let existing)):
                    summary.rejected += 1
                    summary.problems.append("\(file):\(row.line): the row's idempotency key was imported before (feedback \(existing)) with different content")
                case .failure(let error):
                    summary.rejected += 1
                    summary.problems.append("\(file):\(row.line): \(error.message)")
                }
            }
        }

        while true {
            let data = handle.readData(ofLength: 1 << 20)
            bytesRead += data.count
            if let (chunk, firstLine) = splitter.feed([UInt8](data), final: data.isEmpty) {
                let rows = reader.rows(chunk, firstLine: firstLine)
                for start in stride(from: 0, to: rows.count, by: 2000) {
                    let batch = Array(rows[start..<min(start + 2000, rows.count)])
                    // Parse and analyse the next batch while the previous one commits.
                    let task = Task { () throws -> ([FeedbackFile.Row], [Result<IntakeOutcome, AmendsError>]) in
                        var results = [Result<IntakeOutcome, AmendsError>?](repeating: nil, count: batch.count)
                        var items: [Runtime.Item] = []
                        var positions: [Int] = []
                        for (index, row) in batch.enumerated() {
                            switch row.item {
                            case .success(let item):
                                items.append(item)
                                positions.append(index)
                            case .failure(let error): results[index] = .failure(error)
                            }
                        }
                        for (position, result) in zip(positions, try await runtime.intake(items)) { results[position] = result }
                        return (batch, results.map { $0! })
                    }
                    if let previous = pending { try await settle(previous) }
                    pending = task
                    progress.update(done: bytesRead, rows: summary.rows, since: started)
                }
            }
            if data.isEmpty { break }
        }
        if let previous = pending { try await settle(previous) }
        summary.seconds = Date().timeIntervalSince(started)
        progress.finish()
        return summary
    }
}

/// A one-line progress bar with rate and time left, drawn only on a terminal.
final class Progress: @unchecked Sendable {
    let total: Int
    let enabled: Bool
    var lastDraw = Date.distantPast

    init(total: Int) {
        self.total = total
        enabled = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil
    }

    func update(done: Int, rows: Int, since start: Date) {
        guard enabled, total > 0, Date().timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = Date()
        let fraction = min(1, Double(done) / Double(total))
        let elapsed = Date().timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(rows) / elapsed : 0
        let eta = fraction > 0 ? elapsed / fraction - elapsed : 0
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "=", count: filled) + (filled < width ? ">" : "") + String(repeating: " ", count: max(0, width - filled - 1))
        let line = String(format: "\r[%@] %3d%%  %d rows  %.0f rows/s  ETA %.0fs ", bar, Int(fraction * 100), rows, rate, eta)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
