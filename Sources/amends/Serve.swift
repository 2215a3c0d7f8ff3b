import AmendsApp
import AmendsCore
import AmendsDelivery
import AmendsHTTP
import AmendsStorage
import ArgumentParser
import Foundation
import Hummingbird
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP API, the alarm delivery worker and the escalation scheduler.",
        discussion: """
            On a new database the demo playbook is imported and an admin token and a channel token are printed once.
            Environment: AMENDS_HOST, AMENDS_PORT, AMENDS_DATABASE, AMENDS_MAX_TEXT_LENGTH, AMENDS_ALARM_MAX_ATTEMPTS, LOG_LEVEL.

            Messages to customers: AMENDS_SMTP_URL (smtp://, smtp+starttls:// or smtps://user:password@host:port, a relay of \
            your mail system; AMENDS_SMTP_CA_FILE to trust a private certificate authority) with \
            AMENDS_MAIL_FROM (the sender's address) and optionally AMENDS_MAIL_FROM_NAME, for e-mail; AMENDS_SMS_GATEWAY and \
            AMENDS_CHAT_GATEWAY (URLs that take a signed JSON POST) for SMS and chat. A medium without one is refused. \
            AMENDS_PUBLIC_URL is where customers reach this server, for the survey links in follow-up messages.
            """
    )

    @Option(help: "The address to listen on (default $AMENDS_HOST or 127.0.0.1).") var host: String?
    @Option(help: "The port to listen on (default $AMENDS_PORT or 8080).") var port: Int?
    @OptionGroup var database: DatabaseOptions
    @Option(help: "The most characters a feedback text may have (default 10000).") var maxTextLength: Int?
    @Option(help: "How many tries an alarm gets before it is dead-lettered (default 8).") var alarmMaxAttempts: Int?
    @Flag(help: "Do not import the demo playbook into a new database.") var noDemo = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var configuration = Configuration(database: database.location)
        configuration.host = host ?? environment["AMENDS_HOST"] ?? "127.0.0.1"
        guard let port = port ?? Int(environment["AMENDS_PORT"] ?? "8080"), (0...65535).contains(port) else {
            fail("amends: --port must be a number from 0 to 65535")
        }
        configuration.port = port
        if let limit = maxTextLength ?? environment["AMENDS_MAX_TEXT_LENGTH"].flatMap(Int.init) {
            guard limit > 0 else { fail("amends: --max-text-length must be positive") }
            configuration.limits.maxTextLength = limit
        }
        if let attempts = alarmMaxAttempts ?? environment["AMENDS_ALARM_MAX_ATTEMPTS"].flatMap(Int.init) {
            guard attempts > 0 else { fail("amends: --alarm-max-attempts must be positive") }
            configuration.retry.maxAttempts = attempts
        }
        if let url = environment["AMENDS_SMTP_URL"], !url.isEmpty {
            guard let from = environment["AMENDS_MAIL_FROM"],
                let smtp = SMTPSettings(
                    url: url, from: from, fromName: environment["AMENDS_MAIL_FROM_NAME"], caFile: environment["AMENDS_SMTP_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 })
            else {
                fail(
                    "amends: AMENDS_SMTP_URL must be smtp://, smtp+starttls:// or smtps:// followed by [user:password@]host[:port], with AMENDS_MAIL_FROM set to the sender's address"
                )
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
        configuration.seedDemo = !noDemo
        var logger = Logger(label: "amends")
        logger.logLevel = environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let runtime = await reporting { try await Runtime.start(configuration, logger: logger) }
        let serverURL = configuration.localURL
        if configuration.seedDemo, let welcome = await reporting({ try await runtime.seedDemoIfNew(serverURL: serverURL) }) {
            print(welcome)
            print("")
        }
        if runtime.playbook.stored == nil {
            print("No playbook yet: import one with 'amends playbook import examples/playbooks/hotel.yaml'. Intake refuses feedback until then.")
        }
        print("Amends is listening on \(serverURL) (\(configuration.database)). API reference: \(serverURL)/openapi.json")
        fflush(nil)
        let app = buildApplication(runtime: runtime, logger: logger)
        try await app.runService()
        await runtime.close()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or upgrade the database schema, then exit.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        await reporting {
            let store = try await SQLStore.open(database.location)
            let applied = try await store.migrate()
            await store.close()
            print(applied.isEmpty ? "The schema is up to date." : "Applied: \(applied.joined(separator: ", "))")
        }
    }
}

struct PlaybookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playbook",
        abstract: "Import, export or check the playbook: locations, teams, channels and failure scenarios.",
        subcommands: [ImportPlaybook.self, ExportPlaybook.self, CheckPlaybook.self]
    )

    struct ImportPlaybook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", abstract: "Validate a YAML playbook and put it in force.")
        @Argument(help: "The playbook file (YAML).") var file: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let playbook = await reporting { try PlaybookFile.parse(try readText(file), file: file) }
            await reporting {
                let runtime = try await database.runtime()
                let stored = try await runtime.importPlaybook(playbook, by: "cli")
                await runtime.close()
                print(
                    "Imported \"\(playbook.name)\" as version \(stored.version): \(playbook.locations.count) locations, \(playbook.teams.count) teams, \(playbook.channels.count) channels, \(playbook.scenarios.count) scenarios."
                )
                print("A running server picks it up when restarted; PUT /v1/playbook changes it live.")
            }
        }
    }

    struct ExportPlaybook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "Write the playbook in force as YAML.")
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            await reporting {
                let runtime = try await database.runtime()
                defer { Task { await runtime.close() } }
                guard let stored = runtime.playbook.stored else { fail("amends: no playbook has been imported yet") }
                let yaml = try PlaybookFile.yaml(stored.playbook)
                if let output {
                    try yaml.write(toFile: output, atomically: true, encoding: .utf8)
                    print("Wrote version \(stored.version) to \(output).")
                } else {
                    print(yaml, terminator: "")
                }
            }
        }
    }

    struct CheckPlaybook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "check", abstract: "Validate a YAML playbook without importing it.")
        @Argument(help: "The playbook file (YAML).") var file: String

        func run() async throws {
            let playbook = await reporting { try PlaybookFile.parse(try readText(file), file: file) }
            print(
                "\(file): valid — \(playbook.scenarios.count) scenarios, \(playbook.teams.count) teams, \(playbook.locations.count) locations, \(playbook.channels.count) channels."
            )
        }
    }
}

/// The text of `path`, with a clear error when it cannot be read.
func readText(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw AmendsError(.notFound, code: "no_file", message: "cannot read \(path)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw AmendsError(.invalid, code: "invalid_utf8", message: "\(path) is not UTF-8 text")
    }
    return text
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Make tokens.", subcommands: [ChannelToken.self])

    struct ChannelToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "channel", abstract: "Make a token that can submit feedback for one channel; it is shown once.")
        @Argument(help: "The channel's key in the playbook.") var channel: String
        @Option(help: "A note saying where the token is used.") var label = "made with the CLI"
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            await reporting {
                let runtime = try await database.runtime()
                guard runtime.playbook.recovery?.playbook.channel(channel) != nil else {
                    await runtime.close()
                    fail("amends: '\(channel)' is not a channel in the playbook in force")
                }
                let token = try await runtime.tokens.issueChannelToken(channel: channel, label: label)
                await runtime.close()
                print(token)
            }
        }
    }
}

struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff", abstract: "Manage staff accounts.", subcommands: [AddStaff.self, ListStaff.self, DisableStaff.self, SetPassword.self, SetAuthority.self])

    struct AddStaff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a staff member and print their personal API token (shown once).")
        @Option(help: "The person's name.") var name: String
        @Option(help: "frontline, lead, manager or admin.") var role: String = "frontline"
        @Option(help: "The person's e-mail address.") var email: String?
        @Option(
            name: .customLong("location"),
            help: "A location the person works (a key of the playbook; repeatable). Without any, every location.")
        var locations: [String] = []
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard let role = StaffMember.Role(rawValue: role) else { fail("amends: --role must be frontline, lead, manager or admin") }
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { fail("amends: --name must not be empty") }
            await reporting {
                let runtime = try await database.runtime()
                if let playbook = runtime.playbook.stored?.playbook {
                    for key in locations where playbook.location(key) == nil {
                        await runtime.close()
                        throw AmendsError.invalidField("--location", "'\(key)' is not a location of the playbook")
                    }
                }
                let (member, token) = try await runtime.tokens.addStaff(
                    name: name, email: email, role: role, locations: locations.isEmpty ? nil : locations)
                await runtime.close()
                print("Added \(member.name) (\(member.role.rawValue)), id \(member.id), working \(Self.scope(member)).")
                print("Personal token: \(token)")
            }
        }

        static func scope(_ member: StaffMember) -> String {
            member.locations.map { $0.joined(separator: ", ") } ?? "every location"
        }
    }

    struct ListStaff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List staff members.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            await reporting {
                let runtime = try await database.runtime()
                let members = try await runtime.store.allStaff()
                await runtime.close()
                for member in members {
                    print(
                        "\(member.id)  \(member.role.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0))  \(member.name)  [\(AddStaff.scope(member))]\(member.disabledAt == nil ? "" : "  (disabled)")"
                    )
                }
                if members.isEmpty { print("No staff yet: add one with 'amends staff add --name NAME --role admin'.") }
            }
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "password",
            abstract: "Set a staff member's password for logging in (POST /v1/sessions with their e-mail address).",
            discussion: "The password is read from standard input (without echo on a terminal): at least 10 characters, at most 72 bytes.")
        @Argument(help: "The staff member's id (see 'amends staff list').") var id: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let password = readSecret(prompt: "New password for \(id): ")
            guard let password, !password.isEmpty else { fail("amends: no password on standard input") }
            await reporting {
                let runtime = try await database.runtime()
                do {
                    guard let member = try await runtime.store.staff(id: id) else { throw AmendsError.notFound("staff member", id) }
                    try await runtime.tokens.setPassword(password, for: id)
                    await runtime.close()
                    print("Password set for \(member.name)\(member.email == nil ? "; add an e-mail address to log in with it" : ", who logs in as \(member.email!)").")
                } catch {
                    await runtime.close()
                    throw error
                }
            }
        }
    }

    struct DisableStaff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable", abstract: "Disable a staff member's account: their tokens stop working (within 30 seconds on running servers).")
        @Argument(help: "The staff member's id (see 'amends staff list').") var id: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            await reporting {
                let runtime = try await database.runtime()
                do {
                    let member = try await runtime.store.disableStaff(id: id, at: runtime.clock.now())
                    await runtime.close()
                    print("Disabled \(member.name) (\(member.id)).")
                } catch {
                    await runtime.close()
                    throw error
                }
            }
        }
    }

    struct SetAuthority: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "authority",
            abstract: "Give a staff member their own compensation authority, or put them back on their role's.",
            discussion: """
                Amounts are written with their currency, such as "100.00 EUR". A grant within the limit takes effect at once; \
                above it, it waits for someone whose authority covers it.
                """)
        @Argument(help: "The staff member's id (see 'amends staff list').") var id: String
        @Option(name: .customLong("per-grant"), help: "The most one grant may be worth, such as \"100.00 EUR\".") var perGrant: String?
        @Option(name: .customLong("per-day"), help: "The most the person may grant in a day, such as \"300.00 EUR\".") var perDay: String?
        @Flag(name: .customLong("role-default"), help: "Remove the person's own limit: their role's applies again.") var roleDefault = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            var authority: AuthorityLimit?
            switch (perGrant, perDay, roleDefault) {
            case (let perGrant?, let perDay?, false):
                guard let grant = Money(parsing: perGrant) else { fail("amends: --per-grant '\(perGrant)' is not an amount such as \"100.00 EUR\"") }
                guard let day = Money(parsing: perDay) else { fail("amends: --per-day '\(perDay)' is not an amount such as \"300.00 EUR\"") }
                authority = AuthorityLimit(perGrant: grant, perDay: day)
            case (nil, nil, true):
                authority = nil
            default:
                fail("amends: give --per-grant and --per-day together, or --role-default alone")
            }
            await reporting {
                if let authority { try authority.validate(field: "authority") }
                let runtime = try await database.runtime()
                do {
                    let member = try await runtime.store.setAuthority(staffID: id, authority: authority, at: runtime.clock.now())
                    await runtime.close()
                    if let limit = member.authority {
                        print("\(member.name) may now grant up to \(limit.perGrant) per grant and \(limit.perDay) per day.")
                    } else {
                        print("\(member.name) is back on the \(member.role.rawValue) role's authority.")
                    }
                } catch {
                    await runtime.close()
                    throw error
                }
            }
        }
    }
}
