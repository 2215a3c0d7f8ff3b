import AmendsApp
import AmendsCore
import Crypto
import Foundation
import Hummingbird

/// The console's and the customer pages' style sheets and script, resources of the server: no request leaves for
/// another site, and pages work on a network without the internet.
///
/// Hummingbird's `FileMiddleware` serves a folder from disk, reading each file on each request. These are four small
/// files that never change while the server runs, so they are read once into memory at the first ask and served
/// under the route table's access rules, with a digest of their content as the ETag.
struct AssetController: Controller {
    let runtime: Runtime

    struct Asset: Sendable {
        var body: ByteBuffer
        var contentType: String
        var etag: String
    }

    static let types = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml"]

    /// Every asset, read once from the resources, by file name.
    static let assets: [String: Asset] = {
        guard let folder = Bundle.module.url(forResource: "Assets", withExtension: nil),
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { preconditionFailure("the server's page assets are missing from its resources") }
        var assets: [String: Asset] = [:]
        for name in names {
            guard let type = types[(name as NSString).pathExtension], let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
            else { continue }
            let digest = SHA256.hash(data: data).prefix(8).map { String(format: "%02x", $0) }.joined()
            assets[name] = Asset(body: ByteBuffer(bytes: data), contentType: type, etag: "\"\(digest)\"")
        }
        return assets
    }()

    func addRoutes(to routes: Routes) {
        routes.get("/assets/:name", .anyone, use: asset)
    }

    @Sendable func asset(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        guard let asset = Self.assets[name] else { throw AmendsError.notFound("asset", name) }
        if request.headers[.ifNoneMatch] == asset.etag {
            return Response(status: .notModified, headers: [.eTag: asset.etag, .cacheControl: "no-cache"])
        }
        // Revalidated on each use (a cheap 304), so a new version of the server is never shown with old files.
        return Response(
            status: .ok, headers: [.contentType: asset.contentType, .eTag: asset.etag, .cacheControl: "no-cache"], body: ResponseBody(byteBuffer: asset.body))
    }
}
