import Foundation

/// A place in a document: the keys and indexes from its root, such as `scenarios[2].team`.
public struct FieldPath: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// One step from a container to its child.
    public enum Component: Sendable, Equatable, Hashable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) { self.components = components }

    /// This path extended by a key.
    public func key(_ key: String) -> FieldPath { FieldPath(components + [.key(key)]) }
    /// This path extended by an index.
    public func index(_ index: Int) -> FieldPath { FieldPath(components + [.index(index)]) }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text.isEmpty ? "(document)" : text
    }
}

/// One thing wrong with a playbook, at a field.
public struct PlaybookProblem: Sendable, Equatable, CustomStringConvertible {
    public var path: FieldPath
    public var message: String

    public init(path: FieldPath, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
