import AmendsCore
import AmendsDelivery
import AmendsStorage
import AmendsText
import AsyncHTTPClient
import CoreMetrics
import Foundation
import Logging
import Prometheus
import Synchronization

/// The product wired together: store, playbook in force, tokens, workers and metrics.
///
/// The HTTP routes and the CLI both work through it, so an import from a file and a POST take the same path.
public final class Runtime: Sendable {
    /// Everything the product keeps, through the domain's store protocol.
    public let store: any Store
    private let database: SQLStore
    public let playbook: CurrentPlaybook
    public let clock: any WallClock
    public let ids: any IdentifierSource
    public let tokens: Tokens
    /// The installation's signing keys, one per purpose.
    public let keys: SigningKeys
    public let registry: PrometheusCollectorRegistry
    public let delivery: DeliveryWorker
    public let scheduler: EscalationScheduler
    /// Delivers messages to customers from their outbox.
    public let messages: MessageWorker
    /// Warns before first-response and resolution deadlines and escalates when they pass.
    public let slaWatcher: SLAWatcher
    /// How messages reach customers: the mail server and gateways this server has (and, on a demo, the demo inbox).
    public let messageTransport: DemoInboxTransport
    /// What the demo's own receiver was sent lately.
    public let demoInbox: DemoInbox
    /// Which cases changed, for the console's live pages.
    public let caseFeed: CaseFeed
    public let configuration: Configuration
    public let deliveryBell = Doorbell()
    public let messageBell = Doorbell()
    public let followUpBell = Doorbell()
    /// Rung when visits are added, so their campaign's scheduler looks again.
    public let campaignBell = Doorbell()
    public let escalationBell = Doorbell()
    let accepted: CoreMetrics.Counter
    let failures: CoreMetrics.Counter
    let opened: CoreMetrics.Counter
    public let logger: Logger
    /// The HTTP client the live transport uses, shut down with the runtime.
    private let httpClient: HTTPClient?
    /// The text engine in force: the newest trained model, or the built-in lexicon.
    private let textState: Mutex<(engine: TextEngine, stored: StoredTextModel?)>

    /// Opens the database, applies migrations and loads the playbook in force.
    public static func start(
        _ configuration: Configuration,
        clock: any WallClock = LiveWallClock(),
        ids: any IdentifierSource = LiveIdentifierSource(),
        transport: (any AlarmTransport)? = nil,
        messageTransport: (any MessageTransport)? = nil,
        logger: Logger = Logger(label: "amends")
    ) async throws -> Runtime {
        let store = try await SQLStore.open(configuration.database, ids: ids, logger: logger)
        do {
            try await store.migrate(at: clock.now())
            let secretText = try await store.initializeSetting("webhook_secret", to: WebhookSecret.random().text)
            guard let secret = WebhookSecret(secretText) else {
                throw AmendsError(.invalid, code: "webhook_secret", message: "the stored webhook secret is damaged")
            }
            let installationText = try await store.initializeSetting("installation_key", to: SigningKeys.newInstallationKey())
            guard let installationKey = Data(base64Encoded: installationText), installationKey.count >= 32 else {
                throw AmendsError(.invalid, code: "installation_key", message: "the stored installation key is damaged")
            }
            let keys = SigningKeys(webhookSecret: secret, installationKey: [UInt8](installationKey))
            let stored = try await store.currentPlaybook()
            let textModel = try await store.currentTextModel()
            let client = transport == nil || messageTransport == nil ? LiveAlarmTransport.makeClient() : nil
            let inbox = DemoInbox()
            // A demo database started without --no-demo delivers what no mail server or gateway takes to its inbox.
            let demo = try await store.setting(Self.demoMessagesSetting)
            inbox.takesMessages = configuration.seedDemo && demo == "on"
            let messages = DemoInboxTransport(
                messageTransport
                    ?? LiveMessageTransport(
                        smtp: configuration.smtp, smsGateway: configuration.smsGateway, chatGateway: configuration.chatGateway, client: client!,
                        secret: keys.gateways),
                inbox: inbox)
            return Runtime(
                configuration: configuration, store: store, stored: stored, textModel: textModel, clock: clock, ids: ids, keys: keys,
                transport: transport ?? LiveAlarmTransport(client: client!, targets: configuration.webhookTargets), messageTransport: messages, demoInbox: inbox,
                httpClient: client,
                logger: logger)
        } catch {
            await store.close()
            throw error
        }
    }

    private init(
        configuration: Configuration, store: SQLStore, stored: StoredPlaybook?, textModel: StoredTextModel?, clock: any WallClock,
        ids: any IdentifierSource,
        keys: SigningKeys, transport: any AlarmTransport, messageTransport: DemoInboxTransport, demoInbox: DemoInbox, httpClient: HTTPClient?,
        logger: Logger
    ) {
        self.messageTransport = messageTransport
        self.demoInbox = demoInbox
        caseFeed = CaseFeed(store: store, logger: logger)
        self.httpClient = httpClient
        self.configuration = configuration
        self.store = store
        self.database = store
        self.clock = clock
        self.ids = ids
        self.keys = keys
        self.logger = logger
        textState = Mutex((TextEngine(model: textModel?.model), textModel))
        playbook = CurrentPlaybook(
            stored, clock: clock, ids: ids, limits: configuration.limits, text: TextEngine(model: textModel?.model),
            consoleURL: configuration.publicURL ?? configuration.localURL)
        tokens = Tokens(
            store: store, clock: clock, ids: ids, passwords: PasswordHasher(cost: configuration.passwordCost), sessionLifetime: configuration.sessionLifetime,
            signInLimits: configuration.signInLimits)
        registry = PrometheusCollectorRegistry()
        let metrics = PrometheusMetricsFactory(registry: registry)
        delivery = DeliveryWorker(
            store: store, transport: transport, clock: clock, policy: configuration.retry, secret: keys.alarms,
            doorbell: deliveryBell, metrics: metrics, logger: logger)
        scheduler = EscalationScheduler(
            store: store, playbook: playbook, clock: clock, doorbell: escalationBell, delivery: deliveryBell, metrics: metrics, logger: logger)
        slaWatcher = SLAWatcher(store: store, playbook: playbook, clock: clock, ids: ids, delivery: deliveryBell, metrics: metrics, logger: logger)
        messages = MessageWorker(
            store: store, transport: messageTransport, clock: clock, policy: configuration.retry, doorbell: messageBell, metrics: metrics, logger: logger)
        accepted = CoreMetrics.Counter(label: "amends_feedback_accepted_total", factory: metrics)
        failures = CoreMetrics.Counter(label: "amends_failures_detected_total", factory: metrics)
        opened = CoreMetrics.Counter(label: "amends_cases_opened_total", factory: metrics)
    }

    /// Closes the database.
    public func close() async {
        try? await httpClient?.shutdown()
        await tokens.passwords.shutdown()
        await database.close()
    }

    /// The recovery rules in force, or an error when no playbook has been imported yet.
    public func recovery() throws(AmendsError) -> Recovery {
        guard let recovery = playbook.recovery else {
            throw AmendsError(.conflict, code: "no_playbook", message: "no playbook has been imported yet; import one with 'amends playbook import FILE'")
        }
        return recovery
    }

    /// Validates and stores `playbook` as the one in force.
    public func importPlaybook(_ playbook: Playbook, by actor: String) async throws -> StoredPlaybook {
        var problems = playbook.problems()
        let targets = configuration.webhookTargets
        for (teamIndex, team) in playbook.teams.enumerated() {
            for (memberIndex, member) in team.members.enumerated() {
                for (contactIndex, contact) in member.contacts.enumerated() {
                    guard let refusal = targets.refusalOnImport(for: contact.webhook) else { continue }
                    let path = FieldPath().key("teams").index(teamIndex).key("members").index(memberIndex).key("contacts").index(contactIndex).key("webhook")
                    problems.append(PlaybookProblem(path: path, message: refusal))
                }
            }
        }
        guard problems.isEmpty else {
            throw PlaybookRejection(file: "playbook", problems: problems.map { .init(field: $0.path.description, line: nil, message: $0.message) })
        }
        let stored = try await store.savePlaybook(playbook, at: clock.now(), by: actor)
        self.playbook.replace(with: stored)
        return stored
    }

    /// The text engine in force and the stored model behind it (nil: the built-in lexicon).
    public var text: (engine: TextEngine, stored: StoredTextModel?) {
        textState.withLock { $0 }
    }

    /// Learns a text model from `texts`, keeps it as the next version and puts it in force.
    public func train(_ texts: [LabeledText], trainer: TextTrainer = TextTrainer(), by actor: String) async throws -> StoredTextModel {
        guard texts.contains(where: \.failure), texts.contains(where: { !$0.failure }) else {
            throw AmendsError(.invalid, code: "one_sided_labels", message: "training needs both failures and non-failures among the labeled rows")
        }
        let model = trainer.train(texts)
        let stored = try await store.saveTextModel(model, at: clock.now(), by: actor, rows: texts.count)
        adopt(stored)
        return stored
    }

    /// Puts `stored` in force for analysis and intake, unless a newer model already is; returns whether it did.
    @discardableResult
    private func adopt(_ stored: StoredTextModel) -> Bool {
        textState.withLock { state in
            guard stored.version > (state.stored?.version ?? 0) else { return false }
            let engine = TextEngine(model: stored.model)
            state = (engine, stored)
            playbook.replace(text: engine)
            return true
        }
    }

    /// Keeps a staff member's correction of how a feedback item was read, for the next training.
    public func label(feedbackID: String, failure: Bool, category: String?, by member: StaffMember) async throws -> FeedbackLabel {
        let now = clock.now()
        let label = FeedbackLabel(feedbackID: feedbackID, failure: failure, category: category, labeledBy: "staff:\(member.id)", labeledAt: now)
        try await store.label(label, eventID: ids.makeID(at: now))
        return label
    }

    /// Refuses locations the playbook in force does not have, naming the first with `field(index)`; with no playbook
    /// yet, any. Adding and editing staff, by the API and the command line, check their locations here.
    public func requireKnownLocations(_ keys: [String], field: (Int) -> String) throws(AmendsError) {
        guard let playbook = playbook.stored?.playbook else { return }
        for (index, key) in keys.enumerated() where playbook.location(key) == nil {
            throw AmendsError.invalidField(field(index), "'\(key)' is not a location of the playbook")
        }
    }

    /// Puts in force a playbook newer than the one in force (imported by `amends playbook import` or by another server
    /// sharing the database); returns whether it did.
    @discardableResult
    public func refreshPlaybook() async throws -> Bool {
        guard let version = try await store.playbookVersion(), version > (playbook.stored?.version ?? 0),
            let stored = try await store.currentPlaybook(), stored.version > (playbook.stored?.version ?? 0)
        else { return false }
        playbook.replace(with: stored)
        logger.info("playbook in force", metadata: ["version": "\(stored.version)", "imported_by": "\(stored.importedBy)"])
        return true
    }

    /// Puts in force a model trained elsewhere (by `amends train`, or another server) if it is newer than the one
    /// in force; returns whether it changed.
    @discardableResult
    public func refreshTextModel() async throws -> Bool {
        guard let version = try await store.textModelVersion(), version > (text.stored?.version ?? 0),
            let stored = try await store.currentTextModel()
        else { return false }
        let adopted = adopt(stored)
        if adopted {
            logger.info("text model in force", metadata: ["version": "\(stored.version)", "rows": "\(stored.rows)"])
        }
        return adopted
    }

    /// One item for intake: what was sent, its idempotency key and the digest of the request.
    public struct Item: Sendable {
        public var submission: FeedbackSubmission
        public var idempotencyKey: String?
        public var fingerprint: String

        public init(submission: FeedbackSubmission, idempotencyKey: String?, fingerprint: String) {
            self.submission = submission
            self.idempotencyKey = idempotencyKey
            self.fingerprint = fingerprint
        }
    }

    /// Validates, analyses and durably stores `items`; each gets its own outcome or error, in order.
    public func intake(_ items: [Item]) async throws -> [Result<IntakeOutcome, AmendsError>] {
        let recovery = try recovery()
        var results = [Result<IntakeOutcome, AmendsError>?](repeating: nil, count: items.count)
        var records: [IntakeRecord] = []
        var positions: [Int] = []
        records.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            do {
                records.append(try recovery.intake(item.submission, idempotencyKey: item.idempotencyKey, fingerprint: item.fingerprint))
                positions.append(index)
            } catch {
                results[index] = .failure(error)
            }
        }
        if !records.isEmpty {
            let outcomes = try await store.record(records)
            var anyOpened = false
            for (position, outcome) in zip(positions, outcomes) {
                results[position] = .success(outcome)
                if case .accepted(let feedback, let caseOpened) = outcome {
                    accepted.increment()
                    if feedback.analysis.failure { failures.increment() }
                    if caseOpened {
                        opened.increment()
                        anyOpened = true
                    }
                }
            }
            if anyOpened {
                deliveryBell.ring()
                escalationBell.ring()
            }
        }
        return results.map { $0! }
    }

    /// Opens (or joins) a case a staff member logs.
    public func report(_ report: FailureReport, by member: StaffMember, idempotencyKey: String?, fingerprint: String) async throws -> (
        RecoveryCase, opened: Bool
    ) {
        let opening = try recovery().report(report, by: member.id)
        let result = try await store.open(opening, idempotencyKey: idempotencyKey, fingerprint: fingerprint, actor: "staff:\(member.id)")
        if result.opened {
            opened.increment()
            deliveryBell.ring()
            escalationBell.ring()
        }
        return result
    }

    /// The setting that marks a database the demo was seeded in, whose messages to customers go to the demo inbox
    /// until a mail server or gateway takes them.
    static let demoMessagesSetting = "demo_messages"

    /// When the database is new: imports the demo playbook, makes an admin and a channel token, and returns what to print.
    public func seedDemoIfNew(serverURL: String) async throws -> String? {
        guard playbook.stored == nil, try await store.allStaff().isEmpty else { return nil }
        guard let url = Bundle.module.url(forResource: "demo-playbook", withExtension: "yaml"),
            let template = try? String(contentsOf: url, encoding: .utf8)
        else { return nil }
        let text = template.replacingOccurrences(of: "{{server}}", with: serverURL)
        let demo = try PlaybookFile.parse(text, file: "demo-playbook.yaml")
        _ = try await importPlaybook(demo, by: "system")
        _ = try await store.initializeSetting(Self.demoMessagesSetting, to: "on")
        demoInbox.takesMessages = true
        let (admin, adminToken) = try await tokens.addStaff(name: "Demo Admin", email: nil, role: .admin)
        let link = try await tokens.makeSignInLink(for: admin)
        let channel = demo.channels[0]
        let channelToken = try await tokens.issueChannelToken(channel: channel.key, label: "demo")
        let location = demo.locations[0]
        let labels = ["admin token:", "channel token ('\(channel.key)'):"]
        let width = labels.map(\.count).max() ?? 0
        func padded(_ label: String) -> String { label + String(repeating: " ", count: width - label.count) }
        return """
            A new database: the demo playbook "\(demo.name)" is in force. These tokens are shown only now.
              \(padded(labels[0])) \(adminToken)
              \(padded(labels[1])) \(channelToken)

            Open the console, signed in as the demo admin (this link works once, within an hour):
              \(serverURL)/console/welcome/\(link.token)

            Send a complaint, then see the case and the alarm it raised:
              curl -s \(serverURL)/v1/feedback -H 'Authorization: Bearer \(channelToken)' -H 'Content-Type: application/json' \\
                -d '{"location":"\(location.key)","customer":{"email":"ana@example.com"},"text":"The room was not clean and the towels were dirty"}'
              curl -s \(serverURL)/v1/cases -H 'Authorization: Bearer \(adminToken)'
              curl -s \(serverURL)/demo/inbox -H 'Authorization: Bearer \(adminToken)'
            """
    }
}
