import AmendsJSON
import AmendsTestSupport
import AmendsText
import Foundation
import Testing

@testable import AmendsCore

@Suite("Detection by rules")
struct DetectorTests {
    let detector = Detector(playbook: Fixture.playbook())

    func analyze(_ text: String?, score: Score? = nil, channel: String = "web", location: String = "lisbon") -> Analysis {
        detector.analyze(FeedbackSubmission(channel: channel, location: location, score: score, text: text))
    }

    @Test(
        "negation and phrases",
        arguments: [
            ("The room was dirty", "unclean-room"),
            ("the room was not clean", "unclean-room"),
            ("Room wasn't clean at all", "unclean-room"),
            ("Room isn’t clean", "unclean-room"),
            ("The room was clean", nil),
            ("The room was not dirty", nil),
            ("It was never dirty, always spotless", nil),
            ("No problem with the room, nothing dirty", nil),
            ("Not great, but the carpet was STAINED", "unclean-room"),
            ("not the best stay. The sheets were dirty", "unclean-room"),
            ("I found a hair in the sink", "unclean-room"),
            ("Loud music all night, we could not sleep", "noise"),
            ("We couldn't sleep", "noise"),
            ("no noise at all", nil),
            ("Not noisy at first, then noisy all night", "noise"),
            ("The bed was never made and the floor was dirty", "unclean-room"),
            ("Please take the dirty laundry bag", nil),
            ("", nil),
        ] as [(String, String?)]
    )
    func phrases(text: String, scenario: String?) {
        let analysis = analyze(text)
        #expect(analysis.scenario == scenario, "\(text): \(analysis.explanation)")
        #expect(analysis.failure == (scenario != nil))
    }

    @Test func probabilityIsWrittenWithTwoDecimalsLikePrintf() {
        for probability in [0, 0.004, 0.005, 0.05, 0.1, 0.499, 0.87, 0.996, 1, 1.3, -0.2] {
            #expect(Detector.hundredths(probability) == String(format: "%.2f", min(max(probability, 0), 1)), "\(probability)")
        }
    }

    @Test func negatedPhraseIsExplained() {
        let analysis = analyze("The room was not dirty")
        #expect(analysis.signals == [Signal(rule: .negated, scenario: "unclean-room", pattern: "dirty", matched: "dirty", counts: false)])
        #expect(analysis.explanation.contains { $0.contains("negated by 'not'") })
    }

    @Test func matchedWordsAreQuotedAsWritten() {
        let analysis = analyze("The CARPET was Stained!!")
        #expect(analysis.signals.first?.matched == "Stained")
        #expect(analysis.explanation.first == "Phrase 'stain*' of scenario 'unclean-room' matched 'Stained'.")
    }

    @Test(
        "default score thresholds",
        arguments: [
            (Score(value: 6, scale: .nps), true), (Score(value: 7, scale: .nps), false), (Score(value: 0, scale: .nps), true),
            (Score(value: 2, scale: .csat), true), (Score(value: 3, scale: .csat), false),
            (Score(value: 2, scale: .stars), true), (Score(value: 3, scale: .stars), false),
        ])
    func scores(score: Score, failure: Bool) {
        let analysis = analyze(nil, score: score)
        #expect(analysis.failure == failure)
        #expect(analysis.scenario == (failure ? "unhappy-guest" : nil))
    }

    @Test func channelThresholdOverridesDefault() {
        // The survey channel counts NPS 5 or less; 6 is not a failure there, though the scenario's own rule says ≤ 6.
        let onSurvey = analyze(nil, score: Score(value: 6, scale: .nps), channel: "survey")
        #expect(onSurvey.signals.contains { $0.rule == .score && $0.scenario == nil } == false)
        #expect(onSurvey.scenario == "unhappy-guest")
        let low = analyze(nil, score: Score(value: 5, scale: .nps), channel: "survey")
        #expect(low.signals.contains { $0.rule == .score && $0.scenario == nil })
    }

    @Test func wordsBeatTheFallbackAndSeverityOrdersMatches() {
        let analysis = analyze("Noisy corridor and a dirty bathroom", score: Score(value: 2, scale: .nps))
        #expect(analysis.scenario == "unclean-room")
        #expect(analysis.severity == .high)
        #expect(analysis.matches.map(\.scenario) == ["unclean-room", "noise", "unhappy-guest"])
    }

    @Test func locationFilter() {
        // The pool scenario is Porto's; in Lisbon the words do not match it (the text engine may still hear a
        // complaint and open the fallback scenario).
        let lisbon = analyze("The pool was closed", location: "lisbon")
        #expect(lisbon.matches.isEmpty)
        #expect(lisbon.scenario != "pool-closed")
        #expect(analyze("The pool was closed", location: "porto").scenario == "pool-closed")
    }

    @Test func theTextEngineHearsWhatNoPhraseNames() {
        let analysis = analyze("We waited two hours and nobody at reception helped us, unacceptable")
        #expect(analysis.matches.isEmpty)
        #expect(analysis.failure)
        #expect(analysis.scenario == "unhappy-guest")
        #expect(analysis.signals.contains { $0.rule == .text && $0.counts })
        #expect(analysis.explanation.contains { $0.contains("The text engine hears a failure") && $0.contains("fallback scenario 'unhappy-guest'") })
        #expect((analysis.probability ?? 0) >= 0.5)
        // Praise stays praise.
        let praise = analyze("Lovely stay, the staff were so helpful, thank you")
        #expect(!praise.failure)
        #expect((praise.probability ?? 1) < 0.5)
    }

    @Test func aTextThresholdOfOneLeavesTheDecisionToTheRules() {
        var playbook = Fixture.playbook()
        playbook.textThreshold = 1
        let analysis = Detector(playbook: playbook).analyze(
            FeedbackSubmission(channel: "web", location: "lisbon", text: "We waited two hours and nobody at reception helped us, unacceptable"))
        #expect(!analysis.failure)
        #expect(analysis.probability != nil)
    }

    @Test func aTrainedCategoryOpensItsScenario() {
        var playbook = Fixture.playbook()
        let index = playbook.scenarios.firstIndex { $0.key == "noise" }!
        playbook.scenarios[index].detection?.categories = ["sleep"]
        var texts: [LabeledText] = []
        for _ in 0..<5 {
            texts += [
                LabeledText(text: "could not get any rest at all", failure: true, category: "sleep"),
                LabeledText(text: "kept awake until four", failure: true, category: "sleep"),
                LabeledText(text: "the bill was wrong", failure: true, category: "billing"),
                LabeledText(text: "lovely stay", failure: false),
            ]
        }
        let engine = TextEngine(model: TextTrainer().train(texts))
        let analysis = Detector(playbook: playbook, text: engine).analyze(FeedbackSubmission(channel: "web", location: "lisbon", text: "kept awake, no rest"))
        #expect(analysis.failure)
        #expect(analysis.scenario == "noise")
        #expect(analysis.categories?.first?.name == "sleep")
        #expect(analysis.explanation.contains { $0.contains("its category 'sleep' belongs to scenario 'noise'") })
    }

    @Test func noPlaybookFallbackMeansFailureWithoutScenario() {
        var playbook = Fixture.playbook()
        playbook.fallbackScenario = nil
        playbook.scenarios.removeLast()
        let analysis = Detector(playbook: playbook).analyze(FeedbackSubmission(channel: "web", location: "lisbon", score: Score(value: 1, scale: .stars)))
        #expect(analysis.failure)
        #expect(analysis.scenario == nil)
    }

    @Test func tokenizerKeepsApostrophesAndBreaks() {
        let tokens = Tokenizer.tokens("Wasn’t clean. But OK!")
        #expect(tokens.map(\.text) == ["was", "not", "clean", "but", "ok"])
        #expect(tokens.map(\.followsBreak) == [false, false, false, true, false])
        #expect(Tokenizer.tokens("can't won't cannot").map(\.text) == ["can", "not", "will", "not", "can", "not"])
        #expect(Tokenizer.tokens("😡 très sale 🚫").map(\.text) == ["très", "sale"])
    }

    @Test func analysisNeverCrashesOnOddInput() {
        for text in ["", " ", "'''", "not", "not not not dirty", String(repeating: "dirty ", count: 5000), "\u{0}\u{FFFF}", "n't dirty"] {
            let analysis = analyze(text)
            #expect(analysis.explanation.isEmpty == false)
        }
    }
}

@Suite("Stored JSON")
struct JSONTextTests {
    @Test func analysisTextMatchesJSONEncoder() throws {
        let detector = Detector(playbook: Fixture.playbook())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for text in ["The room was \"dirty\"\n\ttoo", "not dirty", "fine", "Loud 😡 music \u{1} all night"] {
            let analysis = detector.analyze(FeedbackSubmission(channel: "web", location: "lisbon", score: Score(value: 2, scale: .nps), text: text))
            let decoded = try JSONDecoder().decode(Analysis.self, from: Data(analysis.jsonText.utf8))
            #expect(decoded == analysis)
            #expect(analysis.jsonText == String(decoding: try encoder.encode(analysis), as: UTF8.self))
        }
        let value = JSONValue.object(["b": .array([.number(1.5), .number(-3), .null, .bool(true)]), "a": .string("x/y\"z")])
        #expect(value.canonicalText == #"{"a":"x/y\"z","b":[1.5,-3,null,true]}"#)
    }
}

/// A scenario's phrases given per language: each list is read in text of its language, with or without accents, and
/// negated by that language's words.
@Suite("Phrases in each language")
struct LanguagePhraseTests {
    let detector: Detector = {
        var playbook = Fixture.playbook()
        let index = playbook.scenarios.firstIndex { $0.key == "unclean-room" }!
        playbook.scenarios[index].detection?.phrasesByLanguage = [
            "es": ["sucia", "sucio", "no estaba limpia", "mancha*"], "pt": ["sujo", "suja", "não estava limpo"], "fr": ["sale", "pas propre"],
            "de": ["schmutzig", "nicht sauber", "fleck*"], "en": ["mould*"],
        ]
        return Detector(playbook: playbook)
    }()

    @Test(
        arguments: [
            ("La habitación estaba sucia", "unclean-room"),
            ("La habitacion no estaba limpia", "unclean-room"),
            ("Las sábanas tenían manchas", "unclean-room"),
            ("La habitación no estaba sucia, todo perfecto", nil),
            // A word that only softens does not cancel a phrase.
            ("La habitación estaba un poco sucia", "unclean-room"),
            ("O quarto nao estava limpo", "unclean-room"),
            ("O banheiro não estava sujo, tudo ótimo", nil),
            ("La chambre était sale", "unclean-room"),
            ("La chambre n'était pas propre", "unclean-room"),
            ("Das Zimmer war nicht sauber", "unclean-room"),
            ("Flecken auf dem Teppich", "unclean-room"),
            ("Das Zimmer war nicht schmutzig", nil),
            // A Spanish phrase is not looked for in English text: "sale" is French for dirty, English for a bargain.
            ("Great sale at the gift shop", nil),
            // English phrases given under `en` read English text as it is, next to the playbook's plain list.
            ("Mouldy tiles in the shower", "unclean-room"),
            ("The room was dirty", "unclean-room"),
        ] as [(String, String?)])
    func phrasesOfTheTextsLanguage(text: String, scenario: String?) {
        let analysis = detector.analyze(FeedbackSubmission(channel: "web", location: "lisbon", text: text))
        #expect(analysis.scenario == scenario, "\(text): \(analysis.explanation)")
    }

    @Test func aNegatedPhraseNamesTheLanguagesNegator() {
        let analysis = detector.analyze(FeedbackSubmission(channel: "web", location: "lisbon", text: "La habitación no estaba sucia"))
        #expect(analysis.explanation.contains { $0.contains("negated by 'no'") }, "\(analysis.explanation)")
    }

    @Test func thePlaybookWritesPhrasesAsAListOrAMapOfLanguages() throws {
        let decoder = JSONDecoder()
        let list = try decoder.decode(DetectionRules.self, from: Data(#"{"phrases": ["dirty"]}"#.utf8))
        #expect(list.phrases == ["dirty"] && list.phrasesByLanguage == nil)
        let map = try decoder.decode(DetectionRules.self, from: Data(#"{"phrases": {"any": ["dirty"], "es": ["sucio"]}}"#.utf8))
        #expect(map.phrases == ["dirty"] && map.phrasesByLanguage == ["es": ["sucio"]])
        // Written back the way it was read.
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(map)) as? [String: Any]
        #expect((encoded?["phrases"] as? [String: [String]]) == ["any": ["dirty"], "es": ["sucio"]])
        #expect(try decoder.decode(DetectionRules.self, from: JSONEncoder().encode(map)) == map)
    }

    @Test func anUnknownLanguageIsNamed() {
        var playbook = Fixture.playbook()
        playbook.scenarios[0].detection = DetectionRules(phrasesByLanguage: ["it": ["sporco"], "es": ["  "]])
        let problems = playbook.problems()
        #expect(problems.contains { $0.path.description == "scenarios[0].detection.phrases.it" && $0.message.contains("'it' is not a language the text engine reads") })
        #expect(problems.contains { $0.path.description == "scenarios[0].detection.phrases.es[0]" })
    }
}
