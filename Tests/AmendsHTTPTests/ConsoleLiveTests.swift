import AmendsApp
import AmendsCore
import AmendsHTTP
import AmendsTestSupport
import AsyncHTTPClient
import Foundation
import HTTPTypes
import HummingbirdTesting
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
                let marta = try await stream(everywhere)
                let rita = try await stream(porto)
                #expect(harness.runtime.caseFeed.listeners == 2)
                // A complaint at Lisbon, then one at Porto, through the API.
                let lisbon = try await ConsoleTests.complain(test, harness, text: "The room was dirty in Lisbon")
                let atPorto = try await ConsoleTests.complain(test, harness, text: "The room was dirty in Porto", location: "porto")
                let started = ContinuousClock.now
                let seenByMarta = try await Self.read(marta, until: atPorto)
                #expect(ContinuousClock.now - started < .seconds(2), "within a second or so")
                #expect(seenByMarta.contains(#"event: case"#) && seenByMarta.contains(lisbon) && seenByMarta.contains(atPorto))
                // Rita works Porto alone: Lisbon's case is not named to her.
                let seenByRita = try await Self.read(rita, until: atPorto)
                #expect(seenByRita.contains(atPorto) && !seenByRita.contains(lisbon))
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
