import AmendsCore
import AmendsJSON
import Crypto
import Foundation
import NIOCore

/// Cuts a byte stream into chunks that end at a record boundary, so each chunk can be parsed on its own.
/// In CSV a line break inside quotes is not a boundary.
public struct RecordSplitter: Sendable {
    let quoted: Bool
    private var carry: [UInt8] = []
    private var line = 1

    public init(format: FeedbackFile.Format) { quoted = format == .csv }

    /// Appends `bytes`; returns the complete records so far and the file line of the first.
    public mutating func feed(_ bytes: [UInt8], final: Bool) -> (ArraySlice<UInt8>, Int)? {
        carry += bytes
        var end = carry.count
        if !final {
            guard let cut = boundary() else { return nil }
            end = cut
        }
        let chunk = carry[0..<end]
        let first = line
        line += chunk.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        let result = (ArraySlice(Array(chunk)), first)
        carry.removeFirst(end)
        return chunk.isEmpty ? nil : result
    }

    /// The index just past the last record-ending newline in the carry.
    private func boundary() -> Int? {
        if !quoted { return carry.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } }
        var inQuotes = false
        var last: Int?
        for (index, byte) in carry.enumerated() {
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if byte == UInt8(ascii: "\n") && !inQuotes {
                last = index + 1
            }
        }
        return last
    }
}
