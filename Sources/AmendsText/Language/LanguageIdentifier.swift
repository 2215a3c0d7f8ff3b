/// The languages the text engine tells apart.
public enum TextLanguage: String, CaseIterable, Sendable, Codable {
    case en, es, fr, de, pt

    /// The language's name in English, for explanations.
    public var name: String {
        switch self {
        case .en: "English"
        case .es: "Spanish"
        case .fr: "French"
        case .de: "German"
        case .pt: "Portuguese"
        }
    }

    /// The language of a BCP 47 tag (`pt-BR` is Portuguese), if the engine tells it apart.
    public init?(tag: String) {
        let primary = tag.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() } ?? ""
        self.init(rawValue: primary)
    }
}

/// Tells which language a feedback text is in, from its common words and the letters only some languages use.
///
/// Written here, not taken from a package: none of the packages we build with identifies languages, and the text
/// scanner tallies these clues in the same pass that reads the words, for a small part of the cost of reading them.
/// Each word found in a language's list of common words counts for that language (a word several languages share
/// counts for each, split between them); an accented letter or ending typical of one language counts too; a hint (the
/// feedback page's language, the customer's) counts as one word. English wins when nothing else does: most texts
/// without a clue are short English ones.
public enum LanguageIdentifier {
    /// The language of `text`, given a `hint` when one is known (the same choice ``TextScan`` makes as it reads).
    public static func identify(_ text: String, hint: TextLanguage? = nil) -> TextLanguage {
        var scan = TextScan()
        scan.read(text, hint: hint)
        return scan.language
    }

    /// A cedilla counts for Portuguese and French alike.
    static let cedilla: SIMD8<Float> = {
        var vector = SIMD8<Float>()
        vector[TextLanguage.pt.index] = 0.4
        vector[TextLanguage.fr.index] = 0.4
        return vector
    }()

    /// What a word known in the languages of `mask` adds to each: one split between them, or half of one for a word
    /// English writers also write (``weakBit``).
    ///
    /// Kept in memory never freed, as the lexicon tables are, so the scanner reads it without reference counting.
    nonisolated(unsafe) static let shares: UnsafePointer<SIMD8<Float>> = {
        let shares = UnsafeMutablePointer<SIMD8<Float>>.allocate(capacity: 64)
        for mask in 0..<64 {
            var vector = SIMD8<Float>()
            let count = Float((mask & ~weakBit).nonzeroBitCount)
            for language in TextLanguage.allCases where mask & (1 << language.index) != 0 {
                vector[language.index] = (mask & weakBit != 0 ? 0.5 : 1) / count
            }
            (shares + mask).initialize(to: vector)
        }
        return UnsafePointer(shares)
    }()

    /// Marks a common word that is also an English word, name or abbreviation ("die", "lo", "com").
    static let weakBit = 1 << 5

    /// Each common word's languages, one bit per language, with ``weakBit`` for a weak clue.
    static let words: [UInt64: UInt8] = {
        var table: [UInt64: UInt8] = [:]
        for language in TextLanguage.allCases {
            for word in commonWords(language).split(separator: " ") {
                table[TextHash.word(Array(word.utf8)), default: 0] |= 1 << language.index
            }
        }
        for language in TextLanguage.allCases {
            for word in weakWords(language).split(separator: " ") {
                table[TextHash.word(Array(word.utf8)), default: 0] |= UInt8(weakBit)
            }
        }
        return table
    }()

    /// Common words of a language that English text has too, as words, names or abbreviations: alone they are no
    /// sign of the language ("done as requested", "IM 8 MIN AWAY", "El Paso").
    static func weakWords(_ language: TextLanguage) -> String {
        switch language {
        case .en: ""
        case .es: "el lo las ya me mi son era ha he"
        case .fr: "a est ce"
        case .de: "im die war was hat"
        case .pt: "a as e o com do no so"
        }
    }

    /// The least score a language other than English needs to be chosen, a hint included: one clear word.
    static let least: Float = 1

    /// Frequent words of each language, as feedback about service writes them (with and without accents), written
    /// from knowledge of the languages.
    static func commonWords(_ language: TextLanguage) -> String {
        switch language {
        case .en:
            """
            the to and of a i you my is it for on in was with at this that not be are have has me we your just but so get \
            flight thanks thank can will an from they what when how why do did don't dont been would now all there our \
            had were or no if about after again still hours hour time service customer told never any one got been \
            please back need like good great bad worst best hotel room staff order delivered delivery help
            """
        case .es:
            """
            el la los las del al y es un una con por para pero muy más mas está esta fue hay yo mi su lo le se nos todo \
            nada bien también tambien ya sólo solo hasta cuando como porque que de en no me ni habitación habitacion \
            servicio gracias llegó llego pedido producto entrega vuelo hotel personal muy nunca siempre tiene tenía \
            estaba son ha han he era otro otra mucho poco dinero tarde horas días dias sin sucio sucia limpia limpio \
            recibido recibí recibi compra tienda malo mala bueno buena ahora después despues nadie \
            calidad precio recomiendo llegó llego tiempo perfecto perfecta funciona todo mal peor jamás jamas atención \
            atencion cliente desayuno amable ubicación ubicacion estancia lugar comida camarero pedí pedi envío envio \
            devolución devolucion reembolso semanas vez veces estoy estamos fuimos nosotros ustedes usted vergüenza \
            verguenza ningún ningun ninguna pésimo pesimo también todavía todavia aún devolvieron devolvió devolvio \
            tenían tenian había habia hubo sábanas sabanas toallas hacía hacia hace demasiado funcionaba funcionó funciono nos \
            aire cuarto baño habitaciones
            """
        case .fr:
            """
            le la les des du de et est un une avec pour pas ne très tres mais il elle je j' nous vous ce cette qui que \
            dans sur au aux été ete était etait n' c' l' d' qu' s' m' chambre personnel merci vol colis livraison \
            commande reçu recu rien jamais toujours avait avons ont sont être etre fait plus bien aussi déjà deja \
            encore sans sale propre heures jours retard bon bonne mauvais mauvaise produit service hôtel hotel \
            qualité qualite prix recommande arrivé arrive livré livre délai delai temps parfait parfaite fonctionne \
            tout mal pire accueil déjeuner dejeuner aimable emplacement séjour sejour endroit repas serveur \
            commandé commande envoi retour remboursement argent semaines fois seulement après apres avant aussi suis \
            sommes nous avons était etait déçu decu déçue decue vraiment beaucoup mon ma mes notre votre leur \
            compte bloqué bloque connecter
            """
        case .de:
            """
            der die das und ist nicht ein eine mit für fur auf im den dem des sehr war es ich wir sie aber kein keine \
            zu auch noch nur wurde hat haben zimmer danke flug lieferung bestellung paket schlecht gut wie was wo \
            nach bei von vom zum zur sind waren habe hatte mir mich uns ihr ihre einen einem einer dass immer nie \
            schmutzig sauber stunden tage leider bitte kunde service personal hotel ware alles vielen dank aus grüße \
            gruesse wieder gerne bestens freundlich essen frühstück fruehstueck unfreundlich kaputt gestern heute \
            qualität qualitaet preis produkt empfehlen empfehle angekommen geliefert zeit perfekt funktioniert alles \
            schlechter kundenservice lage aufenthalt ort tisch kellner bestellt versand rückgabe rueckgabe erstattung \
            geld wochen mal auch wurden hatten uns euch ihnen leider ärgerlich aergerlich enttäuscht enttaeuscht \
            badezimmer dusche toilette handtuch schimmel
            """
        case .pt:
            """
            o a os as de do da dos das em no na nos nas um uma com não nao é e para por mais muito foi está esta \
            você voce eu meu minha ele ela isso este bem também tambem já ja só so até ate ainda pelo pela porque \
            quando que produto entrega chegou recebi prazo compra loja ótimo otimo bom boa veio ser ter tem mas \
            então entao aqui dia dias pedido antes agora nada nunca sempre qualidade recomendo gostei comprei \
            atendimento quarto voo hotel sujo suja limpo limpa horas ao aos estava era \
            minhas minha meu meus expectativas superou atendeu atende custo benefício beneficio fácil facil \
            acabamento ruim péssimo pessimo fraco demais cheio bateria dura pouco estou imperdível imperdivel gente \
            vou lindo linda amando adorei celular aparelho entregue funcionando conforme fabricante quase preço \
            preco reais gostaria peço peco cancelar devo sua seu como sem bastante resistente gosta melhor
            """
        }
    }
}

extension TextLanguage {
    /// The language of a lane of the identification's scores.
    init(index: Int) {
        switch index {
        case 1: self = .es
        case 2: self = .fr
        case 3: self = .de
        case 4: self = .pt
        default: self = .en
        }
    }

    var index: Int {
        switch self {
        case .en: 0
        case .es: 1
        case .fr: 2
        case .de: 3
        case .pt: 4
        }
    }
}

/// The clues to a text's language, tallied word by word and letter by letter as the scanner reads it.
struct LanguageTally {
    var scores = SIMD8<Float>()
    // Read once per text rather than once per word.
    let shares = LanguageIdentifier.shares

    /// A word, by the languages it is a common word of (``Lexicon/Entry/languages``).
    @inline(__always)
    mutating func word(_ languages: UInt8) {
        if languages != 0 { scores += shares[Int(languages)] }
    }

    /// Endings only one language writes: -ção, -ções (Portuguese), -ción, -ieron (Spanish), -ung, -lich, -keit
    /// (German); and German's "sch" before a consonant at a word's start ("schmutzig", "Schimmel"). `word` has five
    /// bytes or more; the last byte picks the one ending worth comparing, so most words cost one comparison.
    @inline(__always)
    mutating func ending(_ word: UnsafeBufferPointer<UInt8>) {
        if word[0] == UInt8(ascii: "s") && word[1] == UInt8(ascii: "c") && word[2] == UInt8(ascii: "h") {
            switch word[3] {
            case UInt8(ascii: "l"), UInt8(ascii: "m"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "w"): scores[TextLanguage.de.index] += 0.5
            default: break
            }
        }
        let count = word.count
        @inline(__always) func ends(_ tail: StaticString) -> Bool {
            let length = tail.utf8CodeUnitCount
            guard length <= count else { return false }
            for offset in 0..<length where word[count - length + offset] != tail.utf8Start[offset] { return false }
            return true
        }
        switch word[count - 1] {
        case UInt8(ascii: "o"): if ends("ção") { scores[TextLanguage.pt.index] += 1 }
        case UInt8(ascii: "s"): if ends("ções") { scores[TextLanguage.pt.index] += 1 }
        case UInt8(ascii: "n"):
            if ends("ción") {
                scores[TextLanguage.es.index] += 1
            } else if ends("ieron") {
                scores[TextLanguage.es.index] += 0.5
            }
        case UInt8(ascii: "g"): if ends("ung") { scores[TextLanguage.de.index] += 0.5 }
        case UInt8(ascii: "h"): if ends("lich") { scores[TextLanguage.de.index] += 0.5 }
        case UInt8(ascii: "t"): if ends("keit") { scores[TextLanguage.de.index] += 0.5 }
        default: break
        }
    }

    /// A letter outside ASCII: the accents some languages alone use.
    @inline(__always)
    mutating func letter(_ scalar: UInt32) {
        switch scalar {
        case 0xE3, 0xF5, 0xC3, 0xD5: scores[TextLanguage.pt.index] += 1  // ã õ Ã Õ
        case 0xF1, 0xD1: scores[TextLanguage.es.index] += 1.5  // ñ Ñ
        case 0xDF, 0xE4, 0xF6, 0xC4, 0xD6: scores[TextLanguage.de.index] += 1  // ß ä ö Ä Ö
        case 0xFC, 0xDC: scores[TextLanguage.de.index] += 0.75  // ü Ü
        case 0xE8, 0xEE, 0xFB, 0xEB, 0xEF, 0xC8: scores[TextLanguage.fr.index] += 0.75  // è î û ë ï È
        case 0xE7, 0xC7: scores += LanguageIdentifier.cedilla  // ç Ç
        default: break
        }
    }

    /// ¿ or ¡, which open Spanish questions and exclamations.
    mutating func invertedMark() {
        scores[TextLanguage.es.index] += 1.5
    }

    /// The language with the most clues, the hint counting as one word; another language than English needs at
    /// least one clear word's worth.
    func language(hint: TextLanguage?) -> TextLanguage {
        var scores = scores
        if let hint { scores[hint.index] += 1 }
        // By lane rather than over `allCases`, which would make an array for every text.
        var best = 0
        for lane in 1..<5 where scores[lane] > scores[best] && scores[lane] >= LanguageIdentifier.least { best = lane }
        return TextLanguage(index: best)
    }
}
