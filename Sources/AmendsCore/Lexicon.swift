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
    static let table: EntryTable = {
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
        return EntryTable(table)
    }()
}

/// An open-addressing hash table from word hashes to entries: the lexicon is read for every word of every text,
/// and the hashes are already well mixed, so this beats a general dictionary several times over.
struct EntryTable: Sendable {
    private let keys: [UInt64]
    private let entries: [Lexicon.Entry]
    private let mask: Int

    init(_ dictionary: [UInt64: Lexicon.Entry]) {
        var size = 16
        while size < dictionary.count * 3 { size *= 2 }
        var keys = [UInt64](repeating: 0, count: size)
        var entries = [Lexicon.Entry](repeating: Lexicon.Entry(), count: size)
        mask = size - 1
        for (key, entry) in dictionary where key != 0 {
            var slot = Self.slot(key, mask: size - 1)
            while keys[slot] != 0 { slot = (slot + 1) & (size - 1) }
            keys[slot] = key
            entries[slot] = entry
        }
        self.keys = keys
        self.entries = entries
    }

    @inline(__always)
    private static func slot(_ key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
    }

    @inline(__always)
    subscript(key: UInt64) -> Lexicon.Entry? {
        var slot = Self.slot(key, mask: mask)
        return keys.withUnsafeBufferPointer { keys in
            while true {
                let found = keys[slot]
                if found == key { return entries[slot] }
                if found == 0 { return nil }
                slot = (slot + 1) & mask
            }
        }
    }
}

/// The hashes the text engine gives words, word pairs and features.
enum TextHash {
    static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x100_0000_01b3

    /// FNV-1a of a word's bytes.
    @inline(__always)
    static func word(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash = offset
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* prime }
        return hash
    }

    /// A hash for two hashes in order.
    @inline(__always)
    static func pair(_ first: UInt64, _ second: UInt64) -> UInt64 {
        mix(first &* 0x9e37_79b9_7f4a_7c15 ^ second)
    }

    /// A 64-bit finalizer (from SplitMix64), so nearby inputs land far apart.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
