import Foundation
import Testing

@testable import AmendsText

/// The text engine: reading texts with the built-in lexicon, learning from labels, and measuring.
@Suite("Text engine")
struct TextEngineTests {
    func scan(_ text: String) -> TextScan {
        var scan = TextScan()
        scan.read(text, explain: true)
        return scan
    }

    func probability(_ text: String, model: TextModel? = nil) -> Double {
        var scan = TextScan()
        return TextEngine(model: model).probability(text, scan: &scan)
    }

    // MARK: Reading

    @Test func wordsAreLowercasedAndCurlyApostrophesStraightened() {
        #expect(scan("GREAT").features == scan("great").features)
        #expect(scan("wasn\u{2019}t clean").features == scan("wasn't clean").features)
        #expect(scan("Hello world").words == 2)
    }

    @Test func negationFlipsAWordWithinItsReachOnly() {
        #expect(scan("clean").valence > 0)
        #expect(scan("not clean").valence < 0)
        #expect(scan("wasn't clean").valence < 0)
        #expect(scan("dont like it").valence < 0)
        // A clause break ends the reach: "clean" after the full stop counts as praise again.
        #expect(scan("not today. clean").valence > 0)
        // "and" starts a new item: "not clean and dirty" still complains of the dirt.
        #expect(scan("not clean and dirty").evidence.contains { $0.kind != .negated && $0.text == "dirty" })
        #expect(!scan("not clean and nobody came").evidence.contains { $0.kind == .negated && $0.text == "nobody" })
        // Three words on, the negation has faded.
        #expect(scan("not in the big room clean").valence > 0)
        let negated = scan("not clean").evidence.first { $0.kind == .negated }
        #expect(negated?.text == "clean" && negated?.negator == "not")
    }

    @Test func deniedPraiseNamesAFailure() {
        #expect(scan("not clean").failure > 0)
        #expect(scan("the wifi is not working").failure > 0)
        #expect(scan("clean").failure == 0)
        #expect(scan("not bad").failure == 0)
        // Lukewarm is not a failure; praise denied is.
        #expect(probability("Average stay, nothing special") < 0.5)
        #expect(probability("The bathroom was NOT clean") >= 0.5)
    }

    @Test func aNegatedFailureWordIsNoFailure() {
        #expect(scan("the flight was delayed").failure > 0)
        #expect(scan("no delay at all").failure == 0)
    }

    @Test func phrasesOverrideTheirWords() {
        #expect(scan("no problem").valence > 0)
        #expect(scan("not bad").valence > 0)
        #expect(scan("no problem").evidence.contains { $0.kind == .phrase && $0.text == "no problem" })
    }

    @Test func whatFollowsButWeighsMore() {
        let contrast = scan("the staff were nice but the room was filthy")
        #expect(contrast.valence < 0)
        let reversed = scan("the room was filthy but the staff were nice")
        #expect(reversed.valence > contrast.valence)
    }

    @Test func intensifiersCapitalsElongationAndExclamationsStrengthen() {
        #expect(scan("very bad").valence < scan("bad").valence)
        #expect(scan("the room was BAD").valence < scan("the room was bad").valence)
        #expect(scan("baaaaad").valence < 0)
        #expect(scan("sooooo").features == scan("soo").features)
        #expect(scan("bad!!!").sentiment < scan("bad").sentiment)
        #expect(scan("bad!!!").exclamations == 3)
        // A text wholly in capitals shouts nothing in particular.
        #expect(scan("THE ROOM WAS BAD").shouted == 0)
    }

    @Test func emojiAndEmoticonsCarryValence() {
        #expect(scan("thanks :)").valence > scan("thanks").valence)
        #expect(scan("ok 😡").valence < 0)
        #expect(scan("ok 😡").features.count == scan("ok 😡\u{FE0F}").features.count)
        #expect(scan("<3").valence > 0)
    }

    @Test func handlesLinksAndHashtagsBecomeMarkers() {
        let withHandle = scan("@frontdesk room 12 is dirty https://example.com/photo #fail")
        let other = scan("@someone room 12 is dirty http://other.example/x #fail")
        #expect(withHandle.features == other.features)
        #expect(withHandle.features.contains(TextScan.mentionFeature))
        #expect(withHandle.features.contains(TextScan.urlFeature))
        #expect(withHandle.features.contains(TextScan.hashtagFeature))
    }

    @Test func otherScriptsAndAccentsStayInsideWords() {
        #expect(scan("café très bon").words == 3)
        #expect(scan("東京のホテル").words == 1)
        #expect(scan("naïve—word").words == 2)
    }

    // MARK: Zero-shot

    @Test func theBuiltInLexiconTellsComplaintsFromPraise() {
        let complaints = [
            "The room was not clean and the towels were dirty",
            "My order arrived two weeks late and the box was damaged",
            "I was charged twice and nobody answers the phone",
            "Flight cancelled, no explanation, still waiting for a refund",
            "Worst service ever, the waiter was rude",
        ]
        let praise = [
            "Lovely stay, the staff were friendly and helpful",
            "Thank you for the quick delivery!",
            "No problem at all, everything was perfect",
            "Great food and a warm welcome :)",
        ]
        for text in complaints { #expect(probability(text) >= 0.5, "\(text)") }
        for text in praise { #expect(probability(text) < 0.5, "\(text)") }
    }

    @Test func theVerdictExplainsItself() {
        let verdict = TextEngine().analyze("The room was NOT clean!! Worst stay :(")
        #expect(verdict.failure)
        #expect(verdict.explanation.contains { $0.contains("'clean' is negated by 'not'") })
        #expect(verdict.explanation.contains { $0.contains("worst") })
        #expect(verdict.explanation.last?.contains("built-in lexicon") == true)
    }

    func subwords(_ text: String) -> [UInt64] {
        var scan = TextScan()
        scan.readSubwords(text)
        return scan.subwords
    }

    /// The hashes of the four-byte pieces of `<word>`, worked out here the slow way.
    func pieces(_ words: String...) -> [UInt64] {
        words.flatMap { word -> [UInt64] in
            let padded = Array("<\(word)>".utf8)
            let windows = padded.count < 4 ? [padded[...]] : (0...(padded.count - 4)).map { padded[$0..<$0 + 4] }
            return windows.map { window in
                let packed = window.reduce(UInt64(0)) { ($0 << 8) | UInt64($1) } | (padded.count < 4 ? UInt64(padded.count) << 56 : 0)
                return TextHash.mix(packed ^ TextScan.subwordSalt)
            }
        }
    }

    @Test func subwordPiecesAreFourBytesOfEachBoundedWord() {
        #expect(subwords("Delayed") == pieces("delayed"))
        #expect(subwords("delayed") == subwords("DELAYED"))
        #expect(subwords("bag lost") == pieces("bag", "lost"))
        // Short words are one piece each; runs of a letter are cut to two; trailing apostrophes go.
        #expect(subwords("ok i") == pieces("ok", "i"))
        #expect(subwords("sooooo slow") == pieces("soo", "slow"))
        #expect(subwords("the 'worst' flight's crew'") == pieces("the", "worst", "flight's", "crew"))
        // Mentions and links say nothing about what went wrong; a hashtag's word does.
        #expect(subwords("@frontdesk late again https://x.example/a?b=c www.example.com") == pieces("late", "again"))
        #expect(subwords("#fail") == pieces("fail"))
        #expect(subwords("httpserver") == pieces("httpserver"))
        #expect(subwords("").isEmpty && subwords("!!! ...").isEmpty)
        // Other scripts are pieces of bytes, like any word.
        #expect(subwords("café") == pieces("café"))
        #expect(!subwords("東京 😡").isEmpty)
        // Reading the words again clears the pieces.
        var scan = TextScan()
        scan.readSubwords("late")
        scan.read("late")
        #expect(scan.subwords.isEmpty)
    }

    @Test func analysisNeverCrashesAndStaysInBoundsOnArbitraryText() {
        var generator = SplitMix(seed: 42)
        let pieces: [String] = [
            "not", "no", "but", "very", "!!!", "??", ":)", ":(", "😡", "👍🏽", "\u{FE0F}", "\u{200D}", "n't", "'", "\u{2019}", "@x", "#y",
            "http://", "é", "東京", "\u{0}", "\n", "  ", "BAD", "gooood", "delayed", "refund", ".", ",", "\u{10FFFF}", "\u{D7FF}",
        ]
        let engine = TextEngine()
        for _ in 0..<3000 {
            var text = ""
            let length = Int(generator.next() % 40)
            for _ in 0..<length {
                if generator.next() % 3 == 0 {
                    text.unicodeScalars.append(Unicode.Scalar(UInt32(generator.next() % 0xD000)) ?? "x")
                } else {
                    text += pieces[Int(generator.next() % UInt64(pieces.count))]
                }
            }
            let verdict = engine.analyze(text)
            #expect(verdict.probability >= 0 && verdict.probability <= 1 && !verdict.probability.isNaN)
            _ = subwords(text)
            #expect(verdict.sentiment >= -1 && verdict.sentiment <= 1)
        }
        // The longest text intake accepts.
        let long = String(repeating: "not clean 😡 but very GOOD!!! ", count: 10_000 / 28)
        let verdict = engine.analyze(long)
        #expect(verdict.probability >= 0 && verdict.probability <= 1)
    }

    // MARK: Training and measuring

    /// A small labeled set written for this test: complaints and praise about a hotel, with categories.
    static let fixture: [LabeledText] = {
        let complaints: [(String, String)] = [
            ("the room was dirty", "cleanliness"), ("dust everywhere and stained sheets", "cleanliness"), ("bathroom not cleaned", "cleanliness"),
            ("hair in the shower, filthy", "cleanliness"), ("towels smelled and were dirty", "cleanliness"), ("the carpet was stained", "cleanliness"),
            ("loud music all night", "noise"), ("could not sleep for the noise", "noise"), ("noisy neighbours until 3am", "noise"),
            ("construction noise from 7am", "noise"), ("thin walls, heard everything", "noise"), ("the party next door kept us awake", "noise"),
            ("waited an hour at check in", "waiting"), ("nobody at the desk for ages", "waiting"), ("queue at breakfast took 40 minutes", "waiting"),
            ("slow check in, long line", "waiting"), ("room not ready until evening", "waiting"), ("kept waiting for the shuttle", "waiting"),
        ]
        let praise = [
            "lovely room and friendly staff", "great breakfast", "quiet and comfortable", "spotless bathroom", "quick check in, thank you",
            "we will come back", "the view was beautiful", "helpful reception", "comfortable bed and clean towels", "perfect stay",
            "excellent location", "the staff went above and beyond", "wonderful pool", "very good value", "nice and quiet room",
        ]
        var texts: [LabeledText] = []
        for round in 0..<6 {
            for (text, category) in complaints { texts.append(LabeledText(text: round.isMultiple(of: 2) ? text : text.uppercased(), failure: true, category: category)) }
            for text in praise { texts.append(LabeledText(text: round.isMultiple(of: 2) ? text : text + "!", failure: false)) }
        }
        return texts
    }()

    @Test func trainingOnAFixtureLearnsFailureAndCategory() {
        let model = TextTrainer().train(Self.fixture)
        #expect(model.categories == ["cleanliness", "noise", "waiting"])
        var evaluation = TextEvaluation()
        var scan = TextScan()
        let engine = TextEngine(model: model)
        let held = [
            LabeledText(text: "the sheets were dirty and stained", failure: true, category: "cleanliness"),
            LabeledText(text: "too much noise at night", failure: true, category: "noise"),
            LabeledText(text: "we waited ages at check in", failure: true, category: "waiting"),
            LabeledText(text: "friendly staff and a lovely room", failure: false),
            LabeledText(text: "great breakfast, thank you", failure: false),
        ]
        var rightCategories = 0
        for labeled in held {
            evaluation.add(actual: labeled.failure, predicted: engine.probability(labeled.text, scan: &scan) >= 0.5)
            if let category = labeled.category, let predicted = engine.category(labeled.text, scan: &scan), model.categories[predicted] == category {
                rightCategories += 1
            }
        }
        #expect(evaluation.accuracy == 1)
        #expect(rightCategories == 3)
        let verdict = engine.analyze("the bathroom was filthy")
        #expect(verdict.categories.first?.name == "cleanliness")
        #expect(verdict.explanation.last?.contains("trained model") == true)
    }

    @Test func trainingIsRepeatable() {
        #expect(TextTrainer().train(Self.fixture) == TextTrainer().train(Self.fixture))
    }

    @Test func measuresAgreeWithHandCounts() {
        var evaluation = TextEvaluation()
        for _ in 0..<40 { evaluation.add(actual: true, predicted: true) }
        for _ in 0..<10 { evaluation.add(actual: true, predicted: false) }
        for _ in 0..<5 { evaluation.add(actual: false, predicted: true) }
        for _ in 0..<45 { evaluation.add(actual: false, predicted: false) }
        #expect(evaluation.accuracy == 0.85)
        #expect(abs(evaluation.precision - 40.0 / 45) < 1e-12)
        #expect(evaluation.recall == 0.8)
        let numerator: Double = 40 * 45 - 5 * 10
        let denominator: Double = (45.0 * 50.0 * 50.0 * 55.0).squareRoot()
        let expectedMCC = numerator / denominator
        #expect(abs(evaluation.mcc - expectedMCC) < 1e-12)
        evaluation.categories = ["a", "b"]
        evaluation.confusion = [[8, 2], [0, 10]]
        #expect(evaluation.categoryAccuracy == 0.9)
        let f1a = 16.0 / 18
        let f1b = 20.0 / 22
        #expect(abs(evaluation.categoryMacroF1! - (f1a + f1b) / 2) < 1e-12)
    }
}

@Suite("Text model storage form")
struct TextModelEncodingTests {
    @Test func encodingRoundTripsAndDamageIsRefused() throws {
        let model = TextTrainer().train(TextEngineTests.fixture)
        let bytes = model.encoded()
        #expect(model.subwords)
        #expect(try TextModel(decoding: bytes) == model)
        #expect(bytes.count < 2_000_000)
        // A model whose categories read whole words only (the first stored form) still reads back as one.
        var trainer = TextTrainer()
        trainer.useSubwords = false
        let wordsOnly = trainer.train(TextEngineTests.fixture)
        #expect(!wordsOnly.subwords && wordsOnly.encoded()[7] == 1)
        #expect(try TextModel(decoding: wordsOnly.encoded()) == wordsOnly)
        #expect(throws: TextModelFormatError.self) { try TextModel(decoding: Array(bytes.dropLast())) }
        #expect(throws: TextModelFormatError.self) { try TextModel(decoding: Array("not a model".utf8)) }
        var damaged = bytes
        damaged[4] = 99
        #expect(throws: TextModelFormatError.self) { try TextModel(decoding: damaged) }
        var unknownFlags = bytes
        unknownFlags[7] = 5
        #expect(throws: TextModelFormatError.self) { try TextModel(decoding: unknownFlags) }
    }
}
