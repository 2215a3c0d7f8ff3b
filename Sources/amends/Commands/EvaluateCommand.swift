import AmendsApp
import AmendsCore
import AmendsJSON
import AmendsText
import ArgumentParser
import Foundation

/// `amends evaluate`: how well the engine agrees with people's labels.
struct Evaluate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure failure detection against a labeled-feedback CSV (text, failure, optional category and split).",
        discussion: """
            With a split column, a model is trained on the train rows (unless --zero-shot) and measured on the test \
            rows. Without one, the model in force in the database (or the built-in lexicon, with --zero-shot or when \
            none was trained) is measured on every row.

            Prints accuracy, precision, recall, F1 and Matthews correlation for failure and, where the file has \
            categories, macro-F1, accuracy and a confusion matrix; --json prints one object instead.
            """)

    @OptionGroup var options: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("The labeled-feedback CSV.", valueName: "file"))
    var data: String

    @Flag(help: "Measure the built-in lexicon and rules, with no training.")
    var zeroShot = false

    @Flag(help: "Print one JSON object.")
    var json = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The language the file's texts are in (en, es, fr, de or pt): figures are given for it, with how many texts the engine's language identification read as it.",
            valueName: "tag"))
    var language: String?

    @Option(name: .long, help: ArgumentHelp("A category to leave out of training and measuring (repeatable).", valueName: "name"))
    var ignoreCategory: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Also list up to this many texts the engine got wrong (missed failures and false alarms, in file order), each with its language and probability.",
            valueName: "count"))
    var misses = 0

    func run() async {
        guard misses >= 0 else { fail("amends: --misses must be 0 or more, not \(misses)") }
        var declared: TextLanguage?
        if let language {
            guard let known = TextLanguage(tag: language) else { fail("amends: --language must be one of en, es, fr, de, pt, not '\(language)'") }
            declared = known
        }
        await reporting {
            let file = try LabeledFeedbackFile.read(path: data)
            let train = file.rows.filter { $0.split == "train" }.map(\.labeled)
            let test = file.hasSplit ? file.rows.filter { $0.split == "test" }.map(\.labeled) : file.rows.map(\.labeled)
            guard !test.isEmpty else { throw AmendsError(.invalid, code: "no_test_rows", message: "\(data) has no test rows") }
            var engine = TextEngine()
            var trainSeconds: Double?
            if !file.hasSplit {
                engine = try await options.textEngine(zeroShot: zeroShot).0
            } else if !zeroShot {
                guard !train.isEmpty else {
                    throw AmendsError(
                        .invalid, code: "no_train_rows", message: "\(data) has no train rows to learn from; measure the built-in lexicon with --zero-shot")
                }
                var trainer = TextTrainer()
                trainer.ignoredCategories = Set(ignoreCategory)
                let started = ContinuousClock.now
                let model = trainer.train(train)
                trainSeconds = (ContinuousClock.now - started).seconds
                engine = TextEngine(model: model)
            }
            let report = TextReport.measure(engine, on: test, ignoring: Set(ignoreCategory), declared: declared, misses: misses)
            print(json ? report.json(trainSeconds: trainSeconds) : report.text(trainSeconds: trainSeconds, rows: test.count))
        }
    }
}

/// Measures an engine on labeled texts, and its speed.
struct TextReport {
    var evaluation: TextEvaluation
    var textsPerSecond: Double
    /// The failure figures of each language: the declared one, else each text's as identified.
    var languages: [TextLanguage: TextEvaluation] = [:]
    /// With a declared language: how many texts the identification read as it.
    var identified: (language: TextLanguage, right: Int, rows: Int)?
    /// The first texts the engine got wrong, when asked for.
    var misses: [Miss] = []

    struct Miss {
        var text: String
        var failure: Bool
        var probability: Double
        var language: TextLanguage
    }

    static func measure(_ engine: TextEngine, on texts: [LabeledText], ignoring: Set<String>, declared: TextLanguage? = nil, misses wanted: Int = 0) -> TextReport {
        var misses: [Miss] = []
        var languages: [TextLanguage: TextEvaluation] = [:]
        var identifiedRight = 0
        var evaluation = TextEvaluation()
        var scan = TextScan()
        let categories = engine.model?.categories ?? []
        let index = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
        evaluation.categories = categories
        evaluation.confusion = Array(repeating: Array(repeating: 0, count: categories.count), count: categories.count)
        for labeled in texts {
            let probability = engine.probability(labeled.text, scan: &scan)
            let predicted = probability >= 0.5
            evaluation.add(actual: labeled.failure, predicted: predicted)
            let identified = scan.language
            if predicted != labeled.failure && misses.count < wanted {
                misses.append(Miss(text: labeled.text, failure: labeled.failure, probability: probability, language: identified))
            }
            if identified == declared { identifiedRight += 1 }
            languages[declared ?? identified, default: TextEvaluation()].add(actual: labeled.failure, predicted: predicted)
            if labeled.failure, let category = labeled.category, !ignoring.contains(category), let actual = index[category],
                let predicted = engine.category(labeled.text, scan: &scan)
            {
                evaluation.confusion[actual][predicted] += 1
            }
        }
        // Speed: the whole verdict path (failure probability, and the category of failures), one thread, at least a second.
        var processed = 0
        var sink = 0.0
        let started = ContinuousClock.now
        var elapsed = 0.0
        repeat {
            for labeled in texts {
                let (probability, category) = engine.classify(labeled.text, scan: &scan)
                sink += probability + Double(category ?? 0)
            }
            processed += texts.count
            elapsed = (ContinuousClock.now - started).seconds
        } while elapsed < 1
        if sink.isNaN { print("") }
        return TextReport(
            evaluation: evaluation, textsPerSecond: Double(processed) / elapsed, languages: languages,
            identified: declared.map { ($0, identifiedRight, texts.count) }, misses: misses)
    }

    func text(trainSeconds: Double?, rows: Int) -> String {
        let e = evaluation
        var lines = [
            "failure, \(rows) rows: accuracy \(f(e.accuracy))  precision \(f(e.precision))  recall \(f(e.recall))  F1 \(f(e.f1))  MCC \(f(e.mcc))",
            "  confusion: \(e.truePositives) true failures, \(e.falsePositives) false alarms, \(e.trueNegatives) true non-failures, \(e.falseNegatives) missed",
        ]
        if let macro = e.categoryMacroF1, let accuracy = e.categoryAccuracy {
            lines.append("categories, \(e.categoryRows) failures: macro-F1 \(f(macro))  accuracy \(f(accuracy))")
            let width = max(12, (e.categories.map(\.count).max() ?? 0) + 2)
            lines.append("  actual \\ predicted".padding(toLength: width + 2, withPad: " ", startingAt: 0) + e.categories.indices.map { String(format: "%6d", $0 + 1) }.joined())
            for (k, name) in e.categories.enumerated() {
                lines.append("  " + "\(k + 1) \(name)".padding(toLength: width, withPad: " ", startingAt: 0) + e.confusion[k].map { String(format: "%6d", $0) }.joined())
            }
        }
        for language in TextLanguage.allCases {
            guard let figures = languages[language] else { continue }
            lines.append("  \(language.name), \(figures.rows) rows: accuracy \(f(figures.accuracy))  MCC \(f(figures.mcc))")
        }
        if let identified {
            lines.append(
                "language identification: \(identified.right) of \(identified.rows) read as \(identified.language.name) (\(f(Double(identified.right) / Double(max(1, identified.rows)))))"
            )
        }
        if let trainSeconds { lines.append("trained in \(String(format: "%.2f", trainSeconds)) s") }
        if !misses.isEmpty {
            lines.append("wrong (\(misses.count) shown):")
            for miss in misses {
                let text = miss.text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
                lines.append("  \(miss.failure ? "missed failure" : "false alarm") [\(miss.language.rawValue) \(f(miss.probability))] \(text)")
            }
        }
        lines.append(
            "speed: \(Int(textsPerSecond)) texts/s on one thread, language identification included"
        )
        return lines.joined(separator: "\n")
    }

    func json(trainSeconds: Double?) -> String {
        let e = evaluation
        var fields: [String: JSONValue] = [
            "accuracy": .number(e.accuracy), "precision": .number(e.precision), "recall": .number(e.recall), "f1": .number(e.f1),
            "mcc": .number(e.mcc), "texts_per_second": .number(textsPerSecond.rounded()),
            "category_macro_f1": e.categoryMacroF1.map(JSONValue.number) ?? .null,
            "category_accuracy": e.categoryAccuracy.map(JSONValue.number) ?? .null,
            "train_seconds": trainSeconds.map(JSONValue.number) ?? .null,
        ]
        fields["rows"] = .number(Double(e.rows))
        fields["languages"] = .object(
            Dictionary(
                uniqueKeysWithValues: languages.map {
                    ($0.key.rawValue, JSONValue.object(["accuracy": .number($0.value.accuracy), "mcc": .number($0.value.mcc), "rows": .number(Double($0.value.rows))]))
                }))
        if !misses.isEmpty {
            fields["misses"] = .array(
                misses.map {
                    .object([
                        "text": .string($0.text), "failure": .bool($0.failure), "probability": .number($0.probability), "language": .string($0.language.rawValue),
                    ])
                })
        }
        if let identified {
            fields["language_identification"] = .object([
                "language": .string(identified.language.rawValue), "identified": .number(Double(identified.right)), "rows": .number(Double(identified.rows)),
                "accuracy": .number(Double(identified.right) / Double(max(1, identified.rows))),
            ])
        }
        return JSONValue.object(fields).canonicalText
    }

    private func f(_ value: Double) -> String { String(format: "%.3f", value) }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
