/// How well a detector did against people's labels.
public struct TextEvaluation: Sendable {
    public var rows = 0
    public var truePositives = 0
    public var falsePositives = 0
    public var trueNegatives = 0
    public var falseNegatives = 0
    /// Category names, and counts of (actual, predicted) over failures with a known category.
    public var categories: [String] = []
    public var confusion: [[Int]] = []

    public init() {}

    public var accuracy: Double { rows == 0 ? 0 : Double(truePositives + trueNegatives) / Double(rows) }
    public var precision: Double { truePositives + falsePositives == 0 ? 0 : Double(truePositives) / Double(truePositives + falsePositives) }
    public var recall: Double { truePositives + falseNegatives == 0 ? 0 : Double(truePositives) / Double(truePositives + falseNegatives) }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

    /// Matthews correlation coefficient: 0 for a guess, 1 for perfect agreement.
    public var mcc: Double {
        let tp = Double(truePositives)
        let tn = Double(trueNegatives)
        let fp = Double(falsePositives)
        let fn = Double(falseNegatives)
        let denominator = ((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)).squareRoot()
        return denominator == 0 ? 0 : (tp * tn - fp * fn) / denominator
    }

    public mutating func add(actual: Bool, predicted: Bool) {
        rows += 1
        switch (actual, predicted) {
        case (true, true): truePositives += 1
        case (false, true): falsePositives += 1
        case (false, false): trueNegatives += 1
        case (true, false): falseNegatives += 1
        }
    }

    public var categoryRows: Int { confusion.reduce(0) { $0 + $1.reduce(0, +) } }

    public var categoryAccuracy: Double? {
        guard categoryRows > 0 else { return nil }
        return Double(confusion.indices.reduce(0) { $0 + confusion[$1][$1] }) / Double(categoryRows)
    }

    /// The mean of the per-category F1 over categories that occur among the actual labels or predictions.
    public var categoryMacroF1: Double? {
        guard categoryRows > 0 else { return nil }
        var scores: [Double] = []
        for k in categories.indices {
            let tp = Double(confusion[k][k])
            let actual = Double(confusion[k].reduce(0, +))
            let predicted = Double(confusion.reduce(0) { $0 + $1[k] })
            guard actual + predicted > 0 else { continue }
            scores.append(2 * tp / (actual + predicted))
        }
        return scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)
    }
}
