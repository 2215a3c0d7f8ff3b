/// Bits written most significant first, packed into bytes.
struct BitWriter: Sendable {
    private(set) var bytes: [UInt8] = []
    private(set) var bitCount = 0

    /// Appends the lowest `bits` bits of `value`, the most significant first.
    mutating func append(_ value: Int, bits: Int) {
        for shift in stride(from: bits - 1, through: 0, by: -1) {
            if bitCount % 8 == 0 { bytes.append(0) }
            if (value >> shift) & 1 == 1 { bytes[bytes.count - 1] |= 0x80 >> UInt8(bitCount % 8) }
            bitCount += 1
        }
    }
}
