import AmendsApp
import AmendsCore
import AmendsHTTP
import AmendsStorage
import AmendsTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The `amends` executable, run as a user would.
@Suite("Command line")
struct CommandLineTests {
    /// The `amends` the tests were built with: `swift test` builds the executable into the folder the test bundle is in,
    /// with the same configuration and scratch path, so this is the current one. When it is missing, the tests fail
    /// saying so; they never skip.
    static let binary: String = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first { $0.hasSuffix(".xctest") } ?? Bundle.main.bundlePath)
        var folder = bundle.deletingLastPathComponent()
        // The test bundle may be a folder of its own (Darwin) or a single file (Linux).
        if folder.lastPathComponent == "Contents" || folder.pathExtension == "xctest" { folder = folder.deletingLastPathComponent() }
        return folder.appendingPathComponent("amends").path
    }()

    /// Fails the test with what to do when the executable is missing.
    func requireBinary(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.binary),
            "the amends executable is not at \(Self.binary), beside the tests; 'swift build' builds it", sourceLocation: sourceLocation)
    }

    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    func amends(_ arguments: String...) async throws -> Run {
        try await amends(arguments, input: nil)
    }

    /// Runs the executable to its end on a thread of its own: waiting for it must not hold a thread of the pool.
    func amends(_ arguments: [String], input: String?, environment: [String: String] = [:]) async throws -> Run {
        try requireBinary()
        return try await offThePool { try Self.run(arguments, input: input, environment: environment) }
    }

    static func run(_ arguments: [String], input: String?, environment extra: [String: String] = [:]) throws -> Run {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "AMENDS_DATABASE")
        environment.merge(extra) { _, new in new }
        // A command that reads nothing may have ended already: a closed pipe is no failure of the test.
        let run = try ChildProcess.run(executable: Self.binary, arguments: arguments, environment: environment, input: Array((input ?? "").utf8))
        return Run(status: run.status, output: String(decoding: run.output, as: UTF8.self), errors: String(decoding: run.errors, as: UTF8.self))
    }

    func temporary(_ name: String, _ text: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("amends-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A fresh database as `--database` takes it: an SQLite file, or a schema of its own on the PostgreSQL server.
    func database() -> String {
        TestDatabase.fresh().argument
    }

    @Test
    func playbookCheckNamesFileLineAndField() async throws {
        let path = try temporary("bad.yaml", "name: Bad\nlocations: []\nteams: []\nchannels: []\nscenarios:\n  - key: x\n")
        let run = try await amends("playbook", "check", path)
        #expect(run.status != 0)
        #expect(run.errors.contains("\(path):6: scenarios[0].name: is required"))
        let good = try await amends("playbook", "check", repositoryRoot.appendingPathComponent("examples/playbooks/restaurant.yaml").path)
        #expect(good.status == 0)
        #expect(good.output.contains("valid"))
    }

    /// A limit given to `serve` must be a whole number above zero, from its option or its environment variable alike.
    @Test
    func serveRefusesLimitsThatAreNotPositiveNumbers() async throws {
        let zero = try await amends(["serve", "--max-text-length", "0", "--database", database()], input: nil)
        #expect(zero.status != 0)
        #expect(zero.errors.contains("--max-text-length must be a whole number above zero"))
        let words = try await amends(["serve", "--database", database()], input: nil, environment: ["AMENDS_SIGN_IN_ATTEMPTS_PER_ACCOUNT": "many"])
        #expect(words.status != 0)
        #expect(words.errors.contains("AMENDS_SIGN_IN_ATTEMPTS_PER_ACCOUNT must be a whole number above zero, not 'many'"))
        let negative = try await amends(["serve", "--database", database()], input: nil, environment: ["AMENDS_ALARM_MAX_ATTEMPTS": "-3"])
        #expect(negative.status != 0)
        #expect(negative.errors.contains("AMENDS_ALARM_MAX_ATTEMPTS must be a whole number above zero, not '-3'"))
    }

    /// The README's import, as written: the airline playbook, then the example survey export, whose scores take the
    /// survey channel's NPS scale without `--scale`; every row is refused when the channel has no scale.
    @Test
    func theReadmesImportTakesTheChannelsScale() async throws {
        let db = database()
        let playbook = repositoryRoot.appendingPathComponent("examples/playbooks/airline.yaml").path
        let csv = repositoryRoot.appendingPathComponent("examples/feedback/post-flight-survey.csv").path
        #expect(try await amends("playbook", "import", playbook, "--database", db).status == 0)
        let imported = try await amends("import", csv, "--channel", "post-flight-survey", "--database", db)
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(imported.output.contains("5 rows"))
        #expect(imported.output.contains("5 accepted"))
        #expect(imported.output.contains("3 cases opened"))
        let unscaled = try await amends("import", csv, "--channel", "mobile-app", "--database", db)
        #expect(unscaled.status == 2)
        #expect(unscaled.output.contains("\(csv):2: scale: is required with a score"))
    }

    @Test
    func visitsAreImportedOnceWithBadLinesNamedAndTheCampaignsShown() async throws {
        let (db, location) = try await hotelDatabase()
        let csv = try temporary(
            "stays.csv",
            """
            location,visited_at,email,name,external_id,language
            \(location),2026-11-20T10:00:00Z,ana@example.com,Ana,BK-1,pt
            \(location),yesterday,rui@example.com,Rui,BK-2,
            nowhere,2026-11-20T10:00:00Z,eva@example.com,Eva,BK-3,

            """)
        let imported = try await amends("visits", "import", csv, "--campaign", "post-stay-survey", "--database", db)
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(imported.output.contains("1 visit added, 0 already known, 2 refused"))
        #expect(imported.errors.contains("line 3: visited_at: 'yesterday' is not an ISO 8601 time"))
        #expect(imported.errors.contains("line 4: location: 'nowhere' is not a location in the playbook"))
        let again = try await amends("visits", "import", csv, "--campaign", "post-stay-survey", "--database", db)
        #expect(again.output.contains("0 visits added, 1 already known, 2 refused"))
        let none = try await amends("visits", "import", csv, "--database", db)
        #expect(none.status == 1 && none.errors.contains("there is no campaign column; add one or pass --campaign"), "\(none.errors)")
        let format = try await amends("visits", "import", csv, "--format", "xml", "--database", db)
        #expect(format.status == 1 && format.errors.contains("amends: --format must be csv or jsonl, not 'xml'"))
        let shown = try await amends("visits", "campaigns", "--database", db)
        #expect(shown.status == 0 && shown.output.contains("post-stay-survey (Post-stay NPS survey): 1 visits, 0 invited"))
        #expect(shown.output.contains("response rate none sent yet"))
    }

    /// A new database with the hotel playbook in force, and the playbook's first location.
    func hotelDatabase() async throws -> (database: String, location: String) {
        let db = database()
        let playbook = repositoryRoot.appendingPathComponent("examples/playbooks/hotel.yaml").path
        let imported = try await amends("playbook", "import", playbook, "--database", db)
        #expect(imported.status == 0, "\(imported.errors)")
        let location = try #require(try PlaybookFile.parse(String(contentsOfFile: playbook, encoding: .utf8), file: playbook).locations.first?.key)
        return (db, location)
    }

    /// The id `amends staff add` printed.
    static func staffID(_ output: String) throws -> String {
        try #require(output.split(separator: " ").first { $0.hasSuffix(",") && $0.count > 30 }.map { String($0.dropLast()) })
    }

    /// A command line that cannot be read fails as every other failure does: `amends: …` and exit code 1, then how the
    /// command is used; help is not a failure.
    @Test
    func usageErrorsSpeakAsEveryOtherFailure() async throws {
        let missing = try await amends("staff", "add", "--database", database())
        #expect(missing.status == 1)
        #expect(missing.errors.hasPrefix("amends: missing expected argument '--name <name>'"))
        #expect(missing.errors.contains("Usage: amends staff add"))
        let unknown = try await amends("nonsense")
        #expect(unknown.status == 1 && unknown.errors.hasPrefix("amends: unexpected argument 'nonsense'"))
        let help = try await amends("--help")
        #expect(help.status == 0 && help.output.contains("takes --database <path-or-url>") && help.errors.isEmpty)
    }

    /// `amends staff edit` gives a member added without an address one (so a password can be used), changes only what
    /// it names, and refuses what `PATCH /v1/staff/{id}` refuses.
    @Test
    func staffAreEditedFromTheCommandLine() async throws {
        let (db, location) = try await hotelDatabase()
        let id = try Self.staffID(try await amends("staff", "add", "--name", "Inês", "--database", db).output)
        let edited = try await amends("staff", "edit", id, "--email", "ines@example.com", "--role", "lead", "--location", location, "--database", db)
        #expect(edited.status == 0, "\(edited.errors)")
        #expect(edited.output.contains("Changed Inês (lead), id \(id), working \(location), e-mail ines@example.com."))
        let list = try await amends("staff", "list", "--database", db)
        #expect(list.output.contains("lead") && list.output.contains("[\(location)]"))
        let audit = try await amends("audit", "--target", id, "--action", "staff.updated", "--database", db)
        #expect(audit.output.contains("staff.updated") && audit.output.contains("from command line"))

        // Every change from the command line names the same actor: cli: and the system user.
        let actors = Set(
            try await amends("audit", "--database", db).output.split(separator: "\n").compactMap { line in
                line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.map(String.init)
            })
        #expect(actors.count == 1 && actors.first?.hasPrefix("cli:") == true, "\(actors)")

        let nothing = try await amends("staff", "edit", id, "--database", db)
        #expect(nothing.status == 1 && nothing.errors.contains("name a change"))
        let both = try await amends("staff", "edit", id, "--email", "a@b.c", "--no-email", "--database", db)
        #expect(both.status == 1 && both.errors.contains("not both"))
        let unknown = try await amends("staff", "edit", id, "--location", "atlantis", "--database", db)
        #expect(unknown.status == 1 && unknown.errors.contains("'atlantis' is not a location of the playbook"))
        let nobody = try await amends("staff", "edit", "nobody", "--name", "X", "--database", db)
        #expect(nobody.status == 1 && nobody.errors.contains("staff member 'nobody' does not exist"))
        _ = try await amends("staff", "add", "--name", "Rui", "--email", "rui@example.com", "--database", db)
        let taken = try await amends("staff", "edit", id, "--email", "rui@example.com", "--database", db)
        #expect(taken.status == 1 && taken.errors.contains("another staff member has 'rui@example.com'"))
        // Adding one with a taken address fails the same way (and closes what it opened: no crash on the way out).
        let twice = try await amends("staff", "add", "--name", "Rui Two", "--email", "rui@example.com", "--database", db)
        #expect(twice.status == 1 && twice.errors == "amends: email: another staff member has 'rui@example.com'\n", "\(twice.errors)")
    }

    @Test
    func importStrictWritesNothingWhenARowIsBad() async throws {
        let db = database()
        let playbook = repositoryRoot.appendingPathComponent("examples/playbooks/hotel.yaml").path
        let imported = try await amends("playbook", "import", playbook, "--database", db)
        #expect(imported.status == 0, "\(imported.errors)")
        let channel = try #require(try PlaybookFile.parse(String(contentsOfFile: playbook, encoding: .utf8), file: playbook).channels.first?.key)
        let location = try #require(try PlaybookFile.parse(String(contentsOfFile: playbook, encoding: .utf8), file: playbook).locations.first?.key)
        let csv = try temporary("guests.csv", "location,text\n\(location),The room was dirty\n\(location),Lovely\nnowhere,dirty\n")
        let strict = try await amends("import", csv, "--channel", channel, "--strict", "--database", db)
        #expect(strict.status != 0)
        #expect(strict.errors.contains("\(csv):4: location: 'nowhere' is not a location in the playbook"))
        #expect(strict.errors.contains("nothing was imported"))
        let lenient = try await amends("import", csv, "--channel", channel, "--database", db)
        #expect(lenient.status == 0)
        #expect(lenient.output.contains("3 rows"))
        #expect(lenient.output.contains("2 accepted"))
        #expect(lenient.output.contains("1 rejected"))
        #expect(lenient.output.contains("1 cases opened"))
        let missing = try await amends("import", "/nonexistent.csv", "--database", db)
        #expect(missing.status == 1)
        #expect(missing.status != 0)
        #expect(missing.errors.contains("cannot read /nonexistent.csv"))
    }

    @Test
    func staffAreAddedWithTheirLocationsAndDisabled() async throws {
        let (db, location) = try await hotelDatabase()
        let added = try await amends("staff", "add", "--name", "Inês", "--role", "lead", "--location", location, "--database", db)
        #expect(added.status == 0, "\(added.errors)")
        #expect(added.output.contains("working \(location)"))
        let id = try Self.staffID(added.output)
        let unknown = try await amends("staff", "add", "--name", "X", "--location", "atlantis", "--database", db)
        #expect(unknown.status != 0)
        #expect(unknown.errors.contains("'atlantis' is not a location of the playbook"))
        #expect(try await amends("staff", "disable", id, "--database", db).output.contains("Disabled Inês"))
        let list = try await amends("staff", "list", "--database", db)
        #expect(list.output.contains("Inês  [\(location)]  (disabled)"))
        let missing = try await amends("staff", "disable", "nobody", "--database", db)
        #expect(missing.status != 0)
        #expect(missing.errors.contains("staff member 'nobody' does not exist"))
        let password = try await amends(["staff", "password", id, "--database", db], input: "harbour-lights-42\n")
        #expect(password.status == 0, "\(password.errors)")
        #expect(password.output.contains("Password set for Inês; give them an e-mail address to log in with it: amends staff edit \(id) --email ADDRESS"))
        let short = try await amends(["staff", "password", id, "--database", db], input: "short\n")
        #expect(short.status != 0)
        #expect(short.errors.contains("password: must be at least 10 characters"))
        #expect(try await amends(["staff", "password", id, "--database", db], input: "").errors.contains("no password on standard input"))
        let audit = try await amends("audit", "--target", id, "--database", db)
        #expect(audit.status == 0, "\(audit.errors)")
        let lines = audit.output.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first?.contains("staff.password_set  \(id)  from command line") == true)
        #expect(lines[1].contains("staff.disabled  \(id)  from command line"))
        #expect(lines.allSatisfy { $0.contains("  cli:") })
        #expect(try await amends("audit", "--limit", "0", "--database", db).status != 0)
    }

    @Test
    func aCaseIsWorkedFromTheCommandLine() async throws {
        let db = database()
        let playbook = repositoryRoot.appendingPathComponent("examples/playbooks/hotel.yaml").path
        #expect(try await amends("playbook", "import", playbook, "--database", db).status == 0)
        let parsed = try PlaybookFile.parse(String(contentsOfFile: playbook, encoding: .utf8), file: playbook)
        let channel = try #require(parsed.channels.first?.key)
        let location = try #require(parsed.locations.first?.key)
        let elsewhere = try #require(parsed.locations.last?.key)
        let csv = try temporary("guests.csv", "location,text,email\n\(location),The room was dirty,ana@example.com\n")
        #expect(try await amends("import", csv, "--channel", channel, "--database", db).status == 0)
        let caseID = try #require(try await amends("case", "list", "--database", db).output.split(separator: " ").first.map(String.init))
        let marta = try Self.staffID(try await amends("staff", "add", "--name", "Marta", "--database", db).output)
        let far = try Self.staffID(try await amends("staff", "add", "--name", "Rui", "--location", elsewhere, "--database", db).output)

        let elsewhereAck = try await amends("case", "acknowledge", caseID, "--as", far, "--database", db)
        #expect(elsewhereAck.status != 0 && elsewhereAck.errors.contains("Rui works '\(elsewhere)'"))
        #expect(try await amends("case", "acknowledge", caseID, "--as", "nobody", "--database", db).errors.contains("staff member 'nobody' does not exist"))
        #expect(try await amends("case", "acknowledge", caseID, "--as", marta, "--database", db).output.contains("Marta owns case \(caseID)"))
        #expect(try await amends("case", "step", caseID, "apologize", "--note", "At the desk", "--as", marta, "--database", db).status == 0)
        #expect(try await amends("case", "step", caseID, "fix", "--note", "Deep-cleaned", "--as", marta, "--database", db).status == 0)
        #expect(try await amends("case", "step", caseID, "dance", "--note", "x", "--as", marta, "--database", db).status != 0)
        #expect(try await amends("case", "note", caseID, "Prefers a high floor", "--as", marta, "--database", db).status == 0)
        let early = try await amends("case", "move", caseID, "closed", "--as", marta, "--database", db)
        #expect(early.status != 0 && early.errors.contains("cannot go from"))
        let resolved = try await amends(
            "case", "move", caseID, "resolved", "--as", marta, "--root-cause-category", "process", "--root-cause", "Released too early", "--database", db)
        #expect(resolved.status == 0, "\(resolved.errors)")
        #expect(resolved.output.contains("is resolved now"))
        let shown = try await amends("case", "show", caseID, "--database", db).output
        #expect(shown.contains("[x] apologize (required)") && shown.contains("Prefers a high floor"))
        #expect(try await amends("audit", "--target", caseID, "--database", db).output.contains("case.status_changed  \(caseID)  from command line"))
    }

    @Test
    func authorityIsSetPerPersonAndTheLedgerIsListed() async throws {
        let db = database()
        let playbook = repositoryRoot.appendingPathComponent("examples/playbooks/hotel.yaml").path
        #expect(try await amends("playbook", "import", playbook, "--database", db).status == 0)
        let added = try await amends("staff", "add", "--name", "Rita", "--database", db)
        let id = try #require(added.output.split(separator: " ").first { $0.hasSuffix(",") && $0.count > 30 }.map { String($0.dropLast()) })
        let set = try await amends("staff", "authority", id, "--per-grant", "120.00 EUR", "--per-day", "300 EUR", "--database", db)
        #expect(set.status == 0, "\(set.errors)")
        #expect(set.output.contains("Rita may now grant up to 120.00 EUR per grant and 300.00 EUR per day."))
        #expect(try await amends("staff", "authority", id, "--per-grant", "500 EUR", "--per-day", "300 EUR", "--database", db).errors.contains("is more than per_day"))
        #expect(try await amends("staff", "authority", id, "--per-grant", "12,50 EUR", "--per-day", "300 EUR", "--database", db).errors.contains("is not an amount"))
        #expect(try await amends("staff", "authority", id, "--per-grant", "5 EUR", "--database", db).status != 0)
        #expect(try await amends("staff", "authority", id, "--role-default", "--database", db).output.contains("Rita is back on the frontline role's authority."))
        #expect(try await amends("audit", "--action", "staff.authority_set", "--database", db).output.split(separator: "\n").count == 2)
        #expect(try await amends("compensation", "ledger", "--database", db).output == "No grants match.\n")
        #expect(try await amends("compensation", "ledger", "--csv", "--database", db).output.hasPrefix("id,requested_at,status,amount,currency,"))
        #expect(try await amends("compensation", "ledger", "--month", "2026-13", "--database", db).errors.contains("is not a month"))
    }

    @Test
    func casesAreListedAndShownWithTheirChecklist() async throws {
        let db = database()
        let playbook = repositoryRoot.appendingPathComponent("examples/playbooks/hotel.yaml").path
        #expect(try await amends("playbook", "import", playbook, "--database", db).status == 0)
        let channel = try #require(try PlaybookFile.parse(String(contentsOfFile: playbook, encoding: .utf8), file: playbook).channels.first?.key)
        let location = try #require(try PlaybookFile.parse(String(contentsOfFile: playbook, encoding: .utf8), file: playbook).locations.first?.key)
        let csv = try temporary("guests.csv", "location,text,email\n\(location),The room was dirty,ana@example.com\n")
        #expect(try await amends("import", csv, "--channel", channel, "--database", db).status == 0)
        let list = try await amends("case", "list", "--database", db)
        #expect(list.status == 0)
        let id = try #require(list.output.split(separator: " ").first.map(String.init))
        #expect(list.output.contains("  new  high  unclean-room  \(location)"))
        #expect(try await amends("case", "list", "--status", "closed", "--database", db).output.contains("No cases match yet."))
        #expect(try await amends("case", "list", "--status", "shut", "--database", db).errors.contains("--status must be one of"))
        let shown = try await amends("case", "show", id, "--database", db)
        #expect(shown.status == 0)
        #expect(shown.output.contains("Checklist:\n  [ ] take ownership (required)\n  [ ] apologize (required)\n  [ ] fix (required)"))
        #expect(shown.output.contains("Opened from feedback as 'Room not clean'"))
        #expect(try await amends("case", "show", "nothing", "--database", db).errors.contains("case 'nothing' does not exist"))
    }

    @Test
    func badDatabaseURLIsAClearError() async throws {
        let run = try await amends("migrate", "--database", "postgres://nobody@127.0.0.1:1/none")
        #expect(run.status != 0)
        #expect(run.errors.hasPrefix("amends: cannot connect to postgres://nobody@127.0.0.1:1/none"))
    }

    @Test
    func analyzeShowsTheVerdictAndWhy() async throws {
        let run = try await amends("analyze", "The room was not clean and the towels were dirty")
        #expect(run.status == 0)
        #expect(run.output.hasPrefix("FAILURE"))
        #expect(run.output.contains("'clean' is negated by 'not'"))
        let praise = try await amends("analyze", "Lovely stay, thank you!")
        #expect(praise.output.hasPrefix("no failure"))
    }

    @Test
    func evaluateTrainsOnTrainRowsAndReportsOnTestRows() async throws {
        var lines = ["id,text,failure,category,split"]
        let complaints = [
            ("the room was dirty", "cleaning"), ("dirty towels and dust", "cleaning"), ("the floor was filthy", "cleaning"),
            ("loud music all night", "noise"), ("too noisy to sleep", "noise"), ("noise from the bar", "noise"),
        ]
        let praise = ["lovely stay", "friendly staff, thank you", "great breakfast", "quiet and clean room", "perfect location"]
        var id = 0
        for round in 0..<8 {
            let split = round < 6 ? "train" : "test"
            for (text, category) in complaints {
                id += 1
                lines.append("\(id),\"\(text)\",1,\(category),\(split)")
            }
            for text in praise {
                id += 1
                lines.append("\(id),\"\(text)\",0,,\(split)")
            }
        }
        let path = try temporary("labeled.csv", lines.joined(separator: "\n") + "\n")
        let run = try await amends("evaluate", "--data", path, "--json")
        #expect(run.status == 0, "\(run.errors)")
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        for key in ["accuracy", "precision", "recall", "f1", "mcc", "category_macro_f1", "category_accuracy", "texts_per_second", "train_seconds"] {
            #expect(object?[key] != nil, "missing \(key)")
        }
        #expect(object?["accuracy"] as? Double == 1)
        #expect(object?["category_accuracy"] as? Double == 1)
        #expect(object?["rows"] as? Double == 22)

        let text = try await amends("evaluate", "--data", path, "--zero-shot")
        #expect(text.status == 0)
        #expect(text.output.contains("failure, 22 rows: accuracy"))

        let bad = try temporary("bad.csv", "text,failure\nfine,maybe\n")
        let refused = try await amends("evaluate", "--data", bad, "--zero-shot")
        #expect(refused.status != 0)
        #expect(refused.errors.contains("bad.csv:2: failure is 'maybe'"))
        let onlyTest = try temporary("test-only.csv", "text,failure,split\nthe room was dirty,1,test\n")
        #expect(try await amends("evaluate", "--data", onlyTest).errors.contains("no train rows"))
        #expect(try await amends("evaluate", "--data", onlyTest, "--zero-shot").status == 0)

        // Trained into a database, the model is in force for analyze and for evaluating a file without a split.
        let database = database()
        let trained = try await amends("train", "--data", path, "--database", database)
        #expect(trained.status == 0, "\(trained.errors)")
        #expect(trained.output.contains("text model version 1: learned from 66 rows"))
        #expect(trained.output.contains("categories: cleaning, noise"))
        let analysed = try await amends("analyze", "the floor was filthy", "--database", database)
        #expect(analysed.output.contains("category cleaning"))
        #expect(analysed.output.contains("text model version 1"))
        let builtIn = try await amends("analyze", "the floor was filthy", "--database", database, "--zero-shot")
        #expect(!builtIn.output.contains("text model version"))
        let plain = try temporary("plain.csv", "text,failure,category\nthe room was dirty,1,cleaning\nlovely stay,0,\n")
        let measured = try await amends("evaluate", "--data", plain, "--database", database, "--json")
        #expect(measured.status == 0, "\(measured.errors)")
        #expect(measured.output.contains("\"category_accuracy\":1"))
        #expect(try await amends("train", "--data", bad, "--database", database).status != 0)
        let nothing = try await amends("train", "--database", self.database())
        #expect(nothing.status != 0)
        #expect(nothing.errors.contains("no staff corrections are stored yet"))
    }

    /// A free port on loopback, for a server started by a test.
    static func freePort() throws -> Int {
        let (port, held) = try refusingPort()
        close(held)
        return port
    }

    /// A loopback port held bound but not listening, so a connection to it is refused and no other test can take it
    /// meanwhile (a port found free and let go can be a test server's a moment later). Close the socket when done.
    static func refusingPort() throws -> (port: Int, socket: Int32) {
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(holder, $0, length) == 0 && getsockname(holder, $0, &length) == 0 }
        }
        if !bound { close(holder) }
        try #require(bound, "no free port on loopback")
        return (Int(UInt16(bigEndian: address.sin_port)), holder)
    }

    /// `amends serve` as a newcomer starts it, with what it printed once it listens.
    final class Server: @unchecked Sendable {
        let process: ChildProcess
        let url: String
        private(set) var printed = ""

        /// Serves `database`, or without one (as the README starts it) the default `./amends.sqlite` of `directory`.
        init(binary: String, database: String?, port: Int, directory: String? = nil, arguments: [String] = []) throws {
            url = "http://127.0.0.1:\(port)"
            var environment = ProcessInfo.processInfo.environment
            environment.removeValue(forKey: "AMENDS_DATABASE")
            environment["LOG_LEVEL"] = "error"
            process = try ChildProcess(
                executable: binary, arguments: ["serve", "--port", String(port)] + (database.map { ["--database", $0] } ?? []) + arguments,
                environment: environment, directory: directory, standardOutput: .pipe, standardError: .null)
            // Read until it says it listens (or stops).
            while !printed.contains("Amends is listening on") {
                let data = try process.readOutput()
                if data.isEmpty { break }
                printed += String(decoding: data, as: UTF8.self)
            }
        }

        /// The value after `label` on a line of what was printed.
        func printedValue(after label: String) -> String? {
            printed.split(separator: "\n").first { $0.contains(label) }.flatMap { $0.split(separator: " ").last.map(String.init) }
        }

        func stop() {
            process.terminate()
            process.waitUntilExit()
        }
    }

    func request(_ method: String, _ url: String, token: String?, json: String? = nil) async throws -> (Int, String) {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// What the README promises of a first start: the demo playbook in force, an admin token and a channel token printed
    /// once, a complaint opening a case, and its signed alarm arriving in the demo inbox.
    @Test func aNewDatabaseStartsWithTheDemoAndItsTokensPrintedOnce() async throws {
        try requireBinary()
        let database = self.database()
        let port = try Self.freePort()
        let server = try await offThePool { try Server(binary: Self.binary, database: database, port: port) }
        let admin = try #require(server.printedValue(after: "admin token:"), "\(server.printed)")
        let channel = try #require(server.printedValue(after: "channel token ("), "\(server.printed)")
        #expect(admin.hasPrefix("ams_") && channel.hasPrefix("amc_"))
        #expect(server.printed.contains("A new database: the demo playbook"))
        // The two tokens line up, one under the other.
        let lines = server.printed.split(separator: "\n").filter { ($0.contains(admin) || $0.contains(channel)) && !$0.contains("curl") }
        let columns = lines.compactMap { line in (line.range(of: admin) ?? line.range(of: channel)).map { line.distance(from: line.startIndex, to: $0.lowerBound) } }
        #expect(columns.count == 2 && Set(columns).count == 1, "\(lines)")
        let complaint = try await request(
            "POST", server.url + "/v1/feedback", token: channel,
            json: #"{"location":"lisbon","customer":{"email":"ana@example.com"},"text":"The room was not clean and the towels were dirty"}"#)
        #expect(complaint.0 == 201, "\(complaint.1)")
        let cases = try await request("GET", server.url + "/v1/cases", token: admin)
        #expect(cases.0 == 200 && cases.1.contains("\"status\":\"new\""))
        // The delivery worker posts the alarm to the server's own demo inbox, signed.
        var inbox = ""
        let deadline = ContinuousClock.now + .seconds(15)
        while !inbox.contains("case.opened") && ContinuousClock.now < deadline {
            inbox = try await request("GET", server.url + "/demo/inbox", token: admin).1
            if !inbox.contains("case.opened") { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(inbox.contains("case.opened"), "\(inbox)")
        try await offThePool { server.stop() }
        // Started again on the same database: nothing is seeded, nothing printed twice.
        let portAgain = try Self.freePort()
        let again = try await offThePool { try Server(binary: Self.binary, database: database, port: portAgain) }
        #expect(!again.printed.contains("admin token:") && again.printed.contains("Amends is listening on"))
        #expect(try await request("GET", again.url + "/v1/cases", token: admin).0 == 200, "the printed token still works")
        // A demo database delivers messages to customers to the demo inbox, for want of a mail server.
        #expect(again.printed.contains("Messages to customers by email, sms, chat go to the demo inbox"), "\(again.printed)")
        let caseID = try #require(ReadmeTourTests.firstCaseID(json: cases.1))
        let sent = try await request("POST", again.url + "/v1/cases/\(caseID)/messages", token: admin, json: #"{"kind":"apology"}"#)
        #expect(sent.0 == 202, "\(sent.1)")
        var delivered = ""
        let sending = ContinuousClock.now + .seconds(15)
        while !delivered.contains("message.email") && ContinuousClock.now < sending {
            delivered = try await request("GET", again.url + "/demo/inbox", token: admin).1
            if !delivered.contains("message.email") { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(delivered.contains("message.email") && delivered.contains("Dear guest,"), "\(delivered)")
        try await offThePool { again.stop() }
        // Started with --no-demo, it says plainly that it has nothing to send e-mail with.
        let portPlain = try Self.freePort()
        let plain = try await offThePool { try Server(binary: Self.binary, database: database, port: portPlain, arguments: ["--no-demo"]) }
        #expect(!plain.printed.contains("demo inbox"), "\(plain.printed)")
        let refused = try await request("POST", plain.url + "/v1/cases/\(caseID)/messages", token: admin, json: #"{"kind":"apology"}"#)
        #expect(refused.0 == 409 && refused.1.contains("medium_not_configured"), "\(refused.1)")
        try await offThePool { plain.stop() }
    }

    @Test func theSigningSecretsAreDistinctAndStable() async throws {
        let database = self.database()
        let alarms = try await amends("secret", "alarms", "--database", database)
        let gateways = try await amends("secret", "gateways", "--database", database)
        #expect(alarms.status == 0 && gateways.status == 0)
        #expect(alarms.output.hasPrefix("whsec_") && gateways.output.hasPrefix("whsec_") && alarms.output != gateways.output)
        #expect(try await amends("secret", "gateways", "--database", database).output == gateways.output)
        #expect(try await amends("secret", "links", "--database", database).status != 0)
    }
}
