import Foundation

/// Limits on what intake accepts, set by the operator.
public struct IntakeLimits: Sendable, Equatable {
    /// The most characters a feedback text may have.
    public var maxTextLength: Int
    /// The most metadata entries an item may carry.
    public var maxMetadataEntries: Int

    public init(maxTextLength: Int = 10_000, maxMetadataEntries: Int = 50) {
        self.maxTextLength = maxTextLength
        self.maxMetadataEntries = maxMetadataEntries
    }
}
