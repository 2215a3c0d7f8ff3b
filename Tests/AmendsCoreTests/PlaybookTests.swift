import AmendsCore
import AmendsTestSupport
import Foundation
import Testing

@Suite("Playbook rules")
struct PlaybookTests {
    @Test func fixtureIsValid() {
        #expect(Fixture.playbook().problems().isEmpty)
    }

    @Test func problemsNameTheirFields() {
        var playbook = Fixture.playbook()
        playbook.locations[1].timeZone = "Mars/Olympus"
        playbook.scenarios[0].team = "laundry"
        playbook.teams[0].escalation[1].notify = ["nobody"]
        playbook.channels.append(playbook.channels[0])
        playbook.teams[0].members[0].contacts[0].webhook = "ftp://example.com"
        playbook.scenarios[1].detection?.locations = ["madrid"]
        playbook.fallbackScenario = "missing"
        let fields = Set(playbook.problems().map(\.path.description))
        #expect(
            fields == [
                "locations[1].time_zone", "scenarios[0].team", "teams[0].escalation[1].notify[0]", "channels[2].key",
                "teams[0].members[0].contacts[0].webhook", "scenarios[1].detection.locations[0]", "fallback_scenario",
            ])
    }

    @Test func amountsAndCurrenciesAreChecked() {
        var playbook = Fixture.playbook()
        playbook.scenarios[0].compensation = CompensationGuidance(remedies: [
            SuggestedRemedy(kind: "voucher", min: "50.00", max: "20.00", currency: "EUR"),
            SuggestedRemedy(kind: "refund", min: "1e3", currency: "euro"),
        ])
        let messages = playbook.problems().map(\.description)
        #expect(messages.contains("scenarios[0].compensation.remedies[0].min: is more than max"))
        #expect(messages.contains { $0.hasPrefix("scenarios[0].compensation.remedies[1].min:") })
        #expect(messages.contains { $0.hasPrefix("scenarios[0].compensation.remedies[1].currency:") })
    }

    @Test func requiredStepsAreKnownStepsBeforeResolving() {
        var playbook = Fixture.playbook()
        playbook.scenarios[0].requiredSteps = ["apologize", "fix", "hug", "follow_up"]
        let messages = playbook.problems().map(\.description)
        #expect(messages.count == 2)
        #expect(messages.contains("scenarios[0].required_steps[2]: 'hug' is not a step; use take_ownership, apologize, fix, above_and_beyond"))
        #expect(messages.contains("scenarios[0].required_steps[3]: follow_up comes after resolving, so it cannot be required to resolve"))
        #expect(playbook.scenarios[0].requiredRecoverySteps == [.apologize, .fix, .followUp])
    }

    @Test(
        "durations",
        arguments: [("90s", 90), ("15m", 900), ("2h", 7200), ("1d", 86400), ("1h30m", 5400), ("0m", nil), ("m", nil), ("15", nil), ("15x", nil)]
            as [(String, Int?)])
    func durations(text: String, seconds: Int?) {
        #expect(SLADuration(parsing: text)?.seconds == seconds)
        if let seconds { #expect(SLADuration(parsing: SLADuration(seconds: seconds).description)?.seconds == seconds) }
    }

    @Test func keys() {
        #expect(Playbook.isKey("unclean-room"))
        #expect(!Playbook.isKey("Unclean room"))
        #expect(!Playbook.isKey(""))
        #expect(!Playbook.isKey("-x"))
    }
}
