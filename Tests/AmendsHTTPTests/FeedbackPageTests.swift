import AmendsApp
import AmendsCore
import AmendsHTTP
import AmendsJSON
import AmendsTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The feedback pages (`/f/{location}/{channel}`): what customers see, and that their answers take the same intake path
/// as the API.
@Suite("Feedback pages")
struct FeedbackPageTests {
    /// The fixture playbook with a QR channel that asks "which area?", its respond_within on rooms, and Lisbon's pages in
    /// Portuguese first.
    static func playbook() -> Playbook {
        var playbook = Fixture.playbook()
        playbook.channels.append(
            Channel(
                key: "room-qr", name: "QR codes in the rooms", kind: .qr,
                questions: FeedbackQuestions(
                    rating: .stars,
                    choices: [
                        .init(
                            key: "area", text: LocalizedText(texts: ["en": "Which area?", "pt": "Que área?"]),
                            options: [
                                .init(key: "room", text: LocalizedText(texts: ["en": "Room", "pt": "Quarto"])),
                                .init(key: "bar", text: LocalizedText("Bar")),
                            ])
                    ])))
        playbook.scenarios[0].respondWithin = SLADuration(seconds: 7200)
        playbook.locations[0].languages = ["pt", "en", "de"]
        return playbook
    }

    static func start(configure: (inout Configuration) -> Void = { _ in }) async throws -> Harness {
        let harness = try await Harness.start(configure: configure)
        _ = try await harness.runtime.importPlaybook(playbook(), by: "test")
        return harness
    }

    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    static func encoded(_ fields: [(String, String)]) -> [UInt8] {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return Array(fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&").utf8)
    }

    static func accepted(_ client: any TestClientProtocol) async throws -> Int {
        let metrics = String(buffer: try await client.send(.get, "/metrics", token: nil).body)
        let line = metrics.split(separator: "\n").first { $0.hasPrefix("amends_feedback_accepted_total ") }
        return Int(line?.split(separator: " ").last ?? "0") ?? 0
    }

    static func cases(_ client: any TestClientProtocol, _ harness: Harness) async throws -> [JSONValue] {
        try await client.send(.get, "/v1/cases?limit=500", token: harness.admin).json["items"]?.array ?? []
    }

    @Test func aComplaintWithContactOpensACaseAndTheThankYouPageOffersItsStatusLink() async throws {
        let harness = try await Self.start()
        try await harness.router { client in
            let page = try await client.send(.get, "/f/lisbon/room-qr", token: nil)
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            // Portuguese is Lisbon's first language; the extra question and its options are asked in it.
            #expect(html.contains(#"<html lang="pt">"#) && html.contains("Que área?") && html.contains("Quarto"))
            let answer = try await client.send(
                .post, "/f/lisbon/room-qr", token: nil,
                bytes: Self.encoded([
                    ("rating", "1"), ("text", "The room was dirty, <b>hair in the</b> shower"), ("choice.area", "room"), ("name", "Ana"),
                    ("email", "ana@example.com"), ("consent", "yes"), ("lang", "en"), ("submission", "k1"),
                ]), headers: Self.form)
            #expect(answer.status == .created)
            let thanks = String(buffer: answer.body)
            #expect(thanks.contains("Your report has reached Housekeeping."))
            #expect(thanks.contains("Someone from Housekeeping will contact you within 2 hours."))
            let link = try #require(thanks.firstMatch(of: /href="(\/customer\/cases\/[^"]+)"/)?.1)
            let status = try await client.send(.get, String(link), token: nil)
            #expect(status.status == .ok)
            let cases = try await Self.cases(client, harness)
            #expect(cases.count == 1)
            #expect(cases.first?["scenario"]?.string == "unclean-room")
            let caseID = try #require(cases.first?["id"]?.string)
            let feedback = try #require(try await harness.runtime.store.feedback(caseID: caseID, limit: 5).first)
            // Stored as the API stores it: the channel, the contact with consent, the language, the answer, and no markup.
            #expect(feedback.channel == "room-qr" && feedback.customer?.email == "ana@example.com" && feedback.customer?.name == "Ana")
            #expect(feedback.text == "The room was dirty, hair in the shower")
            #expect(feedback.score == Score(value: 1, scale: .stars))
            #expect(feedback.metadata["language"] == .string("en") && feedback.metadata["contact_consent"] == .bool(true))
            #expect(feedback.metadata["answers"] == .object(["area": .string("room")]))
        }
    }

    @Test func praiseOpensNoCase() async throws {
        let harness = try await Self.start()
        try await harness.router { client in
            let answer = try await client.send(
                .post, "/f/lisbon/room-qr?lang=en", token: nil, bytes: Self.encoded([("rating", "5"), ("text", "Lovely stay, spotless room")]),
                headers: Self.form)
            #expect(answer.status == .created)
            #expect(String(buffer: answer.body).contains("We are glad it went well"))
            #expect(try await Self.accepted(client) == 1)
            #expect(try await Self.cases(client, harness).isEmpty)
        }
    }

    @Test func contactWithoutConsentIsRefusedWithWhatWasTypedAndNothingKept() async throws {
        let harness = try await Self.start()
        try await harness.router { client in
            let answer = try await client.send(
                .post, "/f/lisbon/room-qr?lang=en", token: nil,
                bytes: Self.encoded([("rating", "2"), ("text", "Cold shower"), ("email", "bo@example.com")]), headers: Self.form)
            #expect(answer.status == .unprocessableContent)
            let page = String(buffer: answer.body)
            #expect(page.contains("Tick the box to let us contact you"))
            #expect(page.contains(#"value="bo@example.com""#) && page.contains(">Cold shower</textarea>"))
            #expect(page.contains(#"<fieldset class="contact" aria-describedby="problem">"#))
            #expect(page.contains(#"<input type="radio" name="rating" value="2" aria-label="2 of 5" checked>"#))
            #expect(try await Self.accepted(client) == 0)
        }
    }

    @Test func theHiddenFieldIsThankedAndNotKept() async throws {
        let harness = try await Self.start()
        try await harness.router { client in
            let answer = try await client.send(
                .post, "/f/lisbon/room-qr?lang=en", token: nil, bytes: Self.encoded([("text", "The room was dirty"), ("website", "http://spam.example")]),
                headers: Self.form)
            #expect(answer.status == .created)
            #expect(String(buffer: answer.body).contains("Thank you"))
            #expect(try await Self.accepted(client) == 0)
            #expect(try await Self.cases(client, harness).isEmpty)
        }
    }

    @Test func theSamePageSentTwiceIsStoredOnce() async throws {
        let harness = try await Self.start()
        try await harness.router { client in
            let fields = [("text", "The room was dirty"), ("submission", "same-key")]
            for _ in 0..<2 {
                let answer = try await client.send(.post, "/f/lisbon/room-qr", token: nil, bytes: Self.encoded(fields), headers: Self.form)
                #expect(answer.status == .created)
            }
            // Sent again with other words under the same key (back, change, send): a new answer.
            let changed = try await client.send(
                .post, "/f/lisbon/room-qr", token: nil, bytes: Self.encoded([("text", "And the bar was noisy"), ("submission", "same-key")]),
                headers: Self.form)
            #expect(changed.status == .created)
            #expect(try await Self.accepted(client) == 2)
        }
    }

    @Test func aKioskSendsJSONAndGetsItsThanksOrWhatToCorrect() async throws {
        let harness = try await Self.start()
        try await harness.router { client in
            var headers = Self.form
            headers[.accept] = "application/json"
            let sent = try await client.send(
                .post, "/f/lisbon/web?lang=de", token: nil, bytes: Self.encoded([("rating", "3"), ("submission", "kiosk-1")]), headers: headers)
            #expect(sent.status == .created)
            #expect(sent.json["status"]?.string == "received")
            #expect(sent.json["message"]?.string == "Vielen Dank für Ihre Rückmeldung. Sie hilft uns, besser zu werden.")
            let again = try await client.send(
                .post, "/f/lisbon/web?lang=de", token: nil, bytes: Self.encoded([("rating", "3"), ("submission", "kiosk-1")]), headers: headers)
            #expect(again.json["status"]?.string == "replayed")
            let wrong = try await client.send(.post, "/f/lisbon/web?lang=en", token: nil, bytes: Self.encoded([("rating", "9")]), headers: headers)
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.json["error"]?["field"]?.string == "rating")
            #expect(wrong.json["error"]?["message"]?.string == "Choose one of the answers offered.")
            // A kiosk's page: no autofill of one guest's details for the next.
            let page = String(buffer: try await client.send(.get, "/f/lisbon/web", token: nil).body)
            #expect(page.contains(#"autocomplete="off""#) && page.contains("data-kiosk") && page.contains("/assets/feedback.js"))
            #expect(try await Self.accepted(client) == 1)
        }
    }

    @Test func aSitesOwnFormIsToldWhichFieldItMustNotSend() async throws {
        let harness = try await Self.start()
        try await harness.router { client in
            var headers = Self.form
            headers[.accept] = "application/json"
            let answer = try await client.send(
                .post, "/f/lisbon/room-qr", token: nil, bytes: Self.encoded([("text", "Dirty room"), ("csrf_token", "x")]), headers: headers)
            #expect(answer.status == .unprocessableContent)
            #expect(answer.json["error"]?["code"]?.string == "unknown_field" && answer.json["error"]?["field"]?.string == "csrf_token")
            let json = try await client.send(.post, "/f/lisbon/room-qr", token: nil, json: #"{"text":"Dirty room"}"#)
            #expect(json.status == .unsupportedMediaType)
            #expect(try await Self.accepted(client) == 0)
        }
    }

    @Test(arguments: [
        ("?lang=de", nil as String?, "de", "Wie war Ihr Besuch in Lisbon?"),
        ("", "fr-CH, de;q=0.8", "de", "Wie war Ihr Besuch in Lisbon?"),
        ("", "en-GB,en;q=0.9", "en", "How was your visit to Lisbon?"),
        ("", nil, "pt", "Como foi a sua visita a Lisbon?"),
        ("?lang=es", nil, "pt", "Como foi a sua visita a Lisbon?"),
    ])
    func theLanguageIsTheAskedThenTheBrowsersThenTheLocationsDefault(query: String, acceptLanguage: String?, language: String, heading: String)
        async throws
    {
        let harness = try await Self.start()
        try await harness.router { client in
            var headers: HTTPFields = [:]
            if let acceptLanguage { headers[.acceptLanguage] = acceptLanguage }
            let page = try await client.send(.get, "/f/lisbon/room-qr" + query, token: nil, headers: headers)
            #expect(page.headers[.contentLanguage] == language)
            #expect(String(buffer: page.body).contains(heading))
        }
    }

    @Test func everyShippedLanguageRendersItsOwnWords() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            let expected = ["en": "What happened?", "es": "¿Qué ha pasado?", "fr": "Que s'est-il passé ?", "de": "Was ist passiert?", "pt": "O que aconteceu?"]
            for (language, words) in expected {
                let page = String(buffer: try await client.send(.get, "/f/lisbon/web?lang=\(language)", token: nil).body)
                #expect(page.contains(#"<html lang="\#(language)">"#))
                #expect(page.contains(words.replacingOccurrences(of: "'", with: "&#39;")), "\(language)")
            }
        }
    }

    @Test func aPlaybookChangesWordsAddsALanguageAndGivesTheLocationItsLook() async throws {
        let harness = try await Harness.start()
        var playbook = Fixture.playbook()
        var italian: [String: String] = [:]
        for key in PageText.Key.allCases { italian[key.rawValue] = PageText.shipped(key, in: "en") }
        italian["heading"] = "Com'è andata la visita a {location}?"
        italian["language_name"] = "Italiano"
        playbook.pageTexts = ["en": ["heading": "Tell {location} how it went"], "it": italian]
        playbook.locations[0].languages = ["en", "it"]
        playbook.locations[0].color = "#aa3300"
        playbook.locations[0].logo = "data:image/svg+xml;base64," + Data(#"<svg xmlns="http://www.w3.org/2000/svg"/>"#.utf8).base64EncodedString()
        #expect(playbook.problems().isEmpty)
        _ = try await harness.runtime.importPlaybook(playbook, by: "test")
        try await harness.router { client in
            let english = String(buffer: try await client.send(.get, "/f/lisbon/web", token: nil).body)
            #expect(english.contains("Tell Lisbon how it went") && english.contains(">Italiano</a>"))
            #expect(english.contains(#"href="/looks/lisbon""#) && english.contains(#"src="/logos/lisbon""#))
            let italianPage = String(buffer: try await client.send(.get, "/f/lisbon/web?lang=it", token: nil).body)
            #expect(italianPage.contains("Com&#39;è andata la visita a Lisbon?"))
            let look = try await client.send(.get, "/looks/lisbon", token: nil)
            #expect(String(buffer: look.body).contains("--brand:#aa3300"))
            let logo = try await client.send(.get, "/logos/lisbon", token: nil)
            #expect(logo.headers[.contentType] == "image/svg+xml" && String(buffer: logo.body).hasPrefix("<svg"))
            #expect(try await client.send(.get, "/logos/porto", token: nil).status == .notFound)
        }
    }

    @Test func aPageThatDoesNotExistSaysSo() async throws {
        let harness = try await Self.start()
        var playbook = Self.playbook()
        playbook.channels.append(Channel(key: "texts", name: "SMS", kind: .sms))
        _ = try await harness.runtime.importPlaybook(playbook, by: "test")
        try await harness.router { client in
            for path in ["/f/nowhere", "/f/lisbon/nothing", "/f/lisbon/texts", "/f/nowhere/room-qr"] {
                let page = try await client.send(.get, path + "?lang=en", token: nil)
                #expect(page.status == .notFound, "\(path)")
                #expect(String(buffer: page.body).contains("There is no feedback page at this address"), "\(path)")
            }
            // The location's own page opens its first channel with a page.
            #expect(try await client.send(.get, "/f/lisbon", token: nil).status == .ok)
        }
    }

    @Test func aBotFloodFromOneAddressOpensNoMoreCasesThanTheLimit() async throws {
        let harness = try await Self.start { $0.pageLimits = PageLimits(posts: 25, views: 100) }
        try await harness.router { client in
            var refused = 0
            var retryAfter: String?
            for index in 0..<10_000 {
                let answer = try await client.send(
                    .post, "/f/lisbon/room-qr?lang=en", token: nil, bytes: Self.encoded([("text", "The room was dirty \(index)")]), headers: Self.form)
                if answer.status == .tooManyRequests {
                    refused += 1
                    retryAfter = answer.headers[.retryAfter]
                } else {
                    #expect(answer.status == .created)
                }
            }
            #expect(refused == 10_000 - 25)
            #expect(Int(retryAfter ?? "") ?? 0 > 0)
            #expect(try await Self.accepted(client) == 25)
            #expect(try await Self.cases(client, harness).count <= 25)
            // Pages are counted on their own: 100 views, then a page in the browser's language that says when to come back.
            var last = try await client.send(.get, "/f/lisbon/room-qr", token: nil)
            for _ in 0..<100 { last = try await client.send(.get, "/f/lisbon/room-qr", token: nil, headers: [.acceptLanguage: "es"]) }
            #expect(last.status == .tooManyRequests && last.headers[.retryAfter] != nil)
            #expect(String(buffer: last.body).contains("Han llegado demasiadas respuestas"))
            // The console and the API are not the public pages' business.
            #expect(try await client.send(.get, "/v1/cases", token: harness.admin).status == .ok)
        }
    }
}
