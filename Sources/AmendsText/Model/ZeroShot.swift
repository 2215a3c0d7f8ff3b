import Foundation

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
