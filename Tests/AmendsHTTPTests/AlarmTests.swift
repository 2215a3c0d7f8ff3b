import AmendsApp
import AmendsCore
import AmendsDelivery
import AmendsHTTP
import AmendsJSON
import AmendsStorage
import AmendsTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Alarms and escalation, full stack")
struct AlarmTests {
    /// Runs a real alarm receiver on a loopback port and gives its base URL.
    func withReceiver<R: Sendable>(_ receiver: AlarmReceiver, _ body: @Sendable (String) async throws -> R) async throws -> R {
        try await receiver.application().test(.live) { client in
            let port = try #require(client.port)
            return try await body("http://127.0.0.1:\(port)/hook")
        }
    }

    @Test func feedbackReachesTheTeamSignedOverRealHTTP() async throws {
        let receiver = AlarmReceiver()
        try await withReceiver(receiver) { hook in
            let harness = try await Harness.start(clock: nil, webhook: hook) { $0.runWorkers = true }
            let app = buildApplication(runtime: harness.runtime)
            try await app.test(.live) { client in
                let response = try await client.send(
                    .post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","text":"Hair in the shower and a dirty floor"}"#)
                #expect(response.status == .created)
                await receiver.wait(for: 1)
                let delivery = try #require(receiver.deliveries.first)
                #expect(delivery.path == "/hook/marta")
                let key = harness.runtime.keys.alarms
                #expect(WebhookSigner.verify(id: delivery.id, timestamp: delivery.timestamp, body: delivery.body, header: delivery.signature, secret: key))
                #expect(!WebhookSigner.verify(id: delivery.id, timestamp: delivery.timestamp + 1, body: delivery.body, header: delivery.signature, secret: key))
                let event = try JSONDecoder().decode([String: JSONValue].self, from: Data(delivery.body.utf8))
                #expect(event["type"] == .string("case.opened"))
                #expect(event["data"]?["case_id"] == response.json["case"]?["id"])
            }
            await harness.runtime.close()
        }
    }

    @Test func receiverFailureIsRetriedAndDeliveredExactlyOnce() async throws {
        let receiver = AlarmReceiver(failFirst: 1)
        try await withReceiver(receiver) { hook in
            let clock = FakeClock()
            let harness = try await Harness.start(clock: clock, webhook: hook)
            _ = try await harness.runtime.intake([
                Runtime.Item(submission: FeedbackSubmission(channel: "web", location: "lisbon", text: "loud party"), idempotencyKey: nil, fingerprint: "f")
            ])
            #expect(try await harness.runtime.delivery.runOnce() == 1)
            #expect(receiver.deliveries.map(\.status) == [500])
            // Not due yet: the backoff holds the retry back.
            #expect(try await harness.runtime.delivery.runOnce() == 0)
            clock.advance(by: 1)
            #expect(try await harness.runtime.delivery.runOnce() == 1)
            #expect(try await harness.runtime.delivery.runOnce() == 0)
            let deliveries = receiver.deliveries
            #expect(deliveries.map(\.status) == [500, 204])
            #expect(Set(deliveries.map(\.id)).count == 1)
            #expect(deliveries[0].body == deliveries[1].body)
            let alarm = try #require(try await harness.runtime.store.alarms(state: .delivered, caseID: nil, limit: 10).first)
            #expect(alarm.attempts == 2)
            let timeline = try await harness.runtime.store.timeline(caseID: alarm.caseID)
            #expect(timeline.map(\.kind).suffix(2) == [.alarmFailed, .alarmDelivered])
            await harness.runtime.close()
        }
    }

    @Test func unreachableEndpointEndsInTheDeadLetters() async throws {
        let clock = FakeClock()
        // Port 9 (discard) on loopback refuses the connection at once.
        let harness = try await Harness.start(clock: clock, webhook: "http://127.0.0.1:9/hook")
        _ = try await harness.runtime.intake([
            Runtime.Item(submission: FeedbackSubmission(channel: "web", location: "lisbon", text: "noisy"), idempotencyKey: nil, fingerprint: "f")
        ])
        for _ in 0..<3 {
            #expect(try await harness.runtime.delivery.runOnce() == 1)
            clock.advance(by: 60)
        }
        #expect(try await harness.runtime.delivery.runOnce() == 0)
        let dead = try await harness.runtime.store.alarms(state: .dead, caseID: nil, limit: 10)
        #expect(dead.count == 1)
        #expect(dead.first?.attempts == 3)
        try await harness.router { client in
            let listed = try await client.send(.get, "/v1/alarms?state=dead", token: harness.frontline)
            #expect(listed.json["items"]?.array.count == 1)
            let refused = try await client.send(.post, "/v1/alarms/\(dead[0].id)/retry", token: harness.frontline)
            #expect(refused.status == .forbidden)
            let (_, lead) = try await harness.runtime.tokens.addStaff(name: "Lead", email: nil, role: .lead)
            let retried = try await client.send(.post, "/v1/alarms/\(dead[0].id)/retry", token: lead)
            #expect(retried.status == .ok)
            #expect(retried.json["state"] == .string("pending"))
        }
    }

    /// A failed delivery says why in words, in the alarm and in a warning naming the receiver's host (never the whole
    /// URL, which can be a credential).
    @Test func aFailedDeliveryIsLoggedWithItsReceiverAndAReadableReason() async throws {
        let (port, held) = try CommandLineTests.refusingPort()
        defer { close(held) }
        let log = CapturedLog()
        let harness = try await Harness.start(webhook: "http://127.0.0.1:\(port)/hooks/secret-path", logger: log.logger())
        _ = try await harness.runtime.intake([
            Runtime.Item(submission: FeedbackSubmission(channel: "web", location: "lisbon", text: "dirty sheets"), idempotencyKey: nil, fingerprint: "f")
        ])
        #expect(try await harness.runtime.delivery.runOnce() == 1)
        let alarm = try #require(try await harness.runtime.store.alarms(state: nil, caseID: nil, locations: nil, limit: 10).first)
        #expect(alarm.lastError == "connection refused: nothing listens at that address and port")
        let warning = try #require(log.entries.first { $0.hasPrefix("warning alarm delivery failed") }, "\(log.entries)")
        #expect(warning.contains("receiver=127.0.0.1:\(port)") && warning.contains("reason=connection refused") && warning.contains("attempt=1"))
        #expect(!warning.contains("secret-path"))
        await harness.runtime.close()
    }

    @Test func unacknowledgedCaseEscalatesAlongTheChain() async throws {
        let receiver = AlarmReceiver()
        try await withReceiver(receiver) { hook in
            let clock = FakeClock()
            let harness = try await Harness.start(clock: clock, webhook: hook)
            let results = try await harness.runtime.intake([
                Runtime.Item(submission: FeedbackSubmission(channel: "web", location: "lisbon", text: "dirty sheets"), idempotencyKey: nil, fingerprint: "f")
            ])
            let caseID = try #require(try results[0].get().accepted?.feedback.caseID, "no case")
            try await harness.runtime.delivery.runOnce()
            #expect(try await harness.runtime.scheduler.runDue() == 0)
            clock.advance(by: 899)
            #expect(try await harness.runtime.scheduler.runDue() == 0)
            clock.advance(by: 1)
            #expect(try await harness.runtime.scheduler.runDue() == 1)
            try await harness.runtime.delivery.runOnce()
            #expect(receiver.deliveries.map(\.path) == ["/hook/marta", "/hook/rui"])
            let escalated = try JSONDecoder().decode([String: JSONValue].self, from: Data(receiver.deliveries[1].body.utf8))
            #expect(escalated["type"] == .string("case.escalated"))
            #expect(try await harness.runtime.store.recoveryCase(id: caseID)?.escalationLevel == 1)
            // Rui acknowledges: the next level is never woken.
            _ = try await harness.runtime.store.acknowledge(caseID: caseID, staffID: "rui", staffName: "Rui", at: clock.now())
            clock.advance(by: 3600)
            try await harness.runtime.scheduler.runDue()
            try await harness.runtime.delivery.runOnce()
            #expect(receiver.deliveries.count == 2)
            let kinds = try await harness.runtime.store.timeline(caseID: caseID).map(\.kind)
            #expect(kinds.filter { $0 == .escalated }.count == 1)
            #expect(kinds.last == .acknowledged)
            await harness.runtime.close()
        }
    }

    @Test func escalationSurvivesARestartAndFiresOnce() async throws {
        let clock = FakeClock()
        let location = TestDatabase.fresh()
        let first = try await Harness.start(clock: clock, location: location)
        _ = try await first.runtime.intake([
            Runtime.Item(submission: FeedbackSubmission(channel: "web", location: "lisbon", text: "stained carpet"), idempotencyKey: nil, fingerprint: "f")
        ])
        await first.runtime.close()

        clock.advance(by: 1000)
        let configuration = Configuration(database: location, seedDemo: false, runWorkers: false)
        let second = try await Runtime.start(configuration, clock: clock)
        let third = try await Runtime.start(configuration, clock: clock)
        async let a = second.scheduler.runDue()
        async let b = third.scheduler.runDue()
        let fired = try await a + b
        #expect(fired == 1)
        let pending = try await second.store.alarms(state: .pending, caseID: nil, limit: 10)
        #expect(pending.map(\.recipient).sorted() == ["marta", "rui"])
        await second.close()
        await third.close()
    }

    /// The alarm list filters by case (`case_id`, as the ledger does) and state, and refuses what it cannot read.
    @Test func alarmsAreListedByCaseAndState() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            var cases: [String] = []
            for text in ["The room was dirty", "So noisy all night"] {
                let posted = try await client.send(.post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","text":"\#(text)"}"#)
                cases.append(try #require(posted.json["case"]?["id"]?.string))
            }
            let all = try await client.send(.get, "/v1/alarms", token: harness.admin).json["items"]?.array ?? []
            #expect(Set(all.compactMap { $0["case_id"]?.string }) == Set(cases))
            for caseID in cases {
                let one = try await client.send(.get, "/v1/alarms?case_id=\(caseID)", token: harness.admin).json["items"]?.array ?? []
                #expect(!one.isEmpty && one.allSatisfy { $0["case_id"] == .string(caseID) })
            }
            #expect(try await client.send(.get, "/v1/alarms?state=pending", token: harness.admin).json["items"]?.array.count == all.count)
            #expect(try await client.send(.get, "/v1/alarms?state=delivered", token: harness.admin).json["items"]?.array.isEmpty == true)
            #expect(try await client.send(.get, "/v1/alarms?state=lost", token: harness.admin).errorCode == "invalid_field")
            #expect(try await client.send(.get, "/v1/alarms?limit=0", token: harness.admin).errorCode == "invalid_field")
        }
    }
}
