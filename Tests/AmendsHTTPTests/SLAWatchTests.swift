import AmendsCore
import AmendsHTTP
import AmendsTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// First-response and resolution deadlines watched on the persisted scheduler, with an injected clock.
@Suite("SLA watch over HTTP")
struct SLAWatchAPITests {
    @Test func warningsAndBreachesAreGivenOnceAndAResponseStopsTheFirstResponseClock() async throws {
        let harness = try await Harness.start { $0.smsGateway = "http://127.0.0.1:9/sms" }
        var playbook = Fixture.messagingPlaybook()
        playbook.scenarios[0].respondWithin = SLADuration(seconds: 1800)
        _ = try await harness.runtime.importPlaybook(playbook, by: "test")
        let clock = try #require(harness.clock)
        try await harness.router { client in
            func open(_ phone: String) async throws -> String {
                let complaint = try await client.send(
                    .post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","customer":{"phone":"\#(phone)"},"text":"The room was dirty"}"#)
                return try #require(complaint.json["case"]?["id"]?.string)
            }
            let silent = try await open("+351900000001")
            let answered = try await open("+351900000002")
            #expect(try await client.send(.get, "/v1/cases/\(silent)", token: harness.frontline).json["case"]?["respond_by"]?.string != nil)
            _ = try await client.send(.post, "/v1/cases/\(answered)/acknowledge", token: harness.frontline)
            _ = try await client.send(.post, "/v1/cases/\(answered)/messages", token: harness.frontline, json: #"{"kind":"apology"}"#)

            clock.advance(by: 25 * 60)
            #expect(try await harness.runtime.slaWatcher.runOnce() == 1)
            #expect(try await harness.runtime.slaWatcher.runOnce() == 0)
            clock.advance(by: 6 * 60)
            #expect(try await harness.runtime.slaWatcher.runOnce() == 1)
            let kinds = try await harness.runtime.store.timeline(caseID: silent).map(\.kind)
            #expect(kinds.filter { $0 == .slaWarning }.count == 1 && kinds.filter { $0 == .slaBreached }.count == 1)
            // The breach went one level up the chain: Rui.
            let alarms = try await harness.runtime.store.alarms(state: nil, caseID: silent, limit: 50)
            #expect(alarms.contains { $0.recipient == "rui" && $0.body.contains("case.sla_breached") && $0.body.contains("\"sla\":\"respond\"") })
            // The answered case had no first-response notice at all.
            #expect(try await harness.runtime.store.timeline(caseID: answered).allSatisfy { $0.kind != .slaWarning && $0.kind != .slaBreached })

            // Resolution: both cases are warned 24 minutes before their two hours, then breached.
            clock.advance(by: 66 * 60)
            #expect(try await harness.runtime.slaWatcher.runOnce() == 2)
            clock.advance(by: 30 * 60)
            #expect(try await harness.runtime.slaWatcher.runOnce() == 2)
            #expect(try await harness.runtime.slaWatcher.runOnce() == 0)
            let detail = try await client.send(.get, "/v1/cases/\(answered)", token: harness.frontline)
            #expect(detail.json["case"]?["responded_at"]?.string != nil)
        }
    }
}
