import AmendsCore
import Crypto
import Foundation
import Synchronization

/// Tokens: how they are made, stored (as digests) and checked, with a short cache of channel tokens for the intake hot
/// path.
public final class Tokens: Sendable {
    let store: any Store
    let clock: any WallClock
    let ids: any IdentifierSource
    /// Channels by their tokens as presented, each trusted until its date.
    private let cache = Mutex<[String: (Credential, Date)]>([:])
    /// How long a checked channel token is trusted without asking the database again.
    let cacheSeconds: Double = 30
    /// bcrypt, off the concurrency pool.
    public let passwords: PasswordHasher
    let sessionLifetime: TimeInterval
    /// How many sign-ins may be tried per account and per address.
    let signInLimits: SignInLimits
    /// Checked against when no account matches a login, so a wrong address takes as long as a wrong password;
    /// made on the first such login.
    private let decoy = Mutex<String?>(nil)
    /// Sign-in keys (account or address) this server has seen paused, until when. An attempt under one is refused from
    /// here, without counting it again: a flood past the limit then costs the database nothing, so intake and
    /// everything else that writes keep their share of it. The count in the database is still what every server
    /// and a restart go by; this only spares asking it again.
    private let paused = Mutex<[String: Date]>([:])
    /// Paused keys remembered at the most; past it, the ones whose pause has ended are dropped first.
    let maxPausedKeys = 10_000

    public init(
        store: any Store, clock: any WallClock, ids: any IdentifierSource, passwords: PasswordHasher = PasswordHasher(),
        sessionLifetime: TimeInterval = 12 * 3600, signInLimits: SignInLimits = SignInLimits()
    ) {
        self.signInLimits = signInLimits
        self.store = store
        self.clock = clock
        self.ids = ids
        self.passwords = passwords
        self.sessionLifetime = sessionLifetime
    }

    /// A session after a password login: the member, the token (shown only now) and when it expires.
    public struct Session: Sendable {
        public var member: StaffMember
        public var token: String
        public var expiresAt: Date
    }

    /// Signs a staff member in by e-mail address and password, from the client `address`. Every refusal for a wrong
    /// address, password or disabled account says the same, so it tells nothing of which accounts exist; past the
    /// ``SignInLimits`` an attempt is refused (429) before its password is checked.
    public func login(email: String, password: String, address: String) async throws -> Session {
        let accountKey = SignInLimits.accountKey(email)
        let addressKey = SignInLimits.addressKey(address)
        let attemptedAt = clock.now()
        if let until = pausedUntil([accountKey, addressKey], at: attemptedAt) { throw SignInLimits.refusal(until: until, at: attemptedAt) }
        // An attempt that would find no thread to check it is refused before it is counted: it checks no password.
        if passwords.isBusy { throw PasswordHasher.busy }
        let counts = try await store.countSignIn(keys: [accountKey, addressKey], window: signInLimits.window, at: attemptedAt)
        remember([
            (accountKey, signInLimits.pausedUntil(counts[0], limit: signInLimits.perAccount)),
            (addressKey, signInLimits.pausedUntil(counts[1], limit: signInLimits.perAddress)),
        ])
        if let refusal = signInLimits.refusal(account: counts[0], address: counts[1], at: attemptedAt) { throw refusal }
        let found = try await store.staffForLogin(email: email.trimmingCharacters(in: .whitespaces))
        let hash: String
        if let stored = found?.passwordHash {
            hash = stored
        } else {
            hash = try await decoyHash()
        }
        let matches = try await passwords.verify(password, hash: hash)
        guard let found, found.passwordHash != nil, matches, found.member.disabledAt == nil else {
            throw AmendsError(.unauthenticated, code: "invalid_credentials", message: "the e-mail address or the password is wrong, or the account is disabled")
        }
        try await store.forgiveSignIn(accountKey: accountKey, addressKey: addressKey)
        return try await startSession(for: found.member)
    }

    /// A new session for `member`: the token, shown only now, lasting ``sessionLifetime``.
    private func startSession(for member: StaffMember) async throws -> Session {
        let now = clock.now()
        let secret = Secret.make(prefix: "ams_")
        let expiresAt = now.addingTimeInterval(sessionLifetime)
        let token = APIToken(
            id: ids.makeID(at: now), digest: Self.digest(secret), owner: .staff(member.id), label: "session", createdAt: now, expiresAt: expiresAt)
        // The session is the member's own doing, from wherever the request came.
        let context = AuditContext(actor: "staff:\(member.id)", source: AuditContext.current?.source ?? "internal")
        try await AuditContext.$current.withValue(context) { try await store.addToken(token) }
        return Session(member: member, token: secret, expiresAt: expiresAt)
    }

    /// The label of a one-time sign-in link's token.
    static let signInLinkLabel = "sign-in link"

    /// A link's token that signs `member` in to the console once, within `lifetime`; the secret is shown only now.
    /// It is no API token: presented as one, it is refused.
    public func makeSignInLink(for member: StaffMember, lifetime: TimeInterval = 3600) async throws -> (token: String, expiresAt: Date) {
        guard member.disabledAt == nil else {
            throw AmendsError(.conflict, code: "staff_disabled", message: "\(member.name) is disabled; enable the account before making a sign-in link")
        }
        let now = clock.now()
        let secret = Secret.make(prefix: "aml_")
        let expiresAt = now.addingTimeInterval(lifetime)
        try await store.addToken(
            APIToken(
                id: ids.makeID(at: now), digest: Self.digest(secret), owner: .staff(member.id), label: Self.signInLinkLabel, createdAt: now,
                expiresAt: expiresAt))
        return (secret, expiresAt)
    }

    /// The member a sign-in link is for, without using it up; nil when it is unknown, used, expired or the account is
    /// disabled.
    public func signInLinkMember(presented: String) async throws -> StaffMember? {
        guard presented.hasPrefix("aml_"), let token = try await store.token(digest: Self.digest(presented)), token.label == Self.signInLinkLabel,
            (token.expiresAt ?? .distantPast) > clock.now(), case .staff(let id) = token.owner, let member = try await store.staff(id: id),
            member.disabledAt == nil
        else { return nil }
        return member
    }

    /// Uses up a sign-in link and starts a session for its member; a link works once.
    public func useSignInLink(presented: String) async throws -> Session {
        let refusal = AmendsError(.unauthenticated, code: "invalid_link", message: "this sign-in link is unknown, used or expired; sign in with your password")
        guard let member = try await signInLinkMember(presented: presented), let token = try await store.token(digest: Self.digest(presented)) else {
            throw refusal
        }
        // Of two uses at once, only the one that revokes it signs in.
        guard try await store.revokeToken(id: token.id, at: clock.now()) else { throw refusal }
        return try await startSession(for: member)
    }

    /// The latest time any of `keys` is known to be paused until, if that is still to come.
    private func pausedUntil(_ keys: [String], at now: Date) -> Date? {
        paused.withLock { paused in keys.compactMap { paused[$0] }.filter { $0 > now }.max() }
    }

    /// Remembers the keys found paused (those with a date).
    private func remember(_ found: [(key: String, until: Date?)]) {
        let now = clock.now()
        paused.withLock { paused in
            for case (let key, let until?) in found { paused[key] = until }
            guard paused.count > maxPausedKeys else { return }
            paused = paused.filter { $0.value > now }
            // Still too many live pauses (a flood from many addresses): forget the ones ending soonest; the database
            // refuses them again on their next attempt.
            if paused.count > maxPausedKeys {
                paused = Dictionary(uniqueKeysWithValues: paused.sorted { $0.value > $1.value }.prefix(maxPausedKeys).map { ($0.key, $0.value) })
            }
        }
    }

    /// The hash a sign-in for an address nobody has is checked against, made on the first such sign-in.
    private func decoyHash() async throws -> String {
        if let made = decoy.withLock({ $0 }) { return made }
        let made = try await passwords.hash(Secret.make(prefix: "decoy_"))
        return decoy.withLock { decoy in
            if decoy == nil { decoy = made }
            return decoy!
        }
    }

    /// Checks and sets a staff member's password, ending every session of theirs but `keeping`.
    public func setPassword(_ password: String, for staffID: String, keepingSession keeping: String? = nil) async throws {
        try Self.check(newPassword: password)
        let hash = try await passwords.hash(password)
        try await store.setPassword(staffID: staffID, hash: hash, keepingSession: keeping, at: clock.now())
    }

    /// Changes a member's own password: only with the current one (none is asked when they have none yet), and their
    /// other sessions end, so whoever else was signed in as them is signed out.
    public func changeOwnPassword(current: String?, new password: String, member: StaffMember, keepingSession keeping: String) async throws {
        try Self.check(newPassword: password)
        if let stored = try await store.passwordHash(staffID: member.id) {
            guard let current else { throw AmendsError.missingField("current_password") }
            guard try await passwords.verify(current, hash: stored) else {
                throw AmendsError(
                    .forbidden, code: "wrong_password", message: "current_password: is not the password of \(member.name)", field: "current_password")
            }
        }
        try await setPassword(password, for: member.id, keepingSession: keeping)
    }

    static func check(newPassword password: String) throws(AmendsError) {
        guard password.count >= 10 else { throw AmendsError.invalidField("password", "must be at least 10 characters") }
        guard password.utf8.count <= 72 else { throw AmendsError.invalidField("password", "must be at most 72 bytes (bcrypt reads no further)") }
    }

    /// Ends the session (or revokes the token) `presented` is.
    public func endSession(presented: String) async throws {
        let credential = try await check(presented: presented)
        _ = try await store.revokeToken(id: credential.tokenID, at: clock.now())
        cache.withLock { _ = $0.removeValue(forKey: presented) }
    }

    /// The SHA-256 digest under which a token is stored.
    public static func digest(_ secret: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: Array(secret.utf8)) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Makes a token for a channel; returns the secret, which is shown only now.
    public func issueChannelToken(channel: String, label: String) async throws -> String {
        let secret = Secret.make(prefix: "amc_")
        let now = clock.now()
        try await store.addToken(APIToken(id: ids.makeID(at: now), digest: Self.digest(secret), owner: .channel(channel), label: label, createdAt: now))
        return secret
    }

    /// Adds a staff member with a personal token; returns the member and the secret, shown only now.
    public func addStaff(
        name: String, email: String?, role: StaffMember.Role, locations: [String]? = nil, authority: AuthorityLimit? = nil
    ) async throws -> (StaffMember, String) {
        let now = clock.now()
        let member = StaffMember(id: ids.makeID(at: now), name: name, email: email, role: role, locations: locations, authority: authority, createdAt: now)
        try await store.addStaff(member)
        let secret = Secret.make(prefix: "ams_")
        try await store.addToken(
            APIToken(id: ids.makeID(at: now), digest: Self.digest(secret), owner: .staff(member.id), label: "personal token of \(name)", createdAt: now))
        return (member, secret)
    }

    /// Who a presented token belongs to, and which stored token it is.
    public struct Credential: Sendable, Equatable {
        public var caller: Caller
        /// The stored token's id (not its secret).
        public var tokenID: String
    }

    /// The caller behind a token as presented.
    public func caller(presented: String) async throws -> Caller {
        try await check(presented: presented).caller
    }

    /// Checks a token as presented.
    ///
    /// Channel tokens, which every feedback item carries, are trusted for ``cacheSeconds`` without asking the database
    /// again. A staff member's token is read from the database on every request, so a disabled account or an ended
    /// session stops working at once on every server sharing the database.
    public func check(presented: String) async throws -> Credential {
        // The cache is keyed by the token as sent, so a known token costs no digest; the database only ever sees digests.
        let now = clock.now()
        if let (credential, until) = cache.withLock({ $0[presented] }), until > now { return credential }
        let digest = Self.digest(presented)
        guard let token = try await store.token(digest: digest) else {
            throw AmendsError(.unauthenticated, code: "invalid_token", message: "the token is not recognised")
        }
        if let expiresAt = token.expiresAt, expiresAt <= now {
            throw AmendsError(.unauthenticated, code: "session_expired", message: "the session has expired; log in again")
        }
        if token.label == Self.signInLinkLabel {
            throw AmendsError(.unauthenticated, code: "invalid_token", message: "a sign-in link is opened in a browser, once; it is not a token")
        }
        switch token.owner {
        case .channel(let key):
            let credential = Credential(caller: .channel(key), tokenID: token.id)
            cache.withLock { entries in
                if entries.count > 10_000 { entries.removeAll() }
                entries[presented] = (credential, now.addingTimeInterval(cacheSeconds))
            }
            return credential
        case .staff(let id):
            guard let member = try await store.staff(id: id), member.disabledAt == nil else {
                throw AmendsError(.unauthenticated, code: "invalid_token", message: "the token's staff account is disabled")
            }
            return Credential(caller: .staff(member), tokenID: token.id)
        }
    }
}
