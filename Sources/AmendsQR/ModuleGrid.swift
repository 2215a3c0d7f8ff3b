/// The square of modules of one code while it is made: the function patterns, the data in its zigzag, the masks and
/// their penalties. Indexed by row, then column; `true` is dark.
struct ModuleGrid: Sendable {
    let version: Int
    let size: Int
    /// Dark modules.
    private(set) var dark: [Bool]
    /// Modules that belong to a function pattern or to the format or version information: no data, no mask.
    private(set) var reserved: [Bool]

    /// A grid for `version` with its function patterns drawn and the format areas set aside.
    init(version: Int) {
        self.version = version
        size = 17 + 4 * version
        dark = Array(repeating: false, count: size * size)
        reserved = Array(repeating: false, count: size * size)
        drawTiming()
        drawFinder(left: 0, top: 0)
        drawFinder(left: size - 7, top: 0)
        drawFinder(left: 0, top: size - 7)
        drawAlignment()
        reserveFormat()
        drawVersion()
    }

    /// How many modules are set aside for function patterns and format and version information.
    var reservedCount: Int { reserved.reduce(0) { $0 + ($1 ? 1 : 0) } }

    private mutating func set(x: Int, y: Int, dark isDark: Bool) {
        dark[y * size + x] = isDark
        reserved[y * size + x] = true
    }

    // MARK: Function patterns

    /// Row 6 and column 6: dark and light in turn, dark on even positions. The finders drawn afterwards cover their ends.
    private mutating func drawTiming() {
        for index in 0..<size {
            set(x: index, y: 6, dark: index % 2 == 0)
            set(x: 6, y: index, dark: index % 2 == 0)
        }
    }

    /// A 7×7 finder pattern with its top left corner at (`left`, `top`), and its light separator where it lies inside.
    private mutating func drawFinder(left: Int, top: Int) {
        for dy in -1...7 {
            for dx in -1...7 {
                let x = left + dx
                let y = top + dy
                guard x >= 0, x < size, y >= 0, y < size else { continue }
                let ring = max(abs(dx - 3), abs(dy - 3))
                set(x: x, y: y, dark: ring != 2 && ring != 4)
            }
        }
    }

    /// The centres of the alignment patterns on each axis, by version (none for version 1).
    static func alignmentCentres(version: Int) -> [Int] {
        let table: [[Int]] = [[], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50]]
        return table[version - 1]
    }

    /// The 5×5 alignment patterns at every pair of centres, except the three that would fall on a finder.
    private mutating func drawAlignment() {
        let centres = Self.alignmentCentres(version: version)
        guard let first = centres.first, let last = centres.last else { return }
        for cy in centres {
            for cx in centres {
                if (cx == first && cy == first) || (cx == first && cy == last) || (cx == last && cy == first) { continue }
                for dy in -2...2 {
                    for dx in -2...2 { set(x: cx + dx, y: cy + dy, dark: max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
    }

    /// Sets aside the two copies of the format information, and draws the dark module beside the lower left finder.
    private mutating func reserveFormat() {
        for index in 0...8 {
            reserved[8 * size + index] = true
            reserved[index * size + 8] = true
        }
        for index in 0..<8 {
            reserved[8 * size + size - 1 - index] = true
            reserved[(size - 1 - index) * size + 8] = true
        }
        set(x: 8, y: size - 8, dark: true)
    }

    /// The version information, versions 7 and up: two 6×3 blocks, beside the upper right and lower left finders.
    private mutating func drawVersion() {
        guard version >= 7 else { return }
        let bits = Self.versionBits(version: version)
        for index in 0..<18 {
            let isDark = (bits >> index) & 1 == 1
            let across = size - 11 + index % 3
            let down = index / 3
            set(x: across, y: down, dark: isDark)
            set(x: down, y: across, dark: isDark)
        }
    }

    /// The 15 format bits for a level and a mask: 5 data bits, 10 bits of BCH(15,5) with generator 0x537, masked with 0x5412.
    static func formatBits(correction: QRCode.Correction, mask: Int) -> Int {
        let data = correction.formatBits << 3 | mask
        var remainder = data << 10
        for bit in stride(from: 14, through: 10, by: -1) where remainder & (1 << bit) != 0 {
            remainder ^= 0x537 << (bit - 10)
        }
        return (data << 10 | remainder) ^ 0x5412
    }

    /// The 18 version bits: 6 bits of version, 12 bits of BCH(18,6) with generator 0x1F25.
    static func versionBits(version: Int) -> Int {
        var remainder = version << 12
        for bit in stride(from: 17, through: 12, by: -1) where remainder & (1 << bit) != 0 {
            remainder ^= 0x1F25 << (bit - 12)
        }
        return version << 12 | remainder
    }

    /// Draws both copies of the format information. Bit 14 is the most significant.
    mutating func drawFormat(correction: QRCode.Correction, mask: Int) {
        let bits = Self.formatBits(correction: correction, mask: mask)
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        // Around the upper left finder: down column 8 (skipping the timing row), then leftwards along row 8.
        for index in 0..<6 { set(x: 8, y: index, dark: bit(index)) }
        set(x: 8, y: 7, dark: bit(6))
        set(x: 8, y: 8, dark: bit(7))
        set(x: 7, y: 8, dark: bit(8))
        for index in 9..<15 { set(x: 14 - index, y: 8, dark: bit(index)) }
        // Split between the other two finders: bits 0–7 along row 8 on the right, bits 8–14 up column 8 at the bottom.
        for index in 0..<8 { set(x: size - 1 - index, y: 8, dark: bit(index)) }
        for index in 8..<15 { set(x: 8, y: size - 15 + index, dark: bit(index)) }
    }

    // MARK: Data

    /// Places the codewords, most significant bit first, in the zigzag of two-module columns from the lower right corner,
    /// up then down, stepping over the vertical timing pattern. Modules left over are the remainder bits, light.
    mutating func place(codewords: [UInt8]) {
        let bitCount = codewords.count * 8
        var bitIndex = 0
        var right = size - 1
        var upward = true
        while right > 0 {
            if right == 6 { right = 5 }
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in stride(from: right, through: right - 1, by: -1) where !reserved[y * size + x] {
                    if bitIndex < bitCount {
                        dark[y * size + x] = (codewords[bitIndex >> 3] >> (7 - (bitIndex & 7))) & 1 == 1
                    }
                    bitIndex += 1
                }
            }
            upward.toggle()
            right -= 2
        }
    }

    /// Whether mask `mask` (0–7) flips the module at row `y`, column `x`.
    static func flips(mask: Int, x: Int, y: Int) -> Bool {
        switch mask {
        case 0: (y + x) % 2 == 0
        case 1: y % 2 == 0
        case 2: x % 3 == 0
        case 3: (y + x) % 3 == 0
        case 4: (y / 2 + x / 3) % 2 == 0
        case 5: (y * x) % 2 + (y * x) % 3 == 0
        case 6: ((y * x) % 2 + (y * x) % 3) % 2 == 0
        default: ((y + x) % 2 + (y * x) % 3) % 2 == 0
        }
    }

    /// Flips the data modules that mask `mask` selects. Applying the same mask twice undoes it.
    mutating func apply(mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !reserved[y * size + x] && Self.flips(mask: mask, x: x, y: y) {
                dark[y * size + x].toggle()
            }
        }
    }

    // MARK: Penalty

    /// The sum of the four penalty rules; the mask with the lowest total is used.
    var penalty: Int { Self.penalty(of: dark, size: size) }

    /// The sum of the four penalty rules for the modules `dark`, row by row, of a code `size` modules wide.
    static func penalty(of dark: [Bool], size: Int) -> Int {
        var total = 0
        for index in 0..<size {
            let row = linePenalty(dark, start: index * size, step: 1, count: size)
            let column = linePenalty(dark, start: index, step: size, count: size)
            total += row.runs + row.finderLike + column.runs + column.finderLike
        }
        // Rule 2: every 2×2 block of one colour, 3 points.
        for y in 0..<size - 1 {
            for x in 0..<size - 1 {
                let colour = dark[y * size + x]
                if dark[y * size + x + 1] == colour && dark[(y + 1) * size + x] == colour && dark[(y + 1) * size + x + 1] == colour {
                    total += 3
                }
            }
        }
        // Rule 4: 10 points for every full 5% that the share of dark modules is away from half.
        var darkCount = 0
        for isDark in dark where isDark { darkCount += 1 }
        let all = size * size
        total += 10 * (abs(darkCount * 20 - all * 10) / all)
        return total
    }

    /// Rules 1 and 3 along one row or column, the modules `dark[start]`, `dark[start + step]` and so on, `count` of them.
    ///
    /// Rule 1: a run of five or more modules of one colour scores 3, plus 1 for each module past five.
    /// Rule 3: each dark-light-dark-light-dark stretch in the ratio 1:1:3:1:1 with four light modules before or after it
    /// scores 40. Beyond the ends is the light quiet zone.
    static func linePenalty(_ dark: [Bool], start: Int, step: Int, count: Int) -> (runs: Int, finderLike: Int) {
        var runs = 0
        var finderLike = 0
        var runLength = 0
        var previous = false
        // The last 15 modules, the newest in the lowest bit: 4 before, the 7 of a finder-like stretch, 4 after.
        var window = 0
        for position in 0..<count + 4 {
            let isDark = position < count && dark[start + position * step]
            if position < count {
                if position > 0 && isDark == previous {
                    runLength += 1
                } else {
                    if runLength >= 5 { runs += runLength - 2 }
                    runLength = 1
                }
                previous = isDark
            }
            window = (window << 1 | (isDark ? 1 : 0)) & 0x7FFF
            if (window >> 4) & 0x7F == 0b101_1101 && (window >> 11 == 0 || window & 0xF == 0) { finderLike += 40 }
        }
        if runLength >= 5 { runs += runLength - 2 }
        return (runs, finderLike)
    }

    /// Rule 1 alone along `line`.
    static func runPenalty(_ line: [Bool]) -> Int { linePenalty(line, start: 0, step: 1, count: line.count).runs }

    /// Rule 3 alone along `line`.
    static func finderLikePenalty(_ line: [Bool]) -> Int { linePenalty(line, start: 0, step: 1, count: line.count).finderLike }
}
