import AmendsApp
import AmendsCore
import AmendsHTTP
import AmendsTestSupport
import AmendsText
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// `GET /v1/analyze`: trying the text engine over the API, with the built-in lexicon and a trained model.
@Suite("Text analysis over HTTP")
struct AnalyzeAPITests {
    @Test func analyzeExplainsWithTheBuiltInLexiconThenWithATrainedModel() async throws {
        let harness = try await Harness.start()
        let runtime = harness.runtime
        try await harness.router { client in
            let text = "the%20bathroom%20was%20NOT%20clean"
            let builtIn = try await client.send(.get, "/v1/analyze?text=\(text)", token: harness.frontline)
            #expect(builtIn.status == .ok)
            #expect(builtIn.json["failure"] == .bool(true))
            #expect(builtIn.json["model"] == nil)
            #expect(builtIn.json["explanation"]?.array.contains { $0.string?.contains("'clean' is negated by 'not'") == true } == true)

            var texts: [LabeledText] = []
            for _ in 0..<5 {
                texts += [
                    LabeledText(text: "the bathroom was dirty", failure: true, category: "cleaning"),
                    LabeledText(text: "dust and stains everywhere", failure: true, category: "cleaning"),
                    LabeledText(text: "loud music all night", failure: true, category: "noise"),
                    LabeledText(text: "too noisy to sleep", failure: true, category: "noise"),
                    LabeledText(text: "lovely stay, thank you", failure: false),
                    LabeledText(text: "great breakfast", failure: false),
                ]
            }
            let stored = try await runtime.train(texts, by: "test")
            #expect(stored.version == 1)
            let trained = try await client.send(.get, "/v1/analyze?text=the%20bathroom%20was%20dirty", token: harness.frontline)
            #expect(trained.json["model"]?["version"] == .number(1))
            #expect(trained.json["model"]?["rows"] == .number(30))
            #expect(trained.json["categories"]?.array.first?["name"] == .string("cleaning"))

            let missing = try await client.send(.get, "/v1/analyze", token: harness.frontline)
            #expect(missing.status == .unprocessableContent)
            #expect(missing.json["error"]?["message"]?.string?.contains("text") == true)
            let channelToken = try await client.send(.get, "/v1/analyze?text=hello", token: harness.channel)
            #expect(channelToken.status == .forbidden)
            let anonymous = try await client.send(.get, "/v1/analyze?text=hello", token: nil)
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test func aModelTrainedElsewhereComesIntoForce() async throws {
        let location = TestDatabase.fresh()
        let server = try await Harness.start(location: location)
        #expect(try await server.runtime.refreshTextModel() == false)
        let trainer = try await Runtime.start(Configuration(database: location, seedDemo: false, runWorkers: false))
        _ = try await trainer.train(
            [LabeledText(text: "loud room", failure: true, category: "noise"), LabeledText(text: "quiet room", failure: false)], by: "cli")
        await trainer.close()
        #expect(server.runtime.text.stored == nil)
        #expect(try await server.runtime.refreshTextModel())
        #expect(server.runtime.text.stored?.version == 1)
        #expect(server.runtime.playbook.recovery?.detector.text.model?.categories == ["noise"])
        #expect(try await server.runtime.refreshTextModel() == false)
        await server.runtime.close()
    }

    /// The watcher a running server has: a model trained by another process comes into force without a restart.
    @Test func theRunningWatcherPutsAModelTrainedElsewhereInForce() async throws {
        let location = TestDatabase.fresh()
        let server = try await Harness.start(location: location)
        let watcher = ChangeWatcher(runtime: server.runtime, interval: 0.02)
        let running = Task { try await watcher.run() }
        let trainer = try await Runtime.start(Configuration(database: location, seedDemo: false, runWorkers: false))
        _ = try await trainer.train(
            [LabeledText(text: "loud room", failure: true, category: "noise"), LabeledText(text: "quiet room", failure: false)], by: "cli")
        await trainer.close()
        // The watcher looks every 20 ms; a few seconds is room for a busy machine.
        let deadline = ContinuousClock.now + .seconds(10)
        while server.runtime.text.stored == nil && ContinuousClock.now < deadline { await Task.yield() }
        #expect(server.runtime.text.stored?.version == 1)
        #expect(server.runtime.playbook.recovery?.detector.text.model?.categories == ["noise"])
        running.cancel()
        _ = await running.result
        await server.runtime.close()
    }

    @Test func staffCorrectFeedbackAndTheCorrectionsAreKeptForTraining() async throws {
        let harness = try await Harness.start()
        let runtime = harness.runtime
        try await harness.router { client in
            let posted = try await client.send(
                .post, "/v1/feedback", token: harness.channel,
                json: #"{"location":"lisbon","customer":{"email":"ana@example.com"},"text":"The room was not clean"}"#)
            let id = try #require(posted.json["feedback"]?["id"]?.string)
            let caseID = try #require(posted.json["case"]?["id"]?.string)

            let labeled = try await client.send(.post, "/v1/feedback/\(id)/label", token: harness.frontline, json: #"{"failure":true,"category":"cleaning"}"#)
            #expect(labeled.status == .ok)
            #expect(labeled.json["category"] == .string("cleaning"))
            #expect(labeled.json["labeled_by"]?.string?.hasPrefix("staff:") == true)
            let detail = try await client.send(.get, "/v1/cases/\(caseID)", token: harness.frontline)
            #expect(detail.json["timeline"]?.array.contains { $0["kind"] == .string("feedback_labeled") } == true)
            #expect(try await runtime.store.labeledTexts() == [LabeledText(text: "The room was not clean", failure: true, category: "cleaning")])

            let contradiction = try await client.send(.post, "/v1/feedback/\(id)/label", token: harness.frontline, json: #"{"failure":false,"category":"x"}"#)
            #expect(contradiction.status == .unprocessableContent)
            #expect(contradiction.json["error"]?["field"] == .string("category"))
            let unknown = try await client.send(.post, "/v1/feedback/\(id)/label", token: harness.frontline, json: #"{"failure":true,"why":"x"}"#)
            #expect(unknown.status == .unprocessableContent)
            let missing = try await client.send(.post, "/v1/feedback/nope/label", token: harness.frontline, json: #"{"failure":false}"#)
            #expect(missing.status == .notFound)
            let channel = try await client.send(.post, "/v1/feedback/\(id)/label", token: harness.channel, json: #"{"failure":false}"#)
            #expect(channel.status == .forbidden)
        }
    }

    @Test func trainingNeedsBothKindsOfLabel() async throws {
        let harness = try await Harness.start()
        await #expect(throws: AmendsError.self) {
            _ = try await harness.runtime.train([LabeledText(text: "bad", failure: true)], by: "test")
        }
        await harness.runtime.close()
    }

    @Test func theNewestTrainedModelIsInForceAfterARestart() async throws {
        let location = TestDatabase.fresh()
        let first = try await Harness.start(location: location)
        _ = try await first.runtime.train(
            [LabeledText(text: "dirty room", failure: true, category: "cleaning"), LabeledText(text: "lovely room", failure: false)], by: "test")
        _ = try await first.runtime.train(
            [LabeledText(text: "loud room", failure: true, category: "noise"), LabeledText(text: "quiet room", failure: false)], by: "test")
        await first.runtime.close()
        let again = try await Runtime.start(Configuration(database: location, seedDemo: false, runWorkers: false))
        #expect(again.text.stored?.version == 2)
        #expect(again.text.engine.model?.categories == ["noise"])
        await again.close()
    }
}
