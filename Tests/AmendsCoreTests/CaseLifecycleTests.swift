import Foundation
import Testing

@testable import AmendsCore

@Suite("Case lifecycle")
struct CaseLifecycleTests {
    let owner = StaffMember(id: "s1", name: "Marta", email: nil, role: .frontline, createdAt: Date(timeIntervalSince1970: 0))
    let colleague = StaffMember(id: "s2", name: "Rui", email: nil, role: .frontline, createdAt: Date(timeIntervalSince1970: 0))
    let lead = StaffMember(id: "s3", name: "Lia", email: nil, role: .lead, createdAt: Date(timeIntervalSince1970: 0))
    let cause = RootCause(category: "process", description: "Released before the check")

    func recoveryCase(_ status: RecoveryCase.Status, owner: String? = "s1", rootCause: RootCause? = nil) -> RecoveryCase {
        let opened = Date(timeIntervalSince1970: 1_000)
        return RecoveryCase(
            id: "c1", scenario: "unclean-room", location: "lisbon", team: "housekeeping", severity: .high, status: status, origin: .feedback,
            summary: "dirty", customer: nil, openedAt: opened, acknowledgeBy: opened, resolveBy: opened, acknowledgedAt: owner == nil ? nil : opened,
            owner: owner, rootCause: rootCause)
    }

    func code(_ body: () throws(AmendsError) -> StatusChange) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            return error.code
        }
    }

    @Test func everyStatusMovesOnlyWhereItsNextAllows() {
        let at = Date(timeIntervalSince1970: 2_000)
        for from in RecoveryCase.Status.allCases where from != .new {
            for to in RecoveryCase.Status.allCases where to != from && to != .new && to != .acknowledged {
                let result = code { () throws(AmendsError) in
                    try recoveryCase(from, rootCause: cause).changing(to: to, by: owner, at: at, note: nil, rootCause: nil, eventID: "e")
                }
                #expect((result == nil) == from.next.contains(to), "\(from) → \(to): \(result ?? "moved")")
                if result != nil { #expect(result == "illegal_transition") }
            }
        }
    }

    @Test func everyOpenStatusCanReachClosedAndEveryEndCanReopen() {
        for start in RecoveryCase.Status.allCases where start != .new {
            var seen: Set<RecoveryCase.Status> = [start]
            var frontier = [start]
            while let status = frontier.popLast() {
                for next in status.next where seen.insert(next).inserted { frontier.append(next) }
            }
            #expect(seen.contains(.closed), "\(start)")
            #expect(seen.contains(.reopened), "\(start)")
        }
        #expect(RecoveryCase.Status.closed.next == [.reopened])
        #expect(RecoveryCase.Status.new.next.isEmpty)
    }

    @Test func whoMayMoveACaseAndWhatItNeeds() throws {
        let at = Date(timeIntervalSince1970: 2_000)
        #expect(
            code { () throws(AmendsError) in try recoveryCase(.new, owner: nil).changing(to: .inProgress, by: lead, at: at, note: nil, rootCause: nil, eventID: "e") }
                == "not_acknowledged")
        #expect(
            code { () throws(AmendsError) in try recoveryCase(.acknowledged).changing(to: .inProgress, by: colleague, at: at, note: nil, rootCause: nil, eventID: "e") }
                == "not_owner")
        #expect(code { () throws(AmendsError) in try recoveryCase(.acknowledged).changing(to: .inProgress, by: lead, at: at, note: nil, rootCause: nil, eventID: "e") } == nil)
        #expect(
            code { () throws(AmendsError) in try recoveryCase(.resolved).changing(to: .closed, by: owner, at: at, note: nil, rootCause: nil, eventID: "e") }
                == "root_cause_required")
        #expect(
            code { () throws(AmendsError) in try recoveryCase(.inProgress).changing(to: .waitingOnCustomer, by: owner, at: at, note: nil, rootCause: cause, eventID: "e") }
                == "invalid_field")
        #expect(
            code { () throws(AmendsError) in
                try recoveryCase(.inProgress).changing(to: .resolved, by: owner, at: at, note: String(repeating: "n", count: 4001), rootCause: nil, eventID: "e")
            } == "invalid_field")

        let closed = try recoveryCase(.resolved).changing(to: .closed, by: owner, at: at, note: " fixed ", rootCause: cause, eventID: "e")
        #expect(closed.recoveryCase.status == .closed && closed.recoveryCase.closedAt == at && closed.recoveryCase.rootCause == cause)
        #expect(closed.event.kind == .statusChanged && closed.event.actor == "staff:s1")
        #expect(closed.event.message == "Marta moved the case from resolved to closed; root cause: process: fixed.")
        #expect(closed.event.data["from"] == .string("resolved") && closed.event.data["note"] == .string("fixed"))

        let reopened = try closed.recoveryCase.changing(to: .reopened, by: owner, at: at, note: nil, rootCause: nil, eventID: "e2")
        #expect(reopened.recoveryCase.closedAt == nil && reopened.recoveryCase.resolvedAt == nil && reopened.recoveryCase.rootCause == cause)
        #expect(reopened.event.data["note"] == nil)
    }
}
