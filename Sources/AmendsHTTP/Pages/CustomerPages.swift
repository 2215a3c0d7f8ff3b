import Foundation
import Mustache

/// The pages customers open from their links (where their case stands, the follow-up survey), rendered by swift-mustache
/// from the templates in `Pages/Templates`, a resource of the server: every value is HTML-escaped by the engine.
enum CustomerPages {
    /// The templates, read once from the server's resources.
    static let library = PageTemplates.library([
        "customer-layout", "customer-case", "customer-survey", "customer-message", "customer-feedback", "customer-thanks", "customer-poster", "customer-unsubscribe",
    ])

    /// The page `name` with `values`.
    static func render(_ name: String, _ values: [String: Any]) -> String {
        library.render(values, withTemplate: name) ?? ""
    }

    /// A page that says one thing: thanks, or why a link opens nothing.
    static func message(title: String, _ message: String) -> String {
        render("customer-message", ["title": title, "message": message])
    }
}
