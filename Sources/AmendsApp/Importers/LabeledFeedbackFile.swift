import AmendsCore
import AmendsText
import Foundation

/// A labeled-feedback CSV: columns `text` and `failure` (0/1), optionally `category` and `split` (train/test).
public struct LabeledFeedbackFile: Sendable {
    public struct Row: Sendable {
        public var labeled: LabeledText
        /// `train`, `test`, or nil when the file has no split column.
        public var split: String?
        public var line: Int
    }

    public var rows: [Row] = []
    public var hasSplit = false
    public var hasCategory = false

    /// Reads the file; a malformed row is an error naming its line.
    public static func read(path: String) throws -> LabeledFeedbackFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AmendsError(.notFound, code: "no_file", message: "cannot read \(path)")
        }
        return try parse([UInt8](data), file: path)
    }

    public static func parse(_ bytes: [UInt8], file: String) throws -> LabeledFeedbackFile {
        var parser = CSVParser(bytes: bytes[...], line: 1)
        func next() throws -> ([String], Int)? {
            switch parser.next() {
            case .fields(let fields, let line, _): return (fields, line)
            case .malformed(let reason, let line, _): throw AmendsError(.invalid, code: "bad_row", message: "\(file):\(line): \(reason)")
            case nil: return nil
            }
        }
        guard let (header, _) = try next() else {
            throw AmendsError(.invalid, code: "empty_file", message: "\(file) is empty")
        }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let textColumn = names.firstIndex(of: "text"), let failureColumn = names.firstIndex(of: "failure") else {
            throw AmendsError(.invalid, code: "missing_columns", message: "\(file):1: the header needs the columns 'text' and 'failure' (0 or 1)")
        }
        let categoryColumn = names.firstIndex(of: "category")
        let splitColumn = names.firstIndex(of: "split")
        var result = LabeledFeedbackFile(hasSplit: splitColumn != nil, hasCategory: categoryColumn != nil)
        while let (fields, line) = try next() {
            if fields.count == 1 && fields[0].isEmpty { continue }
            guard fields.count == names.count else {
                throw AmendsError(.invalid, code: "bad_row", message: "\(file):\(line): \(fields.count) fields where the header has \(names.count)")
            }
            let failure: Bool
            switch fields[failureColumn].trimmingCharacters(in: .whitespaces).lowercased() {
            case "1", "true", "yes": failure = true
            case "0", "false", "no": failure = false
            case let other: throw AmendsError(.invalid, code: "bad_label", message: "\(file):\(line): failure is '\(other)'; use 0 or 1")
            }
            let category = categoryColumn.map { fields[$0].trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            var split: String?
            if let splitColumn {
                let value = fields[splitColumn].trimmingCharacters(in: .whitespaces).lowercased()
                guard value == "train" || value == "test" else {
                    throw AmendsError(.invalid, code: "bad_split", message: "\(file):\(line): split is '\(value)'; use train or test")
                }
                split = value
            }
            result.rows.append(Row(labeled: LabeledText(text: fields[textColumn], failure: failure, category: category), split: split, line: line))
        }
        guard !result.rows.isEmpty else { throw AmendsError(.invalid, code: "empty_file", message: "\(file) has a header but no rows") }
        return result
    }
}
