/// An open-addressing hash table from word hashes to values: the lexicon and the language identification read it
/// for every word of every text, and the hashes are already well mixed, so this beats a general dictionary several
/// times over.
struct EntryTable<Value: Sendable>: Sendable {
    private let keys: [UInt64]
    private let values: [Value]
    private let mask: Int

    /// - Parameter empty: what fills the slots no key holds.
    init(_ dictionary: [UInt64: Value], empty: Value) {
        var size = 16
        while size < dictionary.count * 3 { size *= 2 }
        var keys = [UInt64](repeating: 0, count: size)
        var values = [Value](repeating: empty, count: size)
        mask = size - 1
        for (key, value) in dictionary where key != 0 {
            var slot = Self.slot(key, mask: size - 1)
            while keys[slot] != 0 { slot = (slot + 1) & (size - 1) }
            keys[slot] = key
            values[slot] = value
        }
        self.keys = keys
        self.values = values
    }

    @inline(__always)
    private static func slot(_ key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
    }

    @inline(__always)
    subscript(key: UInt64) -> Value? {
        var slot = Self.slot(key, mask: mask)
        return keys.withUnsafeBufferPointer { keys in
            while true {
                let found = keys[slot]
                if found == key { return values[slot] }
                if found == 0 { return nil }
                slot = (slot + 1) & mask
            }
        }
    }
}
