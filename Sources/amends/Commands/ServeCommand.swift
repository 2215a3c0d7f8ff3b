import AmendsApp
import AmendsCore
import AmendsDelivery
import AmendsHTTP
import ArgumentParser
import Foundation
import Hummingbird
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP API, the alarm delivery worker and the escalation scheduler.",
        discussion: """
            On a new database the demo playbook is imported and an admin token and a channel token are printed once.

            Environment: AMENDS_HOST, AMENDS_PORT, AMENDS_DATABASE, AMENDS_MAX_TEXT_LENGTH, AMENDS_ALARM_MAX_ATTEMPTS, \
            AMENDS_SIGN_IN_ATTEMPTS_PER_ACCOUNT, AMENDS_SIGN_IN_ATTEMPTS_PER_ADDRESS, LOG_LEVEL.

            Messages to customers: AMENDS_SMTP_URL (smtp://, smtp+starttls:// or smtps://user:password@host:port, a relay of \
            your mail system; AMENDS_SMTP_CA_FILE to trust a private certificate authority) with \
            AMENDS_MAIL_FROM (the sender's address) and optionally AMENDS_MAIL_FROM_NAME and AMENDS_SMTP_HELO (the name to greet \
            the server with; by default this host's), for e-mail; a password goes only over TLS, and only when the server asks; AMENDS_SMS_GATEWAY and \
            AMENDS_CHAT_GATEWAY (URLs that take a signed JSON POST) for SMS and chat. A medium without one is refused, but on a demo database (unless --no-demo), where its messages go to the \
            demo inbox (GET /demo/inbox). \
            AMENDS_PUBLIC_URL is where customers reach this server, for the survey links in follow-up messages.
            """
    )

    @Option(help: "The address to listen on (default $AMENDS_HOST or 127.0.0.1).") var host: String?
    @Option(help: "The port to listen on (default $AMENDS_PORT or 8080).") var port: Int?
    @OptionGroup var database: DatabaseOptions
    @Option(help: "The most characters a feedback text may have (default 10000).") var maxTextLength: Int?
    @Option(help: "How many tries an alarm gets before it is dead-lettered (default 8).") var alarmMaxAttempts: Int?
    @Option(help: "Sign-ins that may be tried per account in 15 minutes before the next must wait (default 5).") var signInAttemptsPerAccount: Int?
    @Option(help: "Sign-ins that may be tried per client address in 15 minutes before the next must wait (default 20).")
    var signInAttemptsPerAddress: Int?
    @Option(help: "Answers one client address may send the feedback pages in 10 minutes before the next must wait (default 30).")
    var pagePosts: Int?
    @Option(help: "Public pages (feedback pages, customers' links, QR codes) one client address may open in 10 minutes (default 600).")
    var pageViews: Int?
    @Flag(help: "Let alarms go to loopback and private network addresses (default $AMENDS_ALLOW_PRIVATE_WEBHOOKS, else refused).")
    var allowPrivateWebhooks = false
    @Flag(help: "Send the console's session cookie over HTTPS only (default $AMENDS_SECURE_COOKIES; on when AMENDS_PUBLIC_URL is https).")
    var secureCookies = false
    @Flag(help: "Do not import the demo playbook into a new database, and deliver no messages to customers to the demo inbox.") var noDemo = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var configuration = Configuration(database: database.location)
        configuration.host = host ?? environment["AMENDS_HOST"] ?? "127.0.0.1"
        guard let port = port ?? Int(environment["AMENDS_PORT"] ?? "8080"), (0...65535).contains(port) else {
            fail("amends: --port must be a number from 0 to 65535")
        }
        configuration.port = port
        if let limit = Self.positive(maxTextLength, option: "max-text-length", variable: "AMENDS_MAX_TEXT_LENGTH") {
            configuration.limits.maxTextLength = limit
        }
        if let attempts = Self.positive(alarmMaxAttempts, option: "alarm-max-attempts", variable: "AMENDS_ALARM_MAX_ATTEMPTS") {
            configuration.retry.maxAttempts = attempts
        }
        if let attempts = Self.positive(signInAttemptsPerAccount, option: "sign-in-attempts-per-account", variable: "AMENDS_SIGN_IN_ATTEMPTS_PER_ACCOUNT") {
            configuration.signInLimits.perAccount = attempts
        }
        if let attempts = Self.positive(signInAttemptsPerAddress, option: "sign-in-attempts-per-address", variable: "AMENDS_SIGN_IN_ATTEMPTS_PER_ADDRESS") {
            configuration.signInLimits.perAddress = attempts
        }
        if let posts = Self.positive(pagePosts, option: "page-posts", variable: "AMENDS_PAGE_POSTS") {
            configuration.pageLimits.posts = posts
        }
        if let views = Self.positive(pageViews, option: "page-views", variable: "AMENDS_PAGE_VIEWS") {
            configuration.pageLimits.views = views
        }
        if let url = environment["AMENDS_SMTP_URL"], !url.isEmpty {
            guard let from = environment["AMENDS_MAIL_FROM"],
                var smtp = SMTPSettings(
                    url: url, from: from, fromName: environment["AMENDS_MAIL_FROM_NAME"], caFile: environment["AMENDS_SMTP_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 })
            else {
                fail(
                    "amends: AMENDS_SMTP_URL must be smtp://, smtp+starttls:// or smtps:// followed by [user:password@]host[:port], with AMENDS_MAIL_FROM set to the sender's address"
                )
            }
            if smtp.security == .none && smtp.username != nil {
                fail("amends: AMENDS_SMTP_URL has a user and password, which plain smtp:// would send unencrypted; use smtp+starttls:// or smtps://")
            }
            if let helo = environment["AMENDS_SMTP_HELO"], !helo.isEmpty {
                guard helo.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-[]:".contains($0)) }) else {
                    fail("amends: AMENDS_SMTP_HELO must be this host's domain name, or its address in brackets")
                }
                smtp.heloName = helo
            }
            configuration.smtp = smtp
        }
        for (name, medium) in [("AMENDS_SMS_GATEWAY", "SMS"), ("AMENDS_CHAT_GATEWAY", "chat")] {
            guard let url = environment[name], !url.isEmpty else { continue }
            guard Playbook.isWebURL(url) else { fail("amends: \(name) must be an http or https URL for the \(medium) gateway") }
            if name == "AMENDS_SMS_GATEWAY" { configuration.smsGateway = url } else { configuration.chatGateway = url }
        }
        if let url = environment["AMENDS_PUBLIC_URL"], !url.isEmpty {
            guard Playbook.isWebURL(url) else { fail("amends: AMENDS_PUBLIC_URL must be an http or https URL") }
            configuration.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        configuration.allowPrivateWebhooks =
            allowPrivateWebhooks || ["1", "true", "yes"].contains(environment["AMENDS_ALLOW_PRIVATE_WEBHOOKS"]?.lowercased() ?? "")
        configuration.seedDemo = !noDemo
        configuration.secureCookies =
            secureCookies || ["1", "true", "yes"].contains(environment["AMENDS_SECURE_COOKIES"]?.lowercased() ?? "")
            || configuration.publicURL?.lowercased().hasPrefix("https://") == true
        var logger = Logger(label: "amends")
        logger.logLevel = environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let runtime = await reporting { try await Runtime.start(configuration, logger: logger) }
        let serverURL = configuration.localURL
        if configuration.seedDemo, let welcome = await reporting({ try await runtime.seedDemoIfNew(serverURL: serverURL) }) {
            print(welcome)
            print("")
        }
        let missing = MessageTemplate.Medium.allCases.filter { runtime.messageTransport.goesToInbox($0) }
        if !missing.isEmpty {
            print(
                "Messages to customers by \(missing.map(\.rawValue).joined(separator: ", ")) go to the demo inbox (GET /demo/inbox): this server has no "
                    + "mail server or gateway for them. --no-demo stops that.")
        }
        if runtime.playbook.stored == nil {
            print("No playbook yet: import one with 'amends playbook import examples/playbooks/hotel.yaml'. Intake refuses feedback until then.")
        }
        let database = configuration.database
        let host = configuration.localURL.split(separator: ":").dropLast().joined(separator: ":")
        let app = buildApplication(runtime: runtime, logger: logger) { port in
            // Said once the server takes connections, with the port it has.
            print("Amends is listening on \(host):\(port) (\(database)). API reference: \(host):\(port)/openapi.json")
            fflush(nil)
        }
        try await app.runService()
        await runtime.close()
    }

    /// A whole number above zero from its option, or else from its environment variable; anything else stops the command
    /// with a message that names where the bad value came from.
    static func positive(_ option: Int?, option name: String, variable: String) -> Int? {
        if let option {
            guard option > 0 else { fail("amends: --\(name) must be a whole number above zero") }
            return option
        }
        guard let text = ProcessInfo.processInfo.environment[variable], !text.isEmpty else { return nil }
        guard let value = Int(text), value > 0 else { fail("amends: \(variable) must be a whole number above zero, not '\(text)'") }
        return value
    }
}
