import Foundation

/// Reads feedback texts: the lexicon alone (zero-shot) or with a trained model.
public struct TextEngine: Sendable {
    public let model: TextModel?

    public init(model: TextModel? = nil) {
        self.model = model
    }

    /// The verdict on `text`, with its explanation and the language it was read as (`hint`, the page's or the
    /// customer's language when known, weighs in the choice).
    public func analyze(_ text: String, hint: TextLanguage? = nil) -> TextVerdict {
        var scan = TextScan()
        scan.read(text, hint: hint, explain: true)
        if model?.subwords == true { scan.readSubwords(text) }
        let language = scan.language
        var result = verdict(scan)
        result.language = language
        result.explanation.insert("The text reads as \(language.name).", at: max(0, result.explanation.count - 1))
        return result
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
            case .missing: lines.append("'\(item.text)' is missing ('\(item.negator ?? "no")', \(weight(item.weight))).")
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
