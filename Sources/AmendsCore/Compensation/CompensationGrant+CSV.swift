import Foundation

// Written here, not taken from a CSV package: none is among the project's dependencies (SwiftCSV and CSV.swift
// are readers first), and writing a fixed set of columns is a line per grant plus one quoting rule, which also
// defuses fields a spreadsheet would run as formulas, something no CSV writer does.
extension CompensationGrant {
    /// The ledger as CSV, a header and a line per grant: what `amends compensation ledger --csv` prints and the console
    /// downloads.
    public static func ledgerCSV(_ grants: [CompensationGrant]) -> String {
        var out = "id,requested_at,status,amount,currency,remedy,case_id,location,customer,requested_by,decided_by,decided_at,reason\n"
        for grant in grants {
            let fields = [
                grant.id, Timestamp.string(grant.requestedAt), grant.status.rawValue, grant.value.amount, grant.value.currency, grant.remedy, grant.caseID,
                grant.location, grant.customerKey ?? "", grant.requestedBy, grant.decidedBy ?? "", grant.decidedAt.map(Timestamp.string) ?? "", grant.reason,
            ]
            out += fields.map(csvField).joined(separator: ",") + "\n"
        }
        return out
    }

    /// A CSV field, quoted when it holds a comma, quote or line break; a leading =, +, - or @ is defused for spreadsheets.
    public static func csvField(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@".contains(first), Double(value) == nil { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension CompensationQuery {
    /// The first instant of the month `text` names (such as `2026-12`) and of the next, in UTC.
    public static func month(_ text: String) -> (since: Date, until: Date)? {
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
}
