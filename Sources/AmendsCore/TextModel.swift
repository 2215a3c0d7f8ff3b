import Foundation

/// What the text engine reads in one feedback text.
public struct TextVerdict: Sendable, Equatable {
    /// The probability that the text reports a service failure.
    public var probability: Double
    /// Sentiment from -1 to +1, from the lexicon.
    public var sentiment: Double
    /// The most likely categories of failure with their probabilities, best first (empty without a trained model).
    public var categories: [(name: String, probability: Double)]
    /// The words and rules that moved the verdict, in words.
    public var explanation: [String]

    public var failure: Bool { probability >= 0.5 }

    public static func == (lhs: TextVerdict, rhs: TextVerdict) -> Bool {
        lhs.probability == rhs.probability && lhs.sentiment == rhs.sentiment && lhs.explanation == rhs.explanation
            && lhs.categories.map(\.name) == rhs.categories.map(\.name) && lhs.categories.map(\.probability) == rhs.categories.map(\.probability)
    }
}

/// The dense features every model reads besides the hashed words: the lexicon's reading of the text.
enum DenseFeatures {
    static let count = 9

    @inline(__always)
    static func values(_ scan: TextScan) -> [Float] {
        [
            scan.sentiment, min(scan.positive, 6) / 3, min(scan.negative, 6) / 3, min(scan.failure, 6) / 3, Float(min(scan.exclamations, 3)) / 3,
            scan.questions > 0 ? 1 : 0, Float(min(scan.shouted, 3)) / 3, Float(min(scan.words, 40)) / 40, 1,
        ]
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

    static func probability(_ scan: TextScan) -> Float {
        var z = bias + sentimentWeight * scan.sentiment + failureWeight * min(scan.failure, 4)
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
    /// Weights of the failure classifier: the hashed slots, then the dense features.
    var failureWeights: [Float]
    /// Category names, in the order of the category weights.
    public let categories: [String]
    /// Category weights, slot-major: slot `s`, category `k` at `s * categories.count + k`; dense features after the slots.
    var categoryWeights: [Float]
    /// Whether category scores are scaled by the number of features (softmax regression) or summed (naive Bayes).
    var categoryScaled = true

    var mask: Int { (1 << bits) - 1 }
    var categoryMask: Int { (1 << categoryBits) - 1 }

    init(bits: Int, categoryBits: Int, categories: [String]) {
        self.bits = bits
        self.categoryBits = categoryBits
        self.categories = categories
        failureWeights = [Float](repeating: 0, count: (1 << bits) + DenseFeatures.count)
        categoryWeights = [Float](repeating: 0, count: ((1 << categoryBits) + DenseFeatures.count) * categories.count)
    }

    /// The failure score (log-odds) of a scan.
    func failureScore(_ scan: TextScan, dense: [Float]) -> Float {
        let scale = 1 / Float(max(1, scan.features.count)).squareRoot()
        var sum: Float = 0
        failureWeights.withUnsafeBufferPointer { weights in
            for feature in scan.features { sum += weights[Int(truncatingIfNeeded: feature) & mask] }
            sum *= scale
            let base = 1 << bits
            for (offset, value) in dense.enumerated() { sum += weights[base + offset] * value }
        }
        return sum
    }

    /// The probability of each category for a scan, in `categories` order.
    func categoryProbabilities(_ scan: TextScan, dense: [Float]) -> [Float] {
        let count = categories.count
        guard count > 0 else { return [] }
        var scores = [Float](repeating: 0, count: count)
        let scale = 1 / Float(max(1, scan.features.count)).squareRoot()
        categoryWeights.withUnsafeBufferPointer { weights in
            scores.withUnsafeMutableBufferPointer { scores in
                for feature in scan.features {
                    let base = (Int(truncatingIfNeeded: feature) & categoryMask) * count
                    for k in 0..<count { scores[k] += weights[base + k] }
                }
                if categoryScaled { for k in 0..<count { scores[k] *= scale } }
                let denseBase = (1 << categoryBits) * count
                for (offset, value) in dense.enumerated() {
                    for k in 0..<count { scores[k] += weights[denseBase + offset * count + k] * value }
                }
            }
        }
        return Self.softmax(scores)
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
        return verdict(scan, explain: true)
    }

    /// The failure probability alone, reusing `scan`'s storage: the fast path for evaluation and bulk work.
    public func probability(_ text: String, scan: inout TextScan) -> Double {
        scan.read(text)
        if let model { return Double(sigmoid(model.failureScore(scan, dense: DenseFeatures.values(scan)))) }
        return Double(ZeroShot.probability(scan))
    }

    /// The most likely category of a failure text, reusing `scan`'s storage (nil without a trained model).
    public func category(_ text: String, scan: inout TextScan) -> Int? {
        guard let model, !model.categories.isEmpty else { return nil }
        scan.read(text)
        let probabilities = model.categoryProbabilities(scan, dense: DenseFeatures.values(scan))
        return probabilities.indices.max { probabilities[$0] < probabilities[$1] }
    }

    func verdict(_ scan: TextScan, explain: Bool) -> TextVerdict {
        let dense = DenseFeatures.values(scan)
        let probability: Float
        var categories: [(name: String, probability: Double)] = []
        if let model {
            probability = sigmoid(model.failureScore(scan, dense: dense))
            let byCategory = model.categoryProbabilities(scan, dense: dense)
            categories = zip(model.categories, byCategory).map { ($0, Double($1)) }.sorted { $0.probability > $1.probability }
        } else {
            probability = ZeroShot.probability(scan)
        }
        return TextVerdict(
            probability: Double(probability), sentiment: Double(scan.sentiment), categories: Array(categories.prefix(3)),
            explanation: explain ? Self.explanation(scan, probability: probability, trained: model != nil) : [])
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
            case .emphasis: lines.append("'\(item.text)' is emphasised.")
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
