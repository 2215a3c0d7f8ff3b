import Foundation
import SQLKit

/// A named schema change. Migrations run in order, each once, recorded in `schema_migrations`.
struct Migration: Sendable {
    var name: String
    /// Statements with `{bigint}`, `{double}` and `{text}` standing for each dialect's types.
    var statements: [String]

    func sql(for dialect: Dialect) -> [String] {
        statements.map { statement in
            statement
                .replacingOccurrences(of: "{bigint}", with: "BIGINT")
                .replacingOccurrences(of: "{double}", with: dialect == .postgres ? "DOUBLE PRECISION" : "REAL")
        }
    }
}

/// Every migration of the schema, oldest first. Append; never edit one that has shipped.
let migrations: [Migration] = [
    Migration(
        name: "0001_foundation",
        statements: [
            """
            CREATE TABLE playbooks (
                version INTEGER PRIMARY KEY,
                document TEXT NOT NULL,
                imported_at {bigint} NOT NULL,
                imported_by TEXT NOT NULL
            )
            """,
            "CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """
            CREATE TABLE staff (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                email TEXT,
                role TEXT NOT NULL,
                created_at {bigint} NOT NULL,
                disabled_at {bigint}
            )
            """,
            """
            CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY,
                digest TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                owner TEXT NOT NULL,
                label TEXT NOT NULL,
                created_at {bigint} NOT NULL,
                revoked_at {bigint}
            )
            """,
            """
            CREATE TABLE feedback (
                id TEXT PRIMARY KEY,
                channel TEXT NOT NULL,
                location TEXT NOT NULL,
                customer_key TEXT,
                customer TEXT,
                score_value {double},
                score_scale TEXT,
                content TEXT,
                metadata TEXT NOT NULL,
                occurred_at {bigint} NOT NULL,
                received_at {bigint} NOT NULL,
                failure INTEGER NOT NULL,
                scenario TEXT,
                analysis TEXT NOT NULL,
                case_id TEXT,
                idempotency_key TEXT,
                fingerprint TEXT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX feedback_idempotency ON feedback (channel, idempotency_key)",
            "CREATE INDEX feedback_case ON feedback (case_id)",
            "CREATE INDEX feedback_received ON feedback (received_at)",
            """
            CREATE TABLE cases (
                id TEXT PRIMARY KEY,
                scenario TEXT NOT NULL,
                location TEXT NOT NULL,
                team TEXT NOT NULL,
                severity TEXT NOT NULL,
                status TEXT NOT NULL,
                origin TEXT NOT NULL,
                summary TEXT NOT NULL,
                customer TEXT,
                customer_key TEXT,
                opened_at {bigint} NOT NULL,
                acknowledge_by {bigint} NOT NULL,
                resolve_by {bigint} NOT NULL,
                acknowledged_at {bigint},
                owner TEXT,
                escalation_level INTEGER NOT NULL,
                feedback_count INTEGER NOT NULL,
                dedup_key TEXT UNIQUE,
                created_by TEXT NOT NULL,
                idempotency_key TEXT,
                fingerprint TEXT
            )
            """,
            "CREATE UNIQUE INDEX cases_idempotency ON cases (created_by, idempotency_key)",
            "CREATE INDEX cases_status ON cases (status, id)",
            "CREATE INDEX cases_location ON cases (location, id)",
            "CREATE INDEX cases_scenario ON cases (scenario, id)",
            """
            CREATE TABLE timeline (
                id TEXT PRIMARY KEY,
                case_id TEXT NOT NULL,
                at {bigint} NOT NULL,
                kind TEXT NOT NULL,
                actor TEXT NOT NULL,
                message TEXT NOT NULL,
                data TEXT NOT NULL
            )
            """,
            "CREATE INDEX timeline_case ON timeline (case_id, at, id)",
            """
            CREATE TABLE timers (
                id TEXT PRIMARY KEY,
                case_id TEXT NOT NULL,
                level INTEGER NOT NULL,
                due_at {bigint} NOT NULL,
                fired_at {bigint}
            )
            """,
            "CREATE INDEX timers_due ON timers (due_at) WHERE fired_at IS NULL",
            """
            CREATE TABLE alarms (
                id TEXT PRIMARY KEY,
                case_id TEXT NOT NULL,
                level INTEGER NOT NULL,
                recipient TEXT NOT NULL,
                endpoint TEXT NOT NULL,
                format TEXT NOT NULL,
                secret TEXT,
                body TEXT NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                next_attempt_at {bigint} NOT NULL,
                lease_until {bigint},
                last_error TEXT,
                created_at {bigint} NOT NULL,
                delivered_at {bigint}
            )
            """,
            "CREATE INDEX alarms_due ON alarms (next_attempt_at) WHERE state = 'pending'",
            "CREATE INDEX alarms_case ON alarms (case_id)",
            "CREATE INDEX alarms_state ON alarms (state, id)",
        ]
    ),
    Migration(
        name: "0002_text_models",
        statements: [
            """
            CREATE TABLE text_models (
                version INTEGER PRIMARY KEY,
                trained_at {bigint} NOT NULL,
                trained_by TEXT NOT NULL,
                row_count INTEGER NOT NULL,
                model TEXT NOT NULL
            )
            """
        ]
    ),
    Migration(
        name: "0003_feedback_labels",
        statements: [
            """
            CREATE TABLE feedback_labels (
                feedback_id TEXT PRIMARY KEY REFERENCES feedback (id),
                failure INTEGER NOT NULL,
                category TEXT,
                labeled_by TEXT NOT NULL,
                labeled_at {bigint} NOT NULL
            )
            """
        ]
    ),
    Migration(
        // Every index is written on every intake; these cover only the rows their lookups can find. Feedback is read
        // by id (time-ordered) and case, never by time of receipt.
        name: "0004_lean_intake_indexes",
        statements: [
            "DROP INDEX feedback_received",
            "DROP INDEX feedback_case",
            "CREATE INDEX feedback_case ON feedback (case_id) WHERE case_id IS NOT NULL",
            "DROP INDEX feedback_idempotency",
            "CREATE UNIQUE INDEX feedback_idempotency ON feedback (channel, idempotency_key) WHERE idempotency_key IS NOT NULL",
            "DROP INDEX cases_idempotency",
            "CREATE UNIQUE INDEX cases_idempotency ON cases (created_by, idempotency_key) WHERE idempotency_key IS NOT NULL",
        ]
    ),
    Migration(
        // A case's way through recovery: when it was resolved and closed, and why the failure happened.
        name: "0005_case_lifecycle",
        statements: [
            "ALTER TABLE cases ADD COLUMN resolved_at {bigint}",
            "ALTER TABLE cases ADD COLUMN closed_at {bigint}",
            "ALTER TABLE cases ADD COLUMN root_cause TEXT",
        ]
    ),
    Migration(
        // The locations a staff member works, as a JSON list; NULL for every location.
        name: "0006_staff_locations",
        statements: ["ALTER TABLE staff ADD COLUMN locations TEXT"]
    ),
    Migration(
        // Who changed what, when and from where; only ever appended to.
        name: "0007_audit_log",
        statements: [
            """
            CREATE TABLE audit_log (
                id TEXT PRIMARY KEY,
                at {bigint} NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                detail TEXT NOT NULL,
                source TEXT NOT NULL
            )
            """,
            "CREATE INDEX audit_actor ON audit_log (actor, id)",
            "CREATE INDEX audit_target ON audit_log (target, id)",
        ]
    ),
    Migration(
        // Password login: a bcrypt hash per staff member, and sessions as tokens that expire.
        name: "0008_passwords_and_sessions",
        statements: [
            "ALTER TABLE staff ADD COLUMN password_hash TEXT",
            "ALTER TABLE api_tokens ADD COLUMN expires_at {bigint}",
            "CREATE INDEX staff_email ON staff (LOWER(email))",
        ]
    ),
    Migration(
        // Staff from other teams who help with a case.
        name: "0009_case_collaborators",
        statements: [
            """
            CREATE TABLE case_collaborators (
                case_id TEXT NOT NULL,
                staff_id TEXT NOT NULL,
                added_at {bigint} NOT NULL,
                added_by TEXT NOT NULL,
                PRIMARY KEY (case_id, staff_id)
            )
            """,
            "CREATE INDEX case_collaborators_staff ON case_collaborators (staff_id, case_id)",
        ]
    ),
    Migration(
        // The resolution clock stops while a case waits on the customer.
        name: "0010_sla_pause",
        statements: ["ALTER TABLE cases ADD COLUMN sla_paused_at {bigint}"]
    ),
    Migration(
        // Compensation granted or asked for on cases: the ledger. Amounts in the currency's minor units, never floating point.
        name: "0011_compensation",
        statements: [
            """
            CREATE TABLE compensation (
                id TEXT PRIMARY KEY,
                case_id TEXT NOT NULL,
                location TEXT NOT NULL,
                customer_key TEXT,
                remedy TEXT NOT NULL,
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                amount_minor {bigint} NOT NULL,
                currency TEXT NOT NULL,
                reason TEXT NOT NULL,
                status TEXT NOT NULL,
                holds TEXT NOT NULL,
                approvers TEXT NOT NULL,
                guarantee INTEGER NOT NULL,
                requested_by TEXT NOT NULL,
                requested_at {bigint} NOT NULL,
                decided_by TEXT,
                decided_at {bigint},
                decision_reason TEXT
            )
            """,
            "CREATE INDEX compensation_case ON compensation (case_id, id)",
            "CREATE INDEX compensation_location ON compensation (location, status, decided_at)",
            "CREATE INDEX compensation_decider ON compensation (decided_by, decided_at)",
            "CREATE INDEX compensation_customer ON compensation (customer_key, id)",
            // A staff member's own authority limit, as JSON; NULL for their role's.
            "ALTER TABLE staff ADD COLUMN authority TEXT",
        ]
    ),
    Migration(
        // Messages to and from customers: the customer outbox, and replies received.
        name: "0012_customer_messages",
        statements: [
            """
            CREATE TABLE messages (
                id TEXT PRIMARY KEY,
                case_id TEXT NOT NULL,
                direction TEXT NOT NULL,
                kind TEXT,
                medium TEXT NOT NULL,
                language TEXT,
                address TEXT NOT NULL,
                subject TEXT,
                body TEXT NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                next_attempt_at {bigint},
                lease_until {bigint},
                last_error TEXT,
                created_at {bigint} NOT NULL,
                sent_at {bigint},
                created_by TEXT NOT NULL
            )
            """,
            "CREATE INDEX messages_case ON messages (case_id, id)",
            "CREATE INDEX messages_due ON messages (state, next_attempt_at)",
        ]
    ),
    Migration(
        // The follow-up survey of each resolved case: when it goes out, and the customer's answer.
        name: "0013_follow_ups",
        statements: [
            """
            CREATE TABLE follow_ups (
                case_id TEXT PRIMARY KEY,
                due_at {bigint} NOT NULL,
                sent_at {bigint},
                lease_until {bigint},
                answered_at {bigint},
                satisfaction INTEGER,
                recommend INTEGER,
                comment TEXT
            )
            """,
            "CREATE INDEX follow_ups_due ON follow_ups (sent_at, due_at)",
        ]
    ),
    Migration(
        // The first-response deadline, and which SLA warnings and breaches each case has had (each is given once).
        name: "0014_sla_watch",
        statements: [
            "ALTER TABLE cases ADD COLUMN respond_by {bigint}",
            "ALTER TABLE cases ADD COLUMN responded_at {bigint}",
            "ALTER TABLE cases ADD COLUMN respond_warned_at {bigint}",
            "ALTER TABLE cases ADD COLUMN respond_breached_at {bigint}",
            "ALTER TABLE cases ADD COLUMN resolve_warned_at {bigint}",
            "ALTER TABLE cases ADD COLUMN resolve_breached_at {bigint}",
            "CREATE INDEX cases_resolve_by ON cases (status, resolve_by)",
            "CREATE INDEX cases_respond_by ON cases (status, respond_by)",
        ]
    ),
    Migration(
        // Each of a customer's identities on its own, so feedback and cases that share any one of them make one
        // customer record.
        name: "0015_customer_keys",
        statements: [
            "ALTER TABLE feedback ADD COLUMN external_key TEXT",
            "ALTER TABLE feedback ADD COLUMN email_key TEXT",
            "ALTER TABLE feedback ADD COLUMN phone_key TEXT",
            "ALTER TABLE cases ADD COLUMN external_key TEXT",
            "ALTER TABLE cases ADD COLUMN email_key TEXT",
            "ALTER TABLE cases ADD COLUMN phone_key TEXT",
            "CREATE INDEX feedback_customer ON feedback (customer_key) WHERE customer_key IS NOT NULL",
            "CREATE INDEX feedback_external_key ON feedback (external_key) WHERE external_key IS NOT NULL",
            "CREATE INDEX feedback_email_key ON feedback (email_key) WHERE email_key IS NOT NULL",
            "CREATE INDEX feedback_phone_key ON feedback (phone_key) WHERE phone_key IS NOT NULL",
            "CREATE INDEX cases_customer ON cases (customer_key) WHERE customer_key IS NOT NULL",
            "CREATE INDEX cases_external_key ON cases (external_key) WHERE external_key IS NOT NULL",
            "CREATE INDEX cases_email_key ON cases (email_key) WHERE email_key IS NOT NULL",
            "CREATE INDEX cases_phone_key ON cases (phone_key) WHERE phone_key IS NOT NULL",
        ]
    ),
    // Failed sign-ins counted per account and per client address, kept so that a restart does not forgive them.
    Migration(
        name: "0016_sign_in_attempts",
        statements: [
            "CREATE TABLE sign_in_attempts (key TEXT PRIMARY KEY, attempts INTEGER NOT NULL, window_start {bigint} NOT NULL)"
        ]
    ),
    Migration(
        // A duplicate merged into the case that carries on points to it; related cases are linked both ways.
        name: "0017_merged_and_related_cases",
        statements: [
            "ALTER TABLE cases ADD COLUMN merged_into TEXT",
            """
            CREATE TABLE case_links (
                case_id TEXT NOT NULL,
                related_id TEXT NOT NULL,
                linked_at {bigint} NOT NULL,
                linked_by TEXT NOT NULL,
                PRIMARY KEY (case_id, related_id)
            )
            """,
        ]
    ),
    Migration(
        // The queue reads the nearest deadlines of each status from an index: new cases by when they must be
        // acknowledged (cases_resolve_by serves the others).
        name: "0018_queue_deadlines",
        statements: ["CREATE INDEX cases_acknowledge_by ON cases (status, acknowledge_by)"]
    ),
    // The two deadline indexes hold the id and every column the queue filters on, so a filtered queue and its
    // counters read the index alone and fetch only the rows they show.
    Migration(
        name: "0019_queue_filters",
        statements: [
            "DROP INDEX cases_acknowledge_by",
            "CREATE INDEX cases_acknowledge_by ON cases (status, acknowledge_by, id, location, team, scenario, severity, owner)",
            "DROP INDEX cases_resolve_by",
            "CREATE INDEX cases_resolve_by ON cases (status, resolve_by, id, location, team, scenario, severity, owner)",
        ]
    ),
    // Pending alarms in the order they are claimed, so a claim reads the next few and not every pending one.
    Migration(
        name: "0020_alarm_claims",
        statements: [
            "DROP INDEX alarms_due",
            "CREATE INDEX alarms_due ON alarms (next_attempt_at, id) WHERE state = 'pending'",
        ]
    ),
    // The cases someone owns, for "mine": few among many, most cases having no owner yet.
    Migration(
        name: "0021_case_owners",
        statements: ["CREATE INDEX cases_owner ON cases (owner) WHERE owner IS NOT NULL"]
    ),
    // Survey campaigns: the visits they ask about, each stored once per campaign and reference, with where the asking
    // stands; and what customers said about being contacted (their language, consent, and no more surveys).
    Migration(
        name: "0022_survey_campaigns",
        statements: [
            """
            CREATE TABLE visits (
                id TEXT PRIMARY KEY,
                campaign TEXT NOT NULL,
                location TEXT NOT NULL,
                customer TEXT NOT NULL,
                customer_key TEXT,
                language TEXT,
                external_id TEXT,
                visited_at {bigint} NOT NULL,
                state TEXT NOT NULL,
                next_at {bigint},
                invited_at {bigint},
                reminded_at {bigint},
                answered_at {bigint},
                feedback_id TEXT,
                medium TEXT,
                attempts INTEGER NOT NULL,
                last_error TEXT,
                lease_until {bigint},
                created_at {bigint} NOT NULL,
                created_by TEXT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX visits_reference ON visits (campaign, external_id) WHERE external_id IS NOT NULL",
            "CREATE INDEX visits_due ON visits (next_at, id) WHERE next_at IS NOT NULL",
            "CREATE INDEX visits_campaign ON visits (campaign, location, id)",
            """
            CREATE TABLE customer_preferences (
                customer_key TEXT PRIMARY KEY,
                language TEXT,
                contact_consent_at {bigint},
                unsubscribed_at {bigint},
                updated_at {bigint} NOT NULL
            )
            """,
        ]
    ),
]

/// Applies the migrations the database has not seen, each in its own transaction.
func migrate(_ backend: any SQLBackend, at now: Date) async throws -> [String] {
    try await backend.transaction { database in
        try await database.raw("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)").run()
    }
    var applied: [String] = []
    for migration in migrations {
        let ran = try await backend.transaction { database in
            if backend.dialect == .postgres {
                try await database.raw("LOCK TABLE schema_migrations IN EXCLUSIVE MODE").run()
            }
            let seen = try await database.raw("SELECT name FROM schema_migrations WHERE name = \(bind: migration.name)").first()
            guard seen == nil else { return false }
            for statement in migration.sql(for: backend.dialect) {
                try await database.raw(SQLQueryString(statement)).run()
            }
            try await database.raw("INSERT INTO schema_migrations (name, applied_at) VALUES (\(bind: migration.name), \(bind: now.millis))").run()
            return true
        }
        if ran { applied.append(migration.name) }
    }
    return applied
}
