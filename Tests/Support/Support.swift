import AmendsCore
import AmendsStorage
import Foundation
import Synchronization

/// A clock the test moves by hand.
public final class FakeClock: WallClock {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_795_000_000)) { current = Mutex(start) }

    public func now() -> Date { current.withLock { $0 } }

    /// Moves the clock forward by `seconds`.
    public func advance(by seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// Where a test's data lives: a fresh SQLite file, or a fresh PostgreSQL schema when `AMENDS_TEST_POSTGRES_URL` is set.
public enum TestDatabase {
    /// The PostgreSQL server tests use, when one is configured.
    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["AMENDS_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A new, empty database location.
    public static func fresh() -> DatabaseLocation {
        let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        if let url = postgresURL { return .postgres(url: url, schema: "t_\(suffix)") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("amends-tests", isDirectory: true)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return .sqlite(path: folder.appendingPathComponent("\(suffix).sqlite").path)
    }

    /// A migrated store over a fresh database.
    public static func store(ids: any IdentifierSource = LiveIdentifierSource()) async throws -> SQLStore {
        let store = try await SQLStore.open(fresh(), ids: ids)
        try await store.migrate()
        return store
    }
}

/// Playbooks written for the tests.
public enum Fixture {
    /// A small hotel playbook whose alarms go to `webhook`. Housekeeping has a three-level chain.
    public static func playbook(webhook: String = "http://127.0.0.1:9/hook", secret: String? = nil) -> Playbook {
        func member(_ key: String) -> Member {
            Member(key: key, name: key.capitalized, contacts: [Contact(webhook: "\(webhook)/\(key)", secret: secret)])
        }
        return Playbook(
            name: "Test Hotel",
            locations: [
                Location(key: "lisbon", name: "Lisbon", timeZone: "Europe/Lisbon"),
                Location(key: "porto", name: "Porto", timeZone: "Europe/Lisbon"),
            ],
            teams: [
                Team(
                    key: "housekeeping", name: "Housekeeping", members: [member("marta"), member("rui"), member("manager")],
                    escalation: [
                        EscalationLevel(notify: ["marta"]),
                        EscalationLevel(notify: ["rui"], after: SLADuration(seconds: 300)),
                        EscalationLevel(notify: ["manager"]),
                    ]),
                Team(key: "front-desk", name: "Front desk", members: [member("joao")], escalation: [EscalationLevel(notify: ["joao"])]),
            ],
            channels: [
                Channel(key: "web", name: "Web form", kind: .kiosk),
                Channel(key: "survey", name: "NPS survey", kind: .survey, scoreThresholds: ScoreThresholds(nps: 5)),
            ],
            scenarios: [
                Scenario(
                    key: "unclean-room", name: "Room not cleaned", severity: .high, team: "housekeeping",
                    acknowledgeWithin: SLADuration(seconds: 900), resolveWithin: SLADuration(seconds: 7200),
                    detection: DetectionRules(phrases: ["dirty", "not clean", "stain*", "hair in the"], exclude: ["dirty laundry bag"])),
                Scenario(
                    key: "noise", name: "Noise", severity: .medium, team: "front-desk",
                    acknowledgeWithin: SLADuration(seconds: 600), resolveWithin: SLADuration(seconds: 3600),
                    detection: DetectionRules(phrases: ["noise", "noisy", "loud", "could not sleep"])),
                Scenario(
                    key: "pool-closed", name: "Pool closed", severity: .low, team: "front-desk",
                    acknowledgeWithin: SLADuration(seconds: 600), resolveWithin: SLADuration(seconds: 3600),
                    detection: DetectionRules(phrases: ["pool"], locations: ["porto"])),
                Scenario(
                    key: "unhappy-guest", name: "Unhappy guest", severity: .low, team: "front-desk",
                    acknowledgeWithin: SLADuration(seconds: 1800), resolveWithin: SLADuration(seconds: 86400),
                    detection: DetectionRules(score: ScoreThresholds(nps: 6, csat: 2, stars: 2))),
            ],
            fallbackScenario: "unhappy-guest"
        )
    }
}

extension Fixture {
    /// The fixture playbook with compensation: a catalog, limits per role, a €300 monthly budget in Lisbon, a guarantee on
    /// noise, and the housekeeping manager's staff account (`manager@hotel.test`) linked for approval requests.
    public static func compensatedPlaybook(webhook: String = "http://127.0.0.1:9/hook") -> Playbook {
        var playbook = playbook(webhook: webhook)
        func eur(_ amount: String) -> Money { Money(amount: amount, currency: "EUR")! }
        playbook.compensation = CompensationPolicy(
            catalog: [
                Remedy(key: "drinks", kind: .voucher, name: "Drinks at the bar", value: eur("25")),
                Remedy(key: "refund", kind: .refund, name: "Refund", max: eur("500")),
                Remedy(key: "night", kind: .freeItem, name: "A free night", value: eur("120")),
            ],
            authority: [
                "frontline": AuthorityLimit(perGrant: eur("50"), perDay: eur("60")),
                "lead": AuthorityLimit(perGrant: eur("200"), perDay: eur("400")),
                "manager": AuthorityLimit(perGrant: eur("1000"), perDay: eur("3000")),
            ])
        playbook.locations[0].monthlyBudget = eur("300")
        playbook.scenarios[1].guarantee = Guarantee(promise: "A quiet night, or your drinks are on us.", remedy: "drinks")
        playbook.teams[0].members[2].staff = "manager@hotel.test"
        return playbook
    }
}

extension Fixture {
    /// The compensated playbook with message templates for an unclean room: apology by e-mail (English, Portuguese) and
    /// SMS, and a resolution e-mail.
    public static func messagingPlaybook(webhook: String = "http://127.0.0.1:9/hook") -> Playbook {
        var playbook = compensatedPlaybook(webhook: webhook)
        playbook.channels += Fixture.replyChannels
        playbook.scenarios[0].templates = [
            MessageTemplate(
                kind: .apology, channel: .email, language: "en", subject: "We are sorry, {{customer.name}}",
                body:
                    "Dear {{customer.name}},\n\nWe are sorry your room at {{location.name}} was not clean.{{#compensation.description}} As an apology: {{compensation.description}}.{{/compensation.description}}\n\n{{staff.name}}"
            ),
            MessageTemplate(
                kind: .apology, channel: .email, language: "pt", subject: "Pedimos desculpa, {{customer.name}}",
                body: "Cara {{customer.name}}, lamentamos. {{staff.name}}"),
            MessageTemplate(
                kind: .apology, channel: .sms, language: "en",
                body: "{{customer.name}}, sorry about your room at {{location.name}}. {{compensation.description}} is on us. Ref {{case.reference}}. Track it: {{case.status_link}}"
            ),
            MessageTemplate(kind: .resolution, channel: .email, language: "en", subject: "Your room ({{case.reference}})", body: "All put right. {{staff.name}}"),
        ]
        return playbook
    }
}

extension Fixture {
    /// The secret the reply channels' gateways sign with.
    public static let replySecret = WebhookSecret(key: Array(repeating: 7, count: 32))

    /// Channels customers' replies come in by: e-mail, SMS and chat, each with its gateway's secret.
    public static let replyChannels = [
        Channel(key: "mail-replies", name: "Replies by e-mail", kind: .email, secret: replySecret.text),
        Channel(key: "sms-replies", name: "Replies by SMS", kind: .sms, secret: replySecret.text),
        Channel(key: "chat-replies", name: "Replies on chat", kind: .chat, secret: replySecret.text),
    ]
}

/// Sequential identifiers, so tests can predict them and their order.
public final class CountingIdentifiers: IdentifierSource {
    private let counter = Mutex(0)
    public init() {}
    public func makeID(at date: Date) -> String {
        let value = counter.withLock { value -> Int in
            value += 1
            return value
        }
        return String(format: "id-%08d", value)
    }
}

extension IntakeOutcome {
    /// The item and whether it opened a case, when it was accepted now; nil for a replay or a conflict.
    public var accepted: (feedback: Feedback, caseOpened: Bool)? {
        if case .accepted(let feedback, let opened) = self { return (feedback, opened) }
        return nil
    }
}

/// A random generator with a seed (SplitMix64), so a test that draws random inputs can be replayed: the seed is
/// `AMENDS_TEST_SEED` when set, else a fixed one, and failures name it.
public struct SeededGenerator: RandomNumberGenerator {
    /// The seed this run uses.
    public static let seed: UInt64 = ProcessInfo.processInfo.environment["AMENDS_TEST_SEED"].flatMap { UInt64($0) } ?? 20_261_203

    private var state: UInt64

    public init(seed: UInt64 = SeededGenerator.seed) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// Runs `body`, which blocks (a child process, a pipe), on a thread of its own rather than on the concurrency pool, whose
/// few threads every other test needs.
public func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}
