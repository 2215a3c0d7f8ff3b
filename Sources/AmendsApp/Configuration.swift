import AmendsCore
import AmendsDelivery
import AmendsStorage
import Foundation

/// Everything the server is told at start, from flags and `AMENDS_*` environment variables.
public struct Configuration: Sendable {
    public var host: String
    public var port: Int
    public var database: DatabaseLocation
    /// The largest request body accepted on single-item routes.
    public var maxBodyBytes: Int
    /// The largest NDJSON body accepted by `POST /v1/feedback/batch`.
    public var maxBatchBytes: Int
    public var limits: IntakeLimits
    public var retry: RetryPolicy
    /// Seed a demo playbook and print tokens when the database is new.
    public var seedDemo: Bool
    /// Run the delivery worker and escalation scheduler (off only in tests that drive them by hand).
    public var runWorkers: Bool
    /// bcrypt's cost for new passwords (2^cost rounds).
    public var passwordCost: Int = PasswordHasher.defaultCost
    /// How many sign-ins may be tried per account and per client address before the next must wait.
    public var signInLimits = SignInLimits()
    /// How many answers and page views one address may send the public pages in a window.
    public var pageLimits = PageLimits()
    /// How long a refused sign-in (past the limits, or with every hashing place taken) waits before its 429 is sent.
    /// Answered at once, a flood of refused sign-ins is as fast as the server can answer, and takes the processor from
    /// everything else; answered after a pause, 200 connections send at most 200 attempts a second.
    public var signInRefusalDelay: TimeInterval = 1
    /// How long a session token from a password login lasts.
    public var sessionLifetime: TimeInterval = 12 * 3600
    /// The mail server that e-mail to customers is handed to (`AMENDS_SMTP_URL`, `AMENDS_MAIL_FROM`); nil: no e-mail.
    public var smtp: SMTPSettings?
    /// Where SMS to customers are posted (`AMENDS_SMS_GATEWAY`); nil: no SMS.
    public var smsGateway: String?
    /// Where chat messages to customers are posted (`AMENDS_CHAT_GATEWAY`); nil: no chat.
    public var chatGateway: String?
    /// Whether alarms may go to loopback and private addresses (`--allow-private-webhooks`); the server's own demo
    /// inbox is always allowed.
    public var allowPrivateWebhooks = false
    /// The address customers reach this server at, for the links in their messages (`AMENDS_PUBLIC_URL`); by default
    /// `http://host:port`.
    public var publicURL: String?
    /// Whether the console's session cookie is sent over HTTPS only (`--secure-cookies`, `AMENDS_SECURE_COOKIES`; on by
    /// default when `AMENDS_PUBLIC_URL` is https).
    public var secureCookies = false

    /// Where alarms may be posted.
    public var webhookTargets: WebhookTargets {
        WebhookTargets(allowPrivate: allowPrivateWebhooks, exempt: [localURL + "/demo/inbox", (publicURL ?? localURL) + "/demo/inbox"])
    }

    /// The server's own address, as a client on this machine reaches it.
    public var localURL: String { "http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)" }

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        database: DatabaseLocation = .sqlite(path: "amends.sqlite"),
        maxBodyBytes: Int = 1 << 20,
        maxBatchBytes: Int = 64 << 20,
        limits: IntakeLimits = IntakeLimits(),
        retry: RetryPolicy = RetryPolicy(),
        seedDemo: Bool = true,
        runWorkers: Bool = true
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.maxBodyBytes = maxBodyBytes
        self.maxBatchBytes = maxBatchBytes
        self.limits = limits
        self.retry = retry
        self.seedDemo = seedDemo
        self.runWorkers = runWorkers
    }
}
