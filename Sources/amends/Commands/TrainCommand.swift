import AmendsApp
import AmendsCore
import AmendsText
import ArgumentParser
import Foundation

/// `amends train`: learn a text model from labeled feedback and put it in force.
struct Train: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Learn the failure and category classifiers from a labeled-feedback CSV and store the model in the database.",
        discussion: """
            The CSV has the columns text and failure (0 or 1), optionally category and split; with a split column \
            only the train rows are learned from. Staff corrections of feedback (POST /v1/feedback/{id}/label) are \
            learned from too, unless --without-corrections; without --data, they alone are. The model is stored as the next version; a running server puts it in force within 30 seconds.
            """)

    @OptionGroup var options: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("The labeled-feedback CSV.", valueName: "file"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp("A category to leave out of the category classifier (repeatable).", valueName: "name"))
    var ignoreCategory: [String] = []

    @Flag(help: "Learn from the file only, not from staff corrections stored in the database.")
    var withoutCorrections = false

    func run() async {
        await reporting {
            var rows: [LabeledText] = []
            if let data {
                let file = try LabeledFeedbackFile.read(path: data)
                rows = file.hasSplit ? file.rows.filter { $0.split == "train" }.map(\.labeled) : file.rows.map(\.labeled)
                guard !rows.isEmpty else { throw AmendsError(.invalid, code: "no_train_rows", message: "\(data) has no train rows") }
            } else if withoutCorrections {
                throw AmendsError(.invalid, code: "nothing_to_learn", message: "give --data FILE, or learn from staff corrections (leave out --without-corrections)")
            }
            var trainer = TextTrainer()
            trainer.ignoredCategories = Set(ignoreCategory)
            let runtime = try await options.runtime()
            let started = ContinuousClock.now
            do {
                if !withoutCorrections {
                    let corrections = try await runtime.store.labeledTexts()
                    if !corrections.isEmpty { print("learning from \(corrections.count) staff corrections too") }
                    rows += corrections
                }
                guard !rows.isEmpty else {
                    throw AmendsError(.invalid, code: "nothing_to_learn", message: "no staff corrections are stored yet; give --data FILE")
                }
                let stored = try await runtime.train(rows, trainer: trainer, by: commandLineActor)
                let seconds = (ContinuousClock.now - started).seconds
                let categories = stored.model.categories.isEmpty ? "no categories" : "categories: \(stored.model.categories.joined(separator: ", "))"
                print("text model version \(stored.version): learned from \(rows.count) rows in \(String(format: "%.2f", seconds)) s; \(categories)")
            } catch {
                await runtime.close()
                throw error
            }
            await runtime.close()
        }
    }
}
