import AmendsApp
import AmendsCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

extension AmendsError.Kind {
    var status: HTTPResponse.Status {
        switch self {
        case .malformed: .badRequest
        case .invalid: .unprocessableContent
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .tooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .gone: .gone
        }
    }
}

/// Turns every error into `{ "error": { "code", "message" } }`. Internal failures are logged with a
/// request id, and only the id is shown.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as AmendsError {
            return Self.response(error)
        } catch let error as PlaybookRejection {
            return JSON.response(status: .unprocessableContent, error.body)
        } catch let error as any HTTPResponseError {
            let status = error.status
            let code =
                switch status {
                case .notFound: "not_found"
                case .contentTooLarge: "too_large"
                case .methodNotAllowed: "method_not_allowed"
                default: "http_\(status.code)"
                }
            let message =
                switch status {
                case .notFound: "no route matches \(request.method) \(request.uri.path)"
                case .contentTooLarge: "the request body is larger than this route accepts"
                default: status.reasonPhrase
                }
            return JSON.response(status: status, ErrorBody(code: code, message: message))
        } catch {
            let id = LiveIdentifierSource().makeID(at: Date())
            context.logger.error("request failed", metadata: ["request_id": "\(id)", "error": "\(String(reflecting: error))"])
            return JSON.response(status: .internalServerError, ErrorBody(code: "internal", message: "something went wrong on our side; quote request id \(id)"))
        }
    }

    static func response(_ error: AmendsError) -> Response {
        JSON.response(status: error.kind.status, ErrorBody(code: error.code, message: error.message, field: error.field))
    }
}

/// The error document every failing route returns.
struct ErrorBody: Encodable {
    struct Detail: Encodable {
        var code: String
        var message: String
        var field: String?
    }

    var error: Detail

    init(code: String, message: String, field: String? = nil) {
        error = Detail(code: code, message: message, field: field)
    }
}

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

/// A coding key for any name, to see which keys a JSON object has.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Decoder {
    /// Throws when the object has a key outside `known`, so a misspelt field is not silently ignored.
    func rejectUnknownKeys(_ known: Set<String>) throws {
        let container = try self.container(keyedBy: AnyKey.self)
        for key in container.allKeys where !known.contains(key.stringValue) {
            let prefix = codingPath.map(\.stringValue).joined(separator: ".")
            throw AmendsError(
                .invalid, code: "unknown_field",
                message: "\(prefix.isEmpty ? "" : prefix + ".")\(key.stringValue): is not a known field",
                field: prefix.isEmpty ? key.stringValue : prefix + "." + key.stringValue)
        }
    }
}
