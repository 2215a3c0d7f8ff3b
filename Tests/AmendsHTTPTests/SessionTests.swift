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
