/// A QR code (ISO/IEC 18004) holding bytes in byte mode: versions 1 to 10, that is 21×21 to 57×57 modules,
/// at any of the four correction levels.
///
/// The smallest version that holds the bytes is chosen, and of the eight masks the one the standard's penalty
/// rules score lowest. Draw it with ``svg(moduleSize:quietZone:title:)`` or ``png(scale:quietZone:)``, or read the
/// modules one by one with ``isDark(x:y:)``.
///
/// Written here: none of the packages Amends builds with encodes QR codes. Its output is checked by a real reader,
/// zbarimg, in the tests.
public struct QRCode: Sendable, Equatable {
    /// The largest version made here. Version 10 holds 271 bytes at level L and 119 at level H.
    public static let largestVersion = 10

    /// The version, 1–10: the code is 17 + 4 × version modules wide.
    public let version: Int
    /// The modules on each side, without the quiet zone.
    public let size: Int
    /// The mask used, 0–7.
    public let mask: Int
    /// The correction level.
    public let correction: Correction
    /// The modules row by row, `true` for dark.
    private let modules: [Bool]

    /// Makes the code for `bytes`, in the smallest version from `minimumVersion` up that holds them.
    ///
    /// - Parameters:
    ///   - bytes: What the code holds, as they are; a reader shows them as text when they are UTF-8.
    ///   - correction: How much damage the code survives; M, about 15%, by default.
    ///   - minimumVersion: The smallest version to use, for codes of one size; taken as 1–10.
    /// - Throws: ``TooLong`` when even version 10 cannot hold the bytes at this level.
    public init(bytes: [UInt8], correction: Correction = .medium, minimumVersion: Int = 1) throws(TooLong) {
        try self.init(bytes: bytes, correction: correction, minimumVersion: minimumVersion, mask: nil)
    }

    /// Makes the code for the UTF-8 bytes of `text`, in the smallest version from `minimumVersion` up that holds them.
    ///
    /// - Throws: ``TooLong`` when even version 10 cannot hold the text at this level.
    public init(text: String, correction: Correction = .medium, minimumVersion: Int = 1) throws(TooLong) {
        try self.init(bytes: Array(text.utf8), correction: correction, minimumVersion: minimumVersion, mask: nil)
    }

    /// Makes the code with the given mask (0–7), or with the best one when `mask` is nil.
    init(bytes: [UInt8], correction: Correction, minimumVersion: Int, mask: Int?) throws(TooLong) {
        let lowest = min(max(minimumVersion, 1), Self.largestVersion)
        guard let version = (lowest...Self.largestVersion).first(where: { Self.byteCapacity(version: $0, correction: correction) >= bytes.count })
        else {
            throw TooLong(byteCount: bytes.count, maximum: Self.byteCapacity(version: Self.largestVersion, correction: correction), correction: correction)
        }
        let layout = BlockLayout(version: version, correction: correction)
        let data = Self.dataCodewords(bytes, version: version, capacity: layout.dataCodewords)
        var grid = ModuleGrid(version: version)
        grid.place(codewords: Self.interleaved(data, layout: layout))

        var chosen = mask ?? 0
        if mask == nil {
            var lowestPenalty = Int.max
            for candidate in 0..<8 {
                var trial = grid
                trial.apply(mask: candidate)
                trial.drawFormat(correction: correction, mask: candidate)
                let penalty = trial.penalty
                if penalty < lowestPenalty {
                    lowestPenalty = penalty
                    chosen = candidate
                }
            }
        }
        grid.apply(mask: chosen)
        grid.drawFormat(correction: correction, mask: chosen)

        self.version = version
        self.size = grid.size
        self.mask = chosen
        self.correction = correction
        self.modules = grid.dark
    }

    /// Whether the module at column `x`, row `y` (from the upper left corner, 0-based) is dark.
    /// Anything outside the code is the light quiet zone.
    public func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, x < size, y >= 0, y < size else { return false }
        return modules[y * size + x]
    }

    /// The total of the standard's four penalty rules for this code, the score its mask was chosen by.
    var penalty: Int { ModuleGrid.penalty(of: modules, size: size) }

    /// The most bytes a version (1–10) holds in byte mode at a correction level.
    public static func byteCapacity(version: Int, correction: Correction) -> Int {
        let dataBits = BlockLayout(version: version, correction: correction).dataCodewords * 8
        return (dataBits - 4 - countBits(version: version)) / 8
    }

    /// The width of the byte count in byte mode: 8 bits up to version 9, 16 from version 10.
    static func countBits(version: Int) -> Int { version < 10 ? 8 : 16 }

    /// The data codewords: mode 0100, the byte count, the bytes, up to four zero bits of terminator, zero bits to the
    /// next byte, then the pad bytes 0xEC and 0x11 in turn up to the version's capacity.
    static func dataCodewords(_ bytes: [UInt8], version: Int, capacity: Int) -> [UInt8] {
        var writer = BitWriter()
        writer.append(0b0100, bits: 4)
        writer.append(bytes.count, bits: countBits(version: version))
        for byte in bytes { writer.append(Int(byte), bits: 8) }
        writer.append(0, bits: min(4, capacity * 8 - writer.bitCount))
        writer.append(0, bits: (8 - writer.bitCount % 8) % 8)
        var codewords = writer.bytes
        var pad: UInt8 = 0xEC
        while codewords.count < capacity {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// Splits the data into the layout's blocks, adds each block's error correction, and interleaves: the first data
    /// codeword of every block, then the second, and so on, then the error correction codewords the same way.
    static func interleaved(_ data: [UInt8], layout: BlockLayout) -> [UInt8] {
        let generator = ReedSolomon.generator(degree: layout.correctionPerBlock)
        var blocks: [[UInt8]] = []
        var start = 0
        for count in layout.dataPerBlock {
            blocks.append(Array(data[start..<start + count]))
            start += count
        }
        let corrections = blocks.map { ReedSolomon.correction(for: $0, generator: generator) }
        var result: [UInt8] = []
        result.reserveCapacity(layout.totalCodewords)
        for index in 0..<(layout.dataPerBlock.max() ?? 0) {
            for block in blocks where index < block.count { result.append(block[index]) }
        }
        for index in 0..<layout.correctionPerBlock {
            for correction in corrections { result.append(correction[index]) }
        }
        return result
    }
}
