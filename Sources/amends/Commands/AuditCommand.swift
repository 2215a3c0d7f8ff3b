import AmendsApp
import AmendsCore
import AmendsJSON
import ArgumentParser
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Show the audit log, newest first: who changed what, when and from where.")
    @Option(help: "Only entries by this actor, such as staff:<id> or cli:<user>.") var actor: String?
    @Option(help: "Only entries of this action, such as case.status_changed.") var action: String?
    @Option(help: "Only entries about this id (a case, with its compensation grants; a staff member, alarm or token).") var target: String?
    @Option(help: "How many entries to show (1 to 500).") var limit: Int = 50
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        guard (1...500).contains(limit) else { fail("amends: --limit must be from 1 to 500") }
        await reporting {
            let runtime = try await database.runtime()
            let page = try await runtime.store.auditLog(AuditQuery(actor: actor, action: action, target: target, limit: limit))
            await runtime.close()
            let formatter = ISO8601DateFormatter()
            for entry in page.items {
                let detail = entry.detail.isEmpty ? "" : "  \(JSONValue.object(entry.detail).canonicalText)"
                print("\(formatter.string(from: entry.at))  \(entry.actor)  \(entry.action)  \(entry.target)  from \(entry.source)\(detail)")
            }
            if page.items.isEmpty { print("The audit log has no entries\(actor == nil && action == nil && target == nil ? "" : " that match") yet.") }
        }
    }
}
