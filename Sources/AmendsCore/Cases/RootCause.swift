import Foundation

/// Why a failure happened, recorded before a case may close: a category to count failures by, and the story.
public struct RootCause: Codable, Sendable, Equatable {
    public var category: String
    public var description: String

    public init(category: String, description: String) {
        self.category = category
        self.description = description
    }

    /// Checks the lengths a person can reasonably write; `field` names where the root cause came from.
    public func validated(field: String = "root_cause") throws(AmendsError) -> RootCause {
        let category = category.trimmingCharacters(in: .whitespacesAndNewlines)
        let description = description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !category.isEmpty, category.count <= 100 else { throw AmendsError.invalidField("\(field).category", "must be 1 to 100 characters") }
        guard !description.isEmpty, description.count <= 4000 else {
            throw AmendsError.invalidField("\(field).description", "must be 1 to 4,000 characters")
        }
        return RootCause(category: category, description: description)
    }
}
