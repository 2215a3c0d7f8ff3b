import Foundation

extension String {
    /// The text without leading and trailing white space, cheaper than Foundation's trimming on the intake path.
    var trimmed: String {
        guard let start = firstIndex(where: { !$0.isWhitespace }), let end = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        if start == startIndex && index(after: end) == endIndex { return self }
        return String(self[start...end])
    }

    /// The string, or nil when it is empty.
    var nonEmpty: String? { isEmpty ? nil : self }
}
