/// Made-up contents of a given length, different for each seed, and the same on every run.
enum Sample {
    /// Printable ASCII, so that a failure shows readable text.
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=% ".utf8)

    /// `length` bytes of text drawn from ``alphabet`` by a small linear congruential generator started at `seed`.
    static func text(length: Int, seed: Int) -> [UInt8] {
        var state = UInt64(truncatingIfNeeded: seed) &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (0..<length).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return alphabet[Int(state >> 33) % alphabet.count]
        }
    }
}
