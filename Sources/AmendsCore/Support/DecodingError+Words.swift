import Foundation

extension DecodingError {
    /// What a value of `type` is called in an error message: "a string", "a number", "an object".
    public static func words(for type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Double.Type, is Int.Type, is Float.Type: "a number"
        case is Bool.Type: "true or false"
        default:
            String(describing: type).hasPrefix("Dictionary")
                ? "an object" : String(describing: type).hasPrefix("Array") ? "an array" : "a value of another type"
        }
    }
}
