import Foundation
import Testing

@testable import AmendsCore

/// bcrypt against hashes made by another implementation (the Python `bcrypt` package, 5.0).
@Suite("Password hashing")
struct BCryptTests {
    static let vectors: [(String, String)] = [
        ("", "$2b$04$wU.PZnF5qNZ5iSPtsf8uquB1iIaYJ15GJ8s6kRpF2oJQaawcqEo/y"),
        ("password", "$2b$05$vmEaOe8nMFBXgh3zqSqsLesm7YjFq4qANnjwXsS2AtDtK3usxiR3i"),
        ("U*U", "$2b$04$Nvynlhu/cLwTejnNgOrVqO17QZdWkZDGT7DG/KR1Ryu3QWNczv3AG"),
        ("correct horse battery staple", "$2b$05$dpfDU/WRzGKVZfLesHUSdexkZNHByu6FM2Xa1r2HT3kkJhjoMo6Zq"),
        ("pässwörd✓", "$2b$04$B7wRlqOJsDxHymtWVBdnRup.WYZWKfqfabSi4pUfjJPYUET4rGQ26"),
        ("ünïcødé pass 🔑", "$2b$04$6PONnr6WJPfNwIAWiaXr4urEaLjcwOlPNQS5iImcphLOqeqOhMpM2"),
        (String(repeating: "a", count: 72), "$2b$04$P0AdBY3k2.o2zjGGA39sBeUXZ8QRf8azGZE6MBZcmkT/DAgEqHYOq"),
        (String(repeating: "a", count: 71), "$2b$04$zscs9Ci4jYiygSGq50ZfWuitLVPjzglglfW45WqJRDxNnuwcOYqTq"),
        // The older `$2a$` prefix reads the same.
        ("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"),
    ]

    @Test func hashesAsAnotherImplementationDoes() throws {
        for (password, expected) in Self.vectors {
            let bytes = Array(expected.utf8)
            let salt = try #require(BCrypt.decode(Array(bytes[7..<29]), count: 16))
            let cost = try #require(Int(String(decoding: bytes[4..<6], as: UTF8.self)))
            let made = BCrypt.hash(password, salt: salt, cost: cost)
            #expect(made.dropFirst(3) == expected.dropFirst(3), "\(password)")
            #expect(BCrypt.verify(password, against: expected), "\(password)")
            #expect(!BCrypt.verify(password + "x", against: expected) || password.utf8.count >= 72, "\(password)")
        }
    }

    @Test func onlyTheFirst72BytesCountAndEachByteOfThemDoes() {
        let hash = Self.vectors[6].1
        #expect(BCrypt.verify(String(repeating: "a", count: 72) + "anything after", against: hash))
        #expect(!BCrypt.verify(String(repeating: "a", count: 71) + "b", against: hash))
    }

    @Test func freshHashesAreSaltedAndRefuseWhatIsNotAHash() {
        let first = BCrypt.hash("s3cret-enough", cost: 4)
        let second = BCrypt.hash("s3cret-enough", cost: 4)
        #expect(first != second && first.hasPrefix("$2b$04$") && first.utf8.count == 60)
        #expect(BCrypt.verify("s3cret-enough", against: first) && BCrypt.verify("s3cret-enough", against: second))
        #expect(!BCrypt.verify("s3cret-enougH", against: first))
        for bad in ["", "plain", "$2b$04$short", "$2b$99$" + String(first.dropFirst(7)), "$3b$04$" + String(first.dropFirst(7)), String(first.dropLast()) + "!"] {
            #expect(!BCrypt.verify("s3cret-enough", against: bad), "\(bad)")
        }
    }
}
