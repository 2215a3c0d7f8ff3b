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

    /// Reads the body up to `limit` bytes, refusing bodies that are too large or not UTF-8.
    static func body(_ request: Request, limit: Int) async throws -> ByteBuffer {
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
        return buffer
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
