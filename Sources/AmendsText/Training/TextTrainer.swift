import Foundation

/// Learns a `TextModel` from labeled texts: logistic regression for failure and softmax regression for the
/// category, over hashed words and word pairs and the lexicon's reading, by AdaGrad with L2 regularization.
public struct TextTrainer: Sendable {
    public var bits = 20
    public var categoryBits = 17
    public var epochs = 6
    public var learningRate: Float = 0.1
    public var l2: Float = 1e-6
    /// How much rare categories are weighted up: each example weighs (mean class size / its class size) to this power.
    public var categoryBalance: Float = 0.5
    public var categoryEpochs = 8
    /// Whether the category classifier also reads subword pieces of the words (measured: it helps the rare categories).
    public var useSubwords = true
    /// Whether the failure classifier weighs features by their inverse document frequency (measured: it helps
    /// failure, and costs the categories, which do without).
    public var useIDF = true
    /// Categories to leave out of the category classifier ("Can't Tell", say).
    public var ignoredCategories: Set<String> = []
    /// The order examples are visited in depends only on this.
    public var seed: UInt64 = 7

    public init() {}

    private struct Example {
        var slots: [Int32]
        var categorySlots: [Int32]
        var scale: Float
        var categoryScale: Float
        var dense: [Float]
        var failure: Bool
        var category: Int?
    }

    public func train(_ texts: [LabeledText]) -> TextModel {
        let categories = Array(Set(texts.compactMap { $0.failure ? $0.category : nil }).subtracting(ignoredCategories).filter { !$0.isEmpty }).sorted()
        let categoryIndex = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
        var model = TextModel(bits: bits, categoryBits: categoryBits, subwords: useSubwords && !categories.isEmpty, categories: categories)
        var scan = TextScan()
        let examples = texts.map { labeled -> Example in
            scan.read(labeled.text)
            let dense = DenseFeatures.values(scan)
            let wantsCategory = labeled.failure && labeled.category.flatMap { categoryIndex[$0] } != nil
            if wantsCategory && model.subwords { scan.readSubwords(labeled.text) }
            let categoryFeatures = wantsCategory ? scan.features + scan.subwords : []
            return Example(
                slots: scan.features.map { Int32(Int(truncatingIfNeeded: $0) & model.mask) },
                categorySlots: categoryFeatures.map { Int32(Int(truncatingIfNeeded: $0) & model.categoryMask) },
                scale: 1 / Float(max(1, scan.features.count)).squareRoot(),
                categoryScale: 1 / Float(max(1, categoryFeatures.count)).squareRoot(),
                dense: (0..<DenseFeatures.count).map { dense[$0] },
                failure: labeled.failure,
                category: labeled.failure ? labeled.category.flatMap { categoryIndex[$0] } : nil)
        }
        // Rare words say more than common ones: each slot's value is its inverse document frequency, folded into
        // the weights after training so prediction stays a plain sum.
        var idf = [Float](repeating: 1, count: 1 << bits)
        if useIDF {
            var frequency = [Float](repeating: 0, count: 1 << bits)
            for example in examples {
                for slot in Set(example.slots) { frequency[Int(slot)] += 1 }
            }
            let total = Float(examples.count)
            idf = frequency.map { log((total + 1) / ($0 + 1)) + 1 }
        }
        var random = SplitMix(seed: seed)
        trainFailure(&model, examples, idf: idf, random: &random)
        for slot in 0..<(1 << bits) { model.failureWeights[slot] *= idf[slot] }
        if !categories.isEmpty { trainCategories(&model, examples.filter { $0.category != nil }, random: &random) }
        return model
    }

    /// One AdaGrad step on one weight.
    @inline(__always)
    private func step(_ weights: UnsafeMutableBufferPointer<Float>, _ squares: UnsafeMutableBufferPointer<Float>, at index: Int, loss gradient: Float) {
        let regularized = gradient + l2 * weights[index]
        squares[index] += regularized * regularized
        weights[index] -= learningRate * regularized / squares[index].squareRoot()
    }

    private func trainFailure(_ model: inout TextModel, _ examples: [Example], idf: [Float], random: inout SplitMix) {
        let base = 1 << bits
        var squares = [Float](repeating: 1e-6, count: model.failureWeights.count)
        var order = Array(examples.indices)
        model.failureWeights.withUnsafeMutableBufferPointer { weights in
            squares.withUnsafeMutableBufferPointer { squares in
                for _ in 0..<epochs {
                    random.shuffle(&order)
                    for index in order {
                        let example = examples[index]
                        var z: Float = 0
                        for slot in example.slots { z += weights[Int(slot)] * idf[Int(slot)] }
                        z *= example.scale
                        for (offset, value) in example.dense.enumerated() { z += weights[base + offset] * value }
                        let error = sigmoid(z) - (example.failure ? 1 : 0)
                        for slot in example.slots { step(weights, squares, at: Int(slot), loss: error * example.scale * idf[Int(slot)]) }
                        for (offset, value) in example.dense.enumerated() { step(weights, squares, at: base + offset, loss: error * value) }
                    }
                }
            }
        }
    }

    private func trainCategories(_ model: inout TextModel, _ examples: [Example], random: inout SplitMix) {
        let count = model.categories.count
        let denseBase = (1 << categoryBits) * count
        var squares = [Float](repeating: 1e-6, count: model.categoryWeights.count)
        var order = Array(examples.indices)
        var scores = [Float](repeating: 0, count: count)
        var sizes = [Float](repeating: 0, count: count)
        for example in examples { sizes[example.category!] += 1 }
        let mean = Float(examples.count) / Float(count)
        let classWeight = sizes.map { $0 == 0 ? 0 : pow(mean / $0, categoryBalance) }
        model.categoryWeights.withUnsafeMutableBufferPointer { weights in
            squares.withUnsafeMutableBufferPointer { squares in
                for _ in 0..<categoryEpochs {
                    random.shuffle(&order)
                    for index in order {
                        let example = examples[index]
                        let weight = classWeight[example.category!]
                        for k in 0..<count { scores[k] = 0 }
                        for slot in example.categorySlots {
                            let at = Int(slot) * count
                            for k in 0..<count { scores[k] += weights[at + k] }
                        }
                        for k in 0..<count { scores[k] *= example.categoryScale }
                        for (offset, value) in example.dense.enumerated() {
                            for k in 0..<count { scores[k] += weights[denseBase + offset * count + k] * value }
                        }
                        let probabilities = TextModel.softmax(scores)
                        for k in 0..<count {
                            let error = weight * (probabilities[k] - (example.category == k ? 1 : 0))
                            for slot in example.categorySlots { step(weights, squares, at: Int(slot) * count + k, loss: error * example.categoryScale) }
                            for (offset, value) in example.dense.enumerated() {
                                step(weights, squares, at: denseBase + offset * count + k, loss: error * value)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A small seeded generator, so training is repeatable.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        return TextHash.mix(state)
    }

    mutating func shuffle(_ values: inout [Int]) {
        guard values.count > 1 else { return }
        for index in stride(from: values.count - 1, to: 0, by: -1) {
            let other = Int(next() % UInt64(index + 1))
            values.swapAt(index, other)
        }
    }
}
