import AmendsApp
import AmendsCore
import AmendsHTTP
import AmendsStorage
import ArgumentParser
import Foundation

@main
struct Amends: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amends",
        abstract: "Service recovery: hear a failure in customer feedback, alarm the right team, escalate until someone owns it.",
        discussion: """
            Start with 'amends serve': it creates ./amends.sqlite, imports a demo playbook and prints tokens to try it.
            Every command takes --database (or AMENDS_DATABASE): an SQLite path or a postgres:// URL.
            """,
        subcommands: [
            Serve.self, Migrate.self, PlaybookCommand.self, Import.self, TokenCommand.self, StaffCommand.self, CaseCommand.self, CompensationCommand.self, AuditCommand.self,
            Analyze.self, Train.self,
            Evaluate.self,
        ]
    )
}

/// The `--database` option every command shares.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("An SQLite file path or a postgres:// URL. Default: $AMENDS_DATABASE or ./amends.sqlite.", valueName: "path-or-url"))
    var database: String?

    var location: DatabaseLocation {
        DatabaseLocation(parsing: database ?? ProcessInfo.processInfo.environment["AMENDS_DATABASE"] ?? "amends.sqlite")
    }

    /// A runtime over the database, without the HTTP server.
    func runtime() async throws -> Runtime {
        try await Runtime.start(Configuration(database: location, seedDemo: false, runWorkers: false))
    }
}

/// Prints `message` to standard error and exits with `code`.
func fail(_ message: String, code: Int32 = 1) -> Never {
    FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
    exit(code)
}

/// Runs `body`, turning product errors into a message and a non-zero exit instead of a stack trace.
func reporting<T>(_ body: () async throws -> T) async -> T {
    do {
        // What a command changes is written to the audit log as done from the command line, by the system user.
        let user = ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"] ?? "unknown"
        return try await AuditContext.$current.withValue(AuditContext(actor: "cli:\(user)", source: "command line")) { try await body() }
    } catch let error as AmendsError {
        fail("amends: \(error.message)")
    } catch let error as PlaybookRejection {
        fail(error.description)
    } catch {
        fail("amends: \(error)")
    }
}

/// One line from standard input, without echoing it when that is a terminal; nil at the end of input.
func readSecret(prompt: String) -> String? {
    guard isatty(STDIN_FILENO) != 0 else { return readLine(strippingNewline: true) }
    FileHandle.standardError.write(Data(prompt.utf8))
    var saved = termios()
    tcgetattr(STDIN_FILENO, &saved)
    var silent = saved
    silent.c_lflag &= ~tcflag_t(ECHO)
    tcsetattr(STDIN_FILENO, TCSANOW, &silent)
    defer {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
        FileHandle.standardError.write(Data("\n".utf8))
    }
    return readLine(strippingNewline: true)
}
