import AmendsJSON
import Foundation

extension CustomerIdentity {
    /// The identity as stored, in the form `JSONEncoder` would write with sorted keys.
    public var jsonText: String {
        var writer = JSONWriter(capacity: 64)
        write(to: &writer)
        return writer.text
    }

    /// Writes the identity, keys in sorted order.
    public func write(to writer: inout JSONWriter) {
        writer.object { writer in
            writer.member("email", email)
            writer.member("external_id", externalID)
            writer.member("name", name)
            writer.member("phone", phone)
        }
    }
}
