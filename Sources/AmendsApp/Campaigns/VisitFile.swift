import AmendsCore
import Foundation

/// A file of visits for survey campaigns, CSV (a header row; see ``VisitRecord``) or JSONL (one visit object a line),
/// read whole: each line's visit, or why it was refused.
public struct VisitFile: Sendable {
    public enum Row: Sendable {
        case visit(VisitReport, line: Int)
        case refused(String, line: Int)
    }

    /// What an import did.
    public struct Summary: Sendable, Equatable {
        public var added = 0
        public var known = 0
        public var refused: [String] = []

        public func text(file: String) -> String {
            "\(file): \(added) visit\(added == 1 ? "" : "s") added, \(known) already known, \(refused.count) refused"
        }
    }

    /// The rows of `bytes`, read as `format`, checked against `playbook`; or the problem with the file as a whole.
    public static func rows(_ bytes: [UInt8], format: FeedbackFile.Format, defaults: VisitRecord.Defaults, playbook: Playbook) throws(AmendsError) -> [Row] {
        func checked(_ read: () throws(AmendsError) -> VisitReport, line: Int) -> Row {
            do throws(AmendsError) {
                let report = try read()
                try report.validate(against: playbook)
                return .visit(report, line: line)
            } catch {
                return .refused("line \(line): \(error.message)", line: line)
            }
        }
        switch format {
        case .jsonl:
            var rows: [Row] = []
            var line = 0
            for text in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                line += 1
                let trimmed = text.last == UInt8(ascii: "\r") ? text.dropLast() : text
                guard trimmed.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else { continue }
                rows.append(checked({ () throws(AmendsError) in try VisitRecord.read(json: trimmed, defaults: defaults) }, line: line))
            }
            return rows
        case .csv:
            var parser = CSVParser(bytes: bytes[...], line: 1)
            guard case .fields(let names, _, _)? = parser.next() else { throw AmendsError(.invalid, code: "empty_file", message: "the file has no header row") }
            let header = names.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            if let problem = VisitRecord.headerProblem(header, defaults: defaults) { throw AmendsError(.invalid, code: "bad_header", message: problem) }
            parser.width = header.count
            var rows: [Row] = []
            while let record = parser.next() {
                switch record {
                case .malformed(let reason, let line, _): rows.append(.refused("line \(line): \(reason)", line: line))
                case .fields(let fields, let line, _):
                    if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
                    rows.append(checked({ () throws(AmendsError) in try VisitRecord.read(csv: fields, header: header, defaults: defaults) }, line: line))
                }
            }
            return rows
        }
    }

    /// Imports the visits of `path`: each line's visit stored once per campaign and reference; bad lines reported.
    public static func importVisits(path: String, format: FeedbackFile.Format, defaults: VisitRecord.Defaults, runtime: Runtime) async throws -> Summary {
        guard let playbook = runtime.playbook.stored?.playbook else {
            throw AmendsError(.conflict, code: "no_playbook", message: "import a playbook first (amends playbook import FILE)")
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var summary = Summary()
        var batch: [VisitReport] = []
        func flush() async throws {
            guard !batch.isEmpty else { return }
            for outcome in try await runtime.addVisits(batch, by: "import:" + URL(fileURLWithPath: path).lastPathComponent) {
                if outcome.added { summary.added += 1 } else { summary.known += 1 }
            }
            batch.removeAll(keepingCapacity: true)
        }
        for row in try rows([UInt8](data), format: format, defaults: defaults, playbook: playbook) {
            switch row {
            case .refused(let reason, _): summary.refused.append(reason)
            case .visit(let report, _):
                batch.append(report)
                if batch.count == 500 { try await flush() }
            }
        }
        try await flush()
        return summary
    }
}
