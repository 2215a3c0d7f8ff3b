import AmendsText
import Benchmark

/// Feedback as customers write it, complaints and praise from several kinds of business, written for this benchmark.
let texts = [
    "The room was not clean and the towels were dirty",
    "Waited 45 minutes for a table even though we had booked. Unacceptable!!",
    "Lovely stay, the staff were friendly and so helpful :)",
    "My parcel arrived two weeks late and the box was crushed",
    "I was charged twice for the same order and nobody answers the phone",
    "Great food, warm welcome, we will be back",
    "Flight cancelled with no explanation, still waiting for a refund 😡",
    "Quick delivery, thank you",
    "The AC did not work all night, could not sleep",
    "No problem at all, everything was perfect",
    "Where is my order? It said next day delivery",
    "The waiter was rude and the soup was cold",
    "Check-in was smooth and the view was amazing 👍",
    "Booked a quiet room, got one next to the lift. Noisy all night",
    "Support closed my ticket without fixing anything. Again.",
    "Not bad, but the breakfast could be better",
    "Wrong size delivered and the return label is missing",
    "Staff went above and beyond for my daughter's birthday",
    "Lost my luggage and the desk sent me away",
    "Average stay, nothing special",
]

/// Labeled texts for training: the texts above with their labels, repeated with small changes.
let training: [LabeledText] = {
    let labels: [(Bool, String?)] = [
        (true, "cleanliness"), (true, "waiting"), (false, nil), (true, "delivery"), (true, "billing"), (false, nil), (true, "cancellation"),
        (false, nil), (true, "comfort"), (false, nil), (true, "delivery"), (true, "staff"), (false, nil), (true, "comfort"), (true, "support"),
        (false, nil), (true, "delivery"), (false, nil), (true, "baggage"), (false, nil),
    ]
    var rows: [LabeledText] = []
    for round in 0..<200 {
        for (text, label) in zip(texts, labels) {
            rows.append(LabeledText(text: round.isMultiple(of: 2) ? text : text.uppercased() + " \(round)", failure: label.0, category: label.1))
        }
    }
    return rows
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(3))

    Benchmark("analyze: built-in lexicon, 1,000 texts", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let engine = TextEngine()
        var scan = TextScan()
        for iteration in benchmark.scaledIterations {
            blackHole(engine.classify(texts[iteration % texts.count], scan: &scan))
        }
    }

    let model = TextTrainer().train(training)
    Benchmark("analyze: trained model, 1,000 texts", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let engine = TextEngine(model: model)
        var scan = TextScan()
        for iteration in benchmark.scaledIterations {
            blackHole(engine.classify(texts[iteration % texts.count], scan: &scan))
        }
    }

    Benchmark("analyze with explanation: trained model") { benchmark in
        let engine = TextEngine(model: model)
        for iteration in benchmark.scaledIterations {
            blackHole(engine.analyze(texts[iteration % texts.count]))
        }
    }

    Benchmark("train: 4,000 labeled texts") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(TextTrainer().train(training))
        }
    }
}
