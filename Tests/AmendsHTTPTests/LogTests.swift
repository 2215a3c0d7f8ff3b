import AmendsCore
import AmendsStorage
import AmendsTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AmendsHTTP

/// What reaches the log of a failure: a request id to quote, the route, and a code; never the data involved.
@Suite("Logs")
struct LogTests {
    /// An error whose full description, as a database driver's can, holds the statement's bind values.
    struct DriverError: Error, CustomStringConvertible, CustomDebugStringConvertible {
        var description: String { "DriverError" }
        var debugDescription: String { "INSERT INTO timeline VALUES ($1) binds: [\"Guest in 512 is Ana Sousa, card 4111 1111\"]" }
    }

    @Test func anInternalFailureIsLoggedWithARequestIdAndNoValues() async throws {
        let log = CapturedLog()
        let router = Router(context: AmendsRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        router.post("/v1/cases/:id/notes") { _, _ -> Response in throw DriverError() }
        let app = Application(router: router, logger: log.logger())
        try await app.test(.router) { client in
            let answer = try await client.execute(uri: "/v1/cases/abc/notes?note=Ana+Sousa", method: .post)
            #expect(answer.status == .internalServerError)
            let message = try #require(answer.json["error"]?["message"]?.string)
            let id = try #require(message.split(separator: " ").last.map(String.init))
            let line = try #require(log.entries.first { $0.contains("request failed") })
            #expect(line.contains("request_id=\(id)"))
            #expect(line.contains("route=POST /v1/cases/{id}/notes"))
            for leak in ["Ana Sousa", "4111", "binds", "INSERT"] { #expect(!line.contains(leak), "\(leak) reached the log") }
        }
    }

    @Test func aDatabaseFailureCarriesItsCodeAndNotTheValuesBound() async throws {
        let store = try await TestDatabase.store()
        let member = StaffMember(id: "s-1", name: "Ana Sousa-Secreta", email: "ana.secret@example.com", role: .frontline, createdAt: Date())
        try await store.addStaff(member)
        // The same id again (with another address, which is no other member's): the database refuses it.
        var again = member
        again.email = "ana.secret.2@example.com"
        do {
            try await store.addStaff(again)
            Issue.record("the same staff id was added twice")
        } catch {
            let error = try #require(error as? DatabaseError)
            for text in [logDescription(of: error), String(reflecting: error), String(describing: error)] {
                #expect(!text.contains("Sousa-Secreta") && !text.contains("ana.secret"), "\(text)")
            }
            #expect(logDescription(of: error).hasPrefix("database error "))
        }
        await store.close()
    }
}
