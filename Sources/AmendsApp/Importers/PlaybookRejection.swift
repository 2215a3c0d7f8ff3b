import AmendsCore
import Foundation
import Yams

/// A playbook that cannot be used, with every problem found and where it is in the file.
public struct PlaybookRejection: Error, Sendable, CustomStringConvertible {
    /// One problem: the field, its line in the file when known, and what is wrong.
    public struct Problem: Sendable, Encodable {
        public var field: String
        public var line: Int?
        public var message: String
    }

    public var file: String
    public var problems: [Problem]

    public var description: String {
        problems.map { problem in
            "\(file)\(problem.line.map { ":\($0)" } ?? ""): \(problem.field): \(problem.message)"
        }.joined(separator: "\n")
    }

    public struct Body: Encodable, Sendable {
        struct Detail: Encodable {
            var code = "invalid_playbook"
            var message: String
            var problems: [Problem]
        }

        var error: Detail
    }

    public var body: Body {
        Body(
            error: .init(
                message:
                    "the playbook has \(problems.count) problem\(problems.count == 1 ? "" : "s"): \(problems.first.map { "\($0.field): \($0.message)" } ?? "")",
                problems: problems))
    }
}
