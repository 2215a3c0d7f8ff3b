import AmendsCore
import Foundation

/// An RFC 4180 CSV reader over bytes: quoted fields, doubled quotes, line breaks inside quotes, CRLF, with each
/// record's first line for messages, and a malformed record refused on its own line.
///
/// Written here rather than taken from a package, after looking at the two the package mirror has: yaslab/CSV.swift reads
/// an unterminated or stray quote to the end of the file without an error and gives no line numbers, which is how one
/// bad row swallows the rows after it; swiftcsv/SwiftCSV parses a whole file held in memory as one String. An import
/// needs each record's first line for its error messages, to read the file as it streams in, and a malformed record
/// named on its own line instead of merged into the next.
///
/// A record is malformed when a quoted field's closing quote is followed by anything but a comma or the end of the line,
/// when a quoted field is never closed, or (once the header is known) when a quoted field runs over a line break into
/// a line that starts a row of its own (it names one of the playbook's locations in the location column, or, with no
/// locations known, it reads alone as a whole record): the mark of a missing closing quote, which would otherwise join
/// two customers' rows into one. The reader then takes up again on the record's second line, so the
/// rows after it read as they would have.
struct CSVParser {
    /// One record: its fields, or why it cannot be read; with its first line and its bytes.
    enum Record {
        case fields([String], line: Int, raw: ArraySlice<UInt8>)
        case malformed(String, line: Int, raw: ArraySlice<UInt8>)
    }

    let bytes: ArraySlice<UInt8>
    /// Whether `bytes` runs to the end of the file; otherwise a record that reaches their end waits for more.
    let final: Bool
    /// Where the next record starts, and its line.
    private(set) var position: Int
    private(set) var line: Int
    /// The header's number of fields, once read: a record running over several lines is checked against it.
    var width: Int?
    /// A column and the values that mark a row's start in it (the location column and the playbook's locations): a
    /// line inside a quoted field whose field in that column is one of them starts a row, however the rest of the line
    /// reads. Nil: a line starts a row when it reads alone as a whole record of `width` fields.
    var rowMark: (column: Int, values: Set<String>)?
    /// Whether the rest of a refused record's first line is still to be passed over (it had not all arrived).
    var skipping = false
    /// A record longer than this is refused: its quoted field was surely never closed.
    static let maxRecordBytes = 1 << 20

    /// What may surround a row's mark on a damaged line: blanks, and quotes left over from a lost one.
    private static let markPadding = CharacterSet.whitespaces.union(CharacterSet(charactersIn: "\""))
    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")

    init(bytes: ArraySlice<UInt8>, line: Int, final: Bool = true, width: Int? = nil) {
        self.bytes = bytes
        self.final = final
        self.width = width
        position = bytes.startIndex
        self.line = line
    }

    /// The next record, or nil at the end of the bytes (and, unless `final`, where the rest is a record not yet whole:
    /// `position` then stays at its start).
    mutating func next() -> Record? {
        if skipping {
            guard let lineEnd = bytes[position...].firstIndex(of: Self.newline) else {
                position = bytes.endIndex
                return nil
            }
            position = lineEnd + 1
            line += 1
            skipping = false
        }
        let start = position
        guard start < bytes.endIndex else { return nil }
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var lines = 0
        /// Where each line that a quoted field runs into begins.
        var continuations: [Int] = []
        var cursor = start
        while cursor < bytes.endIndex {
            let byte = bytes[cursor]
            cursor += 1
            if inQuotes {
                if byte == Self.quote {
                    if cursor == bytes.endIndex && !final { return nil }
                    if cursor < bytes.endIndex && bytes[cursor] == Self.quote {
                        field.append(byte)
                        cursor += 1
                        continue
                    }
                    inQuotes = false
                    if cursor < bytes.endIndex, case let next = bytes[cursor], next != Self.comma, next != Self.newline, next != Self.carriageReturn {
                        return malformed(start, "a quote inside a quoted field must be doubled (\"\"); is a closing quote missing?")
                    }
                } else {
                    if byte == Self.newline {
                        lines += 1
                        continuations.append(cursor)
                    }
                    field.append(byte)
                    if cursor - start > Self.maxRecordBytes {
                        return malformed(start, "a quoted field runs on past 1 MiB; is its closing quote missing?")
                    }
                }
            } else if byte == Self.quote && field.isEmpty {
                inQuotes = true
            } else if byte == Self.comma {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            } else if byte == Self.newline {
                if field.last == Self.carriageReturn { field.removeLast() }
                fields.append(String(decoding: field, as: UTF8.self))
                return finish(fields, start: start, end: cursor, lines: lines + 1, continuations: continuations)
            } else {
                field.append(byte)
                if cursor - start > Self.maxRecordBytes { return malformed(start, "a row runs on past 1 MiB without a line break") }
            }
        }
        if !final { return nil }
        if inQuotes { return malformed(start, "a quoted field is never closed; is its closing quote missing?") }
        if field.last == Self.carriageReturn { field.removeLast() }
        fields.append(String(decoding: field, as: UTF8.self))
        return finish(fields, start: start, end: cursor, lines: lines, continuations: continuations)
    }

    /// The record from `start` to `end`, unless a line its quoted fields run into reads as a row of its own.
    private mutating func finish(_ fields: [String], start: Int, end: Int, lines: Int, continuations: [Int]) -> Record {
        if let width, width > 1 {
            for continuation in continuations where readsAsRow(from: continuation, width: width) {
                let into = line + bytes[start..<continuation].reduce(0) { $0 + ($1 == Self.newline ? 1 : 0) }
                return malformed(start, "a quoted field runs into line \(into), which reads as a row of its own; is a closing quote missing?")
            }
        }
        let record = Record.fields(fields, line: line, raw: bytes[start..<end])
        position = end
        line += lines
        return record
    }

    /// Whether the line from `start` starts a row of its own: its field in the marked column holds a row's mark, or
    /// (with no mark) it reads alone as a whole record of `width` fields.
    private func readsAsRow(from start: Int, width: Int) -> Bool {
        let end = bytes[start...].firstIndex(of: Self.newline).map { $0 + 1 } ?? bytes.endIndex
        if let rowMark {
            let fields = Self.leadingFields(bytes[start..<end], count: rowMark.column + 1)
            // A stray quote around the mark (a row whose opening quote was lost) still marks the row's start.
            let mark = fields.count == rowMark.column + 1 ? fields[rowMark.column].trimmingCharacters(in: Self.markPadding) : nil
            return mark.map { rowMark.values.contains($0) } ?? false
        }
        var alone = CSVParser(bytes: bytes[start..<end], line: 0)
        guard case .fields(let fields, _, _) = alone.next(), alone.position == end else { return false }
        return fields.count == width
    }

    /// Up to `count` whole fields at the start of one line (fewer when the line ends first), whatever follows them.
    static func leadingFields(_ line: ArraySlice<UInt8>, count: Int) -> [String] {
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var index = line.startIndex
        while index < line.endIndex && fields.count < count {
            let byte = line[index]
            index += 1
            if inQuotes {
                if byte == quote {
                    if index < line.endIndex && line[index] == quote {
                        field.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(byte)
                }
            } else if byte == quote && field.isEmpty {
                inQuotes = true
            } else if byte == comma {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll()
            } else if byte == newline || byte == carriageReturn {
                break
            } else {
                field.append(byte)
            }
        }
        if fields.count < count && !inQuotes { fields.append(String(decoding: field, as: UTF8.self)) }
        return fields
    }

    /// Refuses the record from `start` on its first line, and goes on from the line after it (passing over the rest of
    /// that line when it has not all arrived yet).
    private mutating func malformed(_ start: Int, _ reason: String) -> Record {
        let record: Record
        if let lineEnd = bytes[start...].firstIndex(of: Self.newline) {
            record = .malformed(reason, line: line, raw: bytes[start...lineEnd])
            position = lineEnd + 1
            line += 1
        } else {
            record = .malformed(reason, line: line, raw: bytes[start...])
            position = bytes.endIndex
            if final { line += 1 } else { skipping = true }
        }
        return record
    }
}
