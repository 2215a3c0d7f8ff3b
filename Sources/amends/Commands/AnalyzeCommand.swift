import AmendsApp
import AmendsCore
import ArgumentParser
import Foundation

/// `amends analyze`: the text engine's verdict on one text.
struct Analyze: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show how Amends reads a feedback text: failure or not, the probability, categories and why.")

    @OptionGroup var options: DatabaseOptions

    @Argument(help: "The feedback text.")
    var text: String

    @Flag(help: "Use the built-in lexicon, not the trained model in the database.")
    var zeroShot = false

    func run() async {
        let (engine, stored) = await reporting { try await options.textEngine(zeroShot: zeroShot) }
        let verdict = engine.analyze(text)
        print("\(verdict.failure ? "FAILURE" : "no failure")  probability \(String(format: "%.2f", verdict.probability))  sentiment \(String(format: "%+.2f", verdict.sentiment))")
        for category in verdict.categories {
            print("  category \(category.name): \(String(format: "%.2f", category.probability))")
        }
        for line in verdict.explanation { print("  - \(line)") }
        if let stored { print("  (text model version \(stored.version), learned from \(stored.rows) rows)") }
    }
}
