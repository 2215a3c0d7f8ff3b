import AmendsCore
import AmendsJSON
import AmendsText
import Foundation
import Logging
import SQLKit

extension SQLStore {
    public func currentPlaybook() async throws -> StoredPlaybook? {
        try await backend.read { database in
            guard let row = try await database.raw("SELECT version, document, imported_at, imported_by FROM playbooks ORDER BY version DESC LIMIT 1").first()
            else {
                return nil
            }
            return StoredPlaybook(
                version: try row.decode(column: "version", as: Int.self),
                playbook: try Coding.decode(Playbook.self, try row.decode(column: "document", as: String.self)),
                importedAt: Date(millis: try row.decode(column: "imported_at", as: Int64.self)),
                importedBy: try row.decode(column: "imported_by", as: String.self)
            )
        }
    }

    public func savePlaybook(_ playbook: Playbook, at date: Date, by actor: String) async throws -> StoredPlaybook {
        let document = try Coding.encode(playbook)
        let ids = self.ids
        return try await backend.transaction { database in
            let latest = try await database.raw("SELECT MAX(version) AS version FROM playbooks").first()
            let version = (try latest?.decode(column: "version", as: Int?.self) ?? 0) + 1
            try await database.raw(
                "INSERT INTO playbooks (version, document, imported_at, imported_by) VALUES (\(bind: version), \(bind: document), \(bind: date.millis), \(bind: actor))"
            ).run()
            try await Self.audit(
                "playbook.imported", target: "playbook:\(version)", detail: ["name": .string(playbook.name)], actor: actor, at: date, ids: ids, in: database)
            return StoredPlaybook(version: version, playbook: playbook, importedAt: date, importedBy: actor)
        }
    }

    public func addStaff(_ member: StaffMember) async throws {
        let locations = try member.locations.map { try Coding.encode($0) }
        let authority = try member.authority.map { try Coding.encode($0) }
        let ids = self.ids
        try await backend.transaction { database in
            if let email = member.email { try await Self.requireFreeEmail(email, except: nil, in: database) }
            try await database.raw(
                """
                INSERT INTO staff (id, name, email, role, locations, authority, created_at, disabled_at)
                VALUES (\(bind: member.id), \(bind: member.name), \(bind: member.email), \(bind: member.role.rawValue), \(bind: locations),
                \(bind: authority), \(bind: member.createdAt.millis), \(bind: member.disabledAt?.millis))
                """
            ).run()
            var detail: [String: JSONValue] = ["name": .string(member.name), "role": .string(member.role.rawValue)]
            if let locations = member.locations { detail["locations"] = .array(locations.map(JSONValue.string)) }
            if let authority = member.authority { detail["authority"] = authority.json }
            try await Self.audit("staff.added", target: member.id, detail: detail, actor: nil, at: member.createdAt, ids: ids, in: database)
        }
    }

    public func staff(id: String) async throws -> StaffMember? {
        try await backend.read { database in
            try await database.raw("SELECT * FROM staff WHERE id = \(bind: id)").first().map(Rows.staff)
        }
    }

    public func allStaff() async throws -> [StaffMember] {
        try await backend.read { database in
            try await database.raw("SELECT * FROM staff ORDER BY id").all().map(Rows.staff)
        }
    }

    public func updateStaff(id: String, change: StaffChange, at date: Date) async throws -> StaffMember {
        let ids = self.ids
        return try await backend.transaction { database in
            guard let row = try await database.raw("SELECT * FROM staff WHERE id = \(bind: id)").first() else {
                throw AmendsError.notFound("staff member", id)
            }
            let before = try Rows.staff(row)
            let after = change.applied(to: before)
            if let email = after.email, email.lowercased() != before.email?.lowercased() {
                try await Self.requireFreeEmail(email, except: id, in: database)
            }
            let locations = try after.locations.map { try Coding.encode($0) }
            try await database.raw(
                """
                UPDATE staff SET name = \(bind: after.name), email = \(bind: after.email), role = \(bind: after.role.rawValue),
                locations = \(bind: locations) WHERE id = \(bind: id)
                """
            ).run()
            var detail: [String: JSONValue] = [:]
            func note(_ field: String, _ old: JSONValue, _ new: JSONValue) {
                if old != new { detail[field] = .object(["from": old, "to": new]) }
            }
            note("name", .string(before.name), .string(after.name))
            note("email", before.email.map(JSONValue.string) ?? .null, after.email.map(JSONValue.string) ?? .null)
            note("role", .string(before.role.rawValue), .string(after.role.rawValue))
            note(
                "locations", before.locations.map { .array($0.map(JSONValue.string)) } ?? .null,
                after.locations.map { .array($0.map(JSONValue.string)) } ?? .null)
            if !detail.isEmpty { try await Self.audit("staff.updated", target: id, detail: detail, actor: nil, at: date, ids: ids, in: database) }
            return after
        }
    }

    /// Refuses `email` when another member (not `except`) has it: sign-in finds a member by it.
    static func requireFreeEmail(_ email: String, except id: String?, in database: any SQLDatabase) async throws {
        let taken = try await database.raw("SELECT id FROM staff WHERE LOWER(email) = \(bind: email.lowercased())").all().map {
            try $0.decode(column: "id", as: String.self)
        }
        if taken.contains(where: { $0 != id }) {
            throw AmendsError(.conflict, code: "email_taken", message: "email: another staff member has '\(email)'", field: "email")
        }
    }

    public func disableStaff(id: String, at date: Date) async throws -> StaffMember {
        let ids = self.ids
        return try await backend.transaction { database in
            guard let row = try await database.raw("SELECT * FROM staff WHERE id = \(bind: id)").first() else {
                throw AmendsError.notFound("staff member", id)
            }
            var member = try Rows.staff(row)
            guard member.disabledAt == nil else { return member }
            try await database.raw("UPDATE staff SET disabled_at = \(bind: date.millis) WHERE id = \(bind: id)").run()
            try await Self.audit("staff.disabled", target: id, detail: ["name": .string(member.name)], actor: nil, at: date, ids: ids, in: database)
            member.disabledAt = Date(millis: date.millis)
            return member
        }
    }

    public func addToken(_ token: APIToken) async throws {
        let (kind, owner): (String, String) =
            switch token.owner {
            case .channel(let key): ("channel", key)
            case .staff(let id): ("staff", id)
            }
        let ids = self.ids
        try await backend.transaction { database in
            try await database.raw(
                """
                INSERT INTO api_tokens (id, digest, kind, owner, label, created_at, revoked_at, expires_at)
                VALUES (\(bind: token.id), \(bind: token.digest), \(bind: kind), \(bind: owner), \(bind: token.label), \(bind: token.createdAt.millis),
                \(bind: token.revokedAt?.millis), \(bind: token.expiresAt?.millis))
                """
            ).run()
            // Never the secret or its digest: what the token is for, and whose it is.
            try await Self.audit(
                "token.issued", target: token.id, detail: ["kind": .string(kind), "owner": .string(owner), "label": .string(token.label)], actor: nil,
                at: token.createdAt, ids: ids, in: database)
        }
    }

    public func revokeToken(id: String, at date: Date) async throws -> Bool {
        let ids = self.ids
        return try await backend.transaction { database in
            let revoked = try await database.raw(
                "UPDATE api_tokens SET revoked_at = \(bind: date.millis) WHERE id = \(bind: id) AND revoked_at IS NULL RETURNING id"
            ).all()
            guard !revoked.isEmpty else { return false }
            try await Self.audit("token.revoked", target: id, actor: nil, at: date, ids: ids, in: database)
            return true
        }
    }

    @discardableResult
    public func setPassword(staffID: String, hash: String, keepingSession keeping: String?, at date: Date) async throws -> Int {
        let ids = self.ids
        return try await backend.transaction { database in
            let updated = try await database.raw("UPDATE staff SET password_hash = \(bind: hash) WHERE id = \(bind: staffID) RETURNING id").all()
            guard !updated.isEmpty else { throw AmendsError.notFound("staff member", staffID) }
            let ended = try await database.raw(
                """
                UPDATE api_tokens SET revoked_at = \(bind: date.millis)
                WHERE kind = 'staff' AND owner = \(bind: staffID) AND label = 'session' AND revoked_at IS NULL AND id <> \(bind: keeping ?? "")
                RETURNING id
                """
            ).all().count
            // The hash stays out of the log: that a password was set, and by whom, is what matters.
            try await Self.audit("staff.password_set", target: staffID, detail: ["sessions_ended": .number(Double(ended))], actor: nil, at: date, ids: ids, in: database)
            return ended
        }
    }

    public func countSignIn(keys: [String], window: TimeInterval, at date: Date) async throws -> [SignInCount] {
        let now = date.millis
        let cutoff = date.addingTimeInterval(-window).millis
        return try await backend.transaction { database in
            var counts: [SignInCount] = []
            for key in keys {
                let row = try await database.raw(
                    """
                    INSERT INTO sign_in_attempts (key, attempts, window_start) VALUES (\(bind: key), 1, \(bind: now))
                    ON CONFLICT (key) DO UPDATE SET
                        attempts = CASE WHEN sign_in_attempts.window_start <= \(bind: cutoff) THEN 1 ELSE sign_in_attempts.attempts + 1 END,
                        window_start = CASE WHEN sign_in_attempts.window_start <= \(bind: cutoff) THEN \(bind: now) ELSE sign_in_attempts.window_start END
                    RETURNING attempts, window_start
                    """
                ).first()
                guard let row else { throw AmendsError(.conflict, code: "sign_in_race", message: "the sign-in could not be counted; try again") }
                counts.append(
                    SignInCount(
                        attempts: try row.decode(column: "attempts", as: Int.self),
                        windowStart: Date(millis: try row.decode(column: "window_start", as: Int64.self))))
            }
            // Counts whose window has passed say nothing any more.
            try await database.raw("DELETE FROM sign_in_attempts WHERE window_start <= \(bind: cutoff)").run()
            return counts
        }
    }

    public func forgiveSignIn(accountKey: String, addressKey: String) async throws {
        try await backend.transaction { database in
            try await database.raw("DELETE FROM sign_in_attempts WHERE key = \(bind: accountKey)").run()
            try await database.raw("UPDATE sign_in_attempts SET attempts = attempts - 1 WHERE key = \(bind: addressKey) AND attempts > 0").run()
        }
    }

    public func passwordHash(staffID: String) async throws -> String? {
        try await backend.read { database in
            try await database.raw("SELECT password_hash FROM staff WHERE id = \(bind: staffID)").first()?.decode(column: "password_hash", as: String?.self)
        }
    }

    public func staffForLogin(email: String) async throws -> (member: StaffMember, passwordHash: String?)? {
        try await backend.read { database in
            let rows = try await database.raw("SELECT * FROM staff WHERE LOWER(email) = \(bind: email.lowercased()) ORDER BY id").all()
            // Two accounts may share an address; the enabled one with a password is the one that logs in.
            let candidates = try rows.map { (member: try Rows.staff($0), passwordHash: try $0.decode(column: "password_hash", as: String?.self)) }
            return candidates.first { $0.member.disabledAt == nil && $0.passwordHash != nil } ?? candidates.first
        }
    }

    public func token(digest: String) async throws -> APIToken? {
        try await backend.read { database in
            guard let row = try await database.raw("SELECT * FROM api_tokens WHERE digest = \(bind: digest) AND revoked_at IS NULL").first() else {
                return nil
            }
            let owner = try row.decode(column: "owner", as: String.self)
            return APIToken(
                id: try row.decode(column: "id", as: String.self),
                digest: digest,
                owner: try row.decode(column: "kind", as: String.self) == "channel" ? .channel(owner) : .staff(owner),
                label: try row.decode(column: "label", as: String.self),
                createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)),
                expiresAt: try row.decode(column: "expires_at", as: Int64?.self).map(Date.init(millis:))
            )
        }
    }

    public func setting(_ name: String) async throws -> String? {
        try await backend.read { database in
            try await database.raw("SELECT value FROM settings WHERE name = \(bind: name)").first()?.decode(column: "value", as: String.self)
        }
    }

    public func initializeSetting(_ name: String, to value: String) async throws -> String {
        try await backend.transaction { database in
            try await database.raw("INSERT INTO settings (name, value) VALUES (\(bind: name), \(bind: value)) ON CONFLICT (name) DO NOTHING").run()
            return try await database.raw("SELECT value FROM settings WHERE name = \(bind: name)").first()!.decode(column: "value", as: String.self)
        }
    }
}
