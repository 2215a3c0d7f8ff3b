import AmendsApp
import Hummingbird
import NIOCore
import Prometheus

/// Liveness, metrics and the API reference: open to anyone.
struct SystemController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.get("/health", .anyone) { _, _ in JSON.response(["status": "ok"]) }
        routes.get("/metrics", .anyone) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: runtime.registry.emitToBuffer())))
        }
        routes.get("/openapi.json", .anyone) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPI.document)))
        }
    }
}
