/// The built-in English lexicon of the text engine: word valence, service-failure vocabulary, intensifiers,
/// emoticons and phrases, compiled once into a table keyed by the engine's word hashes.
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

    /// The compiled table.
    static let table: EntryTable<Entry> = {
        var table: [UInt64: Entry] = [:]
        func key(_ text: String) -> UInt64 {
            let words = text.split(separator: " ")
            var hash = TextHash.word(Substring(words[0]).utf8)
            for word in words.dropFirst() { hash = TextHash.pair(hash, TextHash.word(Substring(word).utf8)) }
            return hash
        }
        for (word, value) in valenceEntries { table[key(word), default: Entry()].valence = value }
        for (word, value) in phraseEntries { table[key(word), default: Entry()].valence = value }
        for (word, value) in failureEntries { table[key(word), default: Entry()].failure = value }
        for (word, value) in intensifierEntries { table[key(word), default: Entry()].intensifier = value }
        for (symbol, value) in emoticonEntries { table[TextHash.word(symbol.utf8), default: Entry()].valence = value }
        for word in negators { table[key(word), default: Entry()].negator = true }
        for word in contrasts { table[key(word), default: Entry()].contrast = true }
        for word in joiners { table[key(word), default: Entry()].joiner = true }
        return EntryTable(table, empty: Entry())
    }()
}
