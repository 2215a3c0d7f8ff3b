import Foundation
import Mustache

/// The pages customers open from their links (where their case stands, the follow-up survey), rendered by swift-mustache
/// from the templates in `Pages/Templates`, a resource of the server: every value is HTML-escaped by the engine.
enum CustomerPages {
    /// The templates, read once from the server's resources.
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for name in ["customer-layout", "customer-case", "customer-survey", "customer-message"] {
            guard let url = Bundle.module.url(forResource: name, withExtension: "mustache", subdirectory: "Templates"),
                let text = try? String(contentsOf: url, encoding: .utf8)
            else { preconditionFailure("the server's page template \(name).mustache is missing from its resources") }
            do {
                try library.register(text, named: name)
            } catch {
                preconditionFailure("the server's page template \(name).mustache cannot be read: \(error)")
            }
        }
        return library
    }()

    /// The page `name` with `values`.
    static func render(_ name: String, _ values: [String: Any]) -> String {
        library.render(values, withTemplate: name) ?? ""
    }

    /// A page that says one thing: thanks, or why a link opens nothing.
    static func message(title: String, _ message: String) -> String {
        render("customer-message", ["title": title, "message": message])
    }
}
