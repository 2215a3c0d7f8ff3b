import AmendsApp
import AmendsCore
import ArgumentParser
import Foundation

struct CaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "Look at and work recovery cases: list, show, acknowledge, move, note, step.",
        discussion: """
            The commands that change a case act on behalf of a staff member (--as STAFF_ID), with their role and locations, \
            and are written to the audit log as done from the command line.
            """,
        subcommands: [ListCases.self, ShowCase.self, AcknowledgeCase.self, MoveCase.self, NoteCase.self, StepCase.self])

    /// The staff member a command acts for: enabled, and working the case's location.
    static func actor(_ id: String, for caseID: String, in runtime: Runtime) async throws -> StaffMember {
        guard let member = try await runtime.store.staff(id: id) else { throw AmendsError.notFound("staff member", id) }
        guard member.disabledAt == nil else {
            throw AmendsError(.forbidden, code: "staff_disabled", message: "\(member.name)'s account is disabled")
        }
        guard let recoveryCase = try await runtime.store.recoveryCase(id: caseID) else { throw AmendsError.notFound("case", caseID) }
        try member.requireLocation(recoveryCase.location, for: "case \(caseID)")
        return member
    }

    /// Runs `body` with a runtime and the acting staff member, closing the runtime whatever happens.
    static func acting(_ options: DatabaseOptions, as id: String, on caseID: String, _ body: (Runtime, StaffMember) async throws -> Void) async {
        await reporting {
            let runtime = try await options.runtime()
            do {
                try await body(runtime, try await actor(id, for: caseID, in: runtime))
                await runtime.close()
            } catch {
                await runtime.close()
                throw error
            }
        }
    }

    struct AcknowledgeCase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "acknowledge", abstract: "Take ownership of a case: its escalation stops.")
        @Argument(help: "The case's id.") var id: String
        @Option(name: .customLong("as"), help: "The staff member taking ownership (see 'amends staff list').") var staff: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            await CaseCommand.acting(database, as: staff, on: id) { runtime, member in
                let recoveryCase = try await runtime.store.acknowledge(caseID: id, staffID: member.id, staffName: member.name, at: runtime.clock.now())
                print("\(member.name) owns case \(recoveryCase.id) (\(recoveryCase.status.rawValue)).")
            }
        }
    }

    struct MoveCase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "move", abstract: "Move a case to another status: in_progress, waiting_on_customer, resolved, followed_up, closed, reopened.")
        @Argument(help: "The case's id.") var id: String
        @Argument(help: "The new status.") var status: String
        @Option(name: .customLong("as"), help: "The staff member moving it: its owner, or a lead or above.") var staff: String
        @Option(help: "Why, for the timeline.") var note: String?
        @Option(name: .customLong("root-cause-category"), help: "The root cause's category (to resolve or close).") var category: String?
        @Option(name: .customLong("root-cause"), help: "The root cause in words (to resolve or close).") var cause: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard let target = RecoveryCase.Status(rawValue: status) else {
                fail("amends: status must be one of \(RecoveryCase.Status.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard (category == nil) == (cause == nil) else { fail("amends: give --root-cause-category and --root-cause together") }
            let rootCause = category.map { RootCause(category: $0, description: cause ?? "") }
            await CaseCommand.acting(database, as: staff, on: id) { runtime, member in
                let moved = try await runtime.store.changeStatus(
                    caseID: id, to: target, by: member, note: note, rootCause: rootCause, playbook: runtime.playbook.stored?.playbook, at: runtime.clock.now())
                print("Case \(moved.id) is \(moved.status.rawValue) now.")
            }
        }
    }

    struct NoteCase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "note", abstract: "Add an internal note to a case's timeline.")
        @Argument(help: "The case's id.") var id: String
        @Argument(help: "The note.") var text: String
        @Option(name: .customLong("as"), help: "The staff member writing it.") var staff: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            await CaseCommand.acting(database, as: staff, on: id) { runtime, member in
                _ = try await runtime.store.addNote(caseID: id, text: text, by: member, at: runtime.clock.now())
                print("Noted on case \(id).")
            }
        }
    }

    struct StepCase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "step", abstract: "Record a step of the recovery checklist as done: apologize, fix, above_and_beyond, follow_up.")
        @Argument(help: "The case's id.") var id: String
        @Argument(help: "The step.") var step: String
        @Option(help: "What was done.") var note: String
        @Option(name: .customLong("as"), help: "The staff member who did it.") var staff: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard let step = RecoveryStep(rawValue: step), step != .takeOwnership else {
                fail("amends: step must be apologize, fix, above_and_beyond or follow_up (take ownership by 'amends case acknowledge')")
            }
            await CaseCommand.acting(database, as: staff, on: id) { runtime, member in
                _ = try await runtime.store.recordStep(caseID: id, step: step, by: member, note: note, at: runtime.clock.now())
                print("Recorded '\(step.words)' on case \(id).")
            }
        }
    }

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
