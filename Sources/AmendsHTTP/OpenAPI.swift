/// The OpenAPI 3.1 document served at `/openapi.json`.
enum OpenAPI {
    static let document = #"{}"#
}
