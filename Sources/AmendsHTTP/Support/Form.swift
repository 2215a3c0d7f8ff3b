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

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
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
