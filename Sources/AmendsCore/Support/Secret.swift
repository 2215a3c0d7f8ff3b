import Foundation

/// Random secrets for tokens, in URL-safe base64.
public enum Secret {
    /// A new random secret of `byteCount` bytes, URL-safe base64 without padding, after `prefix`.
    public static func make(prefix: String, byteCount: Int = 24) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return prefix + Base64URL.encode(bytes)
    }
}
