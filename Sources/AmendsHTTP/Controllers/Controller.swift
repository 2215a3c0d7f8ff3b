import AmendsApp
import AmendsCore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The routes of one resource over the runtime, each added with who may call it (see ``Routes``).
protocol Controller: Sendable {
    var runtime: Runtime { get }
    func addRoutes(to routes: Routes)
}

extension Controller {
    /// The channel a caller sends for: a channel token's own (naming another is refused), or the one a staff member
    /// names in `field`.
    func channel(for caller: Caller, named: String?, field: String = "channel") throws(AmendsError) -> String {
        switch caller {
        case .channel(let key):
            if let named, named != key {
                throw AmendsError(.forbidden, code: "wrong_channel", message: "\(field): this token belongs to channel '\(key)', not '\(named)'", field: field)
            }
            return key
        case .staff:
            guard let named else { throw AmendsError.missingField(field) }
            return named
        }
    }

    func requireJSON(_ request: Request) throws(AmendsError) {
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json") {
            throw AmendsError(.unsupportedMediaType, code: "unsupported_media_type", message: "send the body as application/json, not \(type)")
        }
    }

    /// The request's body as `Body`: JSON, within the configured size.
    func body<Body: Decodable>(_ type: Body.Type, of request: Request) async throws -> Body {
        try requireJSON(request)
        return try JSON.decode(Body.self, from: try await JSON.body(request, limit: runtime.configuration.maxBodyBytes))
    }

    /// What an action on one case needs: the staff member calling, the case named in the path and the body, read and
    /// checked in that order before the case is looked up in the caller's scope (an unknown or hidden case is a 404).
    func caseAction<Body: Decodable>(
        _ request: Request, _ context: AmendsRequestContext, body type: Body.Type
    ) async throws -> (member: StaffMember, id: String, recoveryCase: RecoveryCase, body: Body) {
        let member = try context.staff
        let id = try context.parameters.require("id")
        let body = try await body(type, of: request)
        return (member, id, try await context.scope.recoveryCase(id), body)
    }

    func idempotencyKey(_ request: Request) throws(AmendsError) -> String? {
        try request.headers[.idempotencyKey].map(validatedKey)
    }

    func validatedKey(_ key: String) throws(AmendsError) -> String {
        guard !key.isEmpty, key.count <= 255, key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw AmendsError.invalidField("Idempotency-Key", "must be 1 to 255 visible ASCII characters")
        }
        return key
    }

    /// Reads `limit` (1 to 500) and `cursor`.
    func page(_ limit: inout Int, _ after: inout String?, _ request: Request) throws(AmendsError) {
        let parameters = request.uri.queryParameters
        if let text = parameters.get("limit") {
            guard let value = Int(text), (1...500).contains(value) else { throw AmendsError.invalidField("limit", "must be a whole number from 1 to 500") }
            limit = value
        }
        if let cursor = parameters.get("cursor") { after = try Cursor.decode(cursor) }
    }

    /// One of a fixed set of values named in a request, or a 422 that lists them.
    static func choice<Value: RawRepresentable & CaseIterable>(_ text: String?, field: String, what: String) throws(AmendsError) -> Value?
    where Value.RawValue == String {
        guard let text else { return nil }
        guard let value = Value(rawValue: text) else {
            throw AmendsError.invalidField(field, "'\(text)' is not \(what); use one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    func playbookInForce() throws(AmendsError) -> Playbook {
        guard let playbook = runtime.playbook.stored?.playbook else {
            throw AmendsError(.conflict, code: "no_playbook", message: "no playbook has been imported yet; import one with 'amends playbook import FILE'")
        }
        return playbook
    }

    static func fingerprint(_ buffer: ByteBuffer) -> String {
        Data(SHA256.hash(data: Data(buffer.readableBytesView))).base64EncodedString()
    }

    static func kind(_ text: String?) throws(AmendsError) -> MessageTemplate.Kind {
        guard let kind: MessageTemplate.Kind = try choice(text, field: "kind", what: "a message kind") else { throw AmendsError.missingField("kind") }
        return kind
    }

    static func medium(_ text: String?, field: String = "medium") throws(AmendsError) -> MessageTemplate.Medium? {
        try choice(text, field: field, what: "a medium")
    }
}
