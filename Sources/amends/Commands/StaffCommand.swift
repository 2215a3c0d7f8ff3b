import AmendsApp
import AmendsCore
import ArgumentParser
import Foundation

struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff", abstract: "Manage staff accounts.",
        subcommands: [AddStaff.self, ListStaff.self, EditStaff.self, DisableStaff.self, SetPassword.self, SignInLink.self, SetAuthority.self])

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
            let (member, token) = await reporting {
                try await database.withRuntime { runtime in
                    try runtime.requireKnownLocations(locations) { _ in "--location" }
                    return try await runtime.tokens.addStaff(name: name, email: email, role: role, locations: locations.isEmpty ? nil : locations)
                }
            }
            print("Added \(member.name) (\(member.role.rawValue)), id \(member.id), working \(Self.scope(member)).")
            print("Personal token: \(token)")
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

    struct EditStaff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit", abstract: "Change a staff member's name, e-mail address, role or locations; what is not named stays.",
            discussion: "Audited as staff.updated, from the command line. The same as PATCH /v1/staff/{id}.")
        @Argument(help: "The staff member's id (see 'amends staff list').") var id: String
        @Option(help: "A new name.") var name: String?
        @Option(help: "A new e-mail address (no other member's).") var email: String?
        @Flag(name: .customLong("no-email"), help: "Remove the e-mail address.") var noEmail = false
        @Option(help: "frontline, lead, manager or admin.") var role: String?
        @Option(name: .customLong("location"), help: "A location the person works, instead of those they work now (repeatable).")
        var locations: [String] = []
        @Flag(name: .customLong("every-location"), help: "Let the person work every location.") var everyLocation = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            var change = StaffChange()
            if let name {
                let trimmed = name.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty, trimmed.count <= 200 else { fail("amends: --name must be 1 to 200 characters") }
                change.name = trimmed
            }
            if email != nil && noEmail { fail("amends: give --email or --no-email, not both") }
            if let email {
                guard email.contains("@"), email.count <= 320 else { fail("amends: --email '\(email)' is not an e-mail address") }
                change.email = .some(email)
            } else if noEmail {
                change.email = .some(nil)
            }
            if let role {
                guard let value = StaffMember.Role(rawValue: role) else { fail("amends: --role must be frontline, lead, manager or admin") }
                change.role = value
            }
            if !locations.isEmpty && everyLocation { fail("amends: give --location or --every-location, not both") }
            if !locations.isEmpty { change.locations = .some(locations) } else if everyLocation { change.locations = .some(nil) }
            if change.isEmpty { fail("amends: name a change: --name, --email, --no-email, --role, --location or --every-location") }
            let member = await reporting {
                try await database.withRuntime { runtime in
                    try runtime.requireKnownLocations(locations) { _ in "--location" }
                    return try await runtime.store.updateStaff(id: id, change: change, at: runtime.clock.now())
                }
            }
            print(
                "Changed \(member.name) (\(member.role.rawValue)), id \(member.id), working \(AddStaff.scope(member))"
                    + (member.email.map { ", e-mail \($0)." } ?? ", no e-mail address."))
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
            let member = await reporting {
                try await database.withRuntime { runtime in
                    guard let member = try await runtime.store.staff(id: id) else { throw AmendsError.notFound("staff member", id) }
                    try await runtime.tokens.setPassword(password, for: id)
                    return member
                }
            }
            print(
                "Password set for \(member.name)"
                    + (member.email.map { ", who logs in as \($0)." } ?? "; give them an e-mail address to log in with it: amends staff edit \(id) --email ADDRESS"))
        }
    }

    struct SignInLink: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "link",
            abstract: "Print a link that signs a staff member in to the web console once, within an hour.",
            discussion: """
                Opened in a browser, the link shows a Sign in button; pressing it starts a console session and uses the link up. \
                For a member without a password yet, or one who forgot theirs. The link is built on --url, by default \
                $AMENDS_PUBLIC_URL or http://127.0.0.1:8080.
                """)
        @Argument(help: "The staff member's id (see 'amends staff list').") var id: String
        @Option(help: "The server's address as the member's browser reaches it.") var url: String?
        @Option(help: "How many minutes the link works (1 to 1440).") var minutes = 60
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard (1...1440).contains(minutes) else { fail("amends: --minutes must be from 1 to 1440") }
            let base = url ?? ProcessInfo.processInfo.environment["AMENDS_PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://127.0.0.1:8080"
            guard Playbook.isWebURL(base) else { fail("amends: --url must be an http or https URL, not '\(base)'") }
            let minutes = minutes
            let (member, link) = await reporting {
                try await database.withRuntime { runtime in
                    guard let member = try await runtime.store.staff(id: id) else { throw AmendsError.notFound("staff member", id) }
                    return (member, try await runtime.tokens.makeSignInLink(for: member, lifetime: Double(minutes) * 60))
                }
            }
            let root = base.hasSuffix("/") ? String(base.dropLast()) : base
            print("A sign-in link for \(member.name), working once within \(minutes) minutes:")
            print("  \(root)/console/welcome/\(link.token)")
        }
    }

    struct DisableStaff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable", abstract: "Disable a staff member's account: their tokens stop working at once, on running servers too.")
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
