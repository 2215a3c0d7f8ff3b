import Foundation
import Mustache

/// The server's page templates, a resource of the binary (`Pages/Templates`).
enum PageTemplates {
    /// A library of the templates `names`, read once; a template missing or unreadable is a broken build, not a request's fault.
    static func library(_ names: [String]) -> MustacheLibrary {
        var library = MustacheLibrary()
        for name in names {
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
    }
}
