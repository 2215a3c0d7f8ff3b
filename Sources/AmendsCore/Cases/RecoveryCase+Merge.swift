import AmendsJSON
import Foundation

/// A duplicate merged into the case that carries on: what is written, worked out before anything is.
public struct CaseMerge: Sendable, Equatable {
    /// The duplicate as it is after the merge: closed, pointing to the survivor.
    public var duplicate: RecoveryCase
    /// The event the survivor's timeline gets, and the one the duplicate keeps.
    public var survivorEvent: TimelineEvent
    public var duplicateEvent: TimelineEvent
}

extension RecoveryCase {
    /// Merges this case, a duplicate, into `survivor` on `member`'s behalf, or says why it may not.
    ///
    /// A lead or above merges any case they reach; otherwise only the duplicate's owner. Neither case may already be
    /// merged, and a case is not merged into itself. The duplicate closes, its root cause saying it was a duplicate.
    public func merging(into survivor: RecoveryCase, by member: StaffMember, at date: Date, eventIDs: (String, String)) throws(AmendsError) -> CaseMerge {
        guard survivor.id != id else { throw AmendsError.invalidField("into", "a case is not merged into itself") }
        guard member.role >= .lead || owner == member.id else {
            throw AmendsError(.forbidden, code: "not_owner", message: "only the owner of case \(id) or a lead merges it into another")
        }
        if let mergedInto { throw AmendsError(.conflict, code: "already_merged", message: "case \(id) was already merged into case \(mergedInto)") }
        if let elsewhere = survivor.mergedInto {
            throw AmendsError(.conflict, code: "already_merged", message: "case \(survivor.id) was merged into case \(elsewhere); merge into that one")
        }
        var duplicate = self
        duplicate.status = .closed
        duplicate.closedAt = date
        duplicate.mergedInto = survivor.id
        duplicate.rootCause = RootCause(category: "duplicate", description: "The same failure as case \(survivor.reference); merged into it.")
        let data: [String: JSONValue] = ["duplicate": .string(id), "survivor": .string(survivor.id)]
        return CaseMerge(
            duplicate: duplicate,
            survivorEvent: TimelineEvent(
                id: eventIDs.0, caseID: survivor.id, at: date, kind: .merged, actor: "staff:\(member.id)",
                message: "\(member.name) merged case \(reference) (\(summary)) into this one: its feedback, timeline, messages and grants are here now.",
                data: data),
            duplicateEvent: TimelineEvent(
                id: eventIDs.1, caseID: id, at: date, kind: .merged, actor: "staff:\(member.id)",
                message: "\(member.name) merged this case into case \(survivor.reference), which carries on.", data: data))
    }

    /// The event of `member`, a lead or above, giving the case to `assignee`, or why they may not. A case nobody owned
    /// yet is acknowledged by it (the checklist's first step is done); one owned changes hands.
    public func assignment(to assignee: StaffMember, by member: StaffMember, at date: Date, eventID: String) throws(AmendsError) -> TimelineEvent {
        guard member.role >= .lead else {
            throw AmendsError(.forbidden, code: "not_lead", message: "only a lead or above gives a case to someone else; take it yourself by acknowledging it")
        }
        guard status.isOpen else { throw AmendsError(.conflict, code: "case_not_open", message: "case \(id) is \(status.words); reopen it first") }
        guard assignee.disabledAt == nil else { throw AmendsError(.conflict, code: "staff_disabled", message: "\(assignee.name)'s account is disabled") }
        guard assignee.covers(location) else {
            throw AmendsError(.conflict, code: "location_not_allowed", message: "\(assignee.name) does not work location '\(location)', where case \(id) is")
        }
        guard owner != assignee.id else { throw AmendsError(.conflict, code: "already_owner", message: "\(assignee.name) owns case \(id) already") }
        let first = owner == nil
        return TimelineEvent(
            id: eventID, caseID: id, at: date, kind: first ? .acknowledged : .assigned, actor: "staff:\(member.id)",
            message: first ? "\(member.name) gave the case to \(assignee.name), who owns it now." : "\(member.name) gave the case to \(assignee.name).",
            data: ["owner": .string(assignee.id), "late": .bool(first && date > acknowledgeBy)])
    }

    /// Whether the case, open, may be given to `member` (the rules of ``assignment(to:by:at:eventID:)`` but who gives it):
    /// enabled, working its location, not its owner already.
    public func mayBeGiven(to member: StaffMember) -> Bool {
        status.isOpen && member.disabledAt == nil && member.covers(location) && owner != member.id
    }

    /// The events of `member` linking this case and `other` as related (or unlinking them), one on each.
    public func linking(_ other: RecoveryCase, adding: Bool, by member: StaffMember, at date: Date, eventIDs: (String, String)) throws(AmendsError)
        -> [TimelineEvent]
    {
        guard other.id != id else { throw AmendsError.invalidField("case_id", "a case is not related to itself") }
        let linked = (related ?? []).contains(other.id)
        if adding && linked { throw AmendsError(.conflict, code: "already_linked", message: "cases \(id) and \(other.id) are already linked") }
        if !adding && !linked { throw AmendsError(.notFound, code: "not_linked", message: "cases \(id) and \(other.id) are not linked") }
        let kind: TimelineEvent.Kind = adding ? .linked : .unlinked
        func event(_ id: String, on one: RecoveryCase, to another: RecoveryCase) -> TimelineEvent {
            TimelineEvent(
                id: id, caseID: one.id, at: date, kind: kind, actor: "staff:\(member.id)",
                message: adding
                    ? "\(member.name) linked case \(another.reference) (\(another.summary)) as related."
                    : "\(member.name) unlinked case \(another.reference).",
                data: ["case_id": .string(another.id)])
        }
        return [event(eventIDs.0, on: self, to: other), event(eventIDs.1, on: other, to: self)]
    }
}
