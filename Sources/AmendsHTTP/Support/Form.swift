import AmendsCore
import Foundation
import Hummingbird
import NIOCore

/// The fields of a posted HTML form (`application/x-www-form-urlencoded`), in order; a field may repeat.
struct Form: Sendable, Equatable {
    var fields: [(name: String, value: String)]

    static func == (lhs: Form, rhs: Form) -> Bool {
        lhs.fields.map(\.name) == rhs.fields.map(\.name) && lhs.fields.map(\.value) == rhs.fields.map(\.value)
    }

    /// Reads `text`, the form's encoding: `name=value` pairs joined by `&`, `+` for a space, percent escapes.
    init(encoded text: String) throws(AmendsError) {
        fields = []
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else {
                throw AmendsError(.malformed, code: "malformed_form", message: "the form is not encoded as a browser encodes one")
            }
            fields.append((name, value))
        }
    }

    init(_ fields: [(String, String)] = []) {
        self.fields = fields.map { (name: $0.0, value: $0.1) }
    }

    /// `+` as a space and `%XX` as its byte, read as UTF-8; nil for a broken escape or bytes that are not UTF-8.
    /// Byte by byte: every answer of the feedback pages comes through here, and Foundation's bridged string
    /// replacing and unescaping cost a tenth of the page's whole answer.
    private static func decode(_ text: Substring) -> String? {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            index = utf8.index(after: index)
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard index < utf8.endIndex, let high = hexValue(utf8[index]) else { return nil }
                let next = utf8.index(after: index)
                guard next < utf8.endIndex, let low = hexValue(utf8[next]) else { return nil }
                bytes.append(high << 4 | low)
                index = utf8.index(after: next)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The first value of `name`, with surrounding spaces left as typed; nil when the form has no such field.
    subscript(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// Every value of `name`, in order.
    func all(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    /// The value of `name` without surrounding spaces; nil when it is missing or blank.
    func text(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// The form a request posted, at most `limit` bytes.
    static func read(_ request: Request, limit: Int) async throws -> Form {
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            throw AmendsError(.unsupportedMediaType, code: "unsupported_media_type", message: "a console form is sent as application/x-www-form-urlencoded")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw AmendsError(.tooLarge, code: "too_large", message: "the form is larger than \(limit / 1024) KiB")
        }
        guard let text = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes), !text.unicodeScalars.contains("\u{0}") else {
            throw AmendsError(.malformed, code: "malformed_form", message: "the form is not UTF-8 text")
        }
        let form = try Form(encoded: text)
        if form.fields.contains(where: { $0.value.unicodeScalars.contains("\u{0}") || $0.name.unicodeScalars.contains("\u{0}") }) {
            throw AmendsError(.malformed, code: "invalid_text", message: "the form holds a NUL character, which no text may hold")
        }
        return form
    }
}
