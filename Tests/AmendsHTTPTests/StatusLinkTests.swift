import AmendsApp
import AmendsCore
import AmendsHTTP
import AmendsTestSupport
import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The customer's signed, expiring link to where their case stands.
@Suite("Customer status links")
struct StatusLinkTests {
    @Test func theCustomerSeesTheirCaseInPlainWordsUntilTheLinkExpires() async throws {
        let harness = try await Harness.start()
        let clock = try #require(harness.clock)
        try await harness.router { client in
            let complaint = try await client.send(
                .post, "/v1/feedback", token: harness.channel,
                json: #"{"location":"lisbon","customer":{"email":"ana@example.com","name":"Ana <b>Sousa</b>"},"text":"The room was dirty"}"#)
            let caseID = try #require(complaint.json["case"]?["id"]?.string)
            _ = try await client.send(.post, "/v1/cases/\(caseID)/acknowledge", token: harness.frontline)
            _ = try await client.send(.post, "/v1/cases/\(caseID)/notes", token: harness.frontline, json: #"{"text":"Secret internal remark"}"#)

            let made = try await client.send(.post, "/v1/cases/\(caseID)/status-link", token: harness.frontline, json: #"{"expires_in_days":2}"#)
            #expect(made.status == .created)
            let path = try #require(made.json["path"]?.string)
            #expect(made.json["url"]?.string?.hasSuffix(path) == true)

            let page = try await client.send(.get, path, token: nil)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            let html = String(buffer: page.body)
            #expect(html.contains("Room not cleaned"))
            #expect(html.contains("Someone on our team has taken charge of putting this right."))
            #expect(html.contains("Lisbon"))
            // Nothing internal, nobody's name, no contact details.
            for secret in ["Secret internal remark", "Marta", "ana@example.com", "Sousa", "housekeeping"] { #expect(!html.contains(secret), "\(secret)") }

            _ = try await client.send(.post, "/v1/cases/\(caseID)/status", token: harness.frontline, json: #"{"status":"waiting_on_customer"}"#)
            let json = try await client.send(.get, path, token: nil, headers: [.accept: "application/json"])
            #expect(json.json["stage"] == .string("waiting_on_customer"))
            #expect(json.json["status"]?.string?.hasPrefix("We are waiting for a reply from you.") == true)
            #expect(json.json["reference"] == .string(String(caseID.suffix(8)).uppercased()))

            // A changed token is not one we made; an old one has expired.
            var forged = path
            forged.removeLast()
            forged += path.hasSuffix("A") ? "B" : "A"
            let refused = try await client.send(.get, forged, token: nil, headers: [.accept: "application/json"])
            #expect(refused.status == .notFound)
            #expect(refused.errorCode == "unknown_link")
            #expect(try await client.send(.get, "/customer/cases/nonsense", token: nil).status == .notFound)
            clock.advance(by: 2 * 86400 + 1)
            let expired = try await client.send(.get, path, token: nil)
            #expect(expired.status == .gone)
            #expect(String(buffer: expired.body).contains("This link has expired."))

            let timeline = try await client.send(.get, "/v1/cases/\(caseID)", token: harness.admin).json["timeline"]?.array ?? []
            #expect(timeline.contains { $0["kind"] == .string("status_link_made") })
        }
    }

    @Test func linksAreMadeOnlyByStaffWhoWorkTheCase() async throws {
        let harness = try await Harness.start()
        let (_, porto) = try await harness.runtime.tokens.addStaff(name: "Inês", email: nil, role: .frontline, locations: ["porto"])
        try await harness.router { client in
            let complaint = try await client.send(.post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","text":"The room was dirty"}"#)
            let caseID = try #require(complaint.json["case"]?["id"]?.string)
            let plain = try await client.send(.post, "/v1/cases/\(caseID)/status-link", token: harness.frontline)
            #expect(plain.status == .created)
            #expect(try await client.send(.post, "/v1/cases/\(caseID)/status-link", token: porto).errorCode == "location_not_allowed")
            #expect(try await client.send(.post, "/v1/cases/\(caseID)/status-link", token: harness.channel).status == .forbidden)
            #expect(try await client.send(.post, "/v1/cases/missing/status-link", token: harness.frontline).status == .notFound)
            for body in [#"{"expires_in_days":0}"#, #"{"expires_in_days":91}"#, #"{"expires_in_days":"soon"}"#, #"{"days":3}"#] {
                #expect(try await client.send(.post, "/v1/cases/\(caseID)/status-link", token: harness.frontline, json: body).status == .unprocessableContent, "\(body)")
            }
            let page = try await client.send(.get, try #require(plain.json["path"]?.string), token: nil)
            #expect(String(buffer: page.body).contains("We have your report and are passing it to the right team."))
        }
    }

    /// What an alarm receiver or an SMS gateway holds signs nothing a customer opens: a link signed with the alarm key or
    /// the gateway key opens no case and no survey, in the earlier form or today's.
    @Test func keysHeldOutsideCannotMakeLinks() async throws {
        let harness = try await Harness.start()
        let keys = harness.runtime.keys
        try await harness.router { client in
            let complaint = try await client.send(.post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","text":"The room was dirty"}"#)
            let caseID = try #require(complaint.json["case"]?["id"]?.string)
            let expiry = (harness.clock?.now() ?? Date()).addingTimeInterval(86400).millis
            let payload = Base64URL.encode(Array("\(caseID).\(expiry)".utf8))
            for held in [keys.alarms, keys.gateways] {
                let key = SymmetricKey(data: held.key)
                for purpose in ["status-link", "survey-link"] {
                    // The earlier form: `<payload>.<signature>` over "purpose:payload" with the installation's webhook secret.
                    let earlier = payload + "." + Base64URL.encode(Array(HMAC<SHA256>.authenticationCode(for: Array("\(purpose):\(payload)".utf8), using: key)))
                    let today = "2." + payload + "." + Base64URL.encode(Array(HMAC<SHA256>.authenticationCode(for: Array(payload.utf8), using: key)))
                    let page = purpose == "status-link" ? "/customer/cases/" : "/customer/surveys/"
                    let replaced = try await client.send(.get, page + earlier, token: nil, headers: [.accept: "application/json"])
                    #expect(replaced.status == .gone && replaced.errorCode == "link_replaced", "\(purpose) earlier form")
                    let html = try await client.send(.get, page + earlier, token: nil)
                    #expect(String(buffer: html.body).contains("ask us for a new one"))
                    let forged = try await client.send(.get, page + today, token: nil, headers: [.accept: "application/json"])
                    #expect(forged.status == .notFound && forged.errorCode == "unknown_link", "\(purpose) today's form")
                }
            }
            // A status link the server made opens the case, and no survey.
            let made = try #require(try await client.send(.post, "/v1/cases/\(caseID)/status-link", token: harness.frontline).json["path"]?.string)
            #expect(try await client.send(.get, made, token: nil).status == .ok)
            let token = String(made.dropFirst("/customer/cases/".count))
            #expect(try await client.send(.get, "/customer/surveys/" + token, token: nil, headers: [.accept: "application/json"]).errorCode == "unknown_link")
        }
    }
}
