import AmendsCore
import AmendsJSON
import Crypto
import Foundation
import NIOCore

/// An RFC 4180 CSV reader over bytes: quoted fields, doubled quotes, line breaks inside quotes, CRLF.
///
/// Written here rather than taken from a package, after looking at the two the package mirror has: yaslab/CSV.swift reads
/// an unterminated or stray quote to the end of the file without an error and gives no line numbers, which is how one
/// bad row swallows the rows after it; swiftcsv/SwiftCSV parses a whole file held in memory as one String. An import
/// needs each record's first line for its error messages, byte chunks it can read as the file streams in, and a
/// malformed record named on its own line instead of merged into the next.
struct CSVParser {
    let bytes: ArraySlice<UInt8>
    var position: Int
    var line: Int

    init(bytes: ArraySlice<UInt8>, line: Int) {
        self.bytes = bytes
        position = bytes.startIndex
        self.line = line
    }

    /// The next record's fields, its first line, and its raw bytes; nil at the end.
    mutating func next() -> ([String], Int, ArraySlice<UInt8>)? {
        guard position < bytes.endIndex else { return nil }
        let start = position
        let firstLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        while position < bytes.endIndex {
            let byte = bytes[position]
            position += 1
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if position < bytes.endIndex && bytes[position] == UInt8(ascii: "\"") {
                        field.append(byte)
                        position += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
            } else if byte == UInt8(ascii: "\"") && field.isEmpty {
                inQuotes = true
            } else if byte == UInt8(ascii: ",") {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            } else if byte == UInt8(ascii: "\n") {
                line += 1
                if field.last == UInt8(ascii: "\r") { field.removeLast() }
                fields.append(String(decoding: field, as: UTF8.self))
                return (fields, firstLine, bytes[start..<position])
            } else {
                field.append(byte)
            }
        }
        if field.last == UInt8(ascii: "\r") { field.removeLast() }
        fields.append(String(decoding: field, as: UTF8.self))
        return (fields, firstLine, bytes[start..<position])
    }
}
