import AmendsTestSupport
import Foundation
import Testing

/// The README's tour, run as written: every command of its shell blocks, in order, against a new server started the
/// way the README starts it, with each answer checked. A command the README adds is run too (and must succeed); a
/// step this test looks for and no longer finds fails it, so the README cannot drift from the product.
@Suite("The README")
struct ReadmeTourTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("README.md")

    /// What one command answered: its exit status (for curl, the HTTP status) and what it printed.
    struct Answer {
        var status: Int
        var output: String
    }

    /// What the tour must show at a step: the command it is found by, and what its answer must hold. A step may be
    /// waited for (the delivery worker posts to the demo inbox on its own time).
    struct Step {
        var command: String
        var expected: String
        var waits = false
        var check: @Sendable (Answer) -> Bool
    }

    static let steps: [Step] = [
        Step(command: "curl -s localhost:8080/v1/feedback", expected: "201 and a failure") { $0.status == 201 && $0.output.contains("\"failure\":true") },
        Step(command: "curl -s localhost:8080/v1/cases -H", expected: "the new case") { $0.output.contains("\"status\":\"new\"") },
        Step(command: "curl -s localhost:8080/demo/inbox", expected: "the signed alarm", waits: true) { $0.output.contains("case.opened") },
        Step(command: "/acknowledge", expected: "the case acknowledged") { $0.output.contains("\"status\":\"acknowledged\"") },
        Step(command: "curl -s localhost:8080/v1/remedies", expected: "the catalog") { $0.output.contains("bar-voucher") },
        Step(command: "/compensation -H", expected: "201, granted at once") { $0.status == 201 && $0.output.contains("\"status\":\"granted\"") },
        Step(command: "curl -s localhost:8080/v1/compensation -H", expected: "the grant in the ledger") { $0.output.contains("bar-voucher") },
        Step(command: "messages/draft?kind=apology", expected: "an apology to a guest without a name") {
            $0.status == 200 && $0.output.contains("Dear guest,") && !$0.output.contains("Dear ,")
        },
        Step(command: "/messages -H", expected: "202, queued") { $0.status == 202 && $0.output.contains("\"medium\":\"email\"") },
        Step(command: "curl -s localhost:8080/demo/inbox", expected: "the apology delivered to the demo inbox", waits: true) {
            $0.output.contains("message.email") && $0.output.contains("ana@example.com") && $0.output.contains("Dear guest,")
        },
        Step(command: "\"step\":\"apologize\"", expected: "the step done") { $0.status == 201 && $0.output.contains("step_completed") },
        Step(command: "\"status\":\"resolved\"", expected: "the case resolved") { $0.output.contains("\"status\":\"resolved\"") },
        Step(command: "\"status\":\"closed\"", expected: "the case closed") { $0.output.contains("\"status\":\"closed\"") },
        Step(command: "/customer -H", expected: "the customer's page") { $0.output.contains("ana@example.com") },
        Step(command: "curl -s localhost:8080/f/lisbon", expected: "the feedback page") { $0.status == 200 },
        Step(command: "/qr?channel=lobby-qr", expected: "the QR code") { $0.status == 200 },
        Step(command: "/v1/visits -H", expected: "201, the visit waiting") { $0.status == 201 && $0.output.contains("\"state\":\"waiting\"") },
        Step(command: "/v1/campaigns/nps-survey", expected: "the invitation sent", waits: true) { $0.output.contains("\"invited\":1") },
        Step(command: "amends playbook check examples/playbooks/airline.yaml", expected: "no problems") { $0.status == 0 },
        Step(command: "amends playbook import examples/playbooks/airline.yaml", expected: "the airline playbook in force") { $0.output.contains("Bluewater Air") },
        Step(command: "amends token channel social-mentions", expected: "a channel token") { $0.output.contains("amc_") },
        Step(command: "amends import examples/feedback/post-flight-survey.csv", expected: "every row accepted, cases opened") {
            $0.output.contains("accepted, 0 already imported, 0 rejected") && $0.output.contains("cases opened")
        },
        Step(command: "amends staff add --name \"Dana Ruiz\"", expected: "Dana added") { $0.output.contains("Added Dana Ruiz (lead)") },
        Step(command: "amends staff add --name \"Inês Costa\"", expected: "Inês added at O'Hare") { $0.output.contains("chicago-ohare") },
        Step(command: "amends staff edit INES_ID", expected: "Inês given an e-mail address") { $0.output.contains("ines@example.com") },
        Step(command: "amends case move CASE_ID resolved", expected: "the case resolved") { $0.status == 0 },
        Step(command: "amends audit --target CASE_ID", expected: "the case's audit") { $0.output.contains("case.") },
        Step(command: "amends compensation ledger --csv", expected: "the ledger as CSV") { $0.output.contains("bar-voucher") },
        Step(command: "amends staff disable INES_ID", expected: "Inês disabled") { $0.output.contains("Disabled Inês Costa") },
    ]

    /// The tour's commands, in order: the shell blocks from "## A five-minute tour" to the next section, each command on
    /// one line with its continuations joined, without comments.
    static func tourCommands(_ readme: String) throws -> [String] {
        let start = try #require(readme.range(of: "## A five-minute tour"), "the README has no five-minute tour")
        let rest = readme[start.upperBound...]
        let tour = rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)]
        var commands: [String] = []
        for block in tour.components(separatedBy: "```sh\n").dropFirst() {
            var pending = ""
            for line in block.components(separatedBy: "\n```")[0].split(separator: "\n", omittingEmptySubsequences: false) {
                let text = withoutComment(String(line))
                if text.hasSuffix("\\") {
                    pending += text.dropLast() + " "
                    continue
                }
                let command = (pending + text).trimmingCharacters(in: .whitespaces)
                pending = ""
                if !command.isEmpty { commands.append(command) }
            }
        }
        return commands
    }

    /// A shell line without its `# comment` (a `#` after a space, outside quotes).
    static func withoutComment(_ line: String) -> String {
        var quote: Character?
        var previous: Character = " "
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "#" && previous.isWhitespace {
                return String(line[..<index]).trimmingCharacters(in: .whitespaces)
            }
            previous = character
        }
        return line.trimmingCharacters(in: .whitespaces)
    }

    /// Runs `command` with `/bin/sh` in `directory`.
    static func shell(_ command: String, in directory: String, environment extra: [String: String], input: String) throws -> (Int32, String) {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "AMENDS_DATABASE")
        environment["LOG_LEVEL"] = "error"
        environment.merge(extra) { _, new in new }
        // A command that reads nothing may have ended already: a closed pipe is no failure of the test.
        let run = try ChildProcess.run(
            executable: "/bin/sh", arguments: ["-c", command + " 2>&1"], environment: environment, directory: directory, input: Array(input.utf8))
        return (run.status, String(decoding: run.output, as: UTF8.self))
    }

    @Test func theReadmeTour() async throws {
        try CommandLineTests().requireBinary()
        try #require(
            FileManager.default.isExecutableFile(atPath: "/usr/bin/curl"), "the tour is run with curl, as a reader runs it: install curl (apt-get install curl)")
        let commands = try Self.tourCommands(try String(contentsOf: Self.readme, encoding: .utf8))
        try #require(commands.first == "swift run amends serve", "the tour starts the server first: \(commands.first ?? "nothing")")
        // A new folder, as a fresh clone is: the server's database is its ./amends.sqlite, and examples/ is the repository's.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("amends-readme-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: directory + "/examples", withDestinationPath: Self.readme.deletingLastPathComponent().appendingPathComponent("examples").path)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let port = try CommandLineTests.freePort()
        let server = try await offThePool { try CommandLineTests.Server(binary: CommandLineTests.binary, database: nil, port: port, directory: directory) }
        defer { server.stop() }
        let environment = [
            "ADMIN": try #require(server.printedValue(after: "admin token:"), "\(server.printed)"),
            "CHANNEL": try #require(server.printedValue(after: "channel token ("), "\(server.printed)"),
        ]
        var values: [String: String] = [:]
        var found = Array(repeating: false, count: Self.steps.count)
        for written in commands.dropFirst() {
            var command = written
            for placeholder in ["CASE_ID", "DANA_ID", "INES_ID"] where command.contains(placeholder) {
                let value = try #require(values[placeholder], "'\(written)' uses \(placeholder) before the tour shows one")
                command = command.replacingOccurrences(of: placeholder, with: value)
            }
            command = command.replacingOccurrences(of: "localhost:8080", with: "127.0.0.1:\(port)")
            let isCurl = command.hasPrefix("curl ")
            if isCurl {
                command += " -w '\\n%{http_code}'"
            } else {
                try #require(command.hasPrefix("swift run amends "), "the tour runs '\(written)', which is neither curl nor swift run amends")
                command = "'\(CommandLineTests.binary)' " + command.dropFirst("swift run amends ".count)
            }
            let stepIndex = Self.steps.indices.first { !found[$0] && written.contains(Self.steps[$0].command) }
            let step = stepIndex.map { Self.steps[$0] }
            var answer = Answer(status: -1, output: "")
            let deadline = ContinuousClock.now + .seconds(step?.waits == true ? 15 : 0)
            let line = command
            repeat {
                let (status, output) = try await offThePool {
                    try Self.shell(line, in: directory, environment: environment, input: "a-long-tour-password\n")
                }
                if isCurl, let newline = output.lastIndex(of: "\n") {
                    answer = Answer(status: Int(output[output.index(after: newline)...]) ?? -1, output: String(output[..<newline]))
                } else {
                    answer = Answer(status: Int(status), output: output)
                }
                if step?.check(answer) ?? true { break }
                try await Task.sleep(for: .milliseconds(200))
            } while ContinuousClock.now < deadline
            let succeeded = isCurl ? (200..<300).contains(answer.status) : answer.status == 0
            #expect(succeeded, "'\(written)' answered \(answer.status): \(answer.output)")
            if let stepIndex, let step {
                found[stepIndex] = true
                #expect(step.check(answer), "'\(written)' should answer \(step.expected); it answered \(answer.status): \(answer.output)")
            }
            guard succeeded else { continue }
            // What later commands name: the case listed, and the staff added.
            if written.contains("/v1/cases -H"), let id = Self.firstCaseID(json: answer.output) { values["CASE_ID"] = id }
            if written.contains("amends case list") {
                values["CASE_ID"] = answer.output.split(whereSeparator: \.isWhitespace).first { $0.count == 36 && $0.filter { $0 == "-" }.count == 4 }
                    .map(String.init)
            }
            for (name, placeholder) in [("Dana Ruiz", "DANA_ID"), ("Inês Costa", "INES_ID")] where written.contains("staff add --name \"\(name)\"") {
                values[placeholder] = answer.output.firstMatch(of: /, id ([0-9a-f-]+),/).map { String($0.1) }
            }
        }
        for (index, step) in Self.steps.enumerated() where !found[index] {
            Issue.record("the tour no longer has a command with '\(step.command)', which should answer \(step.expected)")
        }
        // The tour's own database is its owner's alone.
        let mode = try FileManager.default.attributesOfItem(atPath: directory + "/amends.sqlite")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    static func firstCaseID(json: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], let items = object["items"] as? [[String: Any]]
        else { return nil }
        return items.first?["id"] as? String
    }
}
