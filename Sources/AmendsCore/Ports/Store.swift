import AmendsText
import Foundation

/// Everything Amends keeps. One SQL implementation serves SQLite and PostgreSQL; tests run the same contract on both.
///
/// - Important: Every method that changes state does so in one transaction, together with its timeline events,
///   outbox alarms and timers, so a crash never leaves a case without its alarm or an alarm without its case.
public protocol Store: MessageStore, FollowUpStore, SLAStore, CampaignStore {
    // MARK: Playbook and access

    /// The newest imported playbook, if any.
    /// The newest trained text model, if any.
    func currentTextModel() async throws -> StoredTextModel?
    /// Keeps a person's label for a feedback item (the newest label of an item wins); on the item's case timeline too.
    func label(_ label: FeedbackLabel, eventID: String) async throws
    /// The texts people labeled, with their newest labels, for training.
    func labeledTexts() async throws -> [LabeledText]
    /// The version of the newest trained text model, without loading it.
    func textModelVersion() async throws -> Int?
    /// Keeps a newly trained text model as the next version.
    func saveTextModel(_ model: TextModel, at date: Date, by actor: String, rows: Int) async throws -> StoredTextModel
    func currentPlaybook() async throws -> StoredPlaybook?
    /// The newest playbook's version, without reading the playbook (nil before any import).
    func playbookVersion() async throws -> Int?
    /// Stores `playbook` as the next version.
    func savePlaybook(_ playbook: Playbook, at date: Date, by actor: String) async throws -> StoredPlaybook
    func addStaff(_ member: StaffMember) async throws
    func staff(id: String) async throws -> StaffMember?
    func allStaff() async throws -> [StaffMember]
    /// Changes a staff member's name, e-mail address, role or locations, audited with what was and what is; refuses an
    /// e-mail address another member has (409 `email_taken`). Returns the member as changed.
    func updateStaff(id: String, change: StaffChange, at date: Date) async throws -> StaffMember
    /// Disables a staff member's account (their tokens stop working); returns it, unchanged if already disabled.
    func disableStaff(id: String, at date: Date) async throws -> StaffMember
    func addToken(_ token: APIToken) async throws
    /// Stops a token working (a session ended); returns whether there was such a token still working.
    func revokeToken(id: String, at date: Date) async throws -> Bool
    /// Sets a staff member's password, as its bcrypt hash, and ends every session of theirs but `keeping` (the one a
    /// member changing their own password works in); returns how many sessions ended.
    @discardableResult
    func setPassword(staffID: String, hash: String, keepingSession keeping: String?, at date: Date) async throws -> Int
    /// Counts a sign-in attempt under each of `keys` (starting a key's count again when its window has passed) and
    /// returns the counts, in order, with this attempt included.
    func countSignIn(keys: [String], window: TimeInterval, at date: Date) async throws -> [SignInCount]
    /// Takes back a successful sign-in's attempt: the account's count ends, the address's goes down by one.
    func forgiveSignIn(accountKey: String, addressKey: String) async throws
    /// A staff member's password hash; nil when they have none (or there is no such member).
    func passwordHash(staffID: String) async throws -> String?
    /// The enabled or disabled staff member with this e-mail address (compared without case), and their password hash.
    func staffForLogin(email: String) async throws -> (member: StaffMember, passwordHash: String?)?
    /// The unrevoked token with this digest.
    func token(digest: String) async throws -> APIToken?
    /// A value kept for the installation, such as its webhook signing secret.
    func setting(_ name: String) async throws -> String?
    /// Stores `value` under `name` unless a value is already there; returns the value in force.
    func initializeSetting(_ name: String, to value: String) async throws -> String

    // MARK: Intake

    /// Stores accepted feedback with its cases, alarms and timers, keyed by idempotency key.
    ///
    /// Outcomes come back in the order of `records`. Concurrent callers are committed together.
    func record(_ records: [IntakeRecord]) async throws -> [IntakeOutcome]
    func feedback(id: String) async throws -> Feedback?
    /// The feedback items that joined a case, oldest first, at most `limit`.
    func feedback(caseID: String, limit: Int) async throws -> [Feedback]

    // MARK: Cases

    /// Opens a staff-logged case, or returns the open case it joins. Returns the case and whether it was opened now.
    func open(_ opening: CaseOpening, idempotencyKey: String?, fingerprint: String, actor: String) async throws -> (RecoveryCase, opened: Bool)
    func recoveryCase(id: String) async throws -> RecoveryCase?
    func cases(_ query: CaseQuery) async throws -> Page<RecoveryCase>
    /// The cases of a queue, nearest deadline first (then oldest first), at most `query.limit`.
    func queue(_ query: QueueQuery) async throws -> [RecoveryCase]
    /// How many of the queue's cases are open, unacknowledged, overdue and due within the hour (its `due` and status
    /// filters aside: the counts are of every open case it would show).
    func queueCounts(_ query: QueueQuery) async throws -> QueueCounts
    /// Merges the duplicate `caseID` into `survivorID` (see ``RecoveryCase/merging(into:by:at:eventIDs:)``): its feedback,
    /// timeline, messages, grants, alarms and collaborators move over, its timers stop, and it closes pointing there.
    func merge(caseID: String, into survivorID: String, by member: StaffMember, at date: Date) async throws -> RecoveryCase
    /// Gives a case to `assignee` on a lead's behalf (see ``RecoveryCase/assignment(to:by:at:eventID:)``).
    func assign(caseID: String, to assignee: StaffMember, by member: StaffMember, at date: Date) async throws -> RecoveryCase
    /// Links two cases as related (or unlinks them), both ways, with an event on each.
    func link(caseID: String, to otherID: String, adding: Bool, by member: StaffMember, at date: Date) async throws -> RecoveryCase
    /// The ids of cases whose short reference (the last eight characters of the id) is `reference`.
    func caseIDs(endingWith reference: String, limit: Int) async throws -> [String]
    /// The cases that changed after the timeline event `after` (all of them, from the oldest, when nil), at most
    /// `limit` changes, oldest first.
    func caseChanges(after: String?, limit: Int) async throws -> [CaseChange]
    /// The id of the newest timeline event, where a look for changes from now on starts.
    func lastCaseChange() async throws -> String?
    func timeline(caseID: String) async throws -> [TimelineEvent]
    /// Records `staffID` as the owner. Throws a conflict when someone else already acknowledged it.
    func acknowledge(caseID: String, staffID: String, staffName: String, at date: Date) async throws -> RecoveryCase
    /// Moves a case to another status on a staff member's behalf (see ``RecoveryCase/changing(to:by:at:note:rootCause:eventID:)``),
    /// with the event on its timeline, in one transaction.
    /// The playbook in force says which checklist steps the case's scenario requires before resolving, and how its SLA
    /// clock runs while the case waits on the customer.
    func changeStatus(
        caseID: String, to target: RecoveryCase.Status, by member: StaffMember, note: String?, rootCause: RootCause?, playbook: Playbook?,
        at date: Date
    ) async throws -> RecoveryCase
    /// Records a step of the recovery checklist as done by a staff member, on the case's timeline.
    func recordStep(caseID: String, step: RecoveryStep, by member: StaffMember, note: String, at date: Date) async throws -> TimelineEvent
    /// Adds `collaborator` to the case's helpers (or, with `adding` false, takes them off) on `member`'s behalf.
    func changeCollaborator(caseID: String, collaborator: StaffMember, adding: Bool, by member: StaffMember, at date: Date) async throws -> RecoveryCase
    /// Records on the case's timeline (and in the audit log) that `member` made a status link for the customer.
    func recordStatusLink(caseID: String, expiresAt: Date, by member: StaffMember, at date: Date) async throws
    /// Adds a staff member's internal note to a case's timeline.
    func addNote(caseID: String, text: String, by member: StaffMember, at date: Date) async throws -> TimelineEvent

    // MARK: Compensation

    /// Grants `value` of `remedy` on a case on `member`'s behalf when it is within their authority and the location's
    /// budget (see ``CompensationRules``); otherwise holds it for approval, routes it to those who may approve it and
    /// alarms them. One transaction, with its timeline events and audit entry.
    func grantCompensation(
        caseID: String, remedy: Remedy, value: Money, reason: String, by member: StaffMember, playbook: Playbook, at date: Date
    ) async throws -> CompensationGrant
    /// Approves (granting it) or denies a held grant on `member`'s behalf.
    func decideCompensation(grantID: String, approve: Bool, reason: String?, by member: StaffMember, playbook: Playbook, at date: Date) async throws
        -> CompensationGrant
    func compensation(id: String) async throws -> CompensationGrant?
    /// The ledger: grants, newest first.
    /// What each staff member granted or approved since `windows.day`, and what `location` granted since
    /// `windows.month`: what the authority limits and the budget are measured against.
    func compensationTotals(location: String, windows: (day: Date, month: Date)) async throws -> CompensationTotals
    func compensationLedger(_ query: CompensationQuery) async throws -> Page<CompensationGrant>
    /// Gives a staff member their own authority limit, or (nil) puts them back on their role's.
    func setAuthority(staffID: String, authority: AuthorityLimit?, at date: Date) async throws -> StaffMember

    // MARK: Escalation

    /// The earliest unfired timer's due time.
    func nextTimerDue() async throws -> Date?
    /// Unfired timers due at `now`, earliest first.
    func dueTimers(now: Date, limit: Int) async throws -> [EscalationTimer]
    /// Fires the timer exactly once: marks it fired and applies `decide`'s step, in one transaction.
    /// Returns false when it had already fired.
    func fire(_ timer: EscalationTimer, at now: Date, decide: @escaping @Sendable (RecoveryCase) -> EscalationStep) async throws -> Bool

    // MARK: Outbox

    /// Leases up to `limit` pending alarms due at `now` until `leaseUntil`, so no other worker sends them meanwhile.
    func claimAlarms(now: Date, leaseUntil: Date, limit: Int) async throws -> [Alarm]
    /// Records the outcomes of a round of tries, each with its timeline event, in one transaction.
    func complete(_ attempts: [DeliveryAttempt]) async throws
    /// The earliest time a pending alarm is due.
    func nextAlarmDue() async throws -> Date?
    func alarms(state: Alarm.State?, caseID: String?, locations: [String]?, limit: Int) async throws -> [Alarm]
    func alarm(id: String) async throws -> Alarm?
    /// The audit log, newest first. Every change a person makes through the store is written to it in the same
    /// transaction as the change.
    func auditLog(_ query: AuditQuery) async throws -> Page<AuditEntry>
    /// Puts a dead alarm back in the queue for another round of tries.
    func retry(alarmID: String, at date: Date) async throws -> Alarm
}

extension Store {
    /// Alarms at every location.
    public func alarms(state: Alarm.State?, caseID: String?, limit: Int) async throws -> [Alarm] {
        try await alarms(state: state, caseID: caseID, locations: nil, limit: limit)
    }
}

extension Store {
    /// Everything of the customer known by any of `keys` (see ``CustomerIdentity/keys``), at `locations` (nil: all).
    public func customerHistory(keys: [String], locations: [String]?) async throws -> CustomerHistory {
        try await customerHistory(keys: keys, locations: locations, rounds: 4)
    }
}
