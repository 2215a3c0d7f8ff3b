import AmendsCore
import AmendsJSON
import Crypto
import Foundation
import NIOCore

/// Reads feedback files for `amends import`: CSV with a header row, or JSONL in the API's shape.
public struct FeedbackFile: Sendable {
    /// The file formats `amends import` reads.
    public enum Format: String, Sendable, CaseIterable {
        case csv, jsonl
    }

    /// Defaults for rows that do not name them.
    public struct Defaults: Sendable {
        public var channel: String?
        public var location: String?
        public var scale: Score.Scale?
        /// Prefix of the idempotency key derived for rows without one, so importing a file twice stores it once.
        public var keyPrefix: String

        public init(channel: String? = nil, location: String? = nil, scale: Score.Scale? = nil, keyPrefix: String) {
            self.channel = channel
            self.location = location
            self.scale = scale
            self.keyPrefix = keyPrefix
        }
    }

    /// One row read from the file: an item ready for intake, or why the row cannot be used.
    public struct Row: Sendable {
        public var line: Int
        public var item: Result<Runtime.Item, AmendsError>
    }

    public let format: Format
    public let defaults: Defaults
    private var header: [String]?

    public init(format: Format, defaults: Defaults) {
        self.format = format
        self.defaults = defaults
    }

    /// The format a file name suggests.
    public static func format(forPath path: String) -> Format? {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".csv") { return .csv }
        if lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".ndjson") { return .jsonl }
        return nil
    }

    static let csvColumns: Set<String> = [
        "channel", "location", "text", "score", "scale", "email", "phone", "external_id", "customer_id", "name", "occurred_at", "idempotency_key",
    ]

    /// Reads records from `bytes`; `lineBase` is the file line of its first byte. Call with whole records only
    /// (``RecordSplitter`` cuts a stream at record boundaries).
    public mutating func rows(_ bytes: ArraySlice<UInt8>, firstLine: Int) -> [Row] {
        switch format {
        case .jsonl: return jsonlRows(bytes, firstLine: firstLine)
        case .csv: return csvRows(bytes, firstLine: firstLine)
        }
    }

    private func jsonlRows(_ bytes: ArraySlice<UInt8>, firstLine: Int) -> [Row] {
        var rows: [Row] = []
        var line = firstLine
        for record in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            defer { line += 1 }
            let trimmed = record.last == UInt8(ascii: "\r") ? record.dropLast() : record
            if trimmed.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
            rows.append(Row(line: line, item: jsonlItem(trimmed, line: line)))
        }
        return rows
    }

    private func jsonlItem(_ bytes: ArraySlice<UInt8>, line: Int) -> Result<Runtime.Item, AmendsError> {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            return .failure(AmendsError(.invalid, code: "invalid_utf8", message: "the line is not valid UTF-8"))
        }
        do {
            let payload = try FeedbackPayload.read(bytes)
            guard let channel = payload.channel ?? defaults.channel else { throw AmendsError.missingField("channel") }
            var submission = payload.submission(channel: channel)
            if submission.location.isEmpty, let location = defaults.location { submission.location = location }
            return .success(
                Runtime.Item(
                    submission: submission, idempotencyKey: payload.idempotencyKey ?? "\(defaults.keyPrefix)#\(line)",
                    fingerprint: Self.fingerprint(bytes)))
        } catch let error as AmendsError {
            return .failure(error)
        } catch {
            return .failure(AmendsError(.invalid, code: "invalid_json", message: "the line is not valid JSON"))
        }
    }

    private mutating func csvRows(_ bytes: ArraySlice<UInt8>, firstLine: Int) -> [Row] {
        var rows: [Row] = []
        var parser = CSVParser(bytes: bytes, line: firstLine)
        while let (fields, line, raw) = parser.next() {
            if fields.count == 1 && fields[0].isEmpty { continue }
            guard let header else {
                let names = fields.map { $0.replacingOccurrences(of: "\0", with: "").trimmingCharacters(in: .whitespaces).lowercased() }
                self.header = names
                if raw.contains(0) { rows.append(Row(line: line, item: .failure(Self.holdsNUL))) }
                if !names.contains("location") && defaults.location == nil {
                    rows.append(
                        Row(
                            line: line,
                            item: .failure(
                                AmendsError(.invalid, code: "missing_column", message: "the header has no 'location' column and no --location was given"))))
                }
                continue
            }
            rows.append(Row(line: line, item: csvItem(fields, header: header, line: line, raw: raw)))
        }
        return rows
    }

    /// A row holding a NUL character: no field accepts one (PostgreSQL cannot store it).
    static let holdsNUL = AmendsError(.invalid, code: "invalid_text", message: "the row holds a NUL character, which no field accepts")

    private func csvItem(_ fields: [String], header: [String], line: Int, raw: ArraySlice<UInt8>) -> Result<Runtime.Item, AmendsError> {
        guard String(validating: raw, as: UTF8.self) != nil else {
            return .failure(AmendsError(.invalid, code: "invalid_utf8", message: "the row is not valid UTF-8"))
        }
        guard !raw.contains(0) else { return .failure(Self.holdsNUL) }
        guard fields.count == header.count else {
            return .failure(AmendsError(.invalid, code: "column_count", message: "the row has \(fields.count) fields; the header has \(header.count)"))
        }
        var values: [String: String] = [:]
        var metadata: [String: JSONValue] = [:]
        for (name, value) in zip(header, fields) {
            if Self.csvColumns.contains(name) {
                if !value.isEmpty { values[name] = value }
            } else if !value.isEmpty {
                metadata[name] = .string(value)
            }
        }
        guard let channel = values["channel"] ?? defaults.channel else { return .failure(.missingField("channel")) }
        guard let location = values["location"] ?? defaults.location else { return .failure(.missingField("location")) }
        var score: Score?
        if let text = values["score"] {
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)) else {
                return .failure(.invalidField("score", "'\(text)' is not a number"))
            }
            let scaleText = values["scale"]
            guard let scale = scaleText.map({ Score.Scale(rawValue: $0.lowercased()) }) ?? defaults.scale else {
                return .failure(
                    .invalidField("scale", scaleText.map { "'\($0)' is not a scale; use nps, csat or stars" } ?? "is required with a score (or pass --scale)"))
            }
            score = Score(value: value, scale: scale)
        }
        var occurredAt: Date?
        if let text = values["occurred_at"] {
            guard let date = Timestamp.parse(text) else {
                return .failure(.invalidField("occurred_at", "'\(text)' is not an ISO 8601 time such as 2026-11-22T09:15:00Z"))
            }
            occurredAt = date
        }
        let customer = CustomerIdentity(
            email: values["email"], phone: values["phone"], externalID: values["external_id"] ?? values["customer_id"], name: values["name"])
        let submission = FeedbackSubmission(
            channel: channel, location: location, customer: customer.isEmpty ? nil : customer, score: score, text: values["text"],
            metadata: metadata, occurredAt: occurredAt)
        return .success(
            Runtime.Item(
                submission: submission, idempotencyKey: values["idempotency_key"] ?? "\(defaults.keyPrefix)#\(line)", fingerprint: Self.fingerprint(raw)))
    }

    static func fingerprint(_ bytes: ArraySlice<UInt8>) -> String {
        Data(SHA256.hash(data: Data(bytes))).base64EncodedString()
    }
}
