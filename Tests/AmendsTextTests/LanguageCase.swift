import Testing

/// One hand-written feedback text in some language, what the engine must make of it without training, and the words
/// its explanation must name.
struct LanguageCase: Sendable, CustomTestStringConvertible {
    var text: String
    /// Whether the text names a service failure.
    var failure: Bool
    /// Words (as written in the text, lowercased) that the explanation must quote.
    var names: [String]

    init(_ text: String, failure: Bool, names: [String] = []) {
        self.text = text
        self.failure = failure
        self.names = names
    }

    var testDescription: String { text }
}
