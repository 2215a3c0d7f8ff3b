import Foundation
import Synchronization

/// The folder the package was checked out in.
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A real SMTP server for the tests (`Tests/Fixtures/mail_server.py`, on aiosmtpd from PyPI), writing each message it
/// accepts, and what the client did, to a folder.
///
/// The tests start what they need: when Python cannot import aiosmtpd, it is installed into `.build/test-python` once;
/// when that fails the test fails, saying what to install. A mail test never skips.
public final class MailServer: Sendable {
    let process: ChildProcess
    public let port: Int
    public let maildir: URL

    /// What the client did in one accepted session.
    public struct Session: Decodable, Sendable {
        public var ehlo: String
        public var tls: Bool
        public var login: String?
        public var mailFrom: String
        public var mailOptions: [String]
        public var rcptTos: [String]

        enum CodingKeys: String, CodingKey {
            case ehlo, tls, login
            case mailFrom = "mail_from"
            case mailOptions = "mail_options"
            case rcptTos = "rcpt_tos"
        }
    }

    /// Why the server could not be started.
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// Where aiosmtpd is installed when the system's Python has none.
    static let packages = repositoryRoot.appendingPathComponent(".build/test-python")
    private static let ready = Mutex<Result<Void, Unavailable>?>(nil)

    /// Makes sure Python can import aiosmtpd, installing it into `.build/test-python` the first time it cannot.
    public static func requirePython() throws {
        try ready.withLock { state in
            if let state { return try state.get() }
            let result: Result<Void, Unavailable>
            if run(["python3", "-c", "import aiosmtpd"]) == 0 {
                result = .success(())
            } else if run(["python3", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--target", packages.path, "aiosmtpd"]) == 0,
                run(["python3", "-c", "import aiosmtpd"]) == 0
            {
                result = .success(())
            } else {
                result = .failure(
                    Unavailable(
                        description:
                            "the mail tests need Python 3 with aiosmtpd (PyPI), and installing it into \(packages.path) failed; install it with 'python3 -m pip install aiosmtpd'"
                    ))
            }
            state = result
            try result.get()
        }
    }

    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONPATH"] = [packages.path, environment["PYTHONPATH"]].compactMap { $0 }.joined(separator: ":")
        return environment
    }

    @discardableResult
    static func run(_ arguments: [String]) -> Int32 {
        let child = try? ChildProcess(
            executable: "/usr/bin/env", arguments: arguments, environment: environment, standardOutput: .null, standardError: .null)
        return child?.waitUntilExit() ?? -1
    }

    /// The self-signed certificate (for `localhost`) the server offers, when started with TLS.
    public var certificate: String { maildir.appendingPathComponent("cert.pem").path }

    /// Starts a server.
    /// - Parameters:
    ///   - tls: nil for plain SMTP, `starttls` (required before mail) or `smtps` (TLS from the start).
    ///   - auth: `user:password` to require AUTH, which the server offers only once the connection is encrypted.
    ///   - smtputf8: whether the server takes addresses with non-ASCII characters.
    ///   - offerAuth: false for a server whose answer to EHLO offers no AUTH.
    public init(tls: String? = nil, auth: String? = nil, smtputf8: Bool = false, offerAuth: Bool = true) throws {
        try Self.requirePython()
        maildir = FileManager.default.temporaryDirectory.appendingPathComponent("amends-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: maildir, withIntermediateDirectories: true)
        var arguments = ["python3", repositoryRoot.appendingPathComponent("Tests/Fixtures/mail_server.py").path, maildir.appendingPathComponent("box").path]
        if let tls {
            let certificate = maildir.appendingPathComponent("cert.pem").path
            let made = Self.run([
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                "-keyout", maildir.appendingPathComponent("key.pem").path, "-out", maildir.appendingPathComponent("cert.pem").path,
            ])
            guard made == 0 else { throw Unavailable(description: "openssl could not make a test certificate") }
            arguments += ["--tls", tls, "--cert", certificate, "--key", maildir.appendingPathComponent("key.pem").path]
        }
        if let auth { arguments += ["--auth", auth] }
        if smtputf8 { arguments.append("--smtputf8") }
        if !offerAuth { arguments.append("--offer-no-auth") }
        process = try ChildProcess(executable: "/usr/bin/env", arguments: arguments, environment: Self.environment, standardOutput: .pipe, standardError: .null)
        // The server prints its port once it listens.
        let line = String(decoding: try process.readOutput(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(line) else {
            process.kill()
            process.waitUntilExit()
            throw Unavailable(description: "the test mail server did not start (it printed '\(line)')")
        }
        self.port = port
    }

    /// Starts a server (see ``init(tls:auth:smtputf8:offerAuth:)``) on a thread of its own, since starting Python blocks.
    public static func start(tls: String? = nil, auth: String? = nil, smtputf8: Bool = false, offerAuth: Bool = true) async throws -> MailServer {
        try await offThePool { try MailServer(tls: tls, auth: auth, smtputf8: smtputf8, offerAuth: offerAuth) }
    }

    /// The raw messages received so far, oldest first.
    public func messages() -> [String] {
        files("eml").compactMap { try? String(contentsOf: $0, encoding: .utf8) }
    }

    /// What the client did in each session that delivered a message, oldest first.
    public func sessions() -> [Session] {
        files("json").compactMap { try? JSONDecoder().decode(Session.self, from: Data(contentsOf: $0)) }
    }

    private func files(_ suffix: String) -> [URL] {
        let folder = maildir.appendingPathComponent("box")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix("." + suffix) }.sorted().map { folder.appendingPathComponent($0) }
    }

    public func stop() {
        // aiosmtpd does not stop on SIGTERM.
        process.kill()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: maildir)
    }
}
