import Foundation

/// What the text engine reads in one feedback text.
public struct TextVerdict: Sendable, Equatable {
    /// The probability that the text reports a service failure.
    public var probability: Double
    /// Sentiment from -1 to +1, from the lexicon.
    public var sentiment: Double
    /// The most likely categories of failure with their probabilities, best first (empty without a trained model).
    public var categories: [CategoryScore]
    /// The words and rules that moved the verdict, in words.
    public var explanation: [String]

    public var failure: Bool { probability >= 0.5 }
}

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

/// The zero-shot reading: the built-in lexicon and fixed rules, no training.
public enum ZeroShot {
    // The zero-shot decision, set by hand: a calm text needs failure words or a clearly negative tone to count;
    // praise outweighs a passing failure word. Each unit of failure vocabulary weighs about as much as a
    // sentiment of -0.4.
    static let bias: Float = -0.6
    static let sentimentWeight: Float = -3.0
    static let failureWeight: Float = 1.1
    static let questionWeight: Float = 0.3

    /// Sentiment this close to neutral says nothing either way: a lukewarm "average stay" is no failure.
    static let neutralBand: Float = 0.15

    static func probability(_ scan: TextScan) -> Float {
        let sentiment = scan.sentiment
        let beyondNeutral = sentiment - min(max(sentiment, -neutralBand), neutralBand)
        var z = bias + sentimentWeight * beyondNeutral + failureWeight * min(scan.failure, 4)
        if scan.questions > 0 && scan.failure > 0 { z += questionWeight }
        return 1 / (1 + exp(-z))
    }
}

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

/// Reads feedback texts: the lexicon alone (zero-shot) or with a trained model.
public struct TextEngine: Sendable {
    public let model: TextModel?

    public init(model: TextModel? = nil) {
        self.model = model
    }

    /// The verdict on `text`, with its explanation.
    public func analyze(_ text: String) -> TextVerdict {
        var scan = TextScan()
        scan.read(text, explain: true)
        if model?.subwords == true { scan.readSubwords(text) }
        return verdict(scan)
    }

    /// The failure probability alone, reusing `scan`'s storage: the fast path for evaluation and bulk work.
    public func probability(_ text: String, scan: inout TextScan) -> Double {
        scan.read(text)
        if let model { return Double(sigmoid(model.failureScore(scan, dense: DenseFeatures.values(scan)))) }
        return Double(ZeroShot.probability(scan))
    }

    /// The most likely category of a failure text, reusing `scan`'s storage (nil without a trained model).
    public func category(_ text: String, scan: inout TextScan) -> Int? {
        scan.read(text)
        if model?.subwords == true { scan.readSubwords(text) }
        return category(of: scan)
    }

    /// The failure probability and, for a failure, its most likely category, in one reading: the bulk path.
    public func classify(_ text: String, scan: inout TextScan) -> (probability: Double, category: Int?) {
        scan.read(text)
        guard let model else { return (Double(ZeroShot.probability(scan)), nil) }
        let probability = sigmoid(model.failureScore(scan, dense: DenseFeatures.values(scan)))
        guard probability >= 0.5 else { return (Double(probability), nil) }
        if model.subwords { scan.readSubwords(text) }
        return (Double(probability), category(of: scan))
    }

    private func category(of scan: TextScan) -> Int? {
        model?.likeliestCategory(scan, dense: DenseFeatures.values(scan))
    }

    /// The verdict on a scan read with its evidence.
    private func verdict(_ scan: TextScan) -> TextVerdict {
        let dense = DenseFeatures.values(scan)
        let probability: Float
        var categories: [CategoryScore] = []
        if let model {
            probability = sigmoid(model.failureScore(scan, dense: dense))
            let byCategory = model.categoryProbabilities(scan, dense: dense)
            categories = zip(model.categories, byCategory).map { CategoryScore(name: $0, probability: Double($1)) }.sorted { $0.probability > $1.probability }
        } else {
            probability = ZeroShot.probability(scan)
        }
        return TextVerdict(
            probability: Double(probability), sentiment: Double(scan.sentiment), categories: Array(categories.prefix(3)),
            explanation: Self.explanation(scan, probability: probability, trained: model != nil))
    }

    static func explanation(_ scan: TextScan, probability: Float, trained: Bool) -> [String] {
        var lines: [String] = []
        func weight(_ value: Float) -> String {
            let rounded = (value * 10).rounded() / 10
            return rounded > 0 ? "+\(rounded)" : "\(rounded)"
        }
        for item in scan.evidence {
            switch item.kind {
            case .failure: lines.append("'\(item.text)' names a service failure (\(weight(item.weight))).")
            case .negative: lines.append("'\(item.text)' reads negative (\(weight(item.weight))).")
            case .positive: lines.append("'\(item.text)' reads positive (\(weight(item.weight))).")
            case .negated: lines.append("'\(item.text)' is negated by '\(item.negator ?? "not")' (\(weight(item.weight))).")
            case .phrase: lines.append("the phrase '\(item.text)' (\(weight(item.weight))).")
            }
        }
        if scan.shouted > 0 { lines.append("\(scan.shouted) word(s) in capitals weigh more.") }
        if scan.exclamations > 0 { lines.append("\(scan.exclamations) exclamation mark(s) strengthen the tone.") }
        let percent = Int((probability * 100).rounded())
        let sentiment = (scan.sentiment * 100).rounded() / 100
        lines.append(
            "\(trained ? "The trained model" : "The built-in lexicon") gives a failure probability of \(percent) % (sentiment \(sentiment)).")
        return lines
    }
}

@inline(__always)
func sigmoid(_ value: Float) -> Float {
    1 / (1 + exp(-value))
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
    public init(decoding bytes: [UInt8]) throws(AmendsError) {
        var position = 0
        func fail() -> AmendsError { AmendsError(.invalid, code: "bad_model", message: "the stored text model is damaged or of an unknown format") }
        func byte() throws(AmendsError) -> UInt8 {
            guard position < bytes.count else { throw fail() }
            position += 1
            return bytes[position - 1]
        }
        func word() throws(AmendsError) -> UInt32 {
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

/// A trained text model as kept in the database: versioned, with who trained it on how many rows.
public struct StoredTextModel: Sendable {
    public var version: Int
    public var model: TextModel
    public var trainedAt: Date
    public var trainedBy: String
    public var rows: Int

    public init(version: Int, model: TextModel, trainedAt: Date, trainedBy: String, rows: Int) {
        self.version = version
        self.model = model
        self.trainedAt = trainedAt
        self.trainedBy = trainedBy
        self.rows = rows
    }
}
