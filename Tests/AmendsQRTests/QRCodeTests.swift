import Testing

@testable import AmendsQR

@Suite("QR code")
struct QRCodeTests {
    /// The standard's table of byte mode capacities, versions 1–10, levels L, M, Q, H.
    static let capacities: [[Int]] = [
        [17, 14, 11, 7], [32, 26, 20, 14], [53, 42, 32, 24], [78, 62, 46, 34], [106, 84, 60, 44],
        [134, 106, 74, 58], [154, 122, 86, 64], [192, 152, 108, 84], [230, 180, 130, 98], [271, 213, 151, 119],
    ]
    static let levels: [QRCode.Correction] = [.low, .medium, .quartile, .high]

    @Test func byteCapacities() {
        for version in 1...10 {
            for (column, level) in Self.levels.enumerated() {
                #expect(QRCode.byteCapacity(version: version, correction: level) == Self.capacities[version - 1][column], "\(version)-\(level)")
            }
        }
    }

    @Test func everyLayoutFillsItsVersion() {
        for version in 1...10 {
            for level in Self.levels {
                let layout = BlockLayout(version: version, correction: level)
                #expect(layout.totalCodewords == BlockLayout.totalCodewords[version - 1], "\(version)-\(level)")
                // Group 2's blocks, where there are any, hold one data codeword more than group 1's.
                #expect(Set(layout.dataPerBlock).count <= 2 && (layout.dataPerBlock.max() ?? 0) - (layout.dataPerBlock.min() ?? 0) <= 1)
            }
        }
        // What is left for data after the function patterns: 208 modules in version 1, 26 codewords.
        for version in 1...10 {
            let grid = ModuleGrid(version: version)
            let free = grid.size * grid.size - grid.reservedCount
            let remainderBits = version == 1 || version >= 7 ? 0 : 7
            #expect(free == BlockLayout.totalCodewords[version - 1] * 8 + remainderBits, "version \(version)")
        }
    }

    @Test(arguments: [
        (QRCode.Correction.medium, 0, 0b101_0100_0001_0010), (.low, 0, 0x77C4), (.low, 4, 0x662F), (.quartile, 0, 0x355F),
        (.quartile, 7, 0x2BED), (.high, 0, 0x1689), (.high, 5, 0x0255), (.medium, 6, 0x4F97),
    ])
    func formatInformation(level: QRCode.Correction, mask: Int, bits: Int) {
        #expect(ModuleGrid.formatBits(correction: level, mask: mask) == bits)
    }

    @Test func versionInformation() {
        #expect(ModuleGrid.versionBits(version: 7) == 0b000111_110010010100)
        #expect(ModuleGrid.versionBits(version: 8) == 0x085BC)
        #expect(ModuleGrid.versionBits(version: 9) == 0x09A99)
        #expect(ModuleGrid.versionBits(version: 10) == 0x0A4D3)
    }

    @Test func dataCodewordsInByteMode() {
        // 0100, count 5, "hello", terminator 0000, then the pad bytes.
        let data = QRCode.dataCodewords(Array("hello".utf8), version: 1, capacity: 16)
        #expect(data == [0x40, 0x56, 0x86, 0x56, 0xC6, 0xC6, 0xF0, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC])
        // Version 10 counts in 16 bits; a full code has no room for the terminator's last bits or for padding.
        let full = QRCode.dataCodewords(Array(repeating: 0xFF, count: 213), version: 10, capacity: 216)
        #expect(full.count == 216)
        #expect(Array(full.prefix(3)) == [0x40, 0x0D, 0x5F])
    }

    @Test func interleavingTakesEachBlockInTurn() {
        // 5-Q: two blocks of 15 and two of 16 data codewords, 18 error correction codewords each.
        let layout = BlockLayout(version: 5, correction: .quartile)
        #expect(layout.dataPerBlock == [15, 15, 16, 16])
        let data = (0..<62).map { UInt8($0) }
        let all = QRCode.interleaved(data, layout: layout)
        #expect(all.count == 134)
        #expect(Array(all.prefix(8)) == [0, 15, 30, 46, 1, 16, 31, 47])
        // After the 15th round only the longer blocks have a codeword left.
        #expect(Array(all[56..<60]) == [14, 29, 44, 60])
        #expect(Array(all[60..<62]) == [45, 61])
        let firstBlockCorrection = ReedSolomon.correction(for: Array(data[0..<15]), count: 18)
        #expect(all[62] == firstBlockCorrection[0] && all[66] == firstBlockCorrection[1])
    }

    @Test func theSmallestVersionThatHolds() throws {
        #expect(try QRCode(bytes: []).version == 1)
        #expect(try QRCode(bytes: Sample.text(length: 14, seed: 1)).version == 1)
        #expect(try QRCode(bytes: Sample.text(length: 15, seed: 1)).version == 2)
        #expect(try QRCode(bytes: Sample.text(length: 15, seed: 1), correction: .low).version == 1)
        #expect(try QRCode(bytes: Sample.text(length: 213, seed: 1)).version == 10)
        #expect(try QRCode(bytes: Sample.text(length: 7, seed: 1), correction: .high).version == 1)
        #expect(try QRCode(bytes: Sample.text(length: 8, seed: 1), correction: .high).version == 2)
        #expect(try QRCode(text: "https://amends.example.com/f/lisbon-central/lobby-kiosk?lang=pt").version == 5, "63 bytes, one more than 4-M holds")
        // At every boundary: a full version, and one byte more takes the next.
        for (column, level) in Self.levels.enumerated() {
            for version in 1...10 {
                let most = Self.capacities[version - 1][column]
                #expect(try QRCode(bytes: Array(repeating: 0x41, count: most), correction: level).version == version, "\(version)-\(level)")
                if version < 10 {
                    #expect(try QRCode(bytes: Array(repeating: 0x41, count: most + 1), correction: level).version == version + 1, "\(version)-\(level)")
                }
            }
        }
    }

    @Test func aMinimumVersion() throws {
        let code = try QRCode(text: "hi", minimumVersion: 5)
        #expect(code.version == 5 && code.size == 37)
        #expect(try QRCode(text: Sample.text(length: 100, seed: 2).map { String(UnicodeScalar($0)) }.joined(), minimumVersion: 3).version == 6)
        #expect(try QRCode(text: "hi", minimumVersion: 0).version == 1, "below 1 is taken as 1")
        #expect(try QRCode(text: "hi", minimumVersion: 40).version == 10, "above 10 is taken as 10")
    }

    @Test(arguments: QRCodeTests.levels)
    func tooLongBeyondVersion10(level: QRCode.Correction) throws {
        let most = QRCode.byteCapacity(version: 10, correction: level)
        #expect(try QRCode(bytes: Array(repeating: 0x61, count: most), correction: level).version == 10)
        #expect(throws: QRCode.TooLong(byteCount: most + 1, maximum: most, correction: level)) {
            try QRCode(bytes: Array(repeating: 0x61, count: most + 1), correction: level)
        }
    }

    @Test func tooLongSaysWhy() {
        do {
            _ = try QRCode(text: String(repeating: "é", count: 107))
            Issue.record("214 bytes do not fit at level M")
        } catch {
            #expect(error.byteCount == 214 && error.maximum == 213)
            #expect(error.description.hasPrefix("A QR code holds at most 213 bytes at correction level M (version 10); this one would need 214."))
        }
    }

    @Test(arguments: 1...10)
    func functionPatterns(version: Int) throws {
        let code = try QRCode(bytes: [], minimumVersion: version)
        #expect(code.version == version && code.size == 17 + 4 * version)
        let size = code.size
        // The three finders: a dark ring, a light ring, a dark 3×3 centre, and the light separator.
        for (left, top) in [(0, 0), (size - 7, 0), (0, size - 7)] {
            for dy in -1...7 {
                for dx in -1...7 where (0..<size).contains(left + dx) && (0..<size).contains(top + dy) {
                    let ring = max(abs(dx - 3), abs(dy - 3))
                    #expect(code.isDark(x: left + dx, y: top + dy) == (ring != 2 && ring != 4), "finder at \(left),\(top): \(dx),\(dy)")
                }
            }
        }
        for index in 8..<size - 8 {
            #expect(code.isDark(x: index, y: 6) == index.isMultiple(of: 2))
            #expect(code.isDark(x: 6, y: index) == index.isMultiple(of: 2))
        }
        #expect(code.isDark(x: 8, y: size - 8), "the dark module")
        if version >= 2 {
            // The alignment pattern nearest the lower right corner.
            let centre = size - 7
            for dy in -2...2 {
                for dx in -2...2 { #expect(code.isDark(x: centre + dx, y: centre + dy) == (max(abs(dx), abs(dy)) != 1)) }
            }
        }
        #expect(!code.isDark(x: -1, y: 0) && !code.isDark(x: 0, y: size) && !code.isDark(x: size, y: size), "outside is the quiet zone")
    }

    @Test(arguments: [(1, QRCode.Correction.medium), (7, .high), (10, .low)])
    func formatAndVersionAsDrawn(version: Int, level: QRCode.Correction) throws {
        let code = try QRCode(bytes: Array("format".utf8), correction: level, minimumVersion: version)
        let size = code.size
        let bits = ModuleGrid.formatBits(correction: level, mask: code.mask)
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        // Read back both copies, most significant bit first, as a reader does.
        let upperLeft = [(0, 8), (1, 8), (2, 8), (3, 8), (4, 8), (5, 8), (7, 8), (8, 8), (8, 7), (8, 5), (8, 4), (8, 3), (8, 2), (8, 1), (8, 0)]
        let split = (0..<7).map { (8, size - 1 - $0) } + (0..<8).map { (size - 8 + $0, 8) }
        for (index, (x, y)) in upperLeft.enumerated() { #expect(code.isDark(x: x, y: y) == bit(14 - index), "upper left, bit \(14 - index)") }
        for (index, (x, y)) in split.enumerated() { #expect(code.isDark(x: x, y: y) == bit(14 - index), "split copy, bit \(14 - index)") }
        if version >= 7 {
            let versionBits = ModuleGrid.versionBits(version: version)
            for index in 0..<18 {
                let isDark = (versionBits >> index) & 1 == 1
                #expect(code.isDark(x: size - 11 + index % 3, y: index / 3) == isDark, "upper right, bit \(index)")
                #expect(code.isDark(x: index / 3, y: size - 11 + index % 3) == isDark, "lower left, bit \(index)")
            }
        }
    }

    @Test func penaltyRules() {
        #expect(ModuleGrid.runPenalty([true, true, true, true, false, true]) == 0)
        #expect(ModuleGrid.runPenalty([true, true, true, true, true, false]) == 3)
        #expect(ModuleGrid.runPenalty([false, false, false, false, false, false, false, true]) == 5)
        #expect(ModuleGrid.runPenalty(Array(repeating: false, count: 6) + Array(repeating: true, count: 5)) == 4 + 3)
        let finderLike = [true, false, true, true, true, false, true]
        let light = Array(repeating: false, count: 4)
        #expect(ModuleGrid.finderLikePenalty(finderLike + light) == 40)
        #expect(ModuleGrid.finderLikePenalty([true] + light + finderLike) == 40)
        #expect(ModuleGrid.finderLikePenalty(finderLike) == 40, "beyond the edge is light")
        #expect(ModuleGrid.finderLikePenalty([true] + finderLike + [false, false, true, false]) == 0)
        #expect(ModuleGrid.finderLikePenalty([true, true] + [false, true, true, true, false, true, true] + [false, false]) == 0)
        // Rule 2 and rule 4 on a 2×2 square: one block of one colour, and all dark is 50% away from half.
        #expect(ModuleGrid.penalty(of: [true, true, true, true], size: 2) == 3 + 100)
        #expect(ModuleGrid.penalty(of: [true, false, false, true], size: 2) == 0)
    }

    @Test func theMaskWithTheLowestPenaltyIsChosen() throws {
        for seed in 0..<12 {
            let bytes = Sample.text(length: 10 + seed * 15, seed: seed)
            let chosen = try QRCode(bytes: bytes)
            let penalties = try (0..<8).map { try QRCode(bytes: bytes, correction: .medium, minimumVersion: 1, mask: $0).penalty }
            #expect(chosen.penalty == penalties.min(), "seed \(seed)")
            #expect(chosen.mask == penalties.firstIndex(of: penalties.min()!), "seed \(seed): the first of equals")
        }
    }

    @Test func differentContentsChooseDifferentMasks() throws {
        var masks = Set<Int>()
        for seed in 0..<200 {
            let level = Self.levels[seed % 4]
            let length = seed % QRCode.byteCapacity(version: 10, correction: level)
            masks.insert(try QRCode(bytes: Sample.text(length: length, seed: seed), correction: level).mask)
        }
        #expect(masks.count > 1)
        #expect(masks == Set(0..<8), "all eight masks win for some contents")
    }

    @Test func aForcedMaskChangesOnlyTheDataAndTheFormat() throws {
        let bytes = Array("mask".utf8)
        let codes = try (0..<8).map { try QRCode(bytes: bytes, correction: .medium, minimumVersion: 1, mask: $0) }
        #expect(codes.map(\.mask) == Array(0..<8))
        #expect(Set(codes.map { code in (0..<code.size * code.size).map { code.isDark(x: $0 % code.size, y: $0 / code.size) } }).count == 8)
        // The finders are the same under every mask.
        for code in codes { #expect((0..<7).allSatisfy { code.isDark(x: $0, y: 0) && code.isDark(x: 0, y: $0) }) }
    }
}
