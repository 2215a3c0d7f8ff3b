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
        /// The playbook's locations: a line inside a quoted field that names one in its location column reads as a
        /// row of its own, which tells a missing closing quote from a text of several lines. Nil: any line as wide as
        /// the header does.
        public var locations: Set<String>?
        /// The scale of each channel whose score thresholds name one scale only (a post-flight NPS survey, say): a row
        /// with a score and no `scale` column or `--scale` is on its channel's scale.
        public var channelScales: [String: Score.Scale] = [:]

        /// These defaults with what the playbook tells: its locations, and the scale of each channel that has one.
        public func filled(from playbook: Playbook) -> Defaults {
            var filled = self
            if filled.locations == nil { filled.locations = Set(playbook.locations.map(\.key)) }
            for channel in playbook.channels {
                if let scale = channel.scoreThresholds?.onlyScale { filled.channelScales[channel.key] = scale }
            }
            return filled
        }

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

    /// Bytes read but not yet made into rows (the start of a record that goes on in the next bytes), and their line.
    private var carry: [UInt8] = []
    private var carryLine = 1
    /// Whether the rest of a refused CSV record's first line is still to be passed over.
    private var skipping = false

    /// Reads the next `bytes` of the file, `final` with the last of them (possibly none), and returns the rows now
    /// whole; the start of a record that goes on in the next bytes waits for them.
    public mutating func feed(_ bytes: [UInt8], final: Bool) -> [Row] {
        carry += bytes
        let rows: [Row]
        let consumed: Int
        switch format {
        case .jsonl:
            consumed = final ? carry.count : (carry.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0)
            rows = jsonlRows(carry[0..<consumed], firstLine: carryLine)
            carryLine += carry[0..<consumed].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        case .csv:
            var parser = CSVParser(bytes: carry[...], line: carryLine, final: final, width: header?.count)
            parser.skipping = skipping
            rows = csvRows(&parser)
            consumed = parser.position
            carryLine = parser.line
            skipping = parser.skipping
        }
        carry.removeFirst(consumed)
        return rows
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

    private mutating func csvRows(_ parser: inout CSVParser) -> [Row] {
        var rows: [Row] = []
        parser.rowMark = rowMark()
        while let record = parser.next() {
            switch record {
            case .malformed(let reason, let line, _):
                rows.append(Row(line: line, item: .failure(AmendsError(.invalid, code: "malformed_row", message: reason))))
            case .fields(let fields, let line, let raw):
                if fields.count == 1 && fields[0].isEmpty { continue }
                guard let header else {
                    let names = fields.map { $0.replacingOccurrences(of: "\0", with: "").trimmingCharacters(in: .whitespaces).lowercased() }
                    self.header = names
                    parser.width = names.count
                    parser.rowMark = rowMark()
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
        }
        return rows
    }

    /// What marks a line inside a quoted field as the start of a row: the playbook's locations in the location column.
    private func rowMark() -> (column: Int, values: Set<String>)? {
        guard let column = header?.firstIndex(of: "location"), let locations = defaults.locations else { return nil }
        return (column, locations)
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
            guard let scale = scaleText.map({ Score.Scale(rawValue: $0.lowercased()) }) ?? defaults.scale ?? defaults.channelScales[channel] else {
                return .failure(
                    .invalidField(
                        "scale",
                        scaleText.map { "'\($0)' is not a scale; use nps, csat or stars" }
                            ?? "is required with a score: add a scale column, pass --scale, or give the channel '\(channel)' score thresholds on one scale"))
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
