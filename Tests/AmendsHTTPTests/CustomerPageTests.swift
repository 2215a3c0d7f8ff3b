import AmendsApp
import AmendsCore
import AmendsHTTP
import AmendsTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The pages customers open: whatever a playbook or a customer typed is shown as text, never as markup.
@Suite("Customer pages")
struct CustomerPageTests {
    /// What an attacker would try to slip into a page, and what it must read as once escaped.
    static let payloads = [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("\"><img src=x onerror=alert(2)>", "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"),
        ("</textarea><svg onload=alert(3)>", "&lt;/textarea&gt;&lt;svg onload=alert(3)&gt;"),
        ("Tom & Jerry's 'inn'", "Tom &amp; Jerry&#39;s &#39;inn&#39;"),
    ]

    static func playbook(scenario: String, location: String) -> Playbook {
        var playbook = FollowUpTests.playbook()
        playbook.scenarios[0].name = scenario
        playbook.locations[0].name = location
        return playbook
    }

    static func assertEscaped(_ page: String, _ payload: (String, String), _ where: String) {
        #expect(!page.contains(payload.0), "\(`where`) shows \(payload.0) as markup")
        #expect(page.contains(payload.1), "\(`where`) lacks the escaped \(payload.0)")
    }

    @Test(arguments: payloads)
    func theStatusPageEscapesWhatThePlaybookNames(payload: (String, String)) async throws {
        let harness = try await Harness.start()
        _ = try await harness.runtime.importPlaybook(Self.playbook(scenario: payload.0, location: payload.0), by: "test")
        try await harness.router { client in
            let complaint = try await client.send(.post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","text":"The room was dirty"}"#)
            let caseID = try #require(complaint.json["case"]?["id"]?.string)
            let path = try #require(try await client.send(.post, "/v1/cases/\(caseID)/status-link", token: harness.frontline).json["path"]?.string)
            let page = try await client.send(.get, path, token: nil)
            #expect(page.status == .ok && page.headers[.contentType] == "text/html; charset=utf-8")
            Self.assertEscaped(String(buffer: page.body), payload, "the status page")
        }
    }

    @Test(arguments: payloads)
    func theSurveyEscapesThePlaybookAndWhatTheCustomerTyped(payload: (String, String)) async throws {
        let harness = try await Harness.start { $0.smsGateway = "http://127.0.0.1:9/sms" }
        _ = try await harness.runtime.importPlaybook(Self.playbook(scenario: payload.0, location: payload.0), by: "test")
        let scheduler = FollowUpScheduler(runtime: harness.runtime)
        try await harness.router { client in
            let (_, path) = try await FollowUpTests.resolvedAndSurveyed(client, harness, scheduler: scheduler)
            Self.assertEscaped(String(buffer: try await client.send(.get, path, token: nil).body), payload, "the survey")
            // A form sent without its first answer comes back with what was typed, escaped, and says what is missing.
            let comment = payload.0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let refused = try await client.send(
                .post, path, token: nil, bytes: Array("recommend=7&comment=\(comment)".utf8), headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(refused.status == .unprocessableContent)
            let page = String(buffer: refused.body)
            Self.assertEscaped(page, payload, "the survey sent again")
            #expect(page.contains("role=\"alert\"") && page.contains("Choose how satisfied you are, from 1 to 5."))
            #expect(page.contains("name=\"recommend\" value=\"7\" required checked"))
            #expect(page.components(separatedBy: " checked").count == 2, "only the answer given is chosen")
            // A NUL in the comment is named, and nothing is kept.
            let withNUL = try await client.send(
                .post, path, token: nil, bytes: Array("satisfaction=4&recommend=7&comment=a%00b".utf8),
                headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(withNUL.status == .unprocessableContent)
            #expect(String(buffer: withNUL.body).contains("comment: may not hold a NUL character"))
            // Answered, then a thank-you page, and the form never again.
            let answered = try await client.send(
                .post, path, token: nil, bytes: Array("satisfaction=4&recommend=7&comment=\(comment)".utf8),
                headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(answered.status == .created && String(buffer: answered.body).contains("<h1>Thank you</h1>"))
            let again = String(buffer: try await client.send(.get, path, token: nil).body)
            #expect(again.contains("You have answered this survey already.") && !again.contains("<form"))
        }
    }

    @Test func aLinkThatOpensNothingSaysSoOnAPageOfItsOwn() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            for path in ["/customer/cases/<script>", "/customer/surveys/x%22%3E%3Cb%3E"] {
                let page = try await client.send(.get, path, token: nil)
                #expect(page.status == .notFound)
                let html = String(buffer: page.body)
                #expect(html.hasPrefix("<!doctype html>") && html.contains("This link is not one we made."))
                #expect(!html.contains("<script>") && !html.contains("<b>"))
            }
        }
    }

    @Test func theStatusAndFollowUpPagesSpeakTheCustomersLanguage() async throws {
        let harness = try await Harness.start { $0.smsGateway = "http://127.0.0.1:9/sms" }
        _ = try await harness.runtime.importPlaybook(FollowUpTests.playbook(), by: "test")
        let scheduler = FollowUpScheduler(runtime: harness.runtime)
        try await harness.router { client in
            // A link that opens nothing says so in the browser's language.
            let unknown = try await client.send(.get, "/customer/cases/nothing", token: nil, headers: [.acceptLanguage: "de-DE,de;q=0.9"])
            #expect(unknown.status == .notFound && String(buffer: unknown.body).contains("Dieser Link stammt nicht von uns."))
            let (caseID, path) = try await FollowUpTests.resolvedAndSurveyed(client, harness, scheduler: scheduler)
            // Rita wrote in Spanish on a feedback page before: her pages are in Spanish, unless a page asks for another.
            let customer = try #require(try await harness.runtime.store.recoveryCase(id: caseID)?.customer)
            try await harness.runtime.store.noteCustomer(keys: customer.keys, language: "es", consentAt: nil, at: harness.runtime.clock.now())
            let survey = try await client.send(.get, path, token: nil, headers: [.acceptLanguage: "fr"])
            let html = String(buffer: survey.body)
            #expect(survey.headers[.contentLanguage] == "es" && html.contains("<html lang=\"es\">"))
            #expect(html.contains("<h1>¿Qué tal lo hicimos?</h1>") && html.contains("¿Está satisfecho con cómo lo gestionamos?"))
            #expect(html.contains("action=\"\(path)?lang=es\"") && html.contains(">Enviar</button>"))
            let german = String(buffer: try await client.send(.get, path + "?lang=de", token: nil).body)
            #expect(german.contains("<h1>Wie haben wir es gemacht?</h1>"))
            let refused = try await client.send(
                .post, path + "?lang=es", token: nil, bytes: Array("recommend=7&lang=es".utf8), headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(refused.status == .unprocessableContent && String(buffer: refused.body).contains("Elija cuán satisfecho está, de 1 a 5."))
            let answered = try await client.send(
                .post, path + "?lang=es", token: nil, bytes: Array("satisfaction=5&recommend=9&lang=es".utf8),
                headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(answered.status == .created && String(buffer: answered.body).contains("Su respuesta nos ayuda a arreglar las cosas"))
            // The status page, in Spanish, with the day in Spanish.
            let expiresAt = Date(timeIntervalSince1970: (harness.runtime.clock.now().timeIntervalSince1970 + 86400).rounded())
            let status = try await client.send(
                .get, "/customer/cases/" + StatusLink.token(caseID: caseID, expiresAt: expiresAt, keys: harness.runtime.keys), token: nil)
            let page = String(buffer: status.body)
            #expect(page.contains("<dt>Dónde</dt>") && page.contains("Creemos que ya está arreglado"))
            #expect(page.contains(" de noviembre de 2026") || page.contains(" de diciembre de 2026"))
        }
    }
}
