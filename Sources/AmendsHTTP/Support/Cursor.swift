import AmendsApp
import AmendsCore
import AmendsJSON
import Foundation

/// Opaque cursors: the id to continue after, in URL-safe base64.
enum Cursor {
    static func encode(_ id: String) -> String { Base64URL.encode(id.utf8) }

    static func decode(_ text: String) throws(AmendsError) -> String {
        guard let bytes = Base64URL.decode(text), let id = String(bytes: bytes, encoding: .utf8), !id.isEmpty, id.count <= 64 else {
            throw AmendsError.invalidField("cursor", "is not a cursor this server issued")
        }
        return id
    }
}
