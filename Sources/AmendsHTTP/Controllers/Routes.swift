import AmendsApp
import AmendsCore
import HTTPTypes
import Hummingbird

/// Where controllers add their routes. There is no way to add one without saying who may call it: each route gets the
/// ``AccessMiddleware`` for its ``Access`` and, when it changes something a person asked for, the ``AuditMiddleware``.
struct Routes {
    let router: Router<AmendsRequestContext>
    let tokens: Tokens
    let store: any Store
    let runtime: Runtime

    typealias Handler = @Sendable (Request, AmendsRequestContext) async throws -> Response

    func on(_ path: RouterPath, method: HTTPRequest.Method, _ access: Access, use handler: @escaping Handler) {
        let group = router.group().add(middleware: AccessMiddleware(access: access, tokens: tokens, store: store))
        // Reads change nothing, and intake is not a change a person makes; everything else is written with who and where.
        if method != .get && access != .intake { group.add(middleware: AuditMiddleware()) }
        group.on(path, method: method, use: handler)
    }

    func get(_ path: RouterPath, _ access: Access, use handler: @escaping Handler) { on(path, method: .get, access, use: handler) }
    func post(_ path: RouterPath, _ access: Access, use handler: @escaping Handler) { on(path, method: .post, access, use: handler) }
    func put(_ path: RouterPath, _ access: Access, use handler: @escaping Handler) { on(path, method: .put, access, use: handler) }
    func patch(_ path: RouterPath, _ access: Access, use handler: @escaping Handler) { on(path, method: .patch, access, use: handler) }
    func delete(_ path: RouterPath, _ access: Access, use handler: @escaping Handler) { on(path, method: .delete, access, use: handler) }

    /// A console page or form: the session cookie names the caller (see ``ConsoleAccessMiddleware``), who needs at least
    /// `role`; nil for the pages before signing in. Forms are audited as API changes are.
    func console(_ path: RouterPath, method: HTTPRequest.Method = .get, _ role: StaffMember.Role?, use handler: @escaping Handler) {
        let group = router.group().add(middleware: ConsoleAccessMiddleware(role: role, runtime: runtime))
        if method != .get { group.add(middleware: AuditMiddleware()) }
        group.on(path, method: method, use: handler)
    }
}
