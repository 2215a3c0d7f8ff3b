/// A feedback text labeled by a person: failure or not, and for failures optionally a category.
public struct LabeledText: Sendable, Equatable {
    public var text: String
    public var failure: Bool
    public var category: String?

    public init(text: String, failure: Bool, category: String? = nil) {
        self.text = text
        self.failure = failure
        self.category = category
    }
}
