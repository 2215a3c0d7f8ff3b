import AmendsApp
import AmendsCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// A coding key for any name, to see which keys a JSON object has.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Decoder {
    /// Throws when the object has a key outside `known`, so a misspelt field is not silently ignored.
    func rejectUnknownKeys(_ known: Set<String>) throws {
        let container = try self.container(keyedBy: AnyKey.self)
        for key in container.allKeys where !known.contains(key.stringValue) {
            let prefix = codingPath.map(\.stringValue).joined(separator: ".")
            throw AmendsError(
                .invalid, code: "unknown_field",
                message: "\(prefix.isEmpty ? "" : prefix + ".")\(key.stringValue): is not a known field",
                field: prefix.isEmpty ? key.stringValue : prefix + "." + key.stringValue)
        }
    }
}
