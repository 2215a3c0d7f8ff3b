import AmendsText
import Foundation

/// Decides whether feedback reports a failure and which scenario it is, by the playbook's rules.
///
/// Build one per playbook and reuse it: phrases are compiled once. Analysis is pure and allocation-light.
public struct Detector: Sendable {
    struct CompiledScenario: Sendable {
        var scenario: Scenario
        var order: Int
        var phrases: [PhrasePattern]
        /// Phrases for text read in one language.
        var languagePhrases: [TextLanguage: [PhrasePattern]]
        var exclusions: [PhrasePattern]
        var locations: Set<String>?
        var channels: Set<String>?
    }

    let playbook: Playbook
    let scenarios: [CompiledScenario]
    /// Reads the words for a failure the playbook's phrases do not name.
    public let text: TextEngine
    /// How many words before a phrase a negation still reaches.
    let negationReach = 3

    public init(playbook: Playbook, text: TextEngine = TextEngine()) {
        self.playbook = playbook
        self.text = text
        scenarios = playbook.scenarios.enumerated().map { order, scenario in
            let detection = scenario.detection
            return CompiledScenario(
                scenario: scenario,
                order: order,
                phrases: (detection?.phrases ?? []).compactMap { PhrasePattern($0) },
                languagePhrases: (detection?.phrasesByLanguage ?? [:]).reduce(into: [:]) { compiled, entry in
                    guard let language = TextLanguage(rawValue: entry.key) else { return }
                    compiled[language] = entry.value.compactMap { PhrasePattern($0, language: language) }
                },
                exclusions: (detection?.exclude ?? []).compactMap { PhrasePattern($0) },
                locations: detection?.locations.map(Set.init),
                channels: detection?.channels.map(Set.init)
            )
        }
    }

    /// The thresholds that mark a low score on `channel`: the channel's own, else the standard ones.
    func thresholds(for channel: String) -> ScoreThresholds {
        let own = playbook.channel(channel)?.scoreThresholds
        return ScoreThresholds(
            nps: own?.nps ?? ScoreThresholds.standard.nps,
            csat: own?.csat ?? ScoreThresholds.standard.csat,
            stars: own?.stars ?? ScoreThresholds.standard.stars
        )
    }

    /// Analyses one submission.
    public func analyze(_ submission: FeedbackSubmission) -> Analysis {
        var signals: [Signal] = []
        var explanation: [String] = []
        var hitsByScenario: [Int: Int] = [:]

        var lowScore = false
        if let score = submission.score, let limit = thresholds(for: submission.channel).threshold(for: score.scale),
            score.value <= limit
        {
            lowScore = true
            signals.append(Signal(rule: .score, scenario: nil, pattern: nil, matched: "\(Self.number(score.value)) \(score.scale.rawValue)", counts: true))
            explanation.append(
                "Score \(Self.number(score.value)) on \(score.scale.rawValue) is at or below \(Self.number(limit)), the failure threshold for channel '\(submission.channel)'."
            )
        }

        let text = submission.text ?? ""
        let tokens = text.isEmpty ? [] : Tokenizer.tokens(text)
        // The text engine reads the words as a whole, and tells their language: the page's language, when the
        // feedback came from one, is a hint it weighs.
        var reading: TextVerdict?
        if text.contains(where: { !$0.isWhitespace }) {
            let hint = submission.metadata["language"]?.stringValue.flatMap(TextLanguage.init(tag:))
            reading = self.text.analyze(text, hint: hint)
        }
        let language = reading?.language ?? .en
        // The words again as the language's phrases are written: without accents.
        var foldedTokens: [Token] = []
        if language != .en, scenarios.contains(where: { $0.languagePhrases[language]?.isEmpty == false }) {
            foldedTokens = tokens.map { Token(text: language.folded($0.text), range: $0.range, followsBreak: $0.followsBreak) }
        }
        for compiled in scenarios {
            if let locations = compiled.locations, !locations.contains(submission.location) { continue }
            if let channels = compiled.channels, !channels.contains(submission.channel) { continue }
            let key = compiled.scenario.key
            if let scoreRule = compiled.scenario.detection?.score, let score = submission.score,
                let limit = scoreRule.threshold(for: score.scale), score.value <= limit
            {
                hitsByScenario[compiled.order, default: 0] += 1
                signals.append(Signal(rule: .score, scenario: key, pattern: nil, matched: "\(Self.number(score.value)) \(score.scale.rawValue)", counts: true))
                explanation.append("Scenario '\(key)' matches scores of \(Self.number(limit)) or less on \(score.scale.rawValue).")
            }
            let ownPhrases = compiled.languagePhrases[language] ?? []
            guard !tokens.isEmpty, !compiled.phrases.isEmpty || !ownPhrases.isEmpty else { continue }
            var found: [Signal] = []
            for pattern in compiled.phrases + ownPhrases {
                // English folds nothing: its phrases read the words as they are.
                let tokens = pattern.language == nil || pattern.language == .en ? tokens : foldedTokens
                // A phrase counts when any occurrence is not negated; otherwise its first occurrence explains why not.
                var negated: (matched: String, negator: Int)?
                var counted = false
                for start in tokens.indices where pattern.matches(tokens, at: start) {
                    let matched = String(text[tokens[start].range.lowerBound..<tokens[start + pattern.words.count - 1].range.upperBound])
                    if let negator = negation(before: start, in: tokens, language: pattern.language) {
                        if negated == nil { negated = (matched, negator) }
                    } else {
                        found.append(Signal(rule: .phrase, scenario: key, pattern: pattern.source, matched: matched, counts: true))
                        counted = true
                        break
                    }
                }
                if !counted, let negated {
                    found.append(Signal(rule: .negated, scenario: key, pattern: pattern.source, matched: negated.matched, counts: false))
                    explanation.append("'\(negated.matched)' would match scenario '\(key)' but is negated by '\(text[tokens[negated.negator].range])'.")
                }
            }
            guard found.contains(where: \.counts) else {
                signals += found
                continue
            }
            if let exclusion = compiled.exclusions.first(where: { pattern in tokens.indices.contains { pattern.matches(tokens, at: $0) } }) {
                signals += found.map { Signal(rule: .excluded, scenario: key, pattern: $0.pattern, matched: $0.matched, counts: false) }
                explanation.append("Scenario '\(key)' is set aside: the text contains its exclusion '\(exclusion.source)'.")
                continue
            }
            for signal in found where signal.counts {
                hitsByScenario[compiled.order, default: 0] += 1
                explanation.append("Phrase '\(signal.pattern ?? "")' of scenario '\(key)' matched '\(signal.matched ?? "")'.")
            }
            signals += found
        }

        let matches = hitsByScenario.map { order, hits in (scenarios[order], hits) }
            .sorted { lhs, rhs in
                if lhs.0.scenario.severity != rhs.0.scenario.severity { return lhs.0.scenario.severity > rhs.0.scenario.severity }
                if lhs.1 != rhs.1 { return lhs.1 > rhs.1 }
                return lhs.0.order < rhs.0.order
            }
            .map { ScenarioMatch(scenario: $0.0.scenario.key, severity: $0.0.scenario.severity, hits: $0.1) }

        var scenario = matches.first?.scenario
        var severity = matches.first?.severity

        // The text engine's reading can hear a failure no phrase names.
        let verdict = reading
        var heard = false
        if let reading {
            let threshold = playbook.textThreshold ?? 0.5
            heard = threshold < 1 && reading.probability >= threshold
            // A scenario's exclusion is the playbook saying these words are no failure: the engine does not overrule it.
            if heard, matches.isEmpty, signals.contains(where: { $0.rule == .excluded }) {
                heard = false
                explanation.append("The text engine would hear a failure, but a scenario's exclusion sets these words aside.")
            }
            if heard {
                let percent = Int((reading.probability * 100).rounded())
                var chosen: (key: String, severity: Severity, why: String)?
                if matches.isEmpty {
                    for category in reading.categories {
                        if let compiled = scenarios.first(where: { compiled in
                            (compiled.scenario.detection?.categories ?? []).contains(category.name)
                                && (compiled.locations?.contains(submission.location) ?? true) && (compiled.channels?.contains(submission.channel) ?? true)
                        }) {
                            chosen = (compiled.scenario.key, compiled.scenario.severity, "its category '\(category.name)' belongs to scenario '\(compiled.scenario.key)'")
                            break
                        }
                    }
                }
                signals.append(Signal(rule: .text, scenario: chosen?.key, pattern: nil, matched: Self.hundredths(reading.probability), counts: true))
                if let chosen {
                    scenario = chosen.key
                    severity = chosen.severity
                    explanation.append("The text engine hears a failure (probability \(percent) %); \(chosen.why).")
                } else if matches.isEmpty, !lowScore, let fallback = playbook.fallbackScenario, let fallbackScenario = playbook.scenario(fallback) {
                    scenario = fallback
                    severity = fallbackScenario.severity
                    explanation.append("The text engine hears a failure (probability \(percent) %) no scenario's words name; it opens the fallback scenario '\(fallback)'.")
                } else {
                    explanation.append("The text engine hears a failure (probability \(percent) %).")
                }
            }
        }
        if scenario == nil, lowScore, let fallback = playbook.fallbackScenario, let fallbackScenario = playbook.scenario(fallback) {
            scenario = fallback
            severity = fallbackScenario.severity
            explanation.append("No scenario's words matched; the low score opens the fallback scenario '\(fallback)'.")
        }
        let failure = lowScore || !matches.isEmpty || heard
        if !failure { explanation.append("No rule marks this feedback as a failure.") }
        if let verdict { explanation += verdict.explanation }
        return Analysis(
            failure: failure, scenario: scenario, severity: severity, matches: matches, signals: signals, explanation: explanation,
            probability: verdict.map { ($0.probability * 1000).rounded() / 1000 }, sentiment: verdict.map { ($0.sentiment * 1000).rounded() / 1000 },
            categories: verdict.flatMap { $0.categories.isEmpty ? nil : $0.categories.map { CategoryScore(name: $0.name, probability: ($0.probability * 1000).rounded() / 1000) } },
            language: verdict?.language.rawValue)
    }

    /// The index of a negating word within reach before `start`, unless a clause break or contrast word intervenes;
    /// in `language`'s words when a phrase is for that language.
    func negation(before start: Int, in tokens: [Token], language: TextLanguage? = nil) -> Int? {
        var index = start - 1
        var distance = 0
        if tokens[start].followsBreak { return nil }
        while index >= 0, distance < negationReach {
            let word = tokens[index].text
            if let language {
                if language.endsNegation(word) { return nil }
                if language.negates(word) { return index }
            } else {
                if Tokenizer.contrast.contains(word) { return nil }
                if Tokenizer.isNegator(word) { return index }
            }
            if tokens[index].followsBreak { return nil }
            index -= 1
            distance += 1
        }
        return nil
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

extension Detector {
    /// A probability as text with two decimals ("0.87"), as `String(format: "%.2f")` writes it but without Foundation's
    /// formatter, which intake would otherwise run for every failure it hears.
    static func hundredths(_ probability: Double) -> String {
        let hundredths = Int((min(max(probability, 0), 1) * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
