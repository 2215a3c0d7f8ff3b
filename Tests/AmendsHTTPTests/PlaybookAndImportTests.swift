import AmendsApp
import AmendsCore
import AmendsHTTP
import AmendsStorage
import AmendsTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The repository's root, for reading the shipped example playbooks.

@Suite("Playbook files and feedback import")
struct PlaybookAndImportTests {
    @Test(arguments: ["hotel", "airline", "restaurant", "online-shop"])
    func shippedPlaybooksAreValidAndRoundTrip(name: String) throws {
        let path = repositoryRoot.appendingPathComponent("examples/playbooks/\(name).yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let playbook = try PlaybookFile.parse(text, file: path)
        #expect(playbook.scenarios.count >= 8)
        #expect(playbook.fallbackScenario != nil)
        let exported = try PlaybookFile.yaml(playbook)
        #expect(try PlaybookFile.parse(exported, file: "export") == playbook)
    }

    @Test func problemsNameFileLineAndField() throws {
        let text = """
            name: Broken
            locations:
              - key: lisbon
                name: Lisbon
                time_zone: Europe/Nowhere
            teams:
              - key: desk
                name: Desk
                members:
                  - key: ana
                    name: Ana
                    contacts:
                      - webhook: http://127.0.0.1:9/a
                escalation:
                  - notify: [ana, bruno]
            channels:
              - key: web
                name: Web
                kind: kiosk
            scenarios:
              - key: noise
                name: Noise
                severity: high
                team: desk
                acknowledge_within: 10 minutes
                resolve_within: 1h
            """
        #expect(throws: PlaybookRejection.self) { try PlaybookFile.parse(text, file: "broken.yaml") }
        do {
            _ = try PlaybookFile.parse(text, file: "broken.yaml")
        } catch {
            #expect(error.problems.count == 1)
            #expect(error.problems[0].field == "scenarios[0].acknowledge_within")
            #expect(error.problems[0].line == 25)
            #expect(error.description.hasPrefix("broken.yaml:25: scenarios[0].acknowledge_within: '10 minutes' is not a duration"))
        }
        let fixed =
            text.replacingOccurrences(of: "10 minutes", with: "10m").replacingOccurrences(of: "    phrasess", with: "")
            + "\n    detection:\n      phrasess: [loud]\n"
        do {
            _ = try PlaybookFile.parse(fixed, file: "broken.yaml")
            Issue.record("accepted a broken playbook")
        } catch {
            let found = error.problems.map { "\($0.line ?? 0) \($0.field)" }
            #expect(found == ["28 scenarios[0].detection.phrasess", "5 locations[0].time_zone", "15 teams[0].escalation[0].notify[1]"])
        }
        #expect(throws: PlaybookRejection.self) { try PlaybookFile.parse("name: [unclosed", file: "x.yaml") }
        #expect(throws: PlaybookRejection.self) { try PlaybookFile.parse("", file: "x.yaml") }
    }

    @Test func playbookThroughTheAPI() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            let exported = try await client.send(.get, "/v1/playbook?format=yaml", token: harness.admin)
            #expect(exported.status == .ok)
            let yaml = String(buffer: exported.body).replacingOccurrences(of: "name: Test Hotel", with: "name: Renamed Hotel")
            let put = try await client.send(.put, "/v1/playbook", token: harness.admin, bytes: Array(yaml.utf8), headers: [.contentType: "application/yaml"])
            #expect(put.status == .ok)
            #expect(put.json["version"] == .number(2))
            let current = try await client.send(.get, "/v1/playbook", token: harness.frontline)
            #expect(current.json["playbook"]?["name"] == .string("Renamed Hotel"))
            let bad = try await client.send(.put, "/v1/playbook", token: harness.admin, bytes: Array("name: x\nlocations: 5\n".utf8))
            #expect(bad.status == .unprocessableContent)
            #expect(bad.errorCode == "invalid_playbook")
            #expect(bad.json["error"]?["problems"]?.array.first?["line"] == .number(2))
            let token = try await client.send(.post, "/v1/channels/survey/tokens", token: harness.admin)
            #expect(token.status == .created)
            let survey = try #require(token.json["token"]?.string)
            let submitted = try await client.send(.post, "/v1/feedback", token: survey, json: #"{"location":"porto","score":{"value":3,"scale":"nps"}}"#)
            #expect(submitted.json["feedback"]?["channel"] == .string("survey"))
            #expect(submitted.json["feedback"]?["analysis"]?["scenario"] == .string("unhappy-guest"))
            let unknown = try await client.send(.post, "/v1/channels/fax/tokens", token: harness.admin)
            #expect(unknown.status == .notFound)
        }
    }

    @Test func signingSecretsAreShownToAdminsOnly() async throws {
        let harness = try await Harness.start()
        let secret = WebhookSecret.random().text
        _ = try await harness.runtime.importPlaybook(Fixture.playbook(secret: secret), by: "test")
        try await harness.router { client in
            let asFrontline = String(buffer: try await client.send(.get, "/v1/playbook", token: harness.frontline).body)
            #expect(!asFrontline.contains(secret))
            #expect(asFrontline.contains("whsec_(hidden)"))
            let asAdmin = String(buffer: try await client.send(.get, "/v1/playbook?format=yaml", token: harness.admin).body)
            #expect(asAdmin.contains(secret))
        }
    }

    func write(_ text: String, suffix: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("amends-import-\(UUID().uuidString).\(suffix)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A running server puts in force, within seconds and without a restart, a playbook another process imported, and
    /// takes the token of a channel that playbook added.
    @Test func aRunningServerTakesAPlaybookImportedElsewhere() async throws {
        let location = TestDatabase.fresh()
        let server = try await Harness.start(location: location)
        let watcher = ChangeWatcher(runtime: server.runtime, interval: 0.02)
        let running = Task { try await watcher.run() }
        // `amends playbook import` and `amends token channel` from another process, on the same database.
        var configuration = Configuration(database: location, seedDemo: false, runWorkers: false)
        configuration.allowPrivateWebhooks = true
        let cli = try await Runtime.start(configuration)
        var playbook = Fixture.playbook()
        playbook.channels.append(Channel(key: "lobby-kiosk", name: "Lobby kiosk", kind: .kiosk))
        let imported: StoredPlaybook
        let token: String
        do {
            imported = try await cli.importPlaybook(playbook, by: "cli:test")
            token = try await cli.tokens.issueChannelToken(channel: "lobby-kiosk", label: "lobby")
            await cli.close()
        } catch {
            await cli.close()
            throw error
        }

        let deadline = ContinuousClock.now + .seconds(10)
        while server.runtime.playbook.stored?.version != imported.version && ContinuousClock.now < deadline { await Task.yield() }
        #expect(server.runtime.playbook.stored?.version == imported.version)
        let app = buildApplication(runtime: server.runtime)
        try await app.test(.router) { client in
            let posted = try await client.send(.post, "/v1/feedback", token: token, json: #"{"location":"lisbon","text":"The lobby was dirty"}"#)
            #expect(posted.status == .created || posted.status == .accepted, "\(posted.json)")
            #expect(posted.json["feedback"]?["channel"] == .string("lobby-kiosk"))
        }
        running.cancel()
        _ = await running.result
        await server.runtime.close()
    }

    @Test func csvImportReportsBadRowsByLineAndIsIdempotent() async throws {
        let csv = #"""
            location,text,score,scale,email,room
            lisbon,"The room was dirty, and the
            sheets had stains",3,nps,ana@example.com,214
            lisbon,Lovely stay,10,nps,,
            madrid,dirty,,,,
            lisbon,"Quiet and ""spotless""",,,bob@example.com,12
            lisbon,noise,11,nps,,
            porto,too short

            """#
        let path = try write(csv, suffix: "csv")
        let harness = try await Harness.start()
        let importer = FeedbackImporter(
            runtime: harness.runtime, path: path, format: .csv, defaults: FeedbackFile.Defaults(channel: "web", keyPrefix: "guests.csv"))
        let problems = try await importer.check()
        #expect(problems.map { $0.split(separator: ":").dropFirst().first.map(String.init) } == ["5", "7", "8"])
        let summary = try await importer.run()
        #expect(summary.rows == 6)
        #expect(summary.accepted == 3)
        #expect(summary.rejected == 3)
        #expect(summary.casesOpened == 1)
        #expect(summary.problems.first == "\(path):5: location: 'madrid' is not a location in the playbook")
        let again = try await importer.run()
        #expect(again.accepted == 0)
        #expect(again.replayed == 3)
        let cases = try await harness.runtime.store.cases(CaseQuery())
        #expect(cases.items.count == 1)
        #expect(cases.items.first?.customer?.email == "ana@example.com")
        await harness.runtime.close()
    }

    /// Batches that name the same customers in other orders, committed at once (an import's batches run side by side),
    /// all land: on PostgreSQL they can deadlock, and the transaction PostgreSQL rolls back is run again.
    @Test func batchesNamingTheSameCustomersAtOnceAllLand() async throws {
        let harness = try await Harness.start()
        // Batches this large are committed on their own, not queued behind each other.
        let customers = (0..<SQLStore.maxBatch).map { CustomerIdentity(email: "guest\($0)@example.com") }
        func batch(_ order: [CustomerIdentity], round: Int) -> [Runtime.Item] {
            order.map { customer in
                Runtime.Item(
                    submission: FeedbackSubmission(channel: "web", location: "lisbon", customer: customer, text: "The room was dirty, round \(round)"),
                    idempotencyKey: nil, fingerprint: "f")
            }
        }
        for round in 0..<1 {
            let runtime = harness.runtime
            let orders = [customers, customers.reversed()].map { batch($0, round: round) }
            let answers = await withTaskGroup(of: Result<[Result<IntakeOutcome, AmendsError>], any Error>.self) { group in
                for items in orders {
                    group.addTask {
                        do { return .success(try await runtime.intake(items)) } catch { return .failure(error) }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            for answer in answers {
                switch answer {
                case .success(let results): #expect(results.allSatisfy { if case .success = $0 { true } else { false } }, "round \(round)")
                case .failure(let error): Issue.record("round \(round): \(error)")
                }
            }
        }
        // One case per customer, holding every complaint they made.
        var cases: [RecoveryCase] = []
        var page = try await harness.runtime.store.cases(CaseQuery(limit: 500))
        cases += page.items
        while let next = page.next {
            page = try await harness.runtime.store.cases(CaseQuery(limit: 500, after: next))
            cases += page.items
        }
        #expect(cases.count == customers.count)
        #expect(cases.map(\.feedbackCount).reduce(0, +) == customers.count * 2)
        await harness.runtime.close()
    }

    /// A NUL byte in a file is refused on its own line, in CSV and JSONL alike, and the other rows go in (on
    /// PostgreSQL it once failed the whole import with a database error).
    @Test func aRowHoldingANULIsRefusedOnItsLine() async throws {
        let harness = try await Harness.start()
        let csv = try write("location,text,email\nlisbon,dirty\u{0} room,a@b.c\nlisbon,lovely stay,c@d.e\nlisbon,ok,e\u{0}@f.g\n", suffix: "csv")
        let jsonl = try write(#"{"location":"lisbon","text":"dirty\u0000"}"# + "\n" + #"{"location":"lisbon","text":"fine"}"# + "\n", suffix: "jsonl")
        for (path, format, accepted) in [(csv, FeedbackFile.Format.csv, 1), (jsonl, .jsonl, 1)] {
            let importer = FeedbackImporter(runtime: harness.runtime, path: path, format: format, defaults: FeedbackFile.Defaults(channel: "web", keyPrefix: path))
            let summary = try await importer.run()
            #expect(summary.accepted == accepted, "\(format)")
            #expect(summary.problems.allSatisfy { $0.contains("NUL") }, "\(summary.problems)")
        }
        #expect(try await harness.runtime.store.cases(CaseQuery()).items.isEmpty)
        await harness.runtime.close()
    }

    @Test func jsonlImport() async throws {
        let lines = """
            {"location":"lisbon","text":"we could not sleep, so loud","customer":{"external_id":"G1"}}
            {"location":"lisbon","text":"we could not sleep, so loud","customer":{"external_id":"G1"},"idempotency_key":"x"}
            {"location":"lisbon","text":
            {"channel":"survey","location":"porto","score":{"value":1,"scale":"csat"}}
            """
        let path = try write(lines, suffix: "jsonl")
        let harness = try await Harness.start()
        let importer = FeedbackImporter(runtime: harness.runtime, path: path, format: .jsonl, defaults: FeedbackFile.Defaults(channel: "web", keyPrefix: "f"))
        let summary = try await importer.run()
        #expect(summary.accepted == 3)
        #expect(summary.rejected == 1)
        #expect(summary.problems.count == 1)
        #expect(summary.problems.first?.hasPrefix("\(path):3: the body is not valid JSON: ") == true)
        // Two complaints from the same guest about the same failure: one case.
        #expect(summary.casesOpened == 2)
        await harness.runtime.close()
    }
}
