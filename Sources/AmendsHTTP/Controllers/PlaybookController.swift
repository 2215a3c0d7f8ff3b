import AmendsApp
import AmendsCore
import Foundation
import Hummingbird
import NIOCore

/// The playbook in force, and tokens for its channels.
struct PlaybookController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.get("/v1/playbook", .frontline, use: getPlaybook)
        routes.put("/v1/playbook", .staff(.admin), use: putPlaybook)
        routes.post("/v1/channels/:key/tokens", .staff(.admin), use: postChannelToken)
    }

    struct PlaybookInfo: Encodable {
        var version: Int
        var importedAt: Date
        var importedBy: String
        var playbook: Playbook?

        enum CodingKeys: String, CodingKey {
            case version, playbook
            case importedAt = "imported_at"
            case importedBy = "imported_by"
        }
    }

    @Sendable func getPlaybook(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try context.staff
        guard var stored = runtime.playbook.stored else {
            throw AmendsError(.notFound, code: "no_playbook", message: "no playbook has been imported yet")
        }
        // Signing secrets are for admins only; everyone else sees that a secret is set, not what it is.
        if member.role != .admin { stored.playbook = stored.playbook.redactingSecrets() }
        let wantsYAML = request.uri.queryParameters.get("format") == "yaml" || (request.headers[.accept] ?? "").contains("yaml")
        if wantsYAML {
            return Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: try PlaybookFile.yaml(stored.playbook))))
        }
        return JSON.response(PlaybookInfo(version: stored.version, importedAt: stored.importedAt, importedBy: stored.importedBy, playbook: stored.playbook))
    }

    @Sendable func putPlaybook(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try context.staff
        let buffer = try await JSON.body(request, limit: runtime.configuration.maxBodyBytes)
        let playbook = try PlaybookFile.parse(String(buffer: buffer), file: "request body")
        let stored = try await runtime.importPlaybook(playbook, by: "staff:\(member.id)")
        return JSON.response(PlaybookInfo(version: stored.version, importedAt: stored.importedAt, importedBy: stored.importedBy, playbook: nil))
    }

    struct IssuedToken: Encodable {
        var channel: String
        var token: String
    }

    @Sendable func postChannelToken(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try context.staff
        let key = try context.parameters.require("key")
        guard try runtime.recovery().playbook.channel(key) != nil else { throw AmendsError.notFound("channel", key) }
        let token = try await runtime.tokens.issueChannelToken(channel: key, label: "issued by \(member.name)")
        return JSON.response(status: .created, IssuedToken(channel: key, token: token))
    }
}
