import AmendsApp
import AmendsCore
import AmendsDelivery
import AmendsHTTP
import AmendsJSON
import AmendsTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Synchronization
import Testing

/// Keeps what it is asked to send, failing the first `failures` tries.
final class RecordingTransport: MessageTransport {
    let media: Set<MessageTemplate.Medium>
    private let state: Mutex<(sent: [CustomerMessage], failures: Int)>

    init(media: Set<MessageTemplate.Medium> = [.email, .sms], failures: Int = 0) {
        self.media = media
        state = Mutex(([], failures))
    }

    var sent: [CustomerMessage] { state.withLock { $0.sent } }

    func handles(_ medium: MessageTemplate.Medium) -> Bool { media.contains(medium) }

    func send(_ message: CustomerMessage, at date: Date) async -> TransportResult {
        state.withLock { state in
            if state.failures > 0 {
                state.failures -= 1
                return .failed("connection refused")
            }
            state.sent.append(message)
            return .accepted
        }
    }
}

/// Survey campaigns: visits reported, the survey sent after the delay in the customer's language, one reminder, a
/// single-use link whose answer is feedback linked to the visit, unsubscribe honoured, and the response rate read.
@Suite("Survey campaigns")
struct CampaignTests {
    /// The fixture playbook, its survey channel asking a day after a visit and reminding three days later.
    static func playbook() -> Playbook {
        var playbook = Fixture.playbook()
        let index = playbook.channels.firstIndex { $0.key == "survey" }!
        playbook.channels[index].campaign = SurveyCampaign(after: SLADuration(seconds: 86400), reminderAfter: SLADuration(seconds: 3 * 86400))
        playbook.channels[index].questions = FeedbackQuestions(rating: .nps)
        return playbook
    }

    static func start(_ transport: RecordingTransport) async throws -> Harness {
        let harness = try await Harness.start(messageTransport: transport)
        _ = try await harness.runtime.importPlaybook(playbook(), by: "test")
        return harness
    }

    static func visit(_ harness: Harness, hoursAgo: Double, email: String = "ana@example.com", reference: String = "BK-1", language: String? = nil) -> String {
        let at = Timestamp.string(harness.runtime.clock.now().addingTimeInterval(-hoursAgo * 3600))
        var fields = [
            "\"campaign\":\"survey\"", "\"location\":\"lisbon\"", "\"visited_at\":\"\(at)\"", "\"external_id\":\"\(reference)\"",
            "\"customer\":{\"email\":\"\(email)\",\"name\":\"Ana\"}",
        ]
        if let language { fields.append("\"language\":\"\(language)\"") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    /// The path of the first link in `text` that starts with `prefix`.
    static func link(in text: String, after prefix: String) throws -> String {
        let word = try #require(text.split(whereSeparator: { $0 == " " || $0 == "\n" }).first { $0.contains("://") && $0.contains(prefix) })
        return try #require(URLComponents(string: String(word))?.path)
    }

    @Test func aVisitIsAskedAfterTheDelayInItsLanguageRemindedOnceAndAnsweredOnce() async throws {
        let transport = RecordingTransport()
        let harness = try await Self.start(transport)
        let scheduler = CampaignScheduler(runtime: harness.runtime)
        let clock = try #require(harness.clock)
        try await harness.router { client in
            let posted = try await client.send(.post, "/v1/visits", token: harness.channel, json: Self.visit(harness, hoursAgo: 1, language: "es"))
            // The web channel's token cannot report the survey channel's visits.
            #expect(posted.status == .forbidden && posted.errorCode == "wrong_channel")
            let added = try await client.send(.post, "/v1/visits", token: harness.admin, json: Self.visit(harness, hoursAgo: 1, language: "es"))
            #expect(added.status == .created)
            let id = try #require(added.json["visit"]?["id"]?.string)
            #expect(added.json["visit"]?["state"] == .string("waiting"))
            let again = try await client.send(.post, "/v1/visits", token: harness.admin, json: Self.visit(harness, hoursAgo: 1, language: "es"))
            #expect(again.status == .ok && again.json["visit"]?["id"]?.string == id && again.json["replayed"] == .bool(true))

            #expect(try await scheduler.runOnce() == 0)
            clock.advance(by: 23 * 3600)
            #expect(try await scheduler.runOnce() == 1)
            let invitation = try #require(transport.sent.first)
            #expect(transport.sent.count == 1)
            #expect(invitation.medium == .email && invitation.address == "ana@example.com" && invitation.language == "es")
            #expect(invitation.subject == "¿Qué tal su visita a Lisbon?")
            #expect(invitation.body.hasPrefix("Hola, Ana:"))
            let path = try Self.link(in: invitation.body, after: "/s/2.")
            let unsubscribe = try Self.link(in: invitation.body, after: "/s/unsubscribe/")
            #expect(path != unsubscribe)

            // Nothing more until the reminder is due, then one reminder, then nothing.
            #expect(try await scheduler.runOnce() == 0)
            clock.advance(by: 3 * 86400)
            #expect(try await scheduler.runOnce() == 1)
            #expect(transport.sent.count == 2 && transport.sent[1].subject == "¿Un minuto para Lisbon?")
            #expect(try Self.link(in: transport.sent[1].body, after: "/s/2.") == path)
            clock.advance(by: 5 * 86400)
            #expect(try await scheduler.runOnce() == 0)
            #expect(transport.sent.count == 2)

            let page = try await client.send(.get, path, token: nil)
            let html = String(buffer: page.body)
            #expect(page.status == .ok && page.headers[.contentLanguage] == "es")
            #expect(html.contains("¿Qué tal su visita a Lisbon?") && html.contains("name=\"rating\" value=\"10\""))
            #expect(!html.contains("name=\"email\""), "the customer is known; the survey asks for no contact")
            #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")

            let body = Array("rating=3&text=The+room+was+dirty&submission=k1&email=someone%40else.com".utf8)
            let answered = try await client.send(.post, path, token: nil, bytes: body, headers: Self.form)
            #expect(answered.status == .created)
            let thanks = String(buffer: answered.body)
            #expect(thanks.contains("/customer/cases/"), "a complaint from a known customer offers the status link")
            let visit = try await client.send(.get, "/v1/visits/\(id)", token: harness.admin)
            #expect(visit.json["state"] == .string("answered"))
            let feedbackID = try #require(visit.json["feedback_id"]?.string)
            let feedback = try await client.send(.get, "/v1/feedback/\(feedbackID)", token: harness.admin)
            #expect(feedback.json["feedback"]?["metadata"]?["visit"] == .string(id) || feedback.json["metadata"]?["visit"] == .string(id))
            let customer = feedback.json["feedback"]?["customer"] ?? feedback.json["customer"]
            #expect(customer?["email"] == .string("ana@example.com"), "the visit's customer, not what the form sent")

            // The link works once.
            let second = try await client.send(.post, path, token: nil, bytes: Array("rating=10&submission=k2".utf8), headers: Self.form)
            #expect(second.status == .gone && String(buffer: second.body).contains("Esta encuesta ya está respondida"))
            #expect(try await client.send(.get, path, token: nil).status == .gone)
            let figures = try await client.send(.get, "/v1/campaigns/survey", token: harness.frontline)
            #expect(figures.json["figures"]?["visits"] == .number(1) && figures.json["figures"]?["invited"] == .number(1))
            #expect(figures.json["figures"]?["reminded"] == .number(1) && figures.json["figures"]?["answered"] == .number(1))
            #expect(figures.json["figures"]?["response_rate"] == .number(1))
            #expect(try await client.send(.get, "/v1/campaigns/web", token: harness.frontline).status == .notFound)
            let list = try await client.send(.get, "/v1/campaigns", token: harness.frontline)
            #expect(list.json["items"]?.array.map { $0["key"] } == [.string("survey")])
        }
    }

    @Test func anAnswerBeforeTheReminderStopsIt() async throws {
        let transport = RecordingTransport()
        let harness = try await Self.start(transport)
        let scheduler = CampaignScheduler(runtime: harness.runtime)
        try await harness.router { client in
            #expect(try await client.send(.post, "/v1/visits", token: harness.admin, json: Self.visit(harness, hoursAgo: 30)).status == .created)
            #expect(try await scheduler.runOnce() == 1)
            let path = try Self.link(in: try #require(transport.sent.first).body, after: "/s/2.")
            #expect(try await client.send(.post, path, token: nil, bytes: Array("rating=10&submission=a".utf8), headers: Self.form).status == .created)
            harness.clock?.advance(by: 4 * 86400)
            #expect(try await scheduler.runOnce() == 0)
            #expect(transport.sent.count == 1)
        }
    }

    @Test func unsubscribingStopsTheReminderAndEveryLaterSurvey() async throws {
        let transport = RecordingTransport()
        let harness = try await Self.start(transport)
        let scheduler = CampaignScheduler(runtime: harness.runtime)
        try await harness.router { client in
            #expect(try await client.send(.post, "/v1/visits", token: harness.admin, json: Self.visit(harness, hoursAgo: 30)).status == .created)
            #expect(try await scheduler.runOnce() == 1)
            let unsubscribe = try Self.link(in: try #require(transport.sent.first).body, after: "/s/unsubscribe/")
            let page = try await client.send(.get, unsubscribe, token: nil)
            #expect(page.status == .ok && String(buffer: page.body).contains("Stop sending surveys to ana@example.com?"))
            let done = try await client.send(.post, unsubscribe, token: nil, bytes: [], headers: Self.form)
            #expect(done.status == .ok && String(buffer: done.body).contains("We will not send you surveys again."))
            // Another stay of the same customer, under another reference: not asked.
            let later = try await client.send(.post, "/v1/visits", token: harness.admin, json: Self.visit(harness, hoursAgo: 25, reference: "BK-2"))
            #expect(later.status == .created)
            harness.clock?.advance(by: 4 * 86400)
            #expect(try await scheduler.runOnce() == 1)
            #expect(transport.sent.count == 1)
            let laterID = try #require(later.json["visit"]?["id"]?.string)
            #expect(try await client.send(.get, "/v1/visits/\(laterID)", token: harness.admin).json["state"] == .string("unsubscribed"))
            let figures = try await client.send(.get, "/v1/campaigns/survey", token: harness.admin).json["figures"]
            #expect(figures?["unsubscribed"] == .number(1) && figures?["invited"] == .number(1) && figures?["reminded"] == .number(0))
            // The customer's page in the console says so.
            let lead = try await ConsoleTests.session(harness, name: "Lena", role: .lead)
            let feedback = try await client.send(
                .post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","customer":{"email":"ana@example.com"},"text":"Lovely"}"#)
            #expect(feedback.status == .created)
            let (_, customer) = try await ConsoleTests.page(client, "/console/customers?email=ana%40example.com", session: lead)
            #expect(customer.contains("Surveys: unsubscribed on"))
            let (_, surveys) = try await ConsoleTests.page(client, "/console/surveys", session: lead)
            #expect(surveys.contains("NPS survey") && surveys.contains("not asked: unsubscribed"))
        }
    }

    @Test func aFailedSendIsTriedAgainAndACustomerNothingReachesIsMarkedSo() async throws {
        let transport = RecordingTransport(media: [.email], failures: 1)
        let harness = try await Self.start(transport)
        let scheduler = CampaignScheduler(runtime: harness.runtime)
        try await harness.router { client in
            let posted = try await client.send(.post, "/v1/visits", token: harness.admin, json: Self.visit(harness, hoursAgo: 30))
            let id = try #require(posted.json["visit"]?["id"]?.string)
            #expect(try await scheduler.runOnce() == 1)
            var visit = try await client.send(.get, "/v1/visits/\(id)", token: harness.admin).json
            #expect(visit["state"] == .string("waiting") && visit["last_error"] == .string("connection refused"))
            harness.clock?.advance(by: 60)
            #expect(try await scheduler.runOnce() == 1)
            visit = try await client.send(.get, "/v1/visits/\(id)", token: harness.admin).json
            #expect(visit["state"] == .string("invited") && visit["last_error"] == nil && transport.sent.count == 1)

            // Only a phone, and this server sends no SMS.
            let phoneOnly = #"{"campaign":"survey","location":"porto","visited_at":"2026-11-01T10:00:00Z","customer":{"phone":"+351912000111"}}"#
            let other = try await client.send(.post, "/v1/visits", token: harness.admin, json: phoneOnly)
            let otherID = try #require(other.json["visit"]?["id"]?.string)
            #expect(try await scheduler.runOnce() == 1)
            let unreachable = try await client.send(.get, "/v1/visits/\(otherID)", token: harness.admin).json
            #expect(unreachable["state"] == .string("unreachable"))
            #expect(unreachable["last_error"]?.string?.contains("no e-mail address or phone this server can send to") == true)
        }
    }

    @Test func aCustomerWithOnlyAPhoneIsTextedTheSurvey() async throws {
        let transport = RecordingTransport()
        let harness = try await Self.start(transport)
        let scheduler = CampaignScheduler(runtime: harness.runtime)
        try await harness.router { client in
            let phoneOnly = #"{"campaign":"survey","location":"porto","visited_at":"2026-11-01T10:00:00Z","customer":{"phone":"+351 912 000 111"},"language":"de"}"#
            #expect(try await client.send(.post, "/v1/visits", token: harness.admin, json: phoneOnly).status == .created)
            #expect(try await scheduler.runOnce() == 1)
            let text = try #require(transport.sent.first)
            #expect(text.medium == .sms && text.address == "+351 912 000 111" && text.subject == nil)
            #expect(text.body.hasPrefix("Porto: Wie war es? Sagen Sie es uns in einer Minute: http://"))
            #expect(text.body.contains("/s/unsubscribe/"))
        }
    }

    @Test(arguments: [
        (#"{"campaign":"nope","location":"lisbon","visited_at":"2026-11-01T10:00:00Z","customer":{"email":"a@b.c"}}"#, "campaign", "unknown_campaign"),
        (#"{"campaign":"web","location":"lisbon","visited_at":"2026-11-01T10:00:00Z","customer":{"email":"a@b.c"}}"#, "campaign", "no_campaign"),
        (#"{"campaign":"survey","location":"madrid","visited_at":"2026-11-01T10:00:00Z","customer":{"email":"a@b.c"}}"#, "location", "unknown_location"),
        (#"{"campaign":"survey","location":"lisbon","visited_at":"yesterday","customer":{"email":"a@b.c"}}"#, "visited_at", "invalid_field"),
        (#"{"campaign":"survey","location":"lisbon","customer":{"email":"a@b.c"}}"#, "visited_at", "missing_field"),
        (#"{"campaign":"survey","location":"lisbon","visited_at":"2026-11-01T10:00:00Z","customer":{"name":"Ana"}}"#, "customer", "missing_field"),
        (#"{"campaign":"survey","location":"lisbon","visited_at":"2026-11-01T10:00:00Z","customer":{"email":"nobody"}}"#, "customer.email", "invalid_field"),
        (#"{"campaign":"survey","location":"lisbon","visited_at":"2026-11-01T10:00:00Z","customer":{"email":"a@b.c"},"room":"12"}"#, "room", "unknown_field"),
        (#"{"campaign":"survey","location":"lisbon","visited_at":"2026-11-01T10:00:00Z","customer":{"email":"a@b.c"},"language":"12"}"#, "language", "invalid_field"),
    ])
    func aBadVisitIsRefusedNamingItsField(body: String, field: String, code: String) async throws {
        let harness = try await Self.start(RecordingTransport())
        try await harness.router { client in
            let refused = try await client.send(.post, "/v1/visits", token: harness.admin, json: body)
            #expect(refused.status == .unprocessableContent && refused.errorCode == code)
            #expect(refused.json["error"]?["field"] == .string(field))
            #expect(try await harness.runtime.store.campaignFigures(campaign: "survey", locations: nil).visits == 0)
        }
    }

    @Test func aLinkChangedOrMadeForAnotherPurposeOpensNothing() async throws {
        let transport = RecordingTransport()
        let harness = try await Self.start(transport)
        let scheduler = CampaignScheduler(runtime: harness.runtime)
        try await harness.router { client in
            _ = try await client.send(.post, "/v1/visits", token: harness.admin, json: Self.visit(harness, hoursAgo: 30))
            #expect(try await scheduler.runOnce() == 1)
            let body = try #require(transport.sent.first).body
            let path = try Self.link(in: body, after: "/s/2.")
            let unsubscribe = try Self.link(in: body, after: "/s/unsubscribe/")
            let token = String(unsubscribe.dropFirst("/s/unsubscribe/".count))
            #expect(try await client.send(.get, "/s/" + token, token: nil).status == .notFound)
            #expect(try await client.send(.get, "/s/unsubscribe/" + path.dropFirst(3), token: nil).status == .notFound)
            var changed = path
            changed.removeLast()
            changed.append(path.last == "A" ? "B" : "A")
            #expect(try await client.send(.get, changed, token: nil).status == .notFound)
            // Past the link's thirty days.
            harness.clock?.advance(by: 31 * 86400)
            let expired = try await client.send(.get, path, token: nil)
            #expect(expired.status == .gone && String(buffer: expired.body).contains("This survey link has expired"))
        }
    }

    @Test func aFileOfVisitsIsImportedOnceWithItsBadLinesNamed() async throws {
        let harness = try await Self.start(RecordingTransport())
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("visits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("stays.csv")
        try """
        location,visited_at,email,phone,name,external_id,language
        lisbon,2026-11-20T10:00:00Z,ana@example.com,,Ana,BK-1,pt
        porto,2026-11-21T10:00:00Z,,+351912000222,Rui,BK-2,
        lisbon,not a time,bea@example.com,,Bea,BK-3,
        madrid,2026-11-21T10:00:00Z,carl@example.com,,Carl,BK-4,

        """.write(to: csv, atomically: true, encoding: .utf8)
        let defaults = VisitRecord.Defaults(campaign: "survey")
        let first = try await VisitFile.importVisits(path: csv.path, format: .csv, defaults: defaults, runtime: harness.runtime)
        #expect(first.added == 2 && first.known == 0)
        #expect(
            first.refused == [
                "line 4: visited_at: 'not a time' is not an ISO 8601 time such as 2026-11-22T09:15:00Z", "line 5: location: 'madrid' is not a location in the playbook",
            ])
        let second = try await VisitFile.importVisits(path: csv.path, format: .csv, defaults: defaults, runtime: harness.runtime)
        #expect(second.added == 0 && second.known == 2)
        let jsonl = folder.appendingPathComponent("orders.jsonl")
        try """
        {"campaign":"survey","location":"lisbon","visited_at":"2026-11-22T10:00:00Z","customer":{"email":"dan@example.com"},"external_id":"ORD-9"}
        {"campaign":"survey","location":"lisbon","visited_at":"2026-11-22T10:00:00Z","customer":{"email":"dan@example.com"},"colour":"red"}

        """.write(to: jsonl, atomically: true, encoding: .utf8)
        let third = try await VisitFile.importVisits(path: jsonl.path, format: .jsonl, defaults: VisitRecord.Defaults(), runtime: harness.runtime)
        #expect(third.added == 1 && third.refused == ["line 2: colour: is not a known field"])
        #expect(try await harness.runtime.store.campaignFigures(campaign: "survey", locations: nil).visits == 3)
        let badHeader = folder.appendingPathComponent("bad.csv")
        try "location,visited_at,email,room\nlisbon,2026-11-20T10:00:00Z,a@b.c,12\n".write(to: badHeader, atomically: true, encoding: .utf8)
        await #expect(throws: AmendsError.self) {
            try await VisitFile.importVisits(path: badHeader.path, format: .csv, defaults: defaults, runtime: harness.runtime)
        }
        await harness.runtime.close()
    }

    @Test func theFeedbackPageKeepsTheCustomersLanguageAndConsentForTheFollowUp() async throws {
        let harness = try await Self.start(RecordingTransport())
        var playbook = Self.playbook()
        playbook.scenarios[0].detection?.phrasesByLanguage = ["es": ["sucia", "sucio"]]
        playbook.scenarios[0].templates = [
            MessageTemplate(kind: .followUp, channel: .email, language: "en", subject: "Did we put it right?", body: "Hello {{customer.name}} {{follow_up.url}}"),
            MessageTemplate(kind: .followUp, channel: .email, language: "es", subject: "¿Lo arreglamos?", body: "Hola {{customer.name}} {{follow_up.url}}"),
        ]
        _ = try await harness.runtime.importPlaybook(playbook, by: "test")
        try await harness.router { client in
            let body = Array("rating=1&text=La+habitaci%C3%B3n+estaba+sucia&name=Ana&email=ana%40example.com&consent=yes&lang=es&submission=x1".utf8)
            let answered = try await client.send(.post, "/f/lisbon/web", token: nil, bytes: body, headers: Self.form)
            #expect(answered.status == .created)
            let preferences = try await harness.runtime.store.customerPreferences(keys: ["email:ana@example.com"])
            #expect(preferences.language == "es" && preferences.contactConsentAt == harness.runtime.clock.now())
            let caseID = try #require(try await harness.runtime.store.openCase(customerKey: "email:ana@example.com")?.id)
            let draft = try await client.send(.get, "/v1/cases/\(caseID)/messages/draft?kind=follow_up", token: harness.frontline)
            #expect(draft.json["language"] == .string("es") && draft.json["subject"] == .string("¿Lo arreglamos?"))
            let lead = try await ConsoleTests.session(harness, name: "Lena", role: .lead)
            let (_, customer) = try await ConsoleTests.page(client, "/console/customers?email=ana%40example.com", session: lead)
            #expect(customer.contains("Language: Español") && customer.contains("Contact: agreed to be contacted on"))
            #expect(customer.contains("Surveys: may be sent surveys"))
        }
    }
}
