extension QRCode {
    /// How much of the code can be damaged or hidden and still be read.
    ///
    /// More correction means more room spent on repair data, so a larger code for the same text.
    public enum Correction: Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// Level L: about 7% of the code can be restored.
        case low
        /// Level M: about 15% of the code can be restored. The usual choice.
        case medium
        /// Level Q: about 25% of the code can be restored.
        case quartile
        /// Level H: about 30% of the code can be restored.
        case high

        /// The level's letter: L, M, Q or H.
        public var description: String {
            switch self {
            case .low: "L"
            case .medium: "M"
            case .quartile: "Q"
            case .high: "H"
            }
        }

        /// The two bits that name the level in the format information (L 01, M 00, Q 11, H 10).
        var formatBits: Int {
            switch self {
            case .low: 0b01
            case .medium: 0b00
            case .quartile: 0b11
            case .high: 0b10
            }
        }
    }
}
