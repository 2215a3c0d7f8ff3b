extension Lexicon {
    /// Writes `word` (UTF-8, ASCII letters lowercased) as the lexicon of `language` keys it, and returns how many bytes
    /// that took: accented Latin letters lose their accents (and their capitals), so "não" and "nao", "très" and
    /// "tres" are one word; German writes ä ö ü ß as ae oe ue ss, so "schön" and "schoen" are one word and "schon"
    /// stays another. `output` has room for twice the word's bytes.
    static func fold(_ word: UnsafeBufferPointer<UInt8>, language: TextLanguage, into output: UnsafeMutablePointer<UInt8>) -> Int {
        var count = 0
        var index = 0
        @inline(__always) func put(_ byte: UInt8) {
            output[count] = byte
            count += 1
        }
        while index < word.count {
            let byte = word[index]
            if byte == 0xC3 && index + 1 < word.count {
                var letter = word[index + 1]
                index += 2
                // Capitals (0x80–0x9E) lie 0x20 below their small letters; 0x9F is ß.
                if letter == 0x9F {
                    if language == .de {
                        put(UInt8(ascii: "s"))
                        put(UInt8(ascii: "s"))
                    } else {
                        put(UInt8(ascii: "s"))
                    }
                    continue
                }
                if letter < 0xA0 { letter += 0x20 }
                if language == .de, let umlaut = germanUmlaut(letter) {
                    put(umlaut)
                    put(UInt8(ascii: "e"))
                    continue
                }
                if letter == 0xA6 {
                    put(UInt8(ascii: "a"))
                    put(UInt8(ascii: "e"))
                    continue
                }
                if let plain = plainLetter(letter) {
                    put(plain)
                } else {
                    put(0xC3)
                    put(letter)
                }
            } else if byte == 0xC5 && index + 1 < word.count && (word[index + 1] == 0x93 || word[index + 1] == 0x92) {
                // œ, Œ
                put(UInt8(ascii: "o"))
                put(UInt8(ascii: "e"))
                index += 2
            } else {
                put(byte)
                index += 1
            }
        }
        return count
    }

    /// The plain letter of an accented small letter, by the second byte of its UTF-8 form after 0xC3.
    @inline(__always)
    private static func plainLetter(_ second: UInt8) -> UInt8? {
        switch second {
        case 0xA0...0xA5: UInt8(ascii: "a")
        case 0xA7: UInt8(ascii: "c")
        case 0xA8...0xAB: UInt8(ascii: "e")
        case 0xAC...0xAF: UInt8(ascii: "i")
        case 0xB1: UInt8(ascii: "n")
        case 0xB2...0xB6, 0xB8: UInt8(ascii: "o")
        case 0xB9...0xBC: UInt8(ascii: "u")
        case 0xBD, 0xBF: UInt8(ascii: "y")
        default: nil
        }
    }

    @inline(__always)
    private static func germanUmlaut(_ second: UInt8) -> UInt8? {
        switch second {
        case 0xA4: UInt8(ascii: "a")
        case 0xB6: UInt8(ascii: "o")
        case 0xBC: UInt8(ascii: "u")
        default: nil
        }
    }

    /// A French elided word at the start of `word` ("n'", "l'", "qu'"): the hash of the whole word it stands for
    /// ("ne", "le", "que") and where the rest of `word` starts; nil when `word` starts with none.
    static func elision(_ word: UnsafeBufferPointer<UInt8>) -> (hash: UInt64, restStart: Int)? {
        guard let apostrophe = word.firstIndex(of: UInt8(ascii: "'")), apostrophe >= 1, apostrophe <= 6, apostrophe + 1 < word.count else { return nil }
        return elidedWords[TextHash.word(UnsafeBufferPointer(rebasing: word[..<apostrophe]))].map { ($0, apostrophe + 1) }
    }

    /// The hashes of the words French elides, by the hash of their elided form.
    private static let elidedWords: [UInt64: UInt64] = [
        "l": "le", "d": "de", "n": "ne", "j": "je", "m": "me", "t": "te", "s": "se", "c": "ce", "qu": "que", "jusqu": "jusque",
        "lorsqu": "lorsque", "puisqu": "puisque",
    ].reduce(into: [:]) { table, pair in table[TextHash.word(pair.key.utf8)] = TextHash.word(pair.value.utf8) }
}

extension TextLanguage {
    /// `word` (lowercased) as this language's lexicon keys it: without accents ("nao" for "não"), German umlauts
    /// written out ("schoen" for "schön"). English words are kept as they are.
    public func folded(_ word: String) -> String {
        guard self != .en, word.utf8.contains(where: { $0 >= 0x80 }) else { return word }
        let bytes = Array(word.utf8)
        return bytes.withUnsafeBufferPointer { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count * 2 + 2) { storage in
                let count = Lexicon.fold(bytes, language: self, into: storage.baseAddress!)
                return String(decoding: UnsafeBufferPointer(rebasing: storage[..<count]), as: UTF8.self)
            }
        }
    }

    /// Whether `word` (lowercased) negates the words after it in this language ("not", "no", "não", "nicht", "pas").
    ///
    /// The words that only soften what follows ("poco limpia", "peu aimable") negate in the text engine's reading but
    /// not here, where a negation cancels a playbook's phrase: "un poco sucia" still names dirt.
    public func negates(_ word: String) -> Bool {
        if self == .en { return Tokenizer.isNegator(word) }
        return entry(word)?.negator == true && !Self.softeners.contains(folded(word))
    }

    private static let softeners: Set<String> = ["poco", "poca", "pocos", "pocas", "peu", "moins", "pouco", "pouca", "poucos", "poucas", "wenig"]

    /// Whether `word` (lowercased) ends the reach of a negation in this language: a contrast ("but", "pero") or a
    /// word that joins a new clause ("and", "porque").
    public func endsNegation(_ word: String) -> Bool {
        if self == .en { return Tokenizer.contrast.contains(word) }
        guard let entry = entry(word) else { return false }
        return entry.contrast || entry.joiner
    }

    private func entry(_ word: String) -> Lexicon.Entry? {
        Lexicon.table(for: self)[TextHash.word(folded(word).utf8)]
    }
}
