/// One pass over a feedback text: its language, the hashed features a trained model reads, and the reading of that
/// language's lexicon (sentiment, service-failure words, emphasis), with the evidence when an explanation is wanted.
/// A text in another language than the one first assumed is read a second time.
///
/// Works on the UTF-8 bytes without making strings, so it can run hundreds of thousands of times a second.
public struct TextScan: Sendable {
    /// One word or symbol that moved the reading.
    public struct Evidence: Sendable, Equatable {
        public enum Kind: String, Sendable {
            case positive, negative, failure, negated, phrase
            /// Something the customer expected, said to be missing ("kein Handtuch").
            case missing
        }

        public var kind: Kind
        public var text: String
        public var weight: Float
        /// For a negated or missing word: the negating word.
        public var negator: String?
    }

    /// Hashed features: words (marked when negated), word pairs, symbols and markers.
    public internal(set) var features: [UInt64] = []
    /// The sum of the valence of the words, after negation, intensifiers, emphasis and contrast.
    public internal(set) var valence: Float = 0
    public internal(set) var positive: Float = 0
    public internal(set) var negative: Float = 0
    /// How strongly the words name a service failure (unnegated failure vocabulary).
    public internal(set) var failure: Float = 0
    public internal(set) var exclamations = 0
    public internal(set) var questions = 0
    /// Words written in capitals for emphasis.
    public internal(set) var shouted = 0
    public internal(set) var words = 0
    /// Filled only when the scan was asked to explain.
    public internal(set) var evidence: [Evidence] = []
    /// Hashed four-letter pieces of the words ("<del", "dela", "elay", "lay>"), filled by ``readSubwords(_:)``: they
    /// let a category model hear word families and misspellings the whole words miss.
    public internal(set) var subwords: [UInt64] = []

    /// The language the text was read in: identified from its words and letters in the same pass.
    public internal(set) var language = TextLanguage.en

    public init() {
        features.reserveCapacity(96)
    }

    /// The sentiment from -1 (very negative) to +1 (very positive).
    public var sentiment: Float {
        let amplified = valence + (valence == 0 ? 0 : (valence > 0 ? 1 : -1) * Float(min(exclamations, 3)) * 0.3)
        return amplified / (amplified.magnitude + 3)
    }

    // Markers mixed into feature hashes.
    static let negatedSalt: UInt64 = 0x6e65_6761_7465_6421
    static let pairSalt: UInt64 = 0x7061_6972_7061_6972
    static let prefixSalt: UInt64 = 0x7072_6566_6978_2121
    static let subwordSalt: UInt64 = 0x7375_6277_6f72_6421
    /// The length of a subword piece, word boundaries included.
    static let subwordLength = 4  // ``pieceMask`` keeps this many bytes.
    static let urlFeature = TextHash.word("<url>".utf8)
    static let mentionFeature = TextHash.word("<mention>".utf8)
    static let hashtagFeature = TextHash.word("<hashtag>".utf8)
    static let exclamationFeature = TextHash.word("<!>".utf8)
    static let questionFeature = TextHash.word("<?>".utf8)
    static let shoutFeature = TextHash.word("<caps>".utf8)
    static let numberFeature = TextHash.word("<number>".utf8)
    /// One feature for each language but English, so a model trained on several can weigh each one's texts apart.
    static let languageFeatures: [UInt64] = TextLanguage.allCases.map { TextHash.word("<language:\($0.rawValue)>".utf8) }

    /// How many words after a negator it reaches, unless a clause ends first.
    static let negationReach = 3
    /// What a negated word's valence is multiplied by ("not good" is bad, but less bad than "bad").
    static let negationFactor: Float = -0.7
    /// How much a word in capitals, in a text not all in capitals, weighs more.
    static let shoutFactor: Float = 1.3
    /// How much failure evidence a negated positive word carries, per unit of its valence.
    static let deniedPraiseFailure: Float = 0.5
    /// What the words before a contrast ("but") weigh against those after it.
    static let beforeContrastFactor: Float = 0.5
    /// The failure evidence, and the valence, of something expected said to be missing ("sin toallas").
    static let missingFailure: Float = 1.5
    static let missingValence: Float = -1.0

    /// Reads `text` into this scan, replacing what it held, in one pass over its bytes that also tallies the clues
    /// to its language. The pass reads the words as English, or as `hint` (the page's or the customer's language,
    /// when known, which weighs as one word); when the clues say the text is in another language, the words are read
    /// again in that one.
    public mutating func read(_ text: String, hint: TextLanguage? = nil, explain: Bool = false) {
        let expected = hint ?? .en
        var text = text
        text.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: WordBytes.capacity) { storage in
                let word = WordBytes(storage.baseAddress!)
                clear()
                var reader = Reader(bytes: bytes, word: word, interpreter: Interpreter(bytes: bytes, explain: explain, language: expected))
                reader.run(into: &self)
                language = reader.tally.language(hint: hint)
                if language != expected {
                    clear()
                    var again = Reader(bytes: bytes, word: word, interpreter: Interpreter(bytes: bytes, explain: explain, language: language))
                    again.run(into: &self)
                }
            }
        }
    }

    private mutating func clear() {
        features.removeAll(keepingCapacity: true)
        evidence.removeAll()
        valence = 0
        positive = 0
        negative = 0
        failure = 0
        exclamations = 0
        questions = 0
        shouted = 0
        words = 0
        subwords.removeAll(keepingCapacity: true)
    }

    /// Reads the subword pieces of `text` into ``subwords``, leaving the rest of the scan as it is.
    ///
    /// A word here is a run of letters, digits, apostrophes and non-ASCII bytes, lowercased, with runs of a letter cut
    /// to two as the words are, and without trailing apostrophes; @mentions and links are left out, a hashtag's words
    /// are kept. Each piece is the last four bytes of `<word>` at each step, packed into one number and hashed once.
    public mutating func readSubwords(_ text: String) {
        subwords.removeAll(keepingCapacity: true)
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                guard Self.isSubwordByte(byte) && byte != Self.apostrophe else {
                    index += 1
                    // A mention says who, not what went wrong.
                    if byte == UInt8(ascii: "@") {
                        while index < bytes.count && !Self.isSpace(bytes[index]) { index += 1 }
                    }
                    continue
                }
                let first = subwords.count
                // The last bytes of `<word`, newest lowest; how many there are; apostrophes held back until a letter follows.
                var window = UInt64(UInt8(ascii: "<"))
                var length = 1
                var heldApostrophes = 0
                // The word's first letters as written (up to six; any apostrophe counts as many), for telling links.
                var head: UInt64 = 0
                var letters = 0
                while index < bytes.count && Self.isSubwordByte(bytes[index]) {
                    var lower = bytes[index]
                    index += 1
                    if lower == Self.apostrophe {
                        heldApostrophes += 1
                        continue
                    }
                    if lower >= 0x41 && lower <= 0x5a { lower += 32 }
                    if heldApostrophes == 0 && letters < 6 {
                        head = (head << 8) | UInt64(lower)
                        letters += 1
                    } else {
                        letters = 6
                    }
                    for _ in 0..<heldApostrophes { push(Self.apostrophe, &window, &length) }
                    heldApostrophes = 0
                    // A third repeat of a letter adds nothing ("sooo" reads as "soo").
                    if length >= 3 && window & 0xff == UInt64(lower) && (window >> 8) & 0xff == UInt64(lower) { continue }
                    push(lower, &window, &length)
                }
                // "http" and "www" start links: the rest of the link goes with them.
                if letters <= 5 && (head == Self.http || head == Self.https || head == Self.www) {
                    subwords.removeSubrange(first...)
                    while index < bytes.count && !Self.isSpace(bytes[index]) { index += 1 }
                    continue
                }
                window = (window << 8) | UInt64(UInt8(ascii: ">"))
                length += 1
                // A word too short for one whole piece is one piece; otherwise the last piece ends at `>`.
                let piece = length < Self.subwordLength ? window | UInt64(length) << 56 : window & Self.pieceMask
                subwords.append(TextHash.mix(piece ^ Self.subwordSalt))
            }
        }
    }

    /// Adds one byte of a word, and the piece ending at it once there are enough bytes.
    @inline(__always)
    private mutating func push(_ byte: UInt8, _ window: inout UInt64, _ length: inout Int) {
        window = (window << 8) | UInt64(byte)
        length += 1
        if length >= Self.subwordLength { subwords.append(TextHash.mix((window & Self.pieceMask) ^ Self.subwordSalt)) }
    }

    static let apostrophe = UInt8(ascii: "'")
    static let pieceMask: UInt64 = 0xffff_ffff
    /// The first letters of link words, packed as `readSubwords` packs a word's head.
    static let http = packed("http")
    static let https = packed("https")
    static let www = packed("www")

    static func packed(_ word: String) -> UInt64 {
        word.utf8.reduce(0) { ($0 << 8) | UInt64($1) }
    }

    @inline(__always)
    static func isSubwordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "'")
            || byte >= 0x80
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0a || byte == 0x0d || byte == 0x09
    }
}

/// The bytes of the word being read, in scratch memory of the scan: no array to grow or to check for sharing on
/// every letter. A word longer than the capacity is read as its first bytes.
private struct WordBytes: Sequence {
    static let capacity = 128
    let base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0

    init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base }

    var isEmpty: Bool { count == 0 }
    var last: UInt8? { count > 0 ? base[count - 1] : nil }
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        guard count < Self.capacity else { return }
        base[count] = byte
        count += 1
    }

    mutating func removeLast() { count -= 1 }
    mutating func removeAll() { count = 0 }

    @inline(__always)
    subscript(index: Int) -> UInt8 { base[index] }

    /// The first `length` bytes.
    func prefix(_ length: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: Swift.min(length, count)) }

    func makeIterator() -> UnsafeBufferPointer<UInt8>.Iterator { bytes.makeIterator() }
}

/// One item of a text as the reader splits it: a word, an emoticon or emoji, a marker feature (a link, a mention,
/// "!"), or the end of a clause.
struct ScanItem {
    enum Kind: UInt8 {
        case word, symbol, marker, clauseEnd
    }

    static let shoutedFlag: UInt8 = 1
    static let elongatedFlag: UInt8 = 2
    static let numberFlag: UInt8 = 4
    static let contractionFlag: UInt8 = 8
    static let nonASCIIFlag: UInt8 = 16
    static let apostropheFlag: UInt8 = 32

    var kind: Kind
    var flags: UInt8 = 0
    /// Where a symbol starts in the text, and its length in bytes.
    var start: Int32 = 0
    var count: Int32 = 0
    /// Where a word starts and ends in the text.
    var textStart: Int32 = 0
    var textEnd: Int32 = 0
    /// The word's or symbol's hash as written (lowercased), or the marker's feature.
    var hash: UInt64
    /// The hash of a word's first five bytes, when it has six or more and is no number.
    var prefixHash: UInt64 = 0
    /// Where the English table holds the word, or -1.
    var englishSlot: Int32 = -1

    @inline(__always)
    func has(_ flag: UInt8) -> Bool { flags & flag != 0 }
}

/// Walks the bytes once, splitting words, emoticons, emoji and punctuation into items for its interpreter, and tallies
/// the clues to the text's language as it goes.
private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var interpreter: Interpreter
    /// The English table, which also holds every language's emoticons and common words (read once per scan, not once
    /// per word).
    let symbols = Lexicon.table
    var position = 0

    // The word being read.
    var word: WordBytes
    var wordStart = 0
    var letters = 0
    var capitals = 0
    var elongated = false
    var nonASCII = false
    /// Where the word's first apostrophe is, if any.
    var apostrophe = -1
    var allCapitals = true
    var tally = LanguageTally()

    init(bytes: UnsafeBufferPointer<UInt8>, word: WordBytes, interpreter: Interpreter) {
        self.bytes = bytes
        self.word = word
        self.interpreter = interpreter
        // A text written wholly in capitals shouts nothing in particular.
        var lower = false
        var upper = 0
        for byte in bytes {
            if byte >= 0x61 && byte <= 0x7a {
                lower = true
                break
            }
            if byte >= 0x41 && byte <= 0x5a { upper += 1 }
        }
        allCapitals = !lower && upper > 3
    }

    mutating func run(into scan: inout TextScan) {
        while position < bytes.count {
            let byte = bytes[position]
            if isWordByte(byte) {
                if word.isEmpty {
                    wordStart = position
                    if startsURL() {
                        skipToSpace()
                        interpreter.receive(ScanItem(kind: .marker, hash: TextScan.urlFeature), into: &scan)
                        continue
                    }
                }
                appendLetter(byte)
                position += 1
            } else if byte == UInt8(ascii: "'") && !word.isEmpty {
                if apostrophe < 0 { apostrophe = word.count }
                word.append(byte)
                position += 1
            } else if byte == 0xE2 && position + 2 < bytes.count && bytes[position + 1] == 0x80 && (bytes[position + 2] == 0x99 || bytes[position + 2] == 0x98) {
                // A curly apostrophe inside a word reads as a straight one.
                if !word.isEmpty {
                    if apostrophe < 0 { apostrophe = word.count }
                    word.append(UInt8(ascii: "'"))
                } else {
                    finishWord(into: &scan)
                }
                position += 3
            } else if byte >= 0x80 {
                let (scalar, length) = decodeScalar()
                if isEmoji(scalar) {
                    finishWord(into: &scan)
                    let hash = TextHash.word(UnsafeBufferPointer(rebasing: bytes[position..<position + length]))
                    interpreter.receive(ScanItem(kind: .symbol, start: Int32(position), count: Int32(length), hash: hash), into: &scan)
                } else if isJoiner(scalar) {
                    // Variation selectors, joiners and skin tones belong to the emoji before them.
                } else if isLetterLike(scalar) {
                    if word.isEmpty { wordStart = position }
                    for offset in 0..<length { word.append(bytes[position + offset]) }
                    letters += 1
                    nonASCII = true
                    tally.letter(scalar)
                } else {
                    finishWord(into: &scan)
                    // ¿ and ¡ open Spanish questions and exclamations.
                    if scalar == 0xBF || scalar == 0xA1 { tally.invertedMark() }
                    interpreter.receive(ScanItem(kind: .clauseEnd, hash: 0), into: &scan)
                }
                position += length
            } else {
                finishWord(into: &scan)
                punctuation(byte, into: &scan)
            }
        }
        finishWord(into: &scan)
        interpreter.finish(into: &scan)
    }

    // MARK: Bytes

    @inline(__always)
    func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x30 && byte <= 0x39)
    }

    @inline(__always)
    mutating func appendLetter(_ byte: UInt8) {
        var lower = byte
        if byte >= 0x41 && byte <= 0x5a {
            lower = byte + 32
            capitals += 1
        }
        if byte >= 0x41 { letters += 1 }
        // "sooooo" reads as "soo": runs of one letter longer than two are cut to two.
        let count = word.count
        if count >= 2 && word[count - 1] == lower && word[count - 2] == lower {
            elongated = true
            return
        }
        word.append(lower)
    }

    func startsURL() -> Bool {
        func matches(_ prefix: StaticString) -> Bool {
            let count = prefix.utf8CodeUnitCount
            guard position + count <= bytes.count else { return false }
            let start = prefix.utf8Start
            for offset in 0..<count {
                var byte = bytes[position + offset]
                if byte >= 0x41 && byte <= 0x5a { byte += 32 }
                if byte != start[offset] { return false }
            }
            return true
        }
        return matches("http://") || matches("https://") || matches("www.")
    }

    mutating func skipToSpace() {
        while position < bytes.count && bytes[position] > 0x20 { position += 1 }
    }

    func decodeScalar() -> (UInt32, Int) {
        let first = bytes[position]
        let length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1
        guard position + length <= bytes.count, length > 1 else { return (UInt32(first), 1) }
        var value = UInt32(first) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length { value = (value << 6) | (UInt32(bytes[position + offset]) & 0x3F) }
        return (value, length)
    }

    func isEmoji(_ scalar: UInt32) -> Bool {
        (scalar >= 0x1F300 && scalar <= 0x1FAFF && !(scalar >= 0x1F3FB && scalar <= 0x1F3FF)) || (scalar >= 0x2600 && scalar <= 0x27BF)
            || (scalar >= 0x1F000 && scalar <= 0x1F2FF) || scalar == 0x2B50 || scalar == 0x2764
    }

    func isJoiner(_ scalar: UInt32) -> Bool {
        scalar == 0x200D || (scalar >= 0xFE00 && scalar <= 0xFE0F) || (scalar >= 0x1F3FB && scalar <= 0x1F3FF) || scalar == 0x20E3
    }

    func isLetterLike(_ scalar: UInt32) -> Bool {
        // Latin, Greek, Cyrillic and other alphabets, and the scripts of Asia, continue a word; general
        // punctuation, spaces and symbols (U+2000–U+2BFF) end it.
        !(scalar >= 0x2000 && scalar <= 0x2BFF) && scalar != 0xA0 && scalar != 0x3000 && !(scalar >= 0xA1 && scalar <= 0xBF)
    }

    // MARK: Punctuation and symbols

    mutating func punctuation(_ byte: UInt8, into scan: inout TextScan) {
        switch byte {
        case UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: "<"), UInt8(ascii: "("), UInt8(ascii: ")"):
            // An emoticon, if one starts here: the longest known one wins. Every language's table knows the same ones.
            for length in stride(from: 4, through: 2, by: -1) where position + length <= bytes.count {
                let hash = TextHash.word(UnsafeBufferPointer(rebasing: bytes[position..<position + length]))
                if let entry = symbols[hash], entry.valence != 0 {
                    interpreter.receive(ScanItem(kind: .symbol, start: Int32(position), count: Int32(length), hash: hash), into: &scan)
                    position += length
                    return
                }
            }
            if byte != UInt8(ascii: "(") && byte != UInt8(ascii: ")") && byte != UInt8(ascii: "=") && byte != UInt8(ascii: "<") {
                interpreter.receive(ScanItem(kind: .clauseEnd, hash: 0), into: &scan)
            }
            position += 1
        case UInt8(ascii: "@"):
            // A handle names somebody, not what happened: one marker for all of them.
            position += 1
            while position < bytes.count && (isWordByte(bytes[position]) || bytes[position] == UInt8(ascii: "_")) { position += 1 }
            interpreter.receive(ScanItem(kind: .marker, hash: TextScan.mentionFeature), into: &scan)
        case UInt8(ascii: "#"):
            interpreter.receive(ScanItem(kind: .marker, hash: TextScan.hashtagFeature), into: &scan)
            position += 1
        case UInt8(ascii: "!"):
            scan.exclamations += 1
            if scan.exclamations == 1 { interpreter.receive(ScanItem(kind: .marker, hash: TextScan.exclamationFeature), into: &scan) }
            interpreter.receive(ScanItem(kind: .clauseEnd, hash: 0), into: &scan)
            position += 1
        case UInt8(ascii: "?"):
            scan.questions += 1
            if scan.questions == 1 { interpreter.receive(ScanItem(kind: .marker, hash: TextScan.questionFeature), into: &scan) }
            interpreter.receive(ScanItem(kind: .clauseEnd, hash: 0), into: &scan)
            position += 1
        case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "["), UInt8(ascii: "]"):
            interpreter.receive(ScanItem(kind: .clauseEnd, hash: 0), into: &scan)
            position += 1
        default:
            position += 1
        }
    }

    // MARK: Words

    mutating func finishWord(into scan: inout TextScan) {
        guard !word.isEmpty else { return }
        defer {
            word.removeAll()
            letters = 0
            capitals = 0
            elongated = false
            nonASCII = false
            apostrophe = -1
        }
        while word.last == UInt8(ascii: "'") { word.removeLast() }
        guard !word.isEmpty else { return }
        scan.words += 1
        let count = word.count
        let hash = TextHash.word(word.bytes)
        var flags: UInt8 = 0
        if letters == 0 { flags |= ScanItem.numberFlag }
        if !allCapitals && letters >= 2 && capitals == letters {
            flags |= ScanItem.shoutedFlag
            scan.shouted += 1
        }
        if elongated { flags |= ScanItem.elongatedFlag }
        if nonASCII { flags |= ScanItem.nonASCIIFlag }
        if apostrophe >= 0 { flags |= ScanItem.apostropheFlag }
        // A contraction like "wasn't" negates what follows.
        if count > 3 && word[count - 1] == UInt8(ascii: "t") && word[count - 2] == UInt8(ascii: "'") && word[count - 3] == UInt8(ascii: "n") {
            flags |= ScanItem.contractionFlag
        }
        // One lookup in the English table gives the word's English reading and the languages it is common in.
        let slot = symbols.slot(of: hash)
        let item = ScanItem(
            kind: .word, flags: flags, textStart: Int32(wordStart), textEnd: Int32(position), hash: hash,
            prefixHash: count >= 6 && letters > 0 ? TextHash.word(word.prefix(5)) : 0, englishSlot: slot)
        interpreter.word(item, word.bytes, into: &scan)
        // The language's clues: a common word, or the two halves of a French elision ("n'était", "qu'il").
        if apostrophe == 1 || apostrophe == 2, apostrophe + 1 < count {
            tally.word(symbols[TextHash.word(word.prefix(apostrophe + 1))]?.languages ?? 0)
            tally.word(symbols[TextHash.word(UnsafeBufferPointer(rebasing: word.bytes[(apostrophe + 1)...]))]?.languages ?? 0)
        } else if slot >= 0 {
            tally.word(symbols.value(atSlot: slot).languages)
        }
        if count >= 5 { tally.ending(word.bytes) }
    }
}

/// Reads the items of a text in one language, with that language's lexicon and rules, into the scan's features and
/// reading, as the reader splits them.
private struct Interpreter {
    let bytes: UnsafeBufferPointer<UInt8>
    let explain: Bool
    let language: TextLanguage
    let table: EntryTable<Lexicon.Entry>

    init(bytes: UnsafeBufferPointer<UInt8>, explain: Bool, language: TextLanguage) {
        self.bytes = bytes
        self.explain = explain
        self.language = language
        table = Lexicon.table(for: language)
    }

    // Context from the words before.
    var previous: UInt64 = 0
    var beforePrevious: UInt64 = 0
    var previousContribution: Float = 0
    var previousFailure: Float = 0
    /// The evidence the word before added, if any (explaining scans only).
    var previousEvidence = -1
    var negationLeft = 0
    var negatorText = ""
    var intensity: Float = 0
    var shouts = 0
    /// The last word of the clause that moved the valence, unnegated: a clause-final German "nicht" negates it.
    var clauseWord: (contribution: Float, valence: Float, evidence: Int)?
    /// The word before was a German "nicht" (as written, when explaining): if its clause ends here, it negates
    /// ``clauseWord``.
    var trailing: String?

    // The word being read.
    var textStart = 0
    var textEnd = 0

    /// Takes the next item of the text other than a word.
    mutating func receive(_ item: ScanItem, into scan: inout TextScan) {
        if let negator = trailing {
            trailing = nil
            negateClauseWord(negator, into: &scan)
        }
        switch item.kind {
        case .word: break
        case .marker:
            scan.features.append(item.hash)
        case .clauseEnd:
            endClause()
        case .symbol:
            symbol(item, into: &scan)
        }
    }

    /// The text has ended.
    mutating func finish(into scan: inout TextScan) {
        if let negator = trailing {
            trailing = nil
            negateClauseWord(negator, into: &scan)
        }
        if language != .en { scan.features.append(TextScan.languageFeatures[language.index]) }
    }

    /// Takes the next word of the text, with its bytes (ASCII letters lowercased).
    @inline(__always)
    mutating func word(_ item: ScanItem, _ word: UnsafeBufferPointer<UInt8>, into scan: inout TextScan) {
        textStart = Int(item.textStart)
        textEnd = Int(item.textEnd)
        if language == .en || item.flags & (ScanItem.nonASCIIFlag | ScanItem.apostropheFlag) == 0 {
            interpret(word, written: word, hash: item.hash, prefix: item.prefixHash, slot: language == .en ? item.englishSlot : nil, flags: item.flags, into: &scan)
        } else {
            interpretFolded(word, item: item, into: &scan)
        }
    }

    /// A clause ends: negation stops, and word pairs do not reach across.
    mutating func endClause() {
        negationLeft = 0
        intensity = 0
        previous = 0
        beforePrevious = 0
        previousContribution = 0
        previousFailure = 0
        clauseWord = nil
    }

    /// An emoticon or emoji: a feature of its own, and its valence.
    mutating func symbol(_ item: ScanItem, into scan: inout TextScan) {
        scan.features.append(item.hash)
        guard let entry = table[item.hash], entry.valence != 0 else { return }
        add(entry.valence, to: &scan)
        if explain {
            let range = Int(item.start)..<Int(item.start + item.count)
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            scan.evidence.append(.init(kind: entry.valence > 0 ? .positive : .negative, text: text, weight: entry.valence))
        }
    }

    mutating func add(_ value: Float, to scan: inout TextScan) {
        scan.valence += value
        if value > 0 { scan.positive += value } else { scan.negative -= value }
    }

    /// A word of a language other than English: folded (accents, umlauts), split where French elides, and looked up
    /// by its parts where German compounds.
    mutating func interpretFolded(_ word: UnsafeBufferPointer<UInt8>, item: ScanItem, into scan: inout TextScan) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: word.count * 2 + 2) { storage in
            let folded = UnsafeBufferPointer(rebasing: storage[..<Lexicon.fold(word, language: language, into: storage.baseAddress!)])
            if language == .fr, let split = Lexicon.elision(folded) {
                // The elided word is read whole ("n'" as "ne"); its letters are plain ASCII, so it ends where the word
                // as written has its apostrophe too.
                let written = UnsafeBufferPointer(rebasing: word[..<split.restStart])
                interpret(
                    UnsafeBufferPointer(rebasing: folded[..<(split.restStart - 1)]), written: written, hash: split.hash, prefix: 0,
                    flags: item.flags & ~ScanItem.shoutedFlag, into: &scan)
                let rest = UnsafeBufferPointer(rebasing: folded[split.restStart...])
                let restWritten = UnsafeBufferPointer(rebasing: word[split.restStart...])
                interpret(rest, written: restWritten, hash: TextHash.word(rest), prefix: prefix(rest, flags: item.flags), flags: item.flags, into: &scan)
            } else {
                interpret(folded, written: word, hash: TextHash.word(folded), prefix: prefix(folded, flags: item.flags), flags: item.flags, into: &scan)
            }
        }
    }

    /// The hash of the first five bytes of a folded word of six or more, which stands for its family.
    func prefix(_ word: UnsafeBufferPointer<UInt8>, flags: UInt8) -> UInt64 {
        word.count >= 6 && flags & ScanItem.numberFlag == 0 ? TextHash.word(UnsafeBufferPointer(rebasing: word[..<5])) : 0
    }

    /// The entry of a word the table does not hold as written: with its doubled letters single ("baaad"), or, in
    /// German, by the parts of a compound.
    func lookupAgain(_ word: UnsafeBufferPointer<UInt8>, flags: UInt8) -> Lexicon.Entry? {
        if flags & ScanItem.elongatedFlag != 0 {
            var single: [UInt8] = []
            for byte in word where single.last != byte { single.append(byte) }
            if let entry = table[TextHash.word(single)] { return entry }
        }
        if language == .de && word.count >= 8 {
            // The head of a German compound is its last part ("Frühstücksbuffet"); failing that, its first part
            // carries the meaning ("Schimmelflecken"). Each part has at least four letters.
            for start in 4...(word.count - 4) {
                if let entry = table[TextHash.word(UnsafeBufferPointer(rebasing: word[start...]))], entry.valence != 0 || entry.failure != 0 {
                    return entry
                }
            }
            for end in stride(from: word.count - 4, through: 4, by: -1) {
                if let entry = table[TextHash.word(UnsafeBufferPointer(rebasing: word[..<end]))], entry.valence != 0 || entry.failure != 0 {
                    return entry
                }
            }
        }
        return nil
    }

    /// Reads one word: `word` as the lexicon knows it (folded), `written` as the text has it (for explanations), `prefix`
    /// the hash of its first five bytes (0 for none), `slot` where the English table holds it, when the reader looked.
    @inline(__always)
    mutating func interpret(
        _ word: UnsafeBufferPointer<UInt8>, written: UnsafeBufferPointer<UInt8>, hash: UInt64, prefix: UInt64, slot: Int32? = nil, flags: UInt8,
        into scan: inout TextScan
    ) {
        let evidenceBefore = scan.evidence.count
        defer { previousEvidence = scan.evidence.count > evidenceBefore && explain ? scan.evidence.count - 1 : -1 }
        let isNumber = flags & ScanItem.numberFlag != 0
        let shouted = flags & ScanItem.shoutedFlag != 0
        let elongated = flags & ScanItem.elongatedFlag != 0
        let contraction = flags & ScanItem.contractionFlag != 0
        if shouted {
            shouts += 1
            if shouts == 1 { scan.features.append(TextScan.shoutFeature) }
        }
        // The English table's slot, which the reader found, saves a second lookup.
        var entry = slot.map { $0 >= 0 ? table.value(atSlot: $0) : nil } ?? table[hash]
        // (An English entry may hold only the languages a word is common in: it says nothing of a drawn-out word.)
        if (entry == nil || entry?.saysNothing == true) && (elongated || language == .de) { entry = lookupAgain(word, flags: flags) ?? entry }
        if let negator = trailing {
            // A German "nicht" before a word that starts a new clause ("und", "aber") ended its own.
            trailing = nil
            if entry?.joiner == true || entry?.contrast == true { negateClauseWord(negator, into: &scan) }
        }
        // A negator is not itself negated ("not nobody" is no double negative here); it starts its own reach.
        let negated = negationLeft > 0 && entry?.negator != true && !contraction

        // Features: the word (marked when negated), and the pair with the word before.
        scan.features.append(isNumber ? TextScan.numberFeature : (negated ? TextHash.pair(hash, TextScan.negatedSalt) : hash))
        if previous != 0 { scan.features.append(TextHash.pair(previous ^ TextScan.pairSalt, hash)) }
        // The first five letters of a long word stand for its family ("delayed", "delays" → "delay").
        if prefix != 0 { scan.features.append(prefix ^ TextScan.prefixSalt) }

        // A known phrase ending here replaces what its first word contributed ("no problem", "not bad").
        var phrase: Lexicon.Entry?
        var phraseWords = 0
        if previous != 0 {
            if beforePrevious != 0, let three = table[TextHash.pair(TextHash.pair(beforePrevious, previous), hash)], three.valence != 0 || three.failure != 0 {
                phrase = three
                phraseWords = 3
            } else if let two = table[TextHash.pair(previous, hash)], two.valence != 0 || two.failure != 0 {
                phrase = two
                phraseWords = 2
            }
        }
        if let phrase {
            // The phrase says what its first words said alone: their evidence gives way to the phrase's.
            if explain && previousEvidence >= 0 && previousEvidence == scan.evidence.count - 1 { scan.evidence.removeLast() }
            scan.valence -= previousContribution
            if previousContribution > 0 { scan.positive -= previousContribution } else { scan.negative += previousContribution }
            scan.failure -= previousFailure
            add(phrase.valence, to: &scan)
            scan.failure += phrase.failure
            negationLeft = 0
            clauseWord = nil
            if explain {
                scan.evidence.append(.init(kind: .phrase, text: phraseText(words: phraseWords), weight: phrase.valence != 0 ? phrase.valence : -phrase.failure))
            }
            previousContribution = phrase.valence
            previousFailure = phrase.failure
            intensity = 0
        } else {
            var contribution: Float = 0
            var failure: Float = 0
            if let entry {
                if entry.valence != 0 {
                    contribution = entry.valence * (1 + intensity) * (shouted ? TextScan.shoutFactor : 1) * (elongated ? 1.15 : 1)
                    if negated { contribution *= TextScan.negationFactor }
                    add(contribution, to: &scan)
                }
                if entry.failure > 0 && !negated {
                    failure = entry.failure
                    scan.failure += failure
                } else if negated && entry.valence > 0 {
                    // Praise denied ("not clean", "not working", "not happy") is how customers name a failure.
                    failure = min(entry.valence, 3) * TextScan.deniedPraiseFailure
                    scan.failure += failure
                } else if negated && entry.amenity {
                    // Something missing that should be there ("kein Handtuch", "sin toallas").
                    failure = TextScan.missingFailure
                    scan.failure += failure
                    contribution = TextScan.missingValence
                    add(contribution, to: &scan)
                }
                if explain && (contribution != 0 || entry.failure > 0) {
                    let text = wordText(written)
                    if negated && entry.amenity && entry.valence == 0 {
                        scan.evidence.append(.init(kind: .missing, text: text, weight: failure, negator: negatorText))
                    } else if negated {
                        scan.evidence.append(.init(kind: .negated, text: text, weight: contribution, negator: negatorText))
                    } else if failure > 0 {
                        scan.evidence.append(.init(kind: .failure, text: text, weight: failure))
                    } else {
                        scan.evidence.append(.init(kind: contribution > 0 ? .positive : .negative, text: text, weight: contribution))
                    }
                }
                if contribution != 0 && !negated && language == .de {
                    clauseWord = (contribution, entry.valence, explain ? scan.evidence.count - 1 : -1)
                }
            }
            previousContribution = contribution
            previousFailure = failure
            intensity = entry?.intensifier ?? 0
        }

        if entry?.contrast == true {
            // What comes after "but" is the point: what came before weighs half.
            scan.valence *= TextScan.beforeContrastFactor
            scan.positive *= TextScan.beforeContrastFactor
            scan.negative *= TextScan.beforeContrastFactor
            negationLeft = 0
            clauseWord = nil
        } else if entry?.joiner == true {
            negationLeft = 0
            clauseWord = nil
        } else if phrase == nil && (entry?.negator == true || contraction) {
            if entry?.trailingNegator == true { trailing = explain ? wordText(written) : "" }
            negationLeft = TextScan.negationReach
            if explain { negatorText = wordText(written) }
        } else if negationLeft > 0 && entry?.clitic != true {
            negationLeft -= 1
        }
        beforePrevious = previous
        previous = hash
    }

    /// A German "nicht" at the end of its clause negates the verb or adjective before it ("das WLAN funktioniert
    /// nicht", "ich mag es nicht").
    mutating func negateClauseWord(_ negator: String, into scan: inout TextScan) {
        guard let (contribution, valence, evidence) = clauseWord else { return }
        clauseWord = nil
        scan.valence -= contribution
        if contribution > 0 { scan.positive -= contribution } else { scan.negative += contribution }
        let negated = contribution * TextScan.negationFactor
        add(negated, to: &scan)
        if valence > 0 { scan.failure += min(valence, 3) * TextScan.deniedPraiseFailure }
        if evidence >= 0 && evidence < scan.evidence.count {
            scan.evidence[evidence].kind = .negated
            scan.evidence[evidence].weight = negated
            scan.evidence[evidence].negator = negator
        }
    }

    /// A word as written, lowercased (the reader lowercases ASCII letters only).
    func wordText(_ written: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: written, as: UTF8.self)
        return written.contains(where: { $0 >= 0x80 }) ? text.lowercased() : text
    }

    /// The phrase's words as written: from the start of the first of its `words` through this one, trimmed.
    func phraseText(words: Int) -> String {
        var start = textStart
        var spaces = 0
        while start > 0 {
            let byte = bytes[start - 1]
            if byte == UInt8(ascii: " ") {
                spaces += 1
                if spaces > words - 1 { break }
            }
            start -= 1
        }
        var text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<textEnd]), as: UTF8.self).lowercased()
        while text.first == " " { text.removeFirst() }
        return text
    }
}
