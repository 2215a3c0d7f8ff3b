import AmendsCore

/// The locations a caller may reach, and the things the store keeps read through them: the one place that decides
/// whether a staff member limited to some locations may see or change something.
///
/// Channel tokens reach every location: a channel's feedback names its location, and a channel is not a person.
struct Scope: Sendable {
    /// The locations the caller works; nil for every location.
    let locations: [String]?
    /// Who the caller is, for the messages of refusals.
    private let who: String
    private let store: any Store

    init(caller: Caller, store: any Store) {
        switch caller {
        case .channel(let key):
            locations = nil
            who = "channel '\(key)'"
        case .staff(let member):
            locations = member.locations
            who = member.name
        }
        self.store = store
    }

    /// Whether the caller reaches `location`.
    func allows(_ location: String) -> Bool {
        locations.map { $0.contains(location) } ?? true
    }

    /// The locations of `playbook` the caller works, in its order.
    func reachable(_ playbook: Playbook?) -> [Location] {
        (playbook?.locations ?? []).filter { allows($0.key) }
    }

    /// Refuses, with a 403 naming the caller's locations, what is at a location they do not work.
    func require(_ location: String, for what: @autoclosure () -> String) throws(AmendsError) {
        guard allows(location) else {
            throw AmendsError(
                .forbidden, code: "location_not_allowed",
                message: "\(what()) is at location '\(location)'; \(who) works \((locations ?? []).map { "'\($0)'" }.joined(separator: ", "))")
        }
    }

    /// Refuses a staff account that reaches beyond the caller's locations: a member of every location needs a caller of
    /// every location, a member of some locations a caller who works each of them.
    func require(staff locationsOfMember: [String]?, for what: @autoclosure () -> String) throws(AmendsError) {
        guard let mine = locations else { return }
        guard let theirs = locationsOfMember else {
            throw AmendsError(
                .forbidden, code: "location_not_allowed",
                message: "\(what()) works every location; \(who) works only \(mine.map { "'\($0)'" }.joined(separator: ", "))")
        }
        for location in theirs { try require(location, for: what()) }
    }

    /// A case the caller may reach, or 404 when there is none and 403 when it is elsewhere.
    func recoveryCase(_ id: String) async throws -> RecoveryCase {
        try located("case", id, try await store.recoveryCase(id: id), at: \.location)
    }

    /// A feedback item the caller may reach.
    func feedback(_ id: String) async throws -> Feedback {
        try located("feedback", id, try await store.feedback(id: id), at: \.location)
    }

    /// A message to or from a customer the caller may reach: one of a case at their locations.
    func message(_ id: String) async throws -> CustomerMessage {
        guard let message = try await store.message(id: id) else { throw AmendsError.notFound("message", id) }
        _ = try await recoveryCase(message.caseID)
        return message
    }

    /// A compensation grant the caller may reach.
    func grant(_ id: String) async throws -> CompensationGrant {
        try located("grant", id, try await store.compensation(id: id), at: \.location)
    }

    /// `item` when it exists (else 404) and stands at a location the caller works (else 403).
    private func located<Item>(_ kind: String, _ id: String, _ item: Item?, at location: (Item) -> String) throws(AmendsError) -> Item {
        guard let item else { throw AmendsError.notFound(kind, id) }
        try require(location(item), for: "\(kind) \(id)")
        return item
    }

    /// An alarm of a case the caller may reach.
    func alarm(_ id: String) async throws -> Alarm {
        guard let alarm = try await store.alarm(id: id) else { throw AmendsError.notFound("alarm", id) }
        _ = try await recoveryCase(alarm.caseID)
        return alarm
    }

    /// A staff member the caller may manage: one whose locations are all the caller's.
    func staffMember(_ id: String) async throws -> StaffMember {
        guard let member = try await store.staff(id: id) else { throw AmendsError.notFound("staff member", id) }
        try require(staff: member.locations, for: "staff member \(member.name)")
        return member
    }
}
