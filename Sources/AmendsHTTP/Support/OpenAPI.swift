import AmendsApp
import Foundation

/// The OpenAPI 3.1 document served at `/openapi.json`, kept beside the code as a resource.
enum OpenAPI {
    static let document: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return #"{"openapi":"3.1.0","info":{"title":"Amends API","version":"unknown"},"paths":{}}"# }
        return text
    }()
}
