import AmendsApp
import AmendsCore
import AmendsDelivery
import AmendsHTTP
import AmendsTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

/// Where signed posts may go, what of their URLs staff see, and where customers' links point.
@Suite("Webhook safety")
struct WebhookSafetyTests {
    @Test func aReceiversRedirectIsNotFollowed() async throws {
        let landed = Mutex(0)
        let router = Router()
        router.post("/hook/:member") { _, _ -> Response in
            Response(status: .found, headers: [.location: "/landing"])
        }
        router.post("/landing") { _, _ -> HTTPResponse.Status in
            landed.withLock { $0 += 1 }
            return .noContent
        }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { receiver in
            let harness = try await Harness.start(webhook: "http://127.0.0.1:\(try #require(receiver.port))/hook")
            try await harness.router { client in
                _ = try await client.send(.post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","text":"The room was dirty"}"#)
                #expect(try await harness.runtime.delivery.runOnce() == 1)
                let alarm = try #require(try await client.send(.get, "/v1/alarms", token: harness.admin).json["items"]?.array.first)
                #expect(alarm["state"] == .string("pending"))
                #expect(alarm["last_error"]?.string?.hasPrefix("HTTP 302: redirects are not followed") == true)
            }
            #expect(landed.withLock { $0 } == 0)
        }
    }

    @Test func alarmsGoToNoPrivateAddressUnlessTheServerAllowsIt() async throws {
        // Imported where private addresses were allowed; delivered by a server that does not allow them.
        let harness = try await Harness.start(webhook: "http://10.1.2.3:8080/hook")
        var strict = Configuration(database: harness.location, seedDemo: false, runWorkers: false)
        strict.retry = RetryPolicy(maxAttempts: 3, baseDelay: 1, maxDelay: 10)
        let server = try await Runtime.start(strict, clock: try #require(harness.clock))
        try await harness.router { client in
            _ = try await client.send(.post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","text":"The room was dirty"}"#)
        }
        #expect(try await server.delivery.runOnce() == 1)
        let alarm = try #require(try await server.store.alarms(state: nil, caseID: nil, locations: nil, limit: 10).first)
        #expect(alarm.state == .dead)
        #expect(alarm.lastError?.contains("not on the internet") == true)
        // Nor can a playbook name one there.
        await #expect(throws: PlaybookRejection.self) { try await server.importPlaybook(Fixture.playbook(webhook: "http://127.0.0.1:9911/hook"), by: "test") }
        await #expect(throws: PlaybookRejection.self) { try await server.importPlaybook(Fixture.playbook(webhook: "http://localhost/hook"), by: "test") }
        _ = try await server.importPlaybook(Fixture.playbook(webhook: "https://hooks.example.invalid/hook"), by: "test")
        // The server's own demo inbox is the one exception.
        let inbox = strict.localURL + "/demo/inbox"
        #expect(await strict.webhookTargets.refusal(for: inbox) == nil)
        #expect(await strict.webhookTargets.refusal(for: "http://127.0.0.1:1/other") != nil)
        await server.close()
    }

    @Test(arguments: [
        ("127.0.0.1", true), ("10.0.0.8", true), ("172.20.1.1", true), ("192.168.1.1", true), ("169.254.169.254", true), ("100.64.0.1", true),
        ("0.0.0.0", true), ("::1", true), ("fd00::1", true), ("fe80::1", true), ("::ffff:10.0.0.1", true), ("224.0.0.1", true),
        ("93.184.216.34", false), ("8.8.8.8", false), ("172.32.0.1", false), ("2a00:1450:4003:80e::200e", false), ("::ffff:8.8.8.8", false),
    ])
    func internalAddressesAreKnown(address: String, isInternal: Bool) throws {
        #expect(WebhookTargets.isInternal(try SocketAddress(ipAddress: address, port: 0)) == isInternal)
    }

    @Test func webhookURLsAreShownWholeToAdminsOnly() async throws {
        let harness = try await Harness.start(webhook: "https://hooks.slack.test/services/T000/B000/s3cr3t")
        try await harness.router { client in
            let complaint = try await client.send(.post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","text":"The room was dirty"}"#)
            let caseID = try #require(complaint.json["case"]?["id"]?.string)
            for token in [harness.frontline, harness.admin] {
                let admin = token == harness.admin
                let texts = [
                    try await client.send(.get, "/v1/playbook", token: token), try await client.send(.get, "/v1/alarms", token: token),
                    try await client.send(.get, "/v1/cases/\(caseID)", token: token),
                ].map { String(buffer: $0.body) }
                for (index, text) in texts.enumerated() {
                    #expect(text.contains("s3cr3t") == admin, "\(admin ? "admin" : "frontline") \(index)")
                    #expect(text.contains("https://hooks.slack.test"), "\(index)")
                }
            }
            let timeline = try await client.send(.get, "/v1/cases/\(caseID)", token: harness.admin).json["timeline"]?.array ?? []
            let queued = timeline.compactMap { $0["message"]?.string }.filter { $0.hasPrefix("Alarm queued") }
            #expect(queued == ["Alarm queued for marta (level 1) to https://hooks.slack.test/…."])
        }
    }

    @Test func customersLinksPointAtThePublicAddressWhateverTheRequestNames() async throws {
        let harness = try await Harness.start(configure: { $0.publicURL = "https://care.harbour.test" })
        _ = try await harness.runtime.importPlaybook(Fixture.messagingPlaybook(), by: "test")
        try await harness.router { client in
            let complaint = try await client.send(
                .post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","customer":{"phone":"+351912000111"},"text":"The room was dirty"}"#)
            let caseID = try #require(complaint.json["case"]?["id"]?.string)
            let forged: HTTPFields = [HTTPField.Name("Host")!: "evil.example", HTTPField.Name("X-Forwarded-Proto")!: "https"]
            let link = try await client.send(.post, "/v1/cases/\(caseID)/status-link", token: harness.frontline, headers: forged)
            #expect(link.json["url"]?.string?.hasPrefix("https://care.harbour.test/customer/cases/2.") == true)
            let draft = try await client.send(.get, "/v1/cases/\(caseID)/messages/draft?kind=apology&medium=sms", token: harness.frontline, headers: forged)
            let body = try #require(draft.json["body"]?.string)
            #expect(body.contains("https://care.harbour.test/customer/cases/") && !body.contains("evil.example"))
        }
    }
}
