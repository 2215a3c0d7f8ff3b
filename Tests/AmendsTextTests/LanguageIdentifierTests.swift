import AmendsText
import Testing

/// Which language a feedback text is in: short complaints and praise, accents and their absence, elision, and the
/// page's language as a hint.
@Suite("Language identification")
struct LanguageIdentifierTests {
    @Test(arguments: [
        ("The room was dirty again", TextLanguage.en),
        ("@united my bag never arrived, third time", .en),
        ("Lovely stay, thanks!", .en),
        ("La habitación estaba muy sucia", .es),
        ("No funciona nada, qué vergüenza", .es),
        ("el vuelo llego tarde y nadie nos ayudo", .es),
        ("La chambre n'était pas propre", .fr),
        ("Très bon accueil, merci beaucoup", .fr),
        ("l'hôtel est sale et le personnel absent", .fr),
        ("Das Zimmer war nicht sauber", .de),
        ("Kein Handtuch und die Dusche kaputt", .de),
        ("Lieferung kam viel zu spät", .de),
        ("O quarto não estava limpo", .pt),
        ("Produto chegou quebrado, nao recomendo", .pt),
        ("A entrega atrasou muito e ninguém respondeu", .pt),
        ("nao tem nada a ver com o pedido", .pt),
    ])
    func aShortTextIsReadInItsLanguage(text: String, language: TextLanguage) {
        #expect(LanguageIdentifier.identify(text) == language, "\(text)")
    }

    @Test func aTextWithNoClueIsEnglishUnlessTheHintSaysOtherwise() {
        #expect(LanguageIdentifier.identify("OK") == .en)
        #expect(LanguageIdentifier.identify("OK", hint: .pt) == .pt)
        #expect(LanguageIdentifier.identify("10/10 !!!", hint: .de) == .de)
        // A hint does not outweigh a text that clearly says otherwise.
        #expect(LanguageIdentifier.identify("The room was not clean and the towels were dirty", hint: .pt) == .en)
    }

    @Test func tagsNameTheirLanguage() {
        #expect(TextLanguage(tag: "pt-BR") == .pt && TextLanguage(tag: "es_MX") == .es && TextLanguage(tag: "DE") == .de)
        #expect(TextLanguage(tag: "it") == nil && TextLanguage(tag: "") == nil)
    }

    @Test func theVerdictSaysWhichLanguageItReadTheTextAs() {
        let verdict = TextEngine().analyze("O quarto estava sujo", hint: nil)
        #expect(verdict.language == .pt)
        #expect(verdict.explanation.contains("The text reads as Portuguese."))
        #expect(verdict.explanation.last?.contains("built-in lexicon") == true)
    }
}
