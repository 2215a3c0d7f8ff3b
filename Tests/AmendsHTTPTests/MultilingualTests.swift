import AmendsApp
import AmendsCore
import AmendsHTTP
import AmendsJSON
import AmendsTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// A location whose guests write in English and Spanish: a Spanish complaint typed on the English feedback page is
/// heard, opens the scenario its Spanish phrases name, and the customer is answered in Spanish.
@Suite("A location in two languages")
struct MultilingualTests {
    static func playbook() -> Playbook {
        var playbook = Fixture.messagingPlaybook()
        playbook.locations[0].languages = ["en", "es"]
        playbook.scenarios[0].detection?.phrasesByLanguage = ["es": ["sucia", "sucio", "manchas", "no estaba limpia"]]
        playbook.scenarios[0].templates?.append(
            MessageTemplate(
                kind: .apology, channel: .email, language: "es", subject: "Lo sentimos, {{customer.name}}",
                body: "Estimada {{customer.name}}:\n\nSentimos que su habitación en {{location.name}} no estuviera limpia.\n\n{{staff.name}}"))
        return playbook
    }

    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    static func answer(_ text: String, email: String, submission: String) -> [UInt8] {
        let fields = [("text", text), ("name", "Lucía"), ("email", email), ("consent", "yes"), ("submission", submission)]
        return FeedbackPageTests.encoded(fields)
    }

    @Test func aSpanishComplaintOnTheEnglishPageOpensItsScenarioAndIsAnsweredInSpanish() async throws {
        let transport = RecordingTransport()
        let harness = try await Harness.start(messageTransport: transport)
        _ = try await harness.runtime.importPlaybook(Self.playbook(), by: "test")
        try await harness.router { client in
            // The page is in English, the location's first language; the guest writes in Spanish, with no score.
            let page = try await client.send(.get, "/f/lisbon/web", token: nil)
            #expect(String(buffer: page.body).contains("lang=\"en\""))
            let body = Self.answer("La habitación no estaba limpia y las toallas tenían manchas", email: "lucia@example.com", submission: "s1")
            let answered = try await client.send(.post, "/f/lisbon/web", token: nil, bytes: body, headers: Self.form)
            #expect(answered.status == .created, "\(String(buffer: answered.body))")

            let opened = try #require(try await harness.runtime.store.openCase(customerKey: "email:lucia@example.com"))
            #expect(opened.scenario == "unclean-room")
            let analysis = try #require(try await harness.runtime.store.feedback(caseID: opened.id, limit: 5).first?.analysis)
            #expect(analysis.language == "es")
            #expect(analysis.explanation.contains { $0.contains("Phrase 'no estaba limpia' of scenario 'unclean-room'") }, "\(analysis.explanation)")
            // The guest's language is kept, and the apology goes out in Spanish.
            #expect(try await harness.runtime.store.customerPreferences(keys: ["email:lucia@example.com"]).language == "es")
            let draft = try await client.send(.get, "/v1/cases/\(opened.id)/messages/draft?kind=apology", token: harness.frontline)
            #expect(draft.json["language"] == .string("es") && draft.json["subject"] == .string("Lo sentimos, Lucía"), "\(String(buffer: draft.body))")
            _ = try await client.send(.post, "/v1/cases/\(opened.id)/acknowledge", token: harness.admin)
            let sent = try await client.send(.post, "/v1/cases/\(opened.id)/messages", token: harness.admin, json: #"{"kind":"apology"}"#)
            #expect(sent.status == .accepted, "\(String(buffer: sent.body))")
            try await harness.runtime.messages.runOnce()
            let apology = try #require(transport.sent.first)
            #expect(apology.language == "es" && apology.address == "lucia@example.com" && apology.body.hasPrefix("Estimada Lucía:"), "\(apology)")

            // An English complaint on the same page stays in English.
            let english = Self.answer("The room was dirty", email: "lucy@example.com", submission: "s2")
            #expect(try await client.send(.post, "/f/lisbon/web", token: nil, bytes: english, headers: Self.form).status == .created)
            #expect(try await harness.runtime.store.customerPreferences(keys: ["email:lucy@example.com"]).language == "en")
            let englishCase = try #require(try await harness.runtime.store.openCase(customerKey: "email:lucy@example.com"))
            let englishDraft = try await client.send(.get, "/v1/cases/\(englishCase.id)/messages/draft?kind=apology", token: harness.frontline)
            #expect(englishDraft.json["language"] == .string("en"))
        }
    }

    @Test func aSpanishComplaintNoPhraseNamesIsStillHeard() async throws {
        let harness = try await Harness.start()
        _ = try await harness.runtime.importPlaybook(Self.playbook(), by: "test")
        try await harness.router { client in
            let json = #"{"channel":"web","location":"lisbon","customer":{"email":"pablo@example.com"},"text":"Nadie nos atendió en recepción, una vergüenza"}"#
            let posted = try await client.send(.post, "/v1/feedback", token: harness.channel, json: json)
            #expect(posted.status == .created)
            let analysis = posted.json["feedback"]?["analysis"]
            #expect(analysis?["failure"] == .bool(true) && analysis?["language"] == .string("es"), "\(String(buffer: posted.body))")
            // No scenario's words name it: the text engine's verdict opens the fallback scenario.
            #expect(analysis?["scenario"] == .string("unhappy-guest") && posted.json["case"]?["opened"] == .bool(true), "\(String(buffer: posted.body))")
        }
    }
}
