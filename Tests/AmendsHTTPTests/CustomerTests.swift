import AmendsCore
import AmendsHTTP
import AmendsTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The customer on one page, merged by e-mail, phone and external id.
@Suite("Customer on one page")
struct CustomerTests {
    @Test func feedbackCasesGrantsMessagesAndAnswersMergeAcrossSharedIdentities() async throws {
        let harness = try await Harness.start { $0.smsGateway = "http://127.0.0.1:9/sms" }
        _ = try await harness.runtime.importPlaybook(Fixture.messagingPlaybook(), by: "test")
        let (_, portoToken) = try await harness.runtime.tokens.addStaff(name: "Inês", email: nil, role: .lead, locations: ["porto"])
        try await harness.router { client in
            func feedback(_ json: String) async throws -> TestResponse {
                try await client.send(.post, "/v1/feedback", token: harness.channel, json: json)
            }
            // The same guest by e-mail, then by e-mail and phone, then by phone alone; and a stranger.
            let dirty = try await feedback(#"{"location":"lisbon","customer":{"email":"Ana@Example.com","name":"Ana"},"text":"The room was dirty"}"#)
            let dirtyCase = try #require(dirty.json["case"]?["id"]?.string)
            _ = try await feedback(#"{"location":"lisbon","customer":{"email":"ana@example.com","phone":"+351 912 000 444"},"text":"Lovely breakfast"}"#)
            let noise = try await feedback(#"{"location":"porto","customer":{"phone":"+351912000444"},"text":"So loud all night"}"#)
            let noiseCase = try #require(noise.json["case"]?["id"]?.string)
            _ = try await feedback(#"{"location":"lisbon","customer":{"email":"zoe@example.com"},"text":"The room was dirty"}"#)
            _ = try await client.send(.post, "/v1/cases/\(dirtyCase)/compensation", token: harness.frontline, json: #"{"remedy":"drinks","reason":"Sorry"}"#)
            _ = try await client.send(.post, "/v1/cases/\(dirtyCase)/notes", token: harness.frontline, json: #"{"text":"Prefers a high floor"}"#)

            let page = try await client.send(.get, "/v1/cases/\(dirtyCase)/customer", token: harness.frontline)
            #expect(page.status == .ok)
            // One address and one number, however they were written.
            #expect(page.json["emails"]?.array.count == 1 && page.json["phones"]?.array.count == 1)
            #expect(page.json["names"]?.array == [.string("Ana")])
            #expect(Set(page.json["cases"]?.array.compactMap { $0["id"]?.string } ?? []) == [dirtyCase, noiseCase])
            #expect(page.json["feedback"]?.array.count == 3)
            // The drinks granted on the dirty room, and the noise guarantee's.
            #expect(page.json["compensation"]?.array.count == 2)
            #expect(page.json["summary"]?["cases"] == .number(2) && page.json["summary"]?["open_cases"] == .number(2))
            #expect(page.json["summary"]?["granted"]?.array.first?["amount"] == .string("50.00"))
            // Nothing of the stranger, and no internal notes.
            let text = String(buffer: page.body)
            #expect(!text.contains("zoe@example.com") && !text.contains("Prefers a high floor"))

            // Found from the phone alone too; a lead who works only Porto sees only what happened there.
            let byPhone = try await client.send(.get, "/v1/customers?phone=%2B351912000444", token: harness.admin)
            #expect(byPhone.json["cases"]?.array.count == 2)
            let porto = try await client.send(.get, "/v1/customers?email=ana@example.com", token: portoToken)
            #expect(porto.json["cases"]?.array.compactMap { $0["id"]?.string } == [noiseCase])
            #expect(try await client.send(.get, "/v1/customers", token: harness.admin).errorCode == "missing_field")
            #expect(try await client.send(.get, "/v1/cases/\(dirtyCase)/customer", token: portoToken).errorCode == "location_not_allowed")
            // Every read of a Lisbon case is refused to someone who works only Porto.
            for path in ["/v1/cases/\(dirtyCase)/messages", "/v1/cases/\(dirtyCase)/messages/draft?kind=apology", "/v1/cases/\(dirtyCase)"] {
                #expect(try await client.send(.get, path, token: portoToken).errorCode == "location_not_allowed", "\(path)")
            }
            #expect(try await client.send(.get, "/v1/compensation", token: portoToken).json["items"]?.array.allSatisfy { $0["location"] == .string("porto") } == true)
            #expect(try await client.send(.get, "/v1/approvals", token: portoToken).json["items"]?.array.isEmpty == true)
            let anonymous = try await client.send(.post, "/v1/cases", token: harness.admin, json: #"{"scenario":"noise","location":"lisbon"}"#)
            let anonymousID = try #require(anonymous.json["id"]?.string)
            #expect(try await client.send(.get, "/v1/cases/\(anonymousID)/customer", token: harness.admin).errorCode == "anonymous_customer")
        }
    }
}
