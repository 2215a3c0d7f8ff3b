import Foundation

/// One page of a list and where the next one starts.
public struct Page<Element: Sendable>: Sendable {
    public var items: [Element]
    /// The id to continue after, nil on the last page.
    public var next: String?

    public init(items: [Element], next: String?) {
        self.items = items
        self.next = next
    }

    /// A page from up to `limit + 1` items read in page order: the one beyond the limit only says there is more.
    public init(reading items: [Element], limit: Int, id: (Element) -> String) {
        let page = Array(items.prefix(limit))
        self.init(items: page, next: items.count > limit ? page.last.map(id) : nil)
    }
}
