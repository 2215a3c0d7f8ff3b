import AmendsApp
import AmendsCore
import AmendsHTTP
import AmendsTestSupport
import AsyncHTTPClient
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// The console's live updates: a change to a case, wherever it is made, reaches the open pages of those who may see
/// it, within a second.
@Suite("Web console, live")
struct ConsoleLiveTests {
    @Test func aChangeReachesTheStreamsOfThoseWhoWorkItsLocation() async throws {
        let harness = try await Harness.start(clock: nil)
        let everywhere = try await ConsoleTests.session(harness, name: "Marta", role: .frontline)
        let porto = try await ConsoleTests.session(harness, name: "Rita", role: .frontline, locations: ["porto"])
        let app = buildApplication(runtime: harness.runtime)
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            try await app.test(.live) { test in
                let base = "http://127.0.0.1:\(try #require(test.port))"
                func stream(_ session: ConsoleTests.Session) async throws -> HTTPClientResponse {
                    var request = HTTPClientRequest(url: base + "/console/events")
                    request.headers.add(name: "Cookie", value: "amends_session=\(session.token)")
                    let response = try await client.execute(request, timeout: .seconds(30))
                    #expect(response.status == .ok && response.headers.first(name: "content-type") == "text/event-stream")
                    return response
                }
                _ = try await ConsoleTests.complain(test, harness, text: "Stains on the pillow, an hour ago")
                let before = try await harness.runtime.store.lastCaseChange()
                let marta = try await stream(everywhere)
                let rita = try await stream(porto)
                #expect(harness.runtime.caseFeed.listeners == 2)
                // A complaint at Lisbon, then one at Porto, through the API.
                let lisbon = try await ConsoleTests.complain(test, harness, text: "The room was dirty in Lisbon")
                let atPorto = try await ConsoleTests.complain(test, harness, text: "The room was dirty in Porto", location: "porto")
                let started = ContinuousClock.now
                let seenByMarta = try await Self.read(marta, until: atPorto)
                #expect(ContinuousClock.now - started < .seconds(2), "within a second or so")
                #expect(seenByMarta.contains(#"event: cases"#) && seenByMarta.contains(lisbon) && seenByMarta.contains(atPorto))
                // Rita works Porto alone: Lisbon's case is not named to her.
                let seenByRita = try await Self.read(rita, until: atPorto)
                #expect(seenByRita.contains(atPorto) && !seenByRita.contains(lisbon))
                // A page drawn before a change, whose stream opens after it, is told of it all the same.
                var late = HTTPClientRequest(url: base + "/console/events?since=\(try #require(before))")
                late.headers.add(name: "Cookie", value: "amends_session=\(everywhere.token)")
                let caughtUp = try await Self.read(try await client.execute(late, timeout: .seconds(30)), until: atPorto)
                #expect(caughtUp.contains(lisbon) && caughtUp.contains(atPorto))
                // Without a session there is no stream.
                let refused = try await client.execute(HTTPClientRequest(url: base + "/console/events"), timeout: .seconds(10))
                #expect(refused.status == .seeOther)
            }
        } catch {
            try? await client.shutdown()
            await harness.runtime.close()
            throw error
        }
        try await client.shutdown()
        // The feed stops looking once nobody listens.
        let deadline = ContinuousClock.now + .seconds(5)
        while harness.runtime.caseFeed.listeners > 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(harness.runtime.caseFeed.listeners == 0)
        await harness.runtime.close()
    }

    /// A complaint's feedback, and a runtime of its own on the database it went into, to write the changes a test times.
    static func complaintAndRuntime() async throws -> (Feedback, Runtime) {
        let harness = try await Harness.start(clock: nil)
        let store = harness.runtime.store
        let feedback = try await harness.router { client in
            let caseID = try await ConsoleTests.complain(client, harness, text: "The room was dirty")
            return try #require(try await store.feedback(caseID: caseID, limit: 1).first)
        }
        return (feedback, try await Runtime.start(harness.runtime.configuration))
    }

    /// An event's id is made before its transaction commits, so one committed a moment late can sort before an event
    /// already seen: the feed still tells of it, once.
    @Test func aChangeCommittedLateWithAnEarlierIdIsStillTold() async throws {
        let (feedback, runtime) = try await Self.complaintAndRuntime()
        let feed = runtime.caseFeed
        let listener = feed.listen()
        try await Task.sleep(for: .milliseconds(600))
        let newest = try #require(try await runtime.store.lastCaseChange())
        let base = try #require(CaseFeed.millis(of: newest))
        let later = CaseFeed.idPrefix(millis: base + 1000) + "-7000-8000-00000000000a"
        let earlier = CaseFeed.idPrefix(millis: base + 500) + "-7000-8000-00000000000b"
        let label = FeedbackLabel(feedbackID: feedback.id, failure: false, category: nil, labeledBy: "staff:x", labeledAt: Date())
        try await runtime.store.label(label, eventID: later)
        try await Task.sleep(for: .milliseconds(600))
        try await runtime.store.label(label, eventID: earlier)
        var told: [String] = []
        let deadline = ContinuousClock.now + .seconds(5)
        for await signal in listener.signals {
            if case .changed(let batch) = signal { told += batch.changes.map(\.id) }
            if told.contains(earlier) || ContinuousClock.now > deadline { break }
        }
        listener.stop()
        #expect(told == [later, earlier])
        await runtime.close()
    }

    /// What one look finds is one signal, however many changes it holds: a busy minute costs each open page a write per
    /// look, not one per change.
    @Test func whatOneLookFindsIsToldAsOneSignal() async throws {
        let (feedback, runtime) = try await Self.complaintAndRuntime()
        let feed = CaseFeed(store: runtime.store, interval: 2, heartbeat: 60, logger: Logger(label: "test"))
        let listener = feed.listen()
        // The first look is made at once; the next one, two seconds later, finds both changes.
        try await Task.sleep(for: .milliseconds(500))
        let label = FeedbackLabel(feedbackID: feedback.id, failure: false, category: nil, labeledBy: "staff:x", labeledAt: Date())
        let now = CaseFeed.idPrefix(millis: UInt64(Date().timeIntervalSince1970 * 1000))
        try await runtime.store.label(label, eventID: now + "-7000-8000-00000000000c")
        try await runtime.store.label(label, eventID: now + "-7000-8000-00000000000d")
        var signals: [[CaseChange]] = []
        for await signal in listener.signals {
            if case .changed(let batch) = signal { signals.append(batch.changes) }
            break
        }
        listener.stop()
        #expect(signals.count == 1 && signals.first?.count == 2, "\(signals)")
        await runtime.close()
    }

    /// Whoever an alarm wakes opens the case in the console from it: the webhook's body and the chat message carry the
    /// link, built on the public address.
    @Test func alarmsLinkToTheCaseInTheConsole() async throws {
        var playbook = Fixture.playbook()
        playbook.teams[0].members[0].contacts = [Contact(webhook: "http://127.0.0.1:9/hook/marta")]
        playbook.teams[0].members[1].contacts = [Contact(webhook: "http://127.0.0.1:9/hook/rui", format: .slack)]
        playbook.teams[0].escalation = [EscalationLevel(notify: ["marta", "rui"])]
        let harness = try await Harness.start(configure: { $0.publicURL = "https://amends.example.com" })
        _ = try await harness.runtime.importPlaybook(playbook, by: "test")
        try await harness.router { client in
            let caseID = try await ConsoleTests.complain(client, harness, text: "The room was dirty")
            let alarms = try await harness.runtime.store.alarms(state: nil, caseID: caseID, limit: 10)
            let link = "https://amends.example.com/console/cases/\(caseID)"
            #expect(alarms.count == 2)
            #expect(alarms.contains { $0.format == .standard && $0.body.contains(#""case_url":"\#(link)""#) }, "\(alarms.map(\.body))")
            #expect(alarms.contains { $0.format == .slack && $0.body.contains(link) }, "\(alarms.map(\.body))")
        }
    }

    /// What a stream sent, until it names `needle` (or ten seconds pass).
    static func read(_ response: HTTPClientResponse, until needle: String) async throws -> String {
        var text = ""
        let deadline = ContinuousClock.now + .seconds(10)
        for try await chunk in response.body {
            text += String(buffer: chunk)
            if text.contains(needle) || ContinuousClock.now > deadline { break }
        }
        return text
    }
}
