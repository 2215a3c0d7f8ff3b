import Foundation

/// Base64 for URLs (RFC 4648, section 5): `-` and `_` for `+` and `/`, no padding. Tokens, cursors and customers' links
/// are written in it; this is the one place that knows how.
public enum Base64URL {
    /// `bytes` in base64url, without padding.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The bytes of base64url `text` (padded or not); nil when it is not base64url.
    public static func decode(_ text: String) -> [UInt8]? {
        // Only the URL alphabet: `+` and `/` belong to plain base64, and a token holding them was not made here.
        let body = text.prefix { $0 != "=" }
        guard body.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }), text.dropFirst(body.count).allSatisfy({ $0 == "=" })
        else { return nil }
        var base = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base.count % 4 != 0 { base += "=" }
        return Data(base64Encoded: base).map { [UInt8]($0) }
    }
}
