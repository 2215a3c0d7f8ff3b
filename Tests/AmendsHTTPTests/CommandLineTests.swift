import AmendsApp
import AmendsCore
import AmendsHTTP
import AmendsStorage
import AmendsTestSupport
import Foundation
import Testing

/// The `amends` executable, run as a user would.
@Suite("Command line")
struct CommandLineTests {
    static let binary = repositoryRoot.appendingPathComponent(".build/debug/amends").path

    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    func amends(_ arguments: String...) throws -> Run {
        try amends(arguments, input: nil)
    }

    func amends(_ arguments: [String], input: String?) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "AMENDS_DATABASE")
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), errors: String(decoding: err, as: UTF8.self))
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

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary)))
    func playbookCheckNamesFileLineAndField() throws {
        let path = try temporary("bad.yaml", "name: Bad\nlocations: []\nteams: []\nchannels: []\nscenarios:\n  - key: x\n")
        let run = try amends("playbook", "check", path)
        #expect(run.status != 0)
        #expect(run.errors.contains("\(path):6: scenarios[0].name: is required"))
        let good = try amends("playbook", "check", repositoryRoot.appendingPathComponent("examples/playbooks/restaurant.yaml").path)
        #expect(good.status == 0)
        #expect(good.output.contains("valid"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary) && TestDatabase.postgresURL == nil))
    func importStrictWritesNothingWhenARowIsBad() throws {
        let db = database()
        let playbook = repositoryRoot.appendingPathComponent("examples/playbooks/hotel.yaml").path
        let imported = try amends("playbook", "import", playbook, "--database", db)
        #expect(imported.status == 0, "\(imported.errors)")
        let channel = try #require(try PlaybookFile.parse(String(contentsOfFile: playbook, encoding: .utf8), file: playbook).channels.first?.key)
        let location = try #require(try PlaybookFile.parse(String(contentsOfFile: playbook, encoding: .utf8), file: playbook).locations.first?.key)
        let csv = try temporary("guests.csv", "location,text\n\(location),The room was dirty\n\(location),Lovely\nnowhere,dirty\n")
        let strict = try amends("import", csv, "--channel", channel, "--strict", "--database", db)
        #expect(strict.status != 0)
        #expect(strict.errors.contains("\(csv):4: location: 'nowhere' is not a location in the playbook"))
        #expect(strict.errors.contains("nothing was imported"))
        let lenient = try amends("import", csv, "--channel", channel, "--database", db)
        #expect(lenient.status == 0)
        #expect(lenient.output.contains("3 rows"))
        #expect(lenient.output.contains("2 accepted"))
        #expect(lenient.output.contains("1 rejected"))
        #expect(lenient.output.contains("1 cases opened"))
        let missing = try amends("import", "/nonexistent.csv", "--database", db)
        #expect(missing.status != 0)
        #expect(missing.errors.contains("cannot read /nonexistent.csv"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary)))
    func staffAreAddedWithTheirLocationsAndDisabled() throws {
        let db = database()
        let playbook = repositoryRoot.appendingPathComponent("examples/playbooks/hotel.yaml").path
        #expect(try amends("playbook", "import", playbook, "--database", db).status == 0)
        let location = try #require(try PlaybookFile.parse(String(contentsOfFile: playbook, encoding: .utf8), file: playbook).locations.first?.key)
        let added = try amends("staff", "add", "--name", "Inês", "--role", "lead", "--location", location, "--database", db)
        #expect(added.status == 0, "\(added.errors)")
        #expect(added.output.contains("working \(location)"))
        let id = try #require(added.output.split(separator: " ").first { $0.hasSuffix(",") && $0.count > 30 }.map { String($0.dropLast()) })
        let unknown = try amends("staff", "add", "--name", "X", "--location", "atlantis", "--database", db)
        #expect(unknown.status != 0)
        #expect(unknown.errors.contains("'atlantis' is not a location of the playbook"))
        #expect(try amends("staff", "disable", id, "--database", db).output.contains("Disabled Inês"))
        let list = try amends("staff", "list", "--database", db)
        #expect(list.output.contains("Inês  [\(location)]  (disabled)"))
        let missing = try amends("staff", "disable", "nobody", "--database", db)
        #expect(missing.status != 0)
        #expect(missing.errors.contains("staff member 'nobody' does not exist"))
        let password = try amends(["staff", "password", id, "--database", db], input: "harbour-lights-42\n")
        #expect(password.status == 0, "\(password.errors)")
        #expect(password.output.contains("Password set for Inês; add an e-mail address to log in with it"))
        let short = try amends(["staff", "password", id, "--database", db], input: "short\n")
        #expect(short.status != 0)
        #expect(short.errors.contains("password: must be at least 10 characters"))
        #expect(try amends(["staff", "password", id, "--database", db], input: "").errors.contains("no password on standard input"))
        let audit = try amends("audit", "--target", id, "--database", db)
        #expect(audit.status == 0)
        let lines = audit.output.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first?.contains("staff.password_set  \(id)  from command line") == true)
        #expect(lines[1].contains("staff.disabled  \(id)  from command line"))
        #expect(lines.allSatisfy { $0.contains("  cli:") })
        #expect(try amends("audit", "--limit", "0", "--database", db).status != 0)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary) && TestDatabase.postgresURL == nil))
    func aCaseIsWorkedFromTheCommandLine() throws {
        let db = database()
        let playbook = repositoryRoot.appendingPathComponent("examples/playbooks/hotel.yaml").path
        #expect(try amends("playbook", "import", playbook, "--database", db).status == 0)
        let parsed = try PlaybookFile.parse(String(contentsOfFile: playbook, encoding: .utf8), file: playbook)
        let channel = try #require(parsed.channels.first?.key)
        let location = try #require(parsed.locations.first?.key)
        let elsewhere = try #require(parsed.locations.last?.key)
        let csv = try temporary("guests.csv", "location,text,email\n\(location),The room was dirty,ana@example.com\n")
        #expect(try amends("import", csv, "--channel", channel, "--database", db).status == 0)
        let caseID = try #require(try amends("case", "list", "--database", db).output.split(separator: " ").first.map(String.init))
        func staffID(_ output: String) throws -> String {
            try #require(output.split(separator: " ").first { $0.hasSuffix(",") && $0.count > 30 }.map { String($0.dropLast()) })
        }
        let marta = try staffID(try amends("staff", "add", "--name", "Marta", "--database", db).output)
        let far = try staffID(try amends("staff", "add", "--name", "Rui", "--location", elsewhere, "--database", db).output)

        let elsewhereAck = try amends("case", "acknowledge", caseID, "--as", far, "--database", db)
        #expect(elsewhereAck.status != 0 && elsewhereAck.errors.contains("Rui works '\(elsewhere)'"))
        #expect(try amends("case", "acknowledge", caseID, "--as", "nobody", "--database", db).errors.contains("staff member 'nobody' does not exist"))
        #expect(try amends("case", "acknowledge", caseID, "--as", marta, "--database", db).output.contains("Marta owns case \(caseID)"))
        #expect(try amends("case", "step", caseID, "apologize", "--note", "At the desk", "--as", marta, "--database", db).status == 0)
        #expect(try amends("case", "step", caseID, "fix", "--note", "Deep-cleaned", "--as", marta, "--database", db).status == 0)
        #expect(try amends("case", "step", caseID, "dance", "--note", "x", "--as", marta, "--database", db).status != 0)
        #expect(try amends("case", "note", caseID, "Prefers a high floor", "--as", marta, "--database", db).status == 0)
        let early = try amends("case", "move", caseID, "closed", "--as", marta, "--database", db)
        #expect(early.status != 0 && early.errors.contains("cannot go from"))
        let resolved = try amends(
            "case", "move", caseID, "resolved", "--as", marta, "--root-cause-category", "process", "--root-cause", "Released too early", "--database", db)
        #expect(resolved.status == 0, "\(resolved.errors)")
        #expect(resolved.output.contains("is resolved now"))
        let shown = try amends("case", "show", caseID, "--database", db).output
        #expect(shown.contains("[x] apologize (required)") && shown.contains("Prefers a high floor"))
        #expect(try amends("audit", "--target", caseID, "--database", db).output.contains("case.status_changed  \(caseID)  from command line"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary) && TestDatabase.postgresURL == nil))
    func authorityIsSetPerPersonAndTheLedgerIsListed() throws {
        let db = database()
        let playbook = repositoryRoot.appendingPathComponent("examples/playbooks/hotel.yaml").path
        #expect(try amends("playbook", "import", playbook, "--database", db).status == 0)
        let added = try amends("staff", "add", "--name", "Rita", "--database", db)
        let id = try #require(added.output.split(separator: " ").first { $0.hasSuffix(",") && $0.count > 30 }.map { String($0.dropLast()) })
        let set = try amends("staff", "authority", id, "--per-grant", "120.00 EUR", "--per-day", "300 EUR", "--database", db)
        #expect(set.status == 0, "\(set.errors)")
        #expect(set.output.contains("Rita may now grant up to 120.00 EUR per grant and 300.00 EUR per day."))
        #expect(try amends("staff", "authority", id, "--per-grant", "500 EUR", "--per-day", "300 EUR", "--database", db).errors.contains("is more than per_day"))
        #expect(try amends("staff", "authority", id, "--per-grant", "12,50 EUR", "--per-day", "300 EUR", "--database", db).errors.contains("is not an amount"))
        #expect(try amends("staff", "authority", id, "--per-grant", "5 EUR", "--database", db).status != 0)
        #expect(try amends("staff", "authority", id, "--role-default", "--database", db).output.contains("Rita is back on the frontline role's authority."))
        #expect(try amends("audit", "--action", "staff.authority_set", "--database", db).output.split(separator: "\n").count == 2)
        #expect(try amends("compensation", "ledger", "--database", db).output == "No grants match.\n")
        #expect(try amends("compensation", "ledger", "--csv", "--database", db).output.hasPrefix("id,requested_at,status,amount,currency,"))
        #expect(try amends("compensation", "ledger", "--month", "2026-13", "--database", db).errors.contains("is not a month"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary) && TestDatabase.postgresURL == nil))
    func casesAreListedAndShownWithTheirChecklist() throws {
        let db = database()
        let playbook = repositoryRoot.appendingPathComponent("examples/playbooks/hotel.yaml").path
        #expect(try amends("playbook", "import", playbook, "--database", db).status == 0)
        let channel = try #require(try PlaybookFile.parse(String(contentsOfFile: playbook, encoding: .utf8), file: playbook).channels.first?.key)
        let location = try #require(try PlaybookFile.parse(String(contentsOfFile: playbook, encoding: .utf8), file: playbook).locations.first?.key)
        let csv = try temporary("guests.csv", "location,text,email\n\(location),The room was dirty,ana@example.com\n")
        #expect(try amends("import", csv, "--channel", channel, "--database", db).status == 0)
        let list = try amends("case", "list", "--database", db)
        #expect(list.status == 0)
        let id = try #require(list.output.split(separator: " ").first.map(String.init))
        #expect(list.output.contains("  new  high  unclean-room  \(location)"))
        #expect(try amends("case", "list", "--status", "closed", "--database", db).output.contains("No cases match yet."))
        #expect(try amends("case", "list", "--status", "shut", "--database", db).errors.contains("--status must be one of"))
        let shown = try amends("case", "show", id, "--database", db)
        #expect(shown.status == 0)
        #expect(shown.output.contains("Checklist:\n  [ ] take ownership (required)\n  [ ] apologize (required)\n  [ ] fix (required)"))
        #expect(shown.output.contains("Opened from feedback as 'Room not clean'"))
        #expect(try amends("case", "show", "nothing", "--database", db).errors.contains("case 'nothing' does not exist"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary)))
    func badDatabaseURLIsAClearError() throws {
        let run = try amends("migrate", "--database", "postgres://nobody@127.0.0.1:1/none")
        #expect(run.status != 0)
        #expect(run.errors.hasPrefix("amends: cannot connect to postgres://nobody@127.0.0.1:1/none"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary)))
    func analyzeShowsTheVerdictAndWhy() throws {
        let run = try amends("analyze", "The room was not clean and the towels were dirty")
        #expect(run.status == 0)
        #expect(run.output.hasPrefix("FAILURE"))
        #expect(run.output.contains("'clean' is negated by 'not'"))
        let praise = try amends("analyze", "Lovely stay, thank you!")
        #expect(praise.output.hasPrefix("no failure"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary)))
    func evaluateTrainsOnTrainRowsAndReportsOnTestRows() throws {
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
        let run = try amends("evaluate", "--data", path, "--json")
        #expect(run.status == 0, "\(run.errors)")
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        for key in ["accuracy", "precision", "recall", "f1", "mcc", "category_macro_f1", "category_accuracy", "texts_per_second", "train_seconds"] {
            #expect(object?[key] != nil, "missing \(key)")
        }
        #expect(object?["accuracy"] as? Double == 1)
        #expect(object?["category_accuracy"] as? Double == 1)
        #expect(object?["rows"] as? Double == 22)

        let text = try amends("evaluate", "--data", path, "--zero-shot")
        #expect(text.status == 0)
        #expect(text.output.contains("failure, 22 rows: accuracy"))

        let bad = try temporary("bad.csv", "text,failure\nfine,maybe\n")
        let refused = try amends("evaluate", "--data", bad, "--zero-shot")
        #expect(refused.status != 0)
        #expect(refused.errors.contains("bad.csv:2: failure is 'maybe'"))
        let onlyTest = try temporary("test-only.csv", "text,failure,split\nthe room was dirty,1,test\n")
        #expect(try amends("evaluate", "--data", onlyTest).errors.contains("no train rows"))
        #expect(try amends("evaluate", "--data", onlyTest, "--zero-shot").status == 0)

        // Trained into a database, the model is in force for analyze and for evaluating a file without a split.
        let database = database()
        let trained = try amends("train", "--data", path, "--database", database)
        #expect(trained.status == 0, "\(trained.errors)")
        #expect(trained.output.contains("text model version 1: learned from 66 rows"))
        #expect(trained.output.contains("categories: cleaning, noise"))
        let analysed = try amends("analyze", "the floor was filthy", "--database", database)
        #expect(analysed.output.contains("category cleaning"))
        #expect(analysed.output.contains("text model version 1"))
        let builtIn = try amends("analyze", "the floor was filthy", "--database", database, "--zero-shot")
        #expect(!builtIn.output.contains("text model version"))
        let plain = try temporary("plain.csv", "text,failure,category\nthe room was dirty,1,cleaning\nlovely stay,0,\n")
        let measured = try amends("evaluate", "--data", plain, "--database", database, "--json")
        #expect(measured.status == 0, "\(measured.errors)")
        #expect(measured.output.contains("\"category_accuracy\":1"))
        #expect(try amends("train", "--data", bad, "--database", database).status != 0)
        let nothing = try amends("train", "--database", self.database())
        #expect(nothing.status != 0)
        #expect(nothing.errors.contains("no staff corrections are stored yet"))
    }
}
