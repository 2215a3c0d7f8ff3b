import AmendsApp
import AmendsCore
import ArgumentParser
import Foundation

struct CompensationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compensation", abstract: "The compensation ledger: every grant with its case, customer, who granted it and who approved it.",
        subcommands: [Ledger.self])

    struct Ledger: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ledger", abstract: "List grants, newest first, with totals per currency of what took effect.")
        @Option(help: "Only grants at this location.") var location: String?
        @Option(help: "Only grants in this state: granted, pending or denied.") var status: String?
        @Option(help: "Only grants asked for in this calendar month (UTC), such as 2026-12.") var month: String?
        @Option(help: "How many grants to show (1 to 500).") var limit: Int = 100
        @Flag(help: "Write CSV instead of text.") var csv = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard (1...500).contains(limit) else { fail("amends: --limit must be from 1 to 500") }
            var query = CompensationQuery(location: location, limit: limit)
            if let status {
                guard let value = CompensationGrant.Status(rawValue: status) else { fail("amends: --status must be granted, pending or denied") }
                query.status = value
            }
            if let month {
                guard let (since, until) = CompensationQuery.month(month) else { fail("amends: --month '\(month)' is not a month such as 2026-12") }
                query.since = since
                query.until = until
            }
            await reporting {
                let runtime = try await database.runtime()
                let page = try await runtime.store.compensationLedger(query)
                await runtime.close()
                print(csv ? CompensationGrant.ledgerCSV(page.items) : Self.text(page.items), terminator: "")
            }
        }

        static func text(_ grants: [CompensationGrant]) -> String {
            guard !grants.isEmpty else { return "No grants match.\n" }
            var out = ""
            var totals: [String: Int64] = [:]
            for grant in grants {
                let approver = grant.decidedBy.map { $0 == grant.requestedBy ? "" : "  decided by \($0)" } ?? ""
                out += "\(Timestamp.string(grant.requestedAt))  \(grant.id)  \(grant.status.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))  "
                out += "\(grant.value)  \(grant.name)  case \(grant.caseID)  at \(grant.location)  customer \(grant.customerKey ?? "-")  "
                out += "by \(grant.requestedBy)\(approver)\n"
                if grant.status == .granted { totals[grant.value.currency, default: 0] += grant.value.minorUnits }
            }
            for (currency, total) in totals.sorted(by: { $0.key < $1.key }) {
                out += "Granted: \(Money(minorUnits: total, currency: currency))\n"
            }
            return out
        }
    }
}
