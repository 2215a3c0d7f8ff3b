/// How a version's codewords are split at one correction level: the blocks of data codewords, each followed by the
/// same number of error correction codewords (ISO/IEC 18004, the table of error correction characteristics).
struct BlockLayout: Sendable, Equatable {
    /// Error correction codewords in every block.
    let correctionPerBlock: Int
    /// The number of data codewords in each block, group 1 then group 2 (group 2's blocks hold one more).
    let dataPerBlock: [Int]

    /// All data codewords of the version at this level.
    var dataCodewords: Int { dataPerBlock.reduce(0, +) }
    /// All codewords of the version, data and error correction.
    var totalCodewords: Int { dataCodewords + correctionPerBlock * dataPerBlock.count }

    /// The layout for `version` (1–10) at `correction`.
    init(version: Int, correction: QRCode.Correction) {
        let row = Self.table[version - 1]
        let entry: [Int]
        switch correction {
        case .low: entry = row[0]
        case .medium: entry = row[1]
        case .quartile: entry = row[2]
        case .high: entry = row[3]
        }
        correctionPerBlock = entry[0]
        let groupTwo = entry.count > 3 ? Array(repeating: entry[4], count: entry[3]) : []
        dataPerBlock = Array(repeating: entry[2], count: entry[1]) + groupTwo
    }

    /// Per version, levels L, M, Q, H: error correction codewords per block, then the number of blocks and data codewords
    /// per block of group 1, then of group 2 where there is one.
    private static let table: [[[Int]]] = [
        [[7, 1, 19], [10, 1, 16], [13, 1, 13], [17, 1, 9]],
        [[10, 1, 34], [16, 1, 28], [22, 1, 22], [28, 1, 16]],
        [[15, 1, 55], [26, 1, 44], [18, 2, 17], [22, 2, 13]],
        [[20, 1, 80], [18, 2, 32], [26, 2, 24], [16, 4, 9]],
        [[26, 1, 108], [24, 2, 43], [18, 2, 15, 2, 16], [22, 2, 11, 2, 12]],
        [[18, 2, 68], [16, 4, 27], [24, 4, 19], [28, 4, 15]],
        [[20, 2, 78], [18, 4, 31], [18, 2, 14, 4, 15], [26, 4, 13, 1, 14]],
        [[24, 2, 97], [22, 2, 38, 2, 39], [22, 4, 18, 2, 19], [26, 4, 14, 2, 15]],
        [[30, 2, 116], [22, 3, 36, 2, 37], [20, 4, 16, 4, 17], [24, 4, 12, 4, 13]],
        [[18, 2, 68, 2, 69], [26, 4, 43, 1, 44], [24, 6, 19, 2, 20], [28, 6, 15, 2, 16]],
    ]

    /// The codewords of every version, 1–10, whatever the level: the modules left after the function patterns, by eight.
    static let totalCodewords = [26, 44, 70, 100, 134, 172, 196, 242, 292, 346]
}
