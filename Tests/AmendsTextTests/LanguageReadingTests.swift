import Foundation
import Testing

@testable import AmendsText

/// Reading feedback in Spanish, French, German and Portuguese without training: each language's hand-written table of
/// complaints and praise (negation, double negation, contrast, accents and their absence), and the rules each
/// language needs.
@Suite("Reading each language")
struct LanguageReadingTests {
    static let engine = TextEngine()

    func check(_ example: LanguageCase, in language: TextLanguage) {
        let verdict = Self.engine.analyze(example.text)
        #expect(verdict.language == language, "\(example.text) read as \(verdict.language.name)")
        #expect(
            (verdict.probability >= 0.5) == example.failure,
            "\(example.text): \(Int(verdict.probability * 100)) %\n\(verdict.explanation.joined(separator: "\n"))")
        for word in example.names {
            #expect(
                verdict.explanation.contains { $0.contains("'\(word)'") || $0.contains(" \(word)'") || $0.contains("'\(word) ") },
                "\(example.text): the explanation names no '\(word)'\n\(verdict.explanation.joined(separator: "\n"))")
        }
    }

    @Test(arguments: LanguageCase.spanish) func spanish(_ example: LanguageCase) { check(example, in: .es) }
    @Test(arguments: LanguageCase.french) func french(_ example: LanguageCase) { check(example, in: .fr) }
    @Test(arguments: LanguageCase.german) func german(_ example: LanguageCase) { check(example, in: .de) }
    @Test(arguments: LanguageCase.portuguese) func portuguese(_ example: LanguageCase) { check(example, in: .pt) }

    func reading(_ text: String, hint: TextLanguage? = nil) -> TextScan {
        var scan = TextScan()
        scan.read(text, hint: hint, explain: true)
        return scan
    }

    @Test(arguments: [
        ("O produto não chegou e ninguém respondeu", "O produto nao chegou e ninguem respondeu"),
        ("La habitación estaba sucia, qué decepción", "La habitacion estaba sucia, que decepcion"),
        ("La chambre était très sale, déçu", "La chambre etait tres sale, decu"),
        ("Das Zimmer war schmutzig, sehr enttäuschend", "Das Zimmer war schmutzig, sehr enttaeuschend"),
        ("Frühstück war schön und reichlich", "Fruehstueck war schoen und reichlich"),
    ])
    func accentsAndTheirAbsenceReadAlike(written: String, plain: String) {
        let accented = reading(written)
        let unaccented = reading(plain)
        #expect(accented.language == unaccented.language)
        #expect(accented.valence == unaccented.valence, "\(written)")
        #expect(accented.failure == unaccented.failure, "\(written)")
        // The explanation quotes the words as the customer wrote them.
        #expect(accented.evidence.map(\.text) != unaccented.evidence.map(\.text) || accented.evidence.isEmpty == false)
    }

    @Test func germanKeepsSchonApartFromSchoen() {
        // "schön" is praise; "schon" (already) is not the same word without its umlaut.
        #expect(reading("Das Zimmer war schön", hint: .de).valence > 0)
        #expect(reading("Das Zimmer war schon", hint: .de).valence == 0)
    }

    @Test func frenchElisionReadsTheWholeWord() {
        let scan = reading("La chambre n'était pas propre")
        #expect(scan.language == .fr)
        #expect(scan.evidence.contains { $0.kind == .negated && $0.text == "propre" }, "\(scan.evidence)")
        // "c'était parfait" is praise: the elided "ce" does not hide "était".
        #expect(reading("C'était parfait, merci").valence > 0)
    }

    @Test func aNegationDoesNotSpendItsReachOnClitics() {
        // "no me lo" stands between the negator and the verb.
        let spanish = reading("No me lo han devuelto nunca, nadie me ha ayudado", hint: .es)
        #expect(spanish.failure > 0, "\(spanish.evidence)")
        let portuguese = reading("não me deram nenhuma resposta", hint: .pt)
        #expect(portuguese.failure > 0, "\(portuguese.evidence)")
    }

    @Test func noIsNoNegatorInPortuguese() {
        // "no prazo" is "on time": the Spanish and English negator is a Portuguese contraction.
        let scan = reading("Chegou no prazo, produto excelente", hint: .pt)
        #expect(scan.language == .pt)
        #expect(!scan.evidence.contains { $0.kind == .negated })
        #expect(Self.engine.analyze("Chegou no prazo, produto excelente").probability < 0.5)
    }

    @Test func germanNichtAtTheEndOfItsClauseNegatesTheVerb() {
        let scan = reading("Die Klimaanlage funktionierte gestern nicht, und niemand hilft")
        #expect(scan.language == .de)
        #expect(scan.evidence.contains { $0.kind == .negated && $0.text == "funktionierte" && $0.negator == "nicht" }, "\(scan.evidence)")
        #expect(Self.engine.analyze("Das Frühstück gefiel uns nicht").probability >= 0.5)
        // Not at the end of its clause, "nicht" negates what follows as usual.
        #expect(reading("Das Zimmer war nicht sauber", hint: .de).evidence.contains { $0.kind == .negated && $0.text == "sauber" })
    }

    @Test func somethingExpectedThatIsMissingIsAFailure() {
        let scan = reading("Kein Handtuch im Bad", hint: .de)
        #expect(scan.evidence.contains { $0.kind == .missing && $0.text == "handtuch" }, "\(scan.evidence)")
        #expect(Self.engine.analyze("Kein Handtuch im Bad", hint: .de).explanation.contains { $0.contains("'handtuch' is missing ('kein'") })
    }

    @Test func germanCompoundsAreReadByTheirParts() {
        #expect(reading("Schimmelflecken überall", hint: .de).failure > 0)
        #expect(reading("Das Frühstücksbuffet war hervorragend", hint: .de).valence > 0)
    }

    @Test func aFiveWordComplaintIsHeardInEachLanguage() {
        for (text, language) in [
            ("Mi pedido nunca llegó, vergüenza", TextLanguage.es), ("Colis jamais reçu, très déçu", .fr), ("Paket nie angekommen, sehr ärgerlich", .de),
            ("Produto não chegou até hoje", .pt),
        ] {
            let verdict = Self.engine.analyze(text)
            #expect(verdict.language == language, "\(text)")
            #expect(verdict.probability >= 0.5, "\(text): \(verdict.explanation)")
            #expect(verdict.explanation.contains("The text reads as \(language.name)."))
        }
    }

    @Test func aTrainedModelSeesTheLanguageOfEachText() {
        // Features carry the language, so one model can weigh Portuguese and English texts apart.
        let english = reading("The room was dirty")
        let portuguese = reading("O quarto estava sujo")
        #expect(!english.features.contains(TextScan.languageFeatures[TextLanguage.en.index]))
        #expect(portuguese.features.contains(TextScan.languageFeatures[TextLanguage.pt.index]))
        let texts = [
            LabeledText(text: "The room was dirty", failure: true), LabeledText(text: "Lovely stay, thank you", failure: false),
            LabeledText(text: "O quarto estava sujo", failure: true), LabeledText(text: "Adorei, tudo perfeito", failure: false),
            LabeledText(text: "Nobody answered the phone", failure: true), LabeledText(text: "Great breakfast", failure: false),
            LabeledText(text: "Ninguém atendeu o telefone", failure: true), LabeledText(text: "Café da manhã ótimo", failure: false),
        ]
        var trainer = TextTrainer()
        trainer.epochs = 30
        let engine = TextEngine(model: trainer.train(texts))
        var scan = TextScan()
        for labeled in texts {
            #expect((engine.probability(labeled.text, scan: &scan) >= 0.5) == labeled.failure, "\(labeled.text)")
        }
    }
}
