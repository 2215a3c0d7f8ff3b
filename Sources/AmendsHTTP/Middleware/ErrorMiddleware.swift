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
        case .tooManyRequests: .tooManyRequests
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
            // The route's pattern and the error's code, never its full text: a driver's can hold bind values.
            context.logger.error(
                "request failed",
                metadata: ["request_id": "\(id)", "route": "\(request.method) \(context.endpointPath ?? "?")", "error": "\(logDescription(of: error))"])
            return JSON.response(status: .internalServerError, ErrorBody(code: "internal", message: "something went wrong on our side; quote request id \(id)"))
        }
    }

    static func response(_ error: AmendsError) -> Response {
        var headers: HTTPFields = [:]
        if let seconds = error.retryAfter { headers[.retryAfter] = String(seconds) }
        return JSON.response(status: error.kind.status, ErrorBody(code: error.code, message: error.message, field: error.field), headers: headers)
    }
}
