import AmendsCore
import ArgumentParser
import Foundation

struct CaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "Look at recovery cases: the list, or one case with its checklist and timeline.",
        subcommands: [ListCases.self, ShowCase.self])

    static func time(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    struct ListCases: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List cases, newest first.")
        @Option(help: "Only cases in this status (new, acknowledged, in_progress, waiting_on_customer, resolved, followed_up, closed, reopened).")
        var status: String?
        @Option(help: "Only cases at this location.") var location: String?
        @Option(help: "Only cases of this scenario.") var scenario: String?
        @Option(help: "How many to show (1 to 500).") var limit: Int = 50
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let status = try self.status.map { name -> RecoveryCase.Status in
                guard let value = RecoveryCase.Status(rawValue: name) else {
                    throw ValidationError("--status must be one of \(RecoveryCase.Status.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return value
            }
            guard (1...500).contains(limit) else { throw ValidationError("--limit must be from 1 to 500") }
            await reporting {
                let runtime = try await database.runtime()
                let page = try await runtime.store.cases(CaseQuery(status: status, location: location, scenario: scenario, limit: limit))
                await runtime.close()
                for item in page.items {
                    let owner = item.owner.map { "  owner \($0)" } ?? ""
                    print("\(item.id)  \(item.status.rawValue)  \(item.severity.rawValue)  \(item.scenario)  \(item.location)  opened \(CaseCommand.time(item.openedAt))\(owner)")
                }
                if page.items.isEmpty { print("No cases\(status == nil && location == nil && scenario == nil ? "" : " match") yet.") }
            }
        }
    }

    struct ShowCase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one case: its deadlines, checklist and timeline.")
        @Argument(help: "The case's id.") var id: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            await reporting {
                let runtime = try await database.runtime()
                do {
                    guard let item = try await runtime.store.recoveryCase(id: id) else { throw AmendsError.notFound("case", id) }
                    let timeline = try await runtime.store.timeline(caseID: id)
                    let required = runtime.playbook.stored?.playbook.requiredSteps(of: item) ?? []
                    await runtime.close()
                    print("Case \(item.id): \(item.summary)")
                    print("  \(item.scenario) (\(item.severity.rawValue)) at \(item.location), team \(item.team), \(item.status.rawValue)")
                    print("  opened \(CaseCommand.time(item.openedAt)); acknowledge by \(CaseCommand.time(item.acknowledgeBy)); resolve by \(CaseCommand.time(item.resolveBy))")
                    if let owner = item.owner { print("  owner \(owner)" + (item.collaborators.map { ", helped by \($0.joined(separator: ", "))" } ?? "")) }
                    if let cause = item.rootCause { print("  root cause: \(cause.category): \(cause.description)") }
                    print("Checklist:")
                    for line in RecoveryCase.checklist(timeline, required: required) {
                        let mark = line.done ? "[x]" : "[ ]"
                        let done = line.done ? "  \(line.doneBy ?? "") \(line.doneAt.map(CaseCommand.time) ?? "")" + (line.note.map { ": \($0)" } ?? "") : ""
                        print("  \(mark) \(line.step.words)\(line.required ? " (required)" : "")\(done)")
                    }
                    print("Timeline:")
                    for event in timeline { print("  \(CaseCommand.time(event.at))  \(event.message)") }
                } catch {
                    await runtime.close()
                    throw error
                }
            }
        }
    }
}
