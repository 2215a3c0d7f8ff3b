import AmendsCore
import Foundation
import Yams

/// Reads and writes playbooks as YAML (or JSON, which YAML includes), reporting problems by file, line and field.
public enum PlaybookFile {
    /// Parses and validates `text`; `file` names it in messages.
    public static func parse(_ text: String, file: String) throws(PlaybookRejection) -> Playbook {
        let node: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                throw PlaybookRejection(file: file, problems: [.init(field: "(document)", line: 1, message: "the file is empty")])
            }
            node = composed
        } catch let rejection as PlaybookRejection {
            throw rejection
        } catch let error as YamlError {
            throw PlaybookRejection(file: file, problems: [yamlProblem(error)])
        } catch {
            throw PlaybookRejection(file: file, problems: [.init(field: "(document)", line: nil, message: "cannot be read as YAML")])
        }
        let playbook: Playbook
        do {
            playbook = try YAMLDecoder().decode(Playbook.self, from: node)
        } catch let error as DecodingError {
            let (path, message) = describe(error)
            throw PlaybookRejection(file: file, problems: [.init(field: path.description, line: line(of: path, in: node), message: message)])
        } catch {
            throw PlaybookRejection(file: file, problems: [.init(field: "(document)", line: nil, message: "cannot be read: \(error)")])
        }
        var problems = unknownFields(node: node, decoded: playbook)
        problems += playbook.problems().map { problem in
            PlaybookRejection.Problem(field: problem.path.description, line: line(of: problem.path, in: node), message: problem.message)
        }
        guard problems.isEmpty else { throw PlaybookRejection(file: file, problems: problems) }
        return playbook
    }

    /// The playbook as YAML, in the same shape it is imported in.
    public static func yaml(_ playbook: Playbook) throws -> String {
        try YAMLEncoder().encode(playbook)
    }

    static func yamlProblem(_ error: YamlError) -> PlaybookRejection.Problem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return .init(field: "(document)", line: mark.line, message: "not valid YAML: \(problem)")
        default:
            return .init(field: "(document)", line: nil, message: "not valid YAML: \(error)")
        }
    }

    static func path(_ codingPath: [any CodingKey]) -> FieldPath {
        FieldPath(codingPath.map { key in key.intValue.map(FieldPath.Component.index) ?? .key(key.stringValue) })
    }

    static func describe(_ error: DecodingError) -> (FieldPath, String) {
        switch error {
        case .keyNotFound(let key, let context):
            return (path(context.codingPath + [key]), "is required")
        case .typeMismatch(let type, let context):
            return (path(context.codingPath), "expected \(DecodingError.words(for: type))")
        case .valueNotFound(let type, let context):
            return (path(context.codingPath), "expected \(DecodingError.words(for: type)), found nothing")
        case .dataCorrupted(let context):
            return (path(context.codingPath), context.debugDescription)
        @unknown default:
            return (FieldPath(), "cannot be read")
        }
    }

    /// The line of the deepest node on `path` that exists in the file.
    static func line(of path: FieldPath, in root: Node) -> Int? {
        var node = root
        var line = root.mark?.line
        for component in path.components {
            let child: Node?
            switch component {
            case .key(let key): child = node.mapping?.first { $0.key.string == key }?.value
            case .index(let index): child = node.sequence.flatMap { index < $0.count ? $0[index] : nil }
            }
            guard let child else { break }
            node = child
            line = child.mark?.line ?? line
        }
        return line
    }

    /// Keys in the file that the playbook format does not have (a misspelt `phrasess:` would otherwise be ignored).
    static func unknownFields(node: Node, decoded: Playbook) -> [PlaybookRejection.Problem] {
        guard let data = try? JSONEncoder().encode(decoded), let tree = try? JSONSerialization.jsonObject(with: data) else { return [] }
        var problems: [PlaybookRejection.Problem] = []
        func walk(_ node: Node, _ value: Any, _ path: FieldPath) {
            if let mapping = node.mapping {
                let object = value as? [String: Any] ?? [:]
                for (key, child) in mapping {
                    guard let name = key.string else { continue }
                    if let childValue = object[name] {
                        walk(child, childValue, path.key(name))
                    } else if child.null == nil {
                        problems.append(.init(field: path.key(name).description, line: key.mark?.line, message: "is not a field of the playbook format"))
                    }
                }
            } else if let sequence = node.sequence, let array = value as? [Any] {
                for (index, child) in sequence.enumerated() where index < array.count {
                    walk(child, array[index], path.index(index))
                }
            }
        }
        walk(node, tree, FieldPath())
        return problems
    }
}
