import Foundation
import Synchronization

extension Date {
    /// Milliseconds since 1970: the form times are stored in, and signed into status links.
    public var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    public init(millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}
