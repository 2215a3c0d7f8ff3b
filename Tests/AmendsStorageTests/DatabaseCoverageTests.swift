import AmendsCore
import AmendsStorage
import AmendsTestSupport
import Foundation
import Testing

/// Says what the run covered: every suite runs on SQLite, and on PostgreSQL only when `AMENDS_TEST_POSTGRES_URL` names
/// a database. Without it, this test is reported as skipped, with the reason, rather than the run passing in silence.
@Suite("Databases covered")
struct DatabaseCoverageTests {
    @Test(
        .disabled(
            if: TestDatabase.postgresURL == nil,
            "AMENDS_TEST_POSTGRES_URL is not set, so every suite ran on SQLite only; set it to a PostgreSQL database (postgres://user@host:port/db) to run them there too"
        ))
    func theSuitesRanOnPostgreSQL() async throws {
        let location = TestDatabase.fresh()
        guard case .postgres = location else {
            Issue.record("AMENDS_TEST_POSTGRES_URL is set but tests did not get a PostgreSQL database")
            return
        }
        let store = try await SQLStore.open(location, ids: LiveIdentifierSource())
        try await store.migrate()
        #expect(try await store.allStaff().isEmpty)
        await store.close()
    }
}
