import Foundation

/// A linear model over hashed words and word pairs and the lexicon's reading: the failure classifier, and a
/// category classifier (softmax) for failures. Learned by `TextTrainer` from an organization's labeled feedback.
public struct TextModel: Sendable, Equatable {
    /// log2 of the number of hashed feature slots.
    public let bits: Int
    public let categoryBits: Int
    /// Whether the category classifier also reads the words' subword pieces (``TextScan/subwords``).
    public let subwords: Bool
    /// Weights of the failure classifier: the hashed slots, then the dense features.
    var failureWeights: [Float]
    /// Category names, in the order of the category weights.
    public let categories: [String]
    /// Category weights, slot-major: slot `s`, category `k` at `s * categories.count + k`; dense features after the slots.
    var categoryWeights: [Float]

    var mask: Int { (1 << bits) - 1 }
    var categoryMask: Int { (1 << categoryBits) - 1 }

    init(bits: Int, categoryBits: Int, subwords: Bool, categories: [String]) {
        self.bits = bits
        self.categoryBits = categoryBits
        self.subwords = subwords
        self.categories = categories
        failureWeights = [Float](repeating: 0, count: (1 << bits) + DenseFeatures.count)
        categoryWeights = [Float](repeating: 0, count: ((1 << categoryBits) + DenseFeatures.count) * categories.count)
    }

    /// The failure score (log-odds) of a scan.
    func failureScore(_ scan: TextScan, dense: SIMD16<Float>) -> Float {
        let scale = 1 / Float(max(1, scan.features.count)).squareRoot()
        var sum: Float = 0
        failureWeights.withUnsafeBufferPointer { weights in
            for feature in scan.features { sum += weights[Int(truncatingIfNeeded: feature) & mask] }
            sum *= scale
            let base = 1 << bits
            for offset in 0..<DenseFeatures.count { sum += weights[base + offset] * dense[offset] }
        }
        return sum
    }

    /// The probability of each category for a scan, in `categories` order.
    func categoryProbabilities(_ scan: TextScan, dense: SIMD16<Float>) -> [Float] {
        guard !categories.isEmpty else { return [] }
        return withCategoryScores(scan, dense: dense) { Self.softmax(Array($0)) }
    }

    /// The index of the most likely category, without working out probabilities.
    func likeliestCategory(_ scan: TextScan, dense: SIMD16<Float>) -> Int? {
        guard !categories.isEmpty else { return nil }
        return withCategoryScores(scan, dense: dense) { scores in scores.indices.max { scores[$0] < scores[$1] } }
    }

    /// Runs `body` on the category scores (log-odds up to a constant), held in scratch memory.
    private func withCategoryScores<R>(_ scan: TextScan, dense: SIMD16<Float>, _ body: (UnsafeMutableBufferPointer<Float>) -> R) -> R {
        let count = categories.count
        let scale = 1 / Float(max(1, scan.features.count + (subwords ? scan.subwords.count : 0))).squareRoot()
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: count) { scores in
            scores.initialize(repeating: 0)
            categoryWeights.withUnsafeBufferPointer { weights in
                // Up to sixteen categories are summed in one vector register: each feature's weights are read as one
                // unaligned load, of which the first `count` lanes count. A slot too near the end to read sixteen
                // floats from is added one by one.
                var vector = SIMD16<Float>()
                let raw = UnsafeRawPointer(weights.baseAddress!)
                let lastVectorBase = weights.count - 16
                let vectorized = count <= 16
                func add(_ features: [UInt64]) {
                    for feature in features {
                        let base = (Int(truncatingIfNeeded: feature) & categoryMask) * count
                        if vectorized && base <= lastVectorBase {
                            vector += raw.loadUnaligned(fromByteOffset: base * MemoryLayout<Float>.stride, as: SIMD16<Float>.self)
                        } else {
                            for k in 0..<count { scores[k] += weights[base + k] }
                        }
                    }
                }
                add(scan.features)
                if subwords { add(scan.subwords) }
                for k in 0..<min(count, 16) { scores[k] += vector[k] }
                for k in 0..<count { scores[k] *= scale }
                let denseBase = (1 << categoryBits) * count
                for offset in 0..<DenseFeatures.count {
                    let value = dense[offset]
                    for k in 0..<count { scores[k] += weights[denseBase + offset * count + k] * value }
                }
            }
            return body(scores)
        }
    }

    static func softmax(_ scores: [Float]) -> [Float] {
        let top = scores.max() ?? 0
        var exps = scores.map { exp($0 - top) }
        let total = exps.reduce(0, +)
        for index in exps.indices { exps[index] /= total }
        return exps
    }
}

extension TextModel {
    static let magic: [UInt8] = Array("AMTM".utf8)
    static let formatVersion: UInt8 = 1

    /// The model in a compact binary form: the non-zero weights only, little-endian.
    public func encoded() -> [UInt8] {
        var bytes = Self.magic
        bytes.append(Self.formatVersion)
        bytes.append(UInt8(bits))
        bytes.append(UInt8(categoryBits))
        // Flags: bit 0, category scores scaled by the feature count (always); bit 1, subword pieces read for categories.
        bytes.append(subwords ? 3 : 1)
        func append(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        append(UInt32(categories.count))
        for name in categories {
            let utf8 = Array(name.utf8)
            append(UInt32(utf8.count))
            bytes.append(contentsOf: utf8)
        }
        for weights in [failureWeights, categoryWeights] {
            append(UInt32(weights.count))
            let nonZero = weights.indices.filter { weights[$0] != 0 }
            append(UInt32(nonZero.count))
            for index in nonZero {
                append(UInt32(index))
                append(weights[index].bitPattern)
            }
        }
        return bytes
    }

    /// Reads a model written by `encoded()`; refuses anything else with a clear error.
    public init(decoding bytes: [UInt8]) throws(TextModelFormatError) {
        var position = 0
        func fail() -> TextModelFormatError { TextModelFormatError() }
        func byte() throws(TextModelFormatError) -> UInt8 {
            guard position < bytes.count else { throw fail() }
            position += 1
            return bytes[position - 1]
        }
        func word() throws(TextModelFormatError) -> UInt32 {
            guard position + 4 <= bytes.count else { throw fail() }
            var value: UInt32 = 0
            for offset in 0..<4 { value |= UInt32(bytes[position + offset]) << (8 * offset) }
            position += 4
            return value
        }
        guard bytes.count > 8, Array(bytes[0..<4]) == Self.magic else { throw fail() }
        position = 4
        guard try byte() == Self.formatVersion else { throw fail() }
        let bits = Int(try byte())
        let categoryBits = Int(try byte())
        let flags = try byte()
        guard flags == 1 || flags == 3 else { throw fail() }
        guard (8...24).contains(bits), (8...24).contains(categoryBits) else { throw fail() }
        let categoryCount = Int(try word())
        guard categoryCount <= 1000 else { throw fail() }
        var categories: [String] = []
        for _ in 0..<categoryCount {
            let length = Int(try word())
            guard position + length <= bytes.count else { throw fail() }
            categories.append(String(decoding: bytes[position..<position + length], as: UTF8.self))
            position += length
        }
        self.init(bits: bits, categoryBits: categoryBits, subwords: flags & 2 != 0, categories: categories)
        for part in 0..<2 {
            let size = Int(try word())
            guard size == (part == 0 ? failureWeights.count : categoryWeights.count) else { throw fail() }
            let count = Int(try word())
            guard count <= size else { throw fail() }
            for _ in 0..<count {
                let index = Int(try word())
                let value = Float(bitPattern: try word())
                guard index < size, value.isFinite else { throw fail() }
                if part == 0 { failureWeights[index] = value } else { categoryWeights[index] = value }
            }
        }
        guard position == bytes.count else { throw fail() }
    }
}

/// A stored model that cannot be read: damaged, or written in a format this version does not know.
public struct TextModelFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String { "the stored text model is damaged or of an unknown format" }
}
