import AmendsJSON
import Foundation

extension Analysis {
    /// The analysis as stored: the same document `JSONEncoder` would write with sorted keys, written directly.
    public var jsonText: String {
        var writer = JSONWriter(capacity: 512)
        write(to: &writer)
        return writer.text
    }

    /// Writes the analysis in the shape of its `Codable` form, keys in sorted order.
    public func write(to writer: inout JSONWriter) {
        writer.object { writer in
            if let categories {
                writer.key("categories")
                writer.arrayStart()
                for category in categories {
                    writer.object { writer in
                        writer.member("name", category.name)
                        writer.member("probability", category.probability)
                    }
                }
                writer.arrayEnd()
            }
            writer.key("explanation")
            writer.arrayStart()
            for line in explanation { writer.string(line) }
            writer.arrayEnd()
            writer.member("failure", failure)
            if let language { writer.member("language", language) }
            writer.key("matches")
            writer.arrayStart()
            for match in matches {
                writer.object { writer in
                    writer.member("hits", match.hits)
                    writer.member("scenario", match.scenario)
                    writer.member("severity", match.severity.rawValue)
                }
            }
            writer.arrayEnd()
            writer.member("probability", probability)
            writer.member("scenario", scenario)
            writer.member("sentiment", sentiment)
            writer.member("severity", severity?.rawValue)
            writer.key("signals")
            writer.arrayStart()
            for signal in signals {
                writer.object { writer in
                    writer.member("counts", signal.counts)
                    writer.member("matched", signal.matched)
                    writer.member("pattern", signal.pattern)
                    writer.member("rule", signal.rule.rawValue)
                    writer.member("scenario", signal.scenario)
                }
            }
            writer.arrayEnd()
        }
    }
}
