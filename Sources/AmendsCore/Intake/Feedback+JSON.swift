import AmendsJSON
import Foundation

extension Feedback {
    /// Writes the feedback item in the shape of its `Codable` form with ISO 8601 times, keys in sorted order.
    public func write(to writer: inout JSONWriter) {
        writer.object { writer in
            writer.key("analysis")
            analysis.write(to: &writer)
            writer.member("case_id", caseID)
            writer.member("channel", channel)
            if let customer {
                writer.key("customer")
                customer.write(to: &writer)
            }
            writer.member("id", id)
            writer.member("location", location)
            writer.key("metadata")
            writer.value(.object(metadata))
            writer.member("occurred_at", Timestamp.string(occurredAt))
            writer.member("received_at", Timestamp.string(receivedAt))
            if let score {
                writer.key("score")
                writer.object { writer in
                    writer.member("scale", score.scale.rawValue)
                    writer.member("value", score.value)
                }
            }
            writer.member("text", text)
        }
    }
}
