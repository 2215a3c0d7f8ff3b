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
