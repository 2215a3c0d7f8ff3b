/// An open-addressing hash table from word hashes to values: the lexicon and the language identification read it
/// for every word of every text, and the hashes are already well mixed, so this beats a general dictionary several
/// times over.
///
/// Meant for tables built once that live as long as the program (the built-in lexicons): its storage is never freed,
/// so passing a table around costs no reference counting, which the scanner would otherwise pay on every text.
struct EntryTable<Value: Sendable>: @unchecked Sendable {
    private let keys: UnsafeMutableBufferPointer<UInt64>
    private let values: UnsafeMutableBufferPointer<Value>
    private let mask: Int

    /// - Parameter empty: what fills the slots no key holds.
    init(_ dictionary: [UInt64: Value], empty: Value) {
        var size = 16
        while size < dictionary.count * 3 { size *= 2 }
        let keys = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: size)
        keys.initialize(repeating: 0)
        let values = UnsafeMutableBufferPointer<Value>.allocate(capacity: size)
        values.initialize(repeating: empty)
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

    /// Where `key` is held, or -1: for a reader that finds a key once and reads its value later.
    @inline(__always)
    func slot(of key: UInt64) -> Int32 {
        var slot = Self.slot(key, mask: mask)
        while true {
            let found = keys[slot]
            if found == key { return Int32(slot) }
            if found == 0 { return -1 }
            slot = (slot + 1) & mask
        }
    }

    /// The value in a slot ``slot(of:)`` found.
    @inline(__always)
    func value(atSlot slot: Int32) -> Value {
        values[Int(slot)]
    }

    @inline(__always)
    subscript(key: UInt64) -> Value? {
        var slot = Self.slot(key, mask: mask)
        while true {
            let found = keys[slot]
            if found == key { return values[slot] }
            if found == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }
}
