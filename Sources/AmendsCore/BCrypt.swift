import Foundation

/// Password hashing with bcrypt (`$2b$`): Blowfish keyed with the password and salt, then made slow on purpose by
/// repeating the key schedule 2^cost times.
public enum BCrypt {
    /// The cost new passwords are hashed with: 2^11 rounds of the key schedule.
    public static let defaultCost = 11
    static let costs = 4...31
    static let alphabet = Array("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
    /// "OrpheanBeholderScryDoubt", the text every bcrypt hash encrypts.
    static let magic: [UInt32] = [0x4f72_7068, 0x6561_6e42, 0x6568_6f6c, 0x6465_7253, 0x6372_7944, 0x6f75_6274]

    /// The bcrypt hash of `password` with a fresh random salt.
    public static func hash(_ password: String, cost: Int = defaultCost) -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return hash(password, salt: salt, cost: cost)
    }

    /// The bcrypt hash of `password` with `salt` (16 bytes) at `cost` (4 to 31).
    public static func hash(_ password: String, salt: [UInt8], cost: Int) -> String {
        precondition(salt.count == 16 && costs.contains(cost), "bcrypt takes a 16-byte salt and a cost from 4 to 31")
        // The key is the password's bytes and a terminating zero, at most 72 bytes.
        let key = Array((Array(password.utf8) + [0]).prefix(72))
        var state = Blowfish()
        state.expand(key: key, salt: salt)
        for _ in 0..<(1 << cost) {
            state.expand(key: key, salt: nil)
            state.expand(key: salt, salt: nil)
        }
        var text = magic
        for _ in 0..<64 {
            for block in stride(from: 0, to: 6, by: 2) {
                (text[block], text[block + 1]) = state.encrypt(text[block], text[block + 1])
            }
        }
        var digest: [UInt8] = []
        for word in text { digest += [UInt8(word >> 24), UInt8(truncatingIfNeeded: word >> 16), UInt8(truncatingIfNeeded: word >> 8), UInt8(truncatingIfNeeded: word)] }
        let costText = cost < 10 ? "0\(cost)" : "\(cost)"
        return "$2b$\(costText)$" + encode(salt, characters: 22) + encode(Array(digest.prefix(23)), characters: 31)
    }

    /// Whether `password` is the one `hash` was made from; false for anything that is not a bcrypt hash.
    public static func verify(_ password: String, against hash: String) -> Bool {
        let bytes = Array(hash.utf8)
        guard bytes.count == 60, bytes[0] == UInt8(ascii: "$"), bytes[1] == UInt8(ascii: "2"),
            [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "y")].contains(bytes[2]), bytes[3] == UInt8(ascii: "$"), bytes[6] == UInt8(ascii: "$"),
            let cost = Int(String(decoding: bytes[4..<6], as: UTF8.self)), costs.contains(cost),
            let salt = decode(Array(bytes[7..<29]), count: 16)
        else { return false }
        let candidate = Array(self.hash(password, salt: salt, cost: cost).utf8)
        // `$2a$` and `$2y$` hashes are read as `$2b$`: the rest must match.
        return constantTimeEqual(candidate[7...], bytes[7...])
    }

    /// bcrypt's base64: its own alphabet, no padding.
    static func encode(_ bytes: [UInt8], characters: Int) -> String {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let first = bytes[index]
            output.append(alphabet[Int(first >> 2)])
            var carry = (first & 0x03) << 4
            guard index + 1 < bytes.count else {
                output.append(alphabet[Int(carry)])
                break
            }
            let second = bytes[index + 1]
            output.append(alphabet[Int(carry | second >> 4)])
            carry = (second & 0x0f) << 2
            guard index + 2 < bytes.count else {
                output.append(alphabet[Int(carry)])
                break
            }
            let third = bytes[index + 2]
            output.append(alphabet[Int(carry | third >> 6)])
            output.append(alphabet[Int(third & 0x3f)])
            index += 3
        }
        return String(decoding: output.prefix(characters), as: UTF8.self)
    }

    /// Reads `count` bytes written by `encode`, or nil when a character is not of the alphabet.
    static func decode(_ characters: [UInt8], count: Int) -> [UInt8]? {
        var values: [UInt8] = []
        for character in characters {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            values.append(UInt8(value))
        }
        var bytes: [UInt8] = []
        var index = 0
        while bytes.count < count, index + 1 < values.count {
            bytes.append(values[index] << 2 | values[index + 1] >> 4)
            if bytes.count < count, index + 2 < values.count { bytes.append(values[index + 1] << 4 | values[index + 2] >> 2) }
            if bytes.count < count, index + 3 < values.count { bytes.append(values[index + 2] << 6 | values[index + 3]) }
            index += 4
        }
        return bytes.count == count ? bytes : nil
    }
}

/// Blowfish's state (subkeys and S-boxes) and the two operations bcrypt needs: keyed expansion and encryption.
struct Blowfish {
    var p = BlowfishTables.p
    /// The four S-boxes, one after another.
    var s = BlowfishTables.s0 + BlowfishTables.s1 + BlowfishTables.s2 + BlowfishTables.s3

    /// The next four bytes of `data`, big-endian, wrapping around at its end.
    @inline(__always)
    static func word(_ data: [UInt8], _ position: inout Int) -> UInt32 {
        var word: UInt32 = 0
        for _ in 0..<4 {
            word = word << 8 | UInt32(data[position])
            position = (position + 1) % data.count
        }
        return word
    }

    @inline(__always)
    func encrypt(_ left: UInt32, _ right: UInt32) -> (UInt32, UInt32) {
        var left = left
        var right = right
        p.withUnsafeBufferPointer { p in
            s.withUnsafeBufferPointer { s in
                for round in stride(from: 0, to: 16, by: 2) {
                    left ^= p[round]
                    right ^= ((s[Int(left >> 24)] &+ s[256 + Int((left >> 16) & 0xff)]) ^ s[512 + Int((left >> 8) & 0xff)]) &+ s[768 + Int(left & 0xff)]
                    right ^= p[round + 1]
                    left ^= ((s[Int(right >> 24)] &+ s[256 + Int((right >> 16) & 0xff)]) ^ s[512 + Int((right >> 8) & 0xff)]) &+ s[768 + Int(right & 0xff)]
                }
                left ^= p[16]
                right ^= p[17]
            }
        }
        return (right, left)
    }

    /// Mixes `key` into the subkeys, then re-encrypts every subkey and S-box entry, each block first XORed with the
    /// next words of `salt` when there is one.
    mutating func expand(key: [UInt8], salt: [UInt8]?) {
        var keyPosition = 0
        for index in 0..<18 { p[index] ^= Self.word(key, &keyPosition) }
        var saltPosition = 0
        var block: (UInt32, UInt32) = (0, 0)
        func nextBlock() -> (UInt32, UInt32) {
            if let salt {
                block.0 ^= Self.word(salt, &saltPosition)
                block.1 ^= Self.word(salt, &saltPosition)
            }
            block = encrypt(block.0, block.1)
            return block
        }
        for index in stride(from: 0, to: 18, by: 2) { (p[index], p[index + 1]) = nextBlock() }
        for index in stride(from: 0, to: 1024, by: 2) { (s[index], s[index + 1]) = nextBlock() }
    }
}
