import AmendsCore
import AmendsTestSupport
import Foundation
import Testing

@testable import AmendsHTTP

/// The JSON written by hand on the intake path must be byte for byte what `JSONEncoder` writes.
@Suite("Hand-written JSON")
struct HandWrittenJSONTests {
    @Test func timestampsMatchFoundationsISO8601() {
        var generator = SeededGenerator()
        var millis: [Int64] = [0, 951_782_400_500, 4_107_542_399_999, 1_795_000_000_004, -1, -86_400_001]
        for _ in 0..<2000 { millis.append(Int64.random(in: -2_208_988_800_000..<7_258_118_400_000, using: &generator)) }
        let format = Date.ISO8601FormatStyle().year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)
        for value in millis {
            let date = Date(timeIntervalSince1970: Double(value) / 1000)
            // Foundation truncates a binary fraction that may sit just below the millisecond; half a millisecond more
            // makes its answer unambiguous.
            let expected = Date(timeIntervalSince1970: (Double(value) + 0.5) / 1000).formatted(format)
            #expect(Timestamp.string(date) == expected, "\(value) (AMENDS_TEST_SEED=\(SeededGenerator.seed))")
            #expect(Timestamp.string(date.addingTimeInterval(0.0004)) == expected, "\(value) + 0.4 ms")
            #expect(Timestamp.string(date.addingTimeInterval(-0.0004)) == expected, "\(value) - 0.4 ms")
        }
    }

    /// A time is answered as the database keeps it, to the nearest millisecond: what a resolve answers reads back the same
    /// (`…29.1656` once answered `…29.165Z` and read back `…29.166Z`).
    @Test func aTimeReadsBackAsItWasAnswered() {
        var generator = SeededGenerator()
        for _ in 0..<2000 {
            let date = Date(timeIntervalSince1970: Double.random(in: 0..<4_102_444_800, using: &generator))
            #expect(Timestamp.string(date) == Timestamp.string(Date(millis: date.millis)), "\(date.timeIntervalSince1970)")
        }
        #expect(Timestamp.string(Date(timeIntervalSince1970: 1_796_000_009.1656)) == "2026-11-30T00:53:29.166Z")
    }

    @Test func feedbackResponseMatchesTheEncoder() throws {
        let recovery = Recovery(playbook: Fixture.playbook(), clock: FakeClock(), ids: LiveIdentifierSource())
        let submissions = [
            FeedbackSubmission(channel: "web", location: "lisbon", text: "Great stay"),
            FeedbackSubmission(
                channel: "web", location: "lisbon",
                customer: CustomerIdentity(email: "ana@example.com", phone: "+351 912 345 678", externalID: "c/42", name: "Ana \"Nita\" Silva"),
                score: Score(value: 2, scale: .csat), text: "The room was not clean!\n\tTowels \\ dirty 🙂 \u{1}\u{7F}",
                metadata: ["order": .string("A/1"), "n": .number(3.25), "tags": .array([.bool(true), .null]), "nested": .object(["k": .number(-7)])]),
            FeedbackSubmission(channel: "web", location: "lisbon", score: Score(value: 9, scale: .nps)),
        ]
        for (index, submission) in submissions.enumerated() {
            var feedback = try recovery.intake(submission, idempotencyKey: nil, fingerprint: "f").feedback
            if index == 1 { feedback.caseID = "case-1" }
            let response = FeedbackResponse(feedback: feedback, case: feedback.caseID.map { .init(id: $0, opened: true) }, replayed: index == 2)
            let expected = String(decoding: JSON.data(response), as: UTF8.self)
            #expect(response.jsonText == expected)
        }
    }
}
