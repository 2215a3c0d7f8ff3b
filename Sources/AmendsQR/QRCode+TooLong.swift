extension QRCode {
    /// The bytes do not fit in the largest code made here (version 10) at the chosen correction level.
    public struct TooLong: Error, Sendable, Equatable, CustomStringConvertible {
        /// How many bytes were given.
        public let byteCount: Int
        /// The most bytes that fit at ``correction``.
        public let maximum: Int
        /// The correction level that was asked for.
        public let correction: Correction

        /// Describes the problem for a person, with the numbers and what to do.
        public var description: String {
            "A QR code holds at most \(maximum) bytes at correction level \(correction) (version \(QRCode.largestVersion)); "
                + "this one would need \(byteCount). Shorten the text or choose a lower correction level."
        }
    }
}
