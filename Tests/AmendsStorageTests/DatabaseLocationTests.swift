import AmendsStorage
import Testing

@Suite("Database locations")
struct DatabaseLocationTests {
    @Test(arguments: [
        ("amends.sqlite", DatabaseLocation.sqlite(path: "amends.sqlite")),
        ("postgres://amends@db:5432/amends", .postgres(url: "postgres://amends@db:5432/amends", schema: nil)),
        ("postgresql://u:p@db/amends?schema=hotel_a", .postgres(url: "postgresql://u:p@db/amends", schema: "hotel_a")),
        ("postgres://u@db/amends?sslmode=require&schema=s1", .postgres(url: "postgres://u@db/amends?sslmode=require", schema: "s1")),
    ])
    func aDatabaseArgumentNamesAFileOrAServerAndASchema(text: String, location: DatabaseLocation) {
        #expect(DatabaseLocation(parsing: text) == location)
        #expect(DatabaseLocation(parsing: location.argument) == location)
    }

    @Test func aPasswordNeverReachesTheDescription() {
        #expect(DatabaseLocation(parsing: "postgres://amends:s3cret@db/amends?schema=x").description == "PostgreSQL at postgres://amends:***@db/amends (schema x)")
    }
}
