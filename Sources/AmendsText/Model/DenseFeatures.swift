/// The dense features every model reads besides the hashed words: the lexicon's reading of the text.
enum DenseFeatures {
    static let count = 9

    @inline(__always)
    static func values(_ scan: TextScan) -> SIMD16<Float> {
        SIMD16(
            scan.sentiment, min(scan.positive, 6) / 3, min(scan.negative, 6) / 3, min(scan.failure, 6) / 3, Float(min(scan.exclamations, 3)) / 3,
            scan.questions > 0 ? 1 : 0, Float(min(scan.shouted, 3)) / 3, Float(min(scan.words, 40)) / 40, 1,
            0, 0, 0, 0, 0, 0, 0)
    }
}
