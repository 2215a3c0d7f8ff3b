/// The built-in lexicons of the text engine, one per language: word valence, service-failure vocabulary,
/// intensifiers, emoticons and phrases, each compiled once into a table keyed by the engine's word hashes.
public enum Lexicon {
    /// What the lexicon knows of one word (or phrase, keyed by the hash of its words).
    struct Entry: Sendable {
        var valence: Float = 0
        var failure: Float = 0
        var intensifier: Float = 0
        var negator = false
        var contrast = false
        /// Joins a new clause or item ("and", "or"): a negation does not reach past it.
        var joiner = false
        /// Stands between a negator and its verb without using up the negation's reach ("no me lo dieron").
        var clitic = false
        /// Something a customer expects to find: negated, it names a failure ("kein Handtuch").
        var amenity = false
        /// At the end of a clause, negates the word before it (German "funktioniert nicht").
        var trailingNegator = false
        /// In the English table: the languages the word is a common word of, one bit each (and
        /// ``LanguageIdentifier/weakBit``), for telling a text's language in the same lookup.
        var languages: UInt8 = 0

        /// Whether the entry is there only for the languages a word is common in.
        var saysNothing: Bool {
            valence == 0 && failure == 0 && intensifier == 0 && !negator && !contrast && !joiner && !clitic && !amenity && !trailingNegator
        }
    }

    /// Words that negate what follows them, besides any word ending in "n't".
    static let negators = [
        "not", "no", "never", "without", "nothing", "nobody", "none", "neither", "nor", "cannot", "cant", "dont", "didnt",
        "wasnt", "isnt", "arent", "werent", "wont", "couldnt", "wouldnt", "shouldnt", "hasnt", "havent", "hadnt", "doesnt",
        "aint", "nowhere", "noone",
    ]

    /// Words after which the writer's real point usually comes ("nice staff but the room was dirty").
    static let contrasts = ["but", "however", "although", "though", "yet", "except", "unfortunately", "sadly"]

    /// Words that start a new clause or item: "not clean and smelly" still complains of the smell.
    static let joiners = ["and", "or", "because", "so", "while", "then", "plus", "also"]

    /// The English table (emoticons and emoji are the same in every language's table).
    static let table: EntryTable<Entry> = {
        var table: [UInt64: Entry] = [:]
        func key(_ text: String) -> UInt64 { phraseKey(text, language: .en) }
        for (word, value) in valenceEntries { table[key(word), default: Entry()].valence = value }
        for (word, value) in phraseEntries { table[key(word), default: Entry()].valence = value }
        for (word, value) in failureEntries { table[key(word), default: Entry()].failure = value }
        for (word, value) in intensifierEntries { table[key(word), default: Entry()].intensifier = value }
        for (symbol, value) in emoticonEntries { table[TextHash.word(symbol.utf8), default: Entry()].valence = value }
        for word in negators { table[key(word), default: Entry()].negator = true }
        for word in contrasts { table[key(word), default: Entry()].contrast = true }
        for word in joiners { table[key(word), default: Entry()].joiner = true }
        // Every language's common words, as written: the scanner's reader looks each word up here once, for its
        // English reading and for the clues to its language.
        for (hash, languages) in LanguageIdentifier.words { table[hash, default: Entry()].languages = languages }
        return EntryTable(table, empty: Entry())
    }()

    static let spanish = compile(.spanish, language: .es)
    static let french = compile(.french, language: .fr)
    static let german = compile(.german, language: .de, trailingNegators: ["nicht", "nie", "niemals"])
    static let portuguese = compile(.portuguese, language: .pt)

    @inline(__always)
    static func table(for language: TextLanguage) -> EntryTable<Entry> {
        switch language {
        case .en: table
        case .es: spanish
        case .fr: french
        case .de: german
        case .pt: portuguese
        }
    }

    /// One language's table, its words keyed as the scanner folds them.
    static func compile(_ words: LanguageWords, language: TextLanguage, trailingNegators: [String] = []) -> EntryTable<Entry> {
        var table: [UInt64: Entry] = [:]
        func key(_ text: String) -> UInt64 { phraseKey(text, language: language) }
        // A word given twice (with and without its accents, say) keeps its strongest reading.
        func stronger(_ old: Float, _ new: Float) -> Float { old.magnitude >= new.magnitude && old != 0 ? old : new }
        for (word, value) in words.valence { table[key(word), default: Entry()].valence = stronger(table[key(word)]?.valence ?? 0, value) }
        for (word, value) in words.failure { table[key(word), default: Entry()].failure = stronger(table[key(word)]?.failure ?? 0, value) }
        for (word, value) in words.intensifiers { table[key(word), default: Entry()].intensifier = value }
        for (symbol, value) in emoticonEntries { table[TextHash.word(symbol.utf8), default: Entry()].valence = value }
        for word in words.negators { table[key(word), default: Entry()].negator = true }
        for word in words.contrasts { table[key(word), default: Entry()].contrast = true }
        for word in words.joiners { table[key(word), default: Entry()].joiner = true }
        for word in words.clitics { table[key(word), default: Entry()].clitic = true }
        for word in words.amenities { table[key(word), default: Entry()].amenity = true }
        for word in trailingNegators { table[key(word), default: Entry()].trailingNegator = true }
        return EntryTable(table, empty: Entry())
    }

    /// The key of a word or phrase (words joined by single spaces), each word folded as `language` folds it.
    static func phraseKey(_ text: String, language: TextLanguage) -> UInt64 {
        func wordKey(_ word: Substring) -> UInt64 { TextHash.word(language.folded(word.lowercased()).utf8) }
        let words = text.split(separator: " ")
        var hash = wordKey(words[0])
        for word in words.dropFirst() { hash = TextHash.pair(hash, wordKey(word)) }
        return hash
    }
}
