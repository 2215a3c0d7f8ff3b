import AmendsCore
import Foundation

/// Imports a feedback file through the same intake as the API, in batches, reporting bad rows by line.
public struct FeedbackImporter: Sendable {
    /// What an import came to.
    public struct Summary: Sendable {
        public var rows = 0
        public var accepted = 0
        public var replayed = 0
        public var rejected = 0
        public var failures = 0
        public var casesOpened = 0
        public var seconds = 0.0
        /// `FILE:LINE: message` for every bad row.
        public var problems: [String] = []

        /// The summary in words, with the first bad rows.
        public func text(file: String) -> String {
            var lines = problems.prefix(20).map { $0 }
            if problems.count > 20 { lines.append("… and \(problems.count - 20) more bad rows") }
            let rate = seconds > 0 ? Int(Double(rows) / seconds) : rows
            lines.append(
                "\(file): \(rows) rows in \(String(format: "%.1f", seconds)) s (\(rate) rows/s): \(accepted) accepted, \(replayed) already imported, "
                    + "\(rejected) rejected; \(failures) failures detected, \(casesOpened) cases opened.")
            return lines.joined(separator: "\n")
        }
    }

    public let runtime: Runtime
    public let path: String
    public let format: FeedbackFile.Format
    public let defaults: FeedbackFile.Defaults
    /// Items per transaction.
    public var batchSize = 2000
    /// Batches read and analysed while earlier ones wait to commit.
    static let batchesAhead = 2

    public init(runtime: Runtime, path: String, format: FeedbackFile.Format, defaults: FeedbackFile.Defaults) {
        self.runtime = runtime
        self.path = path
        self.format = format
        self.defaults = defaults
    }

    /// Reads the file as it streams in, calling `body` with the rows of each part.
    func eachChunk(_ body: ([FeedbackFile.Row], Int) async throws -> Void) async throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw AmendsError(.notFound, code: "no_file", message: "cannot read \(path)")
        }
        defer { try? handle.close() }
        var defaults = self.defaults
        if let playbook = runtime.playbook.stored?.playbook { defaults = defaults.filled(from: playbook) }
        var reader = FeedbackFile(format: format, defaults: defaults)
        var bytesRead = 0
        while true {
            let data = handle.readData(ofLength: 1 << 20)
            bytesRead += data.count
            let rows = reader.feed([UInt8](data), final: data.isEmpty)
            if !rows.isEmpty { try await body(rows, bytesRead) }
            if data.isEmpty { break }
        }
    }

    /// Every bad row of the file, as `FILE:LINE: message`, writing nothing.
    public func check() async throws -> [String] {
        let recovery = try runtime.recovery()
        var problems: [String] = []
        try await eachChunk { rows, _ in
            for row in rows {
                switch row.item {
                case .failure(let error): problems.append("\(path):\(row.line): \(error.message)")
                case .success(let item):
                    do throws(AmendsError) {
                        try item.submission.validate(against: recovery.playbook, limits: recovery.limits)
                    } catch {
                        problems.append("\(path):\(row.line): \(error.message)")
                    }
                }
            }
        }
        return problems
    }

    /// Imports the file; `progress` is told, as it goes, the share of the file done (estimated from the rows
    /// committed out of those read so far) and the rows done.
    public func run(progress: @escaping @Sendable (_ fraction: Double, _ rows: Int) -> Void = { _, _ in }) async throws -> Summary {
        var summary = Summary()
        let started = Date()
        let runtime = self.runtime
        var pending: [Task<([FeedbackFile.Row], [Result<IntakeOutcome, AmendsError>]), any Error>] = []

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
                    summary.problems.append("\(path):\(row.line): the row's idempotency key was imported before (feedback \(existing)) with other content")
                case .failure(let error):
                    summary.rejected += 1
                    summary.problems.append("\(path):\(row.line): \(error.message)")
                }
            }
        }

        let total = Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        var parsed = 0
        try await eachChunk { rows, bytes in
            parsed += rows.count
            for start in stride(from: 0, to: rows.count, by: batchSize) {
                let batch = Array(rows[start..<min(start + batchSize, rows.count)])
                // Analyse the next batches while earlier ones commit.
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
                pending.append(task)
                if pending.count > Self.batchesAhead { try await settle(pending.removeFirst()) }
                let read = total > 0 ? min(1, Double(bytes) / total) : 1
                progress(parsed > 0 ? read * Double(summary.rows) / Double(parsed) : 0, summary.rows)
            }
        }
        for task in pending { try await settle(task) }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }
}
