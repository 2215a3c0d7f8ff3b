import AmendsApp
import AmendsCore
import AmendsStorage
import ArgumentParser
import Foundation

/// Prints `message` to standard error and exits with `code`.
func fail(_ message: String, code: Int32 = 1) -> Never {
    printError(message.hasSuffix("\n") ? message : message + "\n")
    exit(code)
}

/// Writes `text` to standard error. A standard error nobody reads any more (a closed pipe) is no reason to crash.
func printError(_ text: String) {
    try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
}

/// Who the audit log and the records of playbooks and text models name for what a command does: `cli:` and the system
/// user running it.
var commandLineActor: String {
    let environment = ProcessInfo.processInfo.environment
    return "cli:" + (environment["USER"] ?? environment["LOGNAME"] ?? NSUserName())
}

/// Runs `body`, turning product errors into a message and a non-zero exit instead of a stack trace.
func reporting<T>(_ body: () async throws -> T) async -> T {
    do {
        // What a command changes is written to the audit log as done from the command line, by the system user.
        return try await AuditContext.$current.withValue(AuditContext(actor: commandLineActor, source: "command line")) { try await body() }
    } catch let error as AmendsError {
        fail("amends: \(error.message)")
    } catch let error as PlaybookRejection {
        fail(error.description)
    } catch let error as DatabaseError {
        fail("amends: \(error)")
    } catch {
        // An error's full text can hold what it was working on; its kind is enough to say what failed.
        fail("amends: failed (\(logDescription(of: error)))")
    }
}

/// One line from standard input, without echoing it when that is a terminal; nil at the end of input.
func readSecret(prompt: String) -> String? {
    guard isatty(STDIN_FILENO) != 0 else { return readLine(strippingNewline: true) }
    printError(prompt)
    var saved = termios()
    tcgetattr(STDIN_FILENO, &saved)
    var silent = saved
    silent.c_lflag &= ~tcflag_t(ECHO)
    tcsetattr(STDIN_FILENO, TCSANOW, &silent)
    defer {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
        printError("\n")
    }
    return readLine(strippingNewline: true)
}

/// The text of `path`, with a clear error when it cannot be read.
func readText(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw AmendsError(.notFound, code: "no_file", message: "cannot read \(path)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw AmendsError(.invalid, code: "invalid_utf8", message: "\(path) is not UTF-8 text")
    }
    return text
}
