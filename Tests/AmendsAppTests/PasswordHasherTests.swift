import AmendsCore
import Foundation
import Testing

@testable import AmendsApp

/// bcrypt from hummingbird-auth reads the hashes stored before it: made by another implementation (the Python `bcrypt`
/// package, 5.0) and by the one Amends carried itself.
@Suite("Password hashing")
struct PasswordHasherTests {
    static let madeElsewhere: [(String, String)] = [
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

    /// Hashes the earlier, hand-written bcrypt of Amends stored for staff passwords (`$2b$`, costs 11, 10 and 4).
    static let madeByEarlierAmends: [(String, String)] = [
        ("demo-password-1", "$2b$11$WRXBU1A71XACdOTYVsrag.Fv13KS33KHyN9mTbdlvmtvb0fX.7idG"),
        ("Zw8!kq pässwort", "$2b$10$iPWpgBJvydnqhmCIT6hpcug8PuCtoioHjvK9v5NpwiAujUoYneC.G"),
        ("a long passphrase of several words", "$2b$04$HJK5aNGsBIpmIG9liEFjTepoDK67Lh/jv84asQwWuBxb0yxwOptwC"),
    ]

    @Test(arguments: madeElsewhere + madeByEarlierAmends)
    func storedHashesStillSignIn(password: String, hash: String) async throws {
        let hasher = PasswordHasher(cost: 4)
        #expect(try await hasher.verify(password, hash: hash))
        if password.utf8.count < 72 {
            #expect(try await !hasher.verify(password + "x", hash: hash))
        }
        await hasher.shutdown()
    }

    @Test func theY2PrefixOfOtherImplementationsReadsAsB() async throws {
        let hasher = PasswordHasher(cost: 4)
        let (password, hash) = Self.madeElsewhere[2]
        #expect(try await hasher.verify(password, hash: "$2y$" + hash.dropFirst(4)))
        #expect(try await !hasher.verify("U*V", hash: "$2y$" + hash.dropFirst(4)))
        await hasher.shutdown()
    }

    @Test func freshHashesAreSaltedAndRefuseWhatIsNotAHash() async throws {
        let hasher = PasswordHasher(cost: 4)
        let first = try await hasher.hash("s3cret-enough")
        let second = try await hasher.hash("s3cret-enough")
        #expect(first != second && first.hasPrefix("$2b$04$") && first.utf8.count == 60)
        #expect(try await hasher.verify("s3cret-enough", hash: first))
        #expect(try await hasher.verify("s3cret-enough", hash: second))
        #expect(try await !hasher.verify("s3cret-enougH", hash: first))
        for bad in ["", "plain", "$2b$04$short", "$2b$99$" + String(first.dropFirst(7)), "$3b$04$" + String(first.dropFirst(7)), String(first.dropLast()) + "!"] {
            #expect(try await !hasher.verify("s3cret-enough", hash: bad), "\(bad)")
        }
        await hasher.shutdown()
    }

    @Test func checksBeyondThoseWaitingAreRefusedAtOnceWithRetryAfter() async throws {
        // One thread, at most two waiting: of twelve checks at once, most are refused rather than queued.
        let hasher = PasswordHasher(cost: 10, threads: 1, maxWaiting: 2)
        let hash = try await hasher.hash("s3cret-enough")
        let outcomes = await withTaskGroup(of: String.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    do {
                        return try await hasher.verify("wrong-password", hash: hash) ? "match" : "checked"
                    } catch let error as AmendsError {
                        return error.code == "sign_in_busy" && error.retryAfter == 1 && error.kind == .tooManyRequests ? "busy" : "other"
                    } catch {
                        return "other"
                    }
                }
            }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == "checked" }.count >= 1)
        #expect(outcomes.filter { $0 == "busy" }.count >= 1)
        #expect(!outcomes.contains("other") && !outcomes.contains("match"))
        await hasher.shutdown()
    }
}
