import AmendsApp
import AmendsCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// JSON in and out, with ISO 8601 times.
enum JSON {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.string(date))
        }
        return encoder
    }

    static func data(_ value: some Encodable) -> Data {
        (try? encoder().encode(value)) ?? Data("{}".utf8)
    }

    static func response(status: HTTPResponse.Status = .ok, _ value: some Encodable, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(data: data(value))))
    }

    /// A response whose JSON was written by hand.
    static func response(status: HTTPResponse.Status = .ok, text: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// Reads the body up to `limit` bytes, refusing bodies that are too large, not UTF-8 or (unless `refusingNUL` is
    /// false, for readers that refuse it line by line) holding a NUL character.
    static func body(_ request: Request, limit: Int, refusingNUL: Bool = true) async throws -> ByteBuffer {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw AmendsError(.tooLarge, code: "too_large", message: "the request body is over \(limit) bytes")
        }
        guard String(validating: buffer.readableBytesView, as: UTF8.self) != nil else {
            throw AmendsError(.malformed, code: "invalid_utf8", message: "the request body is not valid UTF-8")
        }
        if refusingNUL && holdsNUL(buffer) {
            throw AmendsError(.malformed, code: "invalid_text", message: "the request body holds a NUL character (\\u0000), which no field accepts")
        }
        return buffer
    }

    /// Whether a body holds a NUL character, raw or as the JSON escape `\u0000` (an escaped backslash followed by
    /// `u0000` is text, not a NUL). PostgreSQL cannot store text that holds one, so no field accepts it.
    static func holdsNUL(_ buffer: ByteBuffer) -> Bool {
        let bytes = buffer.readableBytesView
        var index = bytes.startIndex
        while index < bytes.endIndex {
            switch bytes[index] {
            case 0:
                return true
            case UInt8(ascii: "\\"):
                let escaped = bytes.index(after: index)
                guard escaped < bytes.endIndex else { return false }
                if bytes[escaped] == UInt8(ascii: "u"), bytes.distance(from: escaped, to: bytes.endIndex) >= 5,
                    bytes[(escaped + 1)..<(escaped + 5)].elementsEqual("0000".utf8)
                {
                    return true
                }
                index = bytes.index(after: escaped)
            default:
                index = bytes.index(after: index)
            }
        }
        return false
    }

    /// Decodes `type` from a JSON body, naming the field at fault when it does not fit.
    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
        } catch let error as AmendsError {
            throw error
        } catch let error as DecodingError {
            throw describe(error)
        }
    }

    static func describe(_ error: DecodingError) -> AmendsError {
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue, key.stringValue.hasPrefix("Index") {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return AmendsError(.malformed, code: "invalid_json", message: "the body is not valid JSON")
        case .dataCorrupted(let context):
            return .invalidField(path(context.codingPath), context.debugDescription)
        case .keyNotFound(let key, let context):
            return .missingField(path(context.codingPath + [key]))
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            return AmendsError(.malformed, code: "invalid_json", message: "the body must be a JSON object")
        case .typeMismatch(let type, let context):
            return .invalidField(path(context.codingPath), "expected \(JSON.typeName(type))")
        case .valueNotFound(let type, let context):
            return .invalidField(path(context.codingPath), "expected \(JSON.typeName(type)), found null")
        @unknown default:
            return AmendsError(.invalid, code: "invalid_json", message: "the body could not be read")
        }
    }

    static func typeName(_ type: Any.Type) -> String { DecodingError.words(for: type) }
}
