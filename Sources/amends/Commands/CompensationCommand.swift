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
                guard let (since, until) = Self.month(month) else { fail("amends: --month '\(month)' is not a month such as 2026-12") }
                query.since = since
                query.until = until
            }
            await reporting {
                let runtime = try await database.runtime()
                let page = try await runtime.store.compensationLedger(query)
                await runtime.close()
                print(csv ? Self.csv(page.items) : Self.text(page.items), terminator: "")
            }
        }

        /// The first instant of the month and of the next, in UTC.
        static func month(_ text: String) -> (Date, Date)? {
            let parts = text.split(separator: "-")
            guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month)
            else { return nil }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            guard let start = calendar.date(from: DateComponents(year: year, month: month, day: 1)),
                let end = calendar.date(byAdding: .month, value: 1, to: start)
            else { return nil }
            return (start, end)
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

        static func csv(_ grants: [CompensationGrant]) -> String {
            var out = "id,requested_at,status,amount,currency,remedy,case_id,location,customer,requested_by,decided_by,decided_at,reason\n"
            for grant in grants {
                let fields = [
                    grant.id, Timestamp.string(grant.requestedAt), grant.status.rawValue, grant.value.amount, grant.value.currency, grant.remedy, grant.caseID,
                    grant.location, grant.customerKey ?? "", grant.requestedBy, grant.decidedBy ?? "", grant.decidedAt.map(Timestamp.string) ?? "", grant.reason,
                ]
                out += fields.map(field).joined(separator: ",") + "\n"
            }
            return out
        }

        /// A CSV field, quoted when it holds a comma, quote or line break; a leading =, +, - or @ is defused for spreadsheets.
        static func field(_ value: String) -> String {
            var value = value
            if let first = value.first, "=+-@".contains(first), Double(value) == nil { value = "'" + value }
            guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }
}
