import AmendsApp
import AmendsCore
import AmendsHTTP
import AmendsTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Password login: setting passwords, sessions that expire, logging out.
@Suite("Passwords and sessions")
struct SessionTests {
    @Test func staffLogInWithTheirPasswordAndTheSessionEnds() async throws {
        let harness = try await Harness.start(configure: { $0.passwordCost = 4 })
        let clock = try #require(harness.clock)
        try await harness.router { client in
            let added = try await client.send(.post, "/v1/staff", token: harness.admin, json: #"{"name":"Inês","email":"ines@example.com","role":"frontline"}"#)
            let id = try #require(added.json["member"]?["id"]?.string)
            let personal = try #require(added.json["token"]?.string)
            let login = #"{"email":"INES@example.com","password":"harbour-lights-42"}"#
            // No password yet: no login.
            #expect(try await client.send(.post, "/v1/sessions", token: nil, json: login).errorCode == "invalid_credentials")

            #expect(try await client.send(.post, "/v1/staff/\(id)/password", token: harness.admin, json: #"{"password":"short"}"#).errorCode == "invalid_field")
            #expect(try await client.send(.post, "/v1/staff/\(id)/password", token: harness.frontline, json: #"{"password":"harbour-lights-42"}"#).status == .forbidden)
            #expect(try await client.send(.post, "/v1/staff/nobody/password", token: harness.admin, json: #"{"password":"harbour-lights-42"}"#).status == .notFound)
            #expect(try await client.send(.post, "/v1/staff/\(id)/password", token: personal, json: #"{"password":"harbour-lights-42"}"#).status == .noContent)

            let session = try await client.send(.post, "/v1/sessions", token: nil, json: login)
            #expect(session.status == .created)
            let token = try #require(session.json["token"]?.string)
            #expect(session.json["member"]?["id"] == .string(id))
            #expect(session.json["expires_at"]?.string != nil)
            #expect(try await client.send(.get, "/v1/cases", token: token).status == .ok)

            for body in [
                #"{"email":"ines@example.com","password":"harbour-lights-43"}"#, #"{"email":"nobody@example.com","password":"harbour-lights-42"}"#,
            ] {
                let refused = try await client.send(.post, "/v1/sessions", token: nil, json: body)
                #expect(refused.status == .unauthorized)
                #expect(refused.json["error"]?["message"] == .string("the e-mail address or the password is wrong, or the account is disabled"))
            }
            #expect(try await client.send(.post, "/v1/sessions", token: nil, json: #"{"email":"ines@example.com"}"#).errorCode == "missing_field")

            // Twelve hours on, the session is over; the personal token still works.
            clock.advance(by: 12 * 3600 + 1)
            #expect(try await client.send(.get, "/v1/cases", token: token).errorCode == "session_expired")
            #expect(try await client.send(.get, "/v1/cases", token: personal).status == .ok)

            let again = try #require(try await client.send(.post, "/v1/sessions", token: nil, json: login).json["token"]?.string)
            #expect(try await client.send(.delete, "/v1/sessions/current", token: again).status == .noContent)
            #expect(try await client.send(.get, "/v1/cases", token: again).status == .unauthorized)

            // A disabled member cannot log in, and no password hash is ever shown.
            _ = try await client.send(.post, "/v1/staff/\(id)/disable", token: harness.admin)
            #expect(try await client.send(.post, "/v1/sessions", token: nil, json: login).status == .unauthorized)
            let staff = String(buffer: try await client.send(.get, "/v1/staff", token: harness.admin).body)
            #expect(!staff.contains("$2b$") && !staff.contains("password"))

            let log = try await client.send(.get, "/v1/audit?target=\(id)", token: harness.admin).json["items"]?.array ?? []
            #expect(log.compactMap { $0["action"]?.string } == ["staff.disabled", "staff.password_set", "staff.added"])
            let sessions = try await client.send(.get, "/v1/audit?actor=staff:\(id)", token: harness.admin).json["items"]?.array ?? []
            #expect(sessions.compactMap { $0["action"]?.string } == ["token.revoked", "token.issued", "token.issued", "staff.password_set"])
        }
    }
}

/// Changing passwords and ending sessions bite at once, on every server that shares the database.
@Suite("Passwords and sessions across servers")
struct SessionReachTests {
    @Test func changingOnesOwnPasswordNeedsTheCurrentOneAndEndsTheOtherSessions() async throws {
        let harness = try await Harness.start(configure: { $0.passwordCost = 4 })
        try await harness.router { client in
            let added = try await client.send(.post, "/v1/staff", token: harness.admin, json: #"{"name":"Inês","email":"ines@example.com","role":"frontline"}"#)
            let id = try #require(added.json["member"]?["id"]?.string)
            let personal = try #require(added.json["token"]?.string)
            // A first password needs no current one.
            #expect(try await client.send(.post, "/v1/staff/\(id)/password", token: personal, json: #"{"password":"harbour-lights-42"}"#).status == .noContent)
            let login = #"{"email":"ines@example.com","password":"harbour-lights-42"}"#
            let desk = try #require(try await client.send(.post, "/v1/sessions", token: nil, json: login).json["token"]?.string)
            let phone = try #require(try await client.send(.post, "/v1/sessions", token: nil, json: login).json["token"]?.string)

            let change = "/v1/staff/\(id)/password"
            #expect(try await client.send(.post, change, token: desk, json: #"{"password":"quay-lanterns-7"}"#).errorCode == "missing_field")
            let wrong = try await client.send(.post, change, token: desk, json: #"{"password":"quay-lanterns-7","current_password":"guess-guess-1"}"#)
            #expect(wrong.status == .forbidden && wrong.errorCode == "wrong_password")
            #expect(try await client.send(.get, "/v1/cases", token: phone).status == .ok, "a refused change ends nothing")

            let changed = try await client.send(.post, change, token: desk, json: #"{"password":"quay-lanterns-7","current_password":"harbour-lights-42"}"#)
            #expect(changed.status == .noContent)
            #expect(try await client.send(.get, "/v1/cases", token: desk).status == .ok, "the session the change was made in goes on")
            #expect(try await client.send(.get, "/v1/cases", token: phone).status == .unauthorized, "every other session ends")
            #expect(try await client.send(.get, "/v1/cases", token: personal).status == .ok, "a personal token is not a session")
            #expect(try await client.send(.post, "/v1/sessions", token: nil, json: login).status == .unauthorized)
            #expect(
                try await client.send(.post, "/v1/sessions", token: nil, json: #"{"email":"ines@example.com","password":"quay-lanterns-7"}"#).status == .created)

            // An admin setting it ends every session of the member.
            #expect(try await client.send(.post, change, token: harness.admin, json: #"{"password":"new-harbour-99"}"#).status == .noContent)
            #expect(try await client.send(.get, "/v1/cases", token: desk).status == .unauthorized)
        }
    }

    @Test func aDisabledMemberAndAnEndedSessionStopAtOnceOnAnotherServer() async throws {
        let harness = try await Harness.start(configure: { $0.passwordCost = 4 })
        let clock = try #require(harness.clock)
        var configuration = Configuration(database: harness.location, seedDemo: false, runWorkers: false)
        configuration.passwordCost = 4
        let other = try await Runtime.start(configuration, clock: clock)
        let (member, personal) = try await harness.runtime.tokens.addStaff(name: "Inês", email: "ines@example.com", role: .frontline)
        try await harness.runtime.tokens.setPassword("harbour-lights-42", for: member.id)
        try await harness.router { first in
            try await buildApplication(runtime: other).test(.router) { second in
                let session = try #require(
                    try await first.send(.post, "/v1/sessions", token: nil, json: #"{"email":"ines@example.com","password":"harbour-lights-42"}"#)
                        .json["token"]?.string)
                // The second server has seen both tokens work.
                #expect(try await second.send(.get, "/v1/cases", token: session).status == .ok)
                #expect(try await second.send(.get, "/v1/cases", token: personal).status == .ok)

                #expect(try await first.send(.delete, "/v1/sessions/current", token: session).status == .noContent)
                #expect(try await second.send(.get, "/v1/cases", token: session).status == .unauthorized)

                #expect(try await first.send(.post, "/v1/staff/\(member.id)/disable", token: harness.admin).status == .ok)
                let refused = try await second.send(.get, "/v1/cases", token: personal)
                #expect(refused.status == .unauthorized && refused.errorCode == "invalid_token")
            }
        }
        await other.close()
    }
}

/// Sign-in flooding: attempts are limited per account and per address, counted before the password is checked and kept
/// across restarts.
@Suite("Sign-in limits")
struct SignInLimitTests {
    static let right = #"{"email":"ines@example.com","password":"harbour-lights-42"}"#
    static let wrong = #"{"email":"ines@example.com","password":"not-her-password"}"#

    @Test func anAccountPausesAfterFiveAttemptsEvenForTheRightPasswordAndAgainAfterTheWindow() async throws {
        let harness = try await Harness.start(configure: { $0.passwordCost = 4 })
        let clock = try #require(harness.clock)
        let (member, _) = try await harness.runtime.tokens.addStaff(name: "Inês", email: "ines@example.com", role: .frontline)
        try await harness.runtime.tokens.setPassword("harbour-lights-42", for: member.id)
        try await harness.router { client in
            // A right password takes back its attempt: signing in every day never locks anyone out.
            for _ in 0..<8 { #expect(try await client.send(.post, "/v1/sessions", token: nil, json: Self.right).status == .created) }
            for _ in 0..<5 { #expect(try await client.send(.post, "/v1/sessions", token: nil, json: Self.wrong).errorCode == "invalid_credentials") }
            let paused = try await client.send(.post, "/v1/sessions", token: nil, json: Self.right)
            #expect(paused.status == .tooManyRequests && paused.errorCode == "too_many_sign_ins")
            let wait = try #require(paused.headers[.retryAfter].flatMap { Int($0) })
            #expect((1...900).contains(wait))
            // Another account from the same address goes on.
            #expect(
                try await client.send(.post, "/v1/sessions", token: nil, json: #"{"email":"someone@example.com","password":"whatever-1"}"#).errorCode
                    == "invalid_credentials")
            clock.advance(by: Double(wait) + 1)
            #expect(try await client.send(.post, "/v1/sessions", token: nil, json: Self.right).status == .created)
        }
    }

    @Test func anAddressPausesAfterTwentyAttemptsWhateverTheAccounts() async throws {
        let harness = try await Harness.start(configure: { $0.passwordCost = 4 })
        try await harness.router { client in
            for index in 0..<20 {
                let body = #"{"email":"guess\#(index)@example.com","password":"guess-guess-1"}"#
                #expect(try await client.send(.post, "/v1/sessions", token: nil, json: body).errorCode == "invalid_credentials")
            }
            let paused = try await client.send(.post, "/v1/sessions", token: nil, json: #"{"email":"new@example.com","password":"guess-guess-1"}"#)
            #expect(paused.status == .tooManyRequests && paused.headers[.retryAfter] != nil)
        }
    }

    @Test func aBurstAtOnceChecksNoMorePasswordsThanTheLimit() async throws {
        let harness = try await Harness.start(configure: { $0.passwordCost = 4 })
        try await harness.router { client in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<30 {
                    group.addTask { Int(try await client.send(.post, "/v1/sessions", token: nil, json: Self.wrong).status.code) }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 401 }.count == 5)
            #expect(statuses.filter { $0 == 429 }.count == 25)
        }
    }

    /// A flood past the limit is refused from memory: the attempts are not counted again, so the database (and intake,
    /// which shares its writer) is spared; another account from the same address still goes on.
    @Test func attemptsPastTheLimitAreRefusedWithoutCountingThemAgain() async throws {
        let harness = try await Harness.start(configure: { $0.passwordCost = 4 })
        let clock = try #require(harness.clock)
        try await harness.router { client in
            for _ in 0..<5 { #expect(try await client.send(.post, "/v1/sessions", token: nil, json: Self.wrong).errorCode == "invalid_credentials") }
            for _ in 0..<20 {
                let paused = try await client.send(.post, "/v1/sessions", token: nil, json: Self.wrong)
                #expect(paused.status == .tooManyRequests && paused.errorCode == "too_many_sign_ins")
                #expect(paused.headers[.retryAfter].flatMap { Int($0) }.map { (1...900).contains($0) } == true)
            }
            // Counted: the five wrong ones and the first refused; the nineteen after it were not.
            let key = SignInLimits.accountKey("ines@example.com")
            let counted = try await harness.runtime.store.countSignIn(keys: [key], window: 15 * 60, at: clock.now())
            #expect(counted.first?.attempts == 7)
            #expect(
                try await client.send(.post, "/v1/sessions", token: nil, json: #"{"email":"someone@example.com","password":"whatever-1"}"#).errorCode
                    == "invalid_credentials")
        }
    }

    /// An attempt that finds every place in the hasher's queue taken is refused before it is counted: it checks no
    /// password, so it costs the account none of its attempts (and the database no write).
    @Test func aSignInRefusedAsBusyIsNotCounted() async throws {
        let harness = try await Harness.start(configure: { $0.passwordCost = 4 })
        let runtime = harness.runtime
        let full = PasswordHasher(cost: 4, maxWaiting: 0)
        let tokens = Tokens(store: runtime.store, clock: runtime.clock, ids: runtime.ids, passwords: full)
        for _ in 0..<10 {
            let error = await #expect(throws: AmendsError.self) {
                try await tokens.login(email: "ines@example.com", password: "not-her-password", address: "10.0.0.1")
            }
            #expect(error?.code == "sign_in_busy")
        }
        let key = SignInLimits.accountKey("ines@example.com")
        #expect(try await runtime.store.countSignIn(keys: [key], window: 15 * 60, at: runtime.clock.now()).first?.attempts == 1)
        await full.shutdown()
        await runtime.close()
    }

    @Test func refusedSignInsAreAnsweredAfterAPause() async throws {
        let harness = try await Harness.start(configure: {
            $0.passwordCost = 4
            $0.signInRefusalDelay = 0.3
        })
        try await harness.router { client in
            for _ in 0..<5 { _ = try await client.send(.post, "/v1/sessions", token: nil, json: Self.wrong) }
            let clock = ContinuousClock()
            let started = clock.now
            let paused = try await client.send(.post, "/v1/sessions", token: nil, json: Self.wrong)
            #expect(paused.status == .tooManyRequests)
            #expect(clock.now - started >= .milliseconds(300))
        }
    }

    @Test func aRestartForgivesNothing() async throws {
        let harness = try await Harness.start(configure: { $0.passwordCost = 4 })
        let clock = try #require(harness.clock)
        try await harness.router { client in
            for _ in 0..<5 { _ = try await client.send(.post, "/v1/sessions", token: nil, json: Self.wrong) }
        }
        var configuration = Configuration(database: harness.location, seedDemo: false, runWorkers: false)
        configuration.passwordCost = 4
        configuration.signInRefusalDelay = 0
        let restarted = try await Runtime.start(configuration, clock: clock)
        let status = try await buildApplication(runtime: restarted).test(.router) { client in
            try await client.send(.post, "/v1/sessions", token: nil, json: Self.wrong).status
        }
        #expect(status == .tooManyRequests)
        await restarted.close()
    }
}
