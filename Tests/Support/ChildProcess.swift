import Foundation
import Glibc
import Synchronization

/// A program the tests run, started with `posix_spawn` rather than `Foundation.Process`.
///
/// Why it exists: in the Swift 6.3.1 toolchain, `Foundation.Process.run()` can crash the test process with signal 11
/// (a bad pointer dereference in memcpy). Before starting the child it looks for the highest open descriptor in
/// `findMaximumOpenFromProcSelfFD()`, which copies the whole 256-byte `d_name` of each `dirent` read from /proc/self/fd
/// and so reads past the end of glibc's buffer; the more descriptors the test process holds, the likelier the crash.
/// The fix is swift-corelibs-foundation pull request #5472, which this toolchain does not have. Until it does, no test
/// starts a program with `Foundation.Process`.
///
/// The child starts in `directory` (if given) with the given environment, default signal handling and an empty signal
/// mask, and no descriptor of the test process but its standard input, output and error: every pipe end made here is
/// close-on-exec, and every descriptor from 3 up is closed in the child before the program starts.
///
/// Use ``run(executable:arguments:environment:directory:input:)`` for a program run to its end, or an instance for
/// one that keeps running (a server), whose standard output is read with ``readOutput()``.
public final class ChildProcess: Sendable {
    /// Where one of the child's standard streams goes.
    public enum Stream: Sendable {
        /// A pipe the test process reads (or, for standard input, writes).
        case pipe
        /// /dev/null.
        case null
    }

    /// A system call that failed.
    public struct Failure: Error, CustomStringConvertible {
        public var call: String
        public var code: Int32
        public var description: String { "\(call) failed: \(String(cString: strerror(code))) (\(code))" }
    }

    /// The child's process ID.
    public let pid: pid_t
    /// The test process's ends of the pipes, -1 for a stream that is not a pipe.
    private let input: Int32
    private let output: Int32
    private let errors: Int32

    private struct State {
        /// The exit status once the child has been waited for.
        var status: Int32?
        var inputOpen: Bool
        var outputOpen: Bool
        var errorsOpen: Bool
    }
    private let state: Mutex<State>

    /// Starts `executable` with `arguments` (not counting the program's name, which is `executable`), standard input
    /// from /dev/null and standard output and error as asked. Read standard output with ``readOutput()``; call
    /// ``waitUntilExit()`` when done, which also closes the pipes.
    public convenience init(
        executable: String, arguments: [String] = [], environment: [String: String] = ProcessInfo.processInfo.environment, directory: String? = nil,
        standardOutput: Stream = .pipe, standardError: Stream = .null
    ) throws {
        try self.init(
            executable: executable, arguments: arguments, environment: environment, directory: directory, standardInput: .null,
            standardOutput: standardOutput, standardError: standardError)
    }

    private init(
        executable: String, arguments: [String], environment: [String: String], directory: String?, standardInput: Stream, standardOutput: Stream,
        standardError: Stream
    ) throws {
        _ = Self.ignoringSIGPIPE
        // Pipes are close-on-exec, so that no other child started meanwhile holds an end open (which would keep the
        // reader from seeing the end of the output); the child's ends are duplicated onto 0, 1 and 2 by the spawn.
        var pipes: [(parent: Int32, child: Int32)?] = []
        defer {
            for pair in pipes { if let pair { close(pair.child) } }
        }
        func makePipe(_ stream: Stream, parentReads: Bool) throws -> (parent: Int32, child: Int32)? {
            guard stream == .pipe else { return nil }
            var ends: [Int32] = [-1, -1]
            guard try GNU.function(GNU.pipe2, "pipe2")(&ends, O_CLOEXEC) == 0 else { throw Failure(call: "pipe2", code: errno) }
            return parentReads ? (ends[0], ends[1]) : (ends[1], ends[0])
        }
        do {
            pipes.append(try makePipe(standardInput, parentReads: false))
            pipes.append(try makePipe(standardOutput, parentReads: true))
            pipes.append(try makePipe(standardError, parentReads: true))
        } catch {
            for pair in pipes { if let pair { close(pair.parent) } }
            throw error
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        var spawned = pid_t(0)
        do {
            func check(_ call: String, _ result: Int32) throws {
                if result != 0 { throw Failure(call: call, code: result) }
            }
            if let directory {
                try check("posix_spawn_file_actions_addchdir_np", GNU.function(GNU.addchdir, "posix_spawn_file_actions_addchdir_np")(&actions, directory))
            }
            for (target, pair) in pipes.enumerated() {
                let target = Int32(target)
                if let pair {
                    try check("posix_spawn_file_actions_adddup2", posix_spawn_file_actions_adddup2(&actions, pair.child, target))
                } else {
                    let flags = target == STDIN_FILENO ? O_RDONLY : O_WRONLY
                    try check("posix_spawn_file_actions_addopen", posix_spawn_file_actions_addopen(&actions, target, "/dev/null", flags, 0))
                }
            }
            // Whatever the test process has open without close-on-exec stays out of the child too.
            try check(
                "posix_spawn_file_actions_addclosefrom_np", GNU.function(GNU.addclosefrom, "posix_spawn_file_actions_addclosefrom_np")(&actions, 3))

            var none = sigset_t()
            sigemptyset(&none)
            var all = sigset_t()
            sigfillset(&all)
            sigdelset(&all, SIGKILL)
            sigdelset(&all, SIGSTOP)
            try check("posix_spawnattr_setsigmask", posix_spawnattr_setsigmask(&attributes, &none))
            try check("posix_spawnattr_setsigdefault", posix_spawnattr_setsigdefault(&attributes, &all))
            try check("posix_spawnattr_setflags", posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)))

            let argv = ([executable] + arguments).map { strdup($0) }
            let envp = environment.map { strdup("\($0.key)=\($0.value)") }
            defer {
                for pointer in argv + envp { free(pointer) }
            }
            try check("posix_spawn \(executable)", posix_spawn(&spawned, executable, &actions, &attributes, argv + [nil], envp + [nil]))
        } catch {
            for pair in pipes { if let pair { close(pair.parent) } }
            throw error
        }

        pid = spawned
        input = pipes[0]?.parent ?? -1
        output = pipes[1]?.parent ?? -1
        errors = pipes[2]?.parent ?? -1
        state = Mutex(State(status: nil, inputOpen: input >= 0, outputOpen: output >= 0, errorsOpen: errors >= 0))
    }

    deinit {
        state.withLock { closeAll(&$0) }
    }

    /// A child writing to a pipe the test process has closed gets SIGPIPE (it starts with default signal handling);
    /// the test process, writing to a child that ended, gets EPIPE instead of being killed.
    private static let ignoringSIGPIPE: Void = {
        _ = Glibc.signal(SIGPIPE, SIG_IGN)
    }()

    /// What the child has written to its standard output since the last read, waiting for it when there is nothing
    /// yet: empty at the end of the output (or when standard output is not a pipe, or once the pipes are closed).
    public func readOutput() throws -> [UInt8] {
        guard state.withLock({ $0.outputOpen }) else { return [] }
        return try Self.read(output)
    }

    /// Asks the child to stop (SIGTERM). Does nothing once it has been waited for.
    public func terminate() {
        send(SIGTERM)
    }

    /// Stops the child at once (SIGKILL). Does nothing once it has been waited for.
    public func kill() {
        send(SIGKILL)
    }

    private func send(_ number: Int32) {
        // Under the lock, so the child cannot be reaped (and its ID given to another process) meanwhile.
        state.withLock { state in
            if state.status == nil { _ = Glibc.kill(pid, number) }
        }
    }

    /// Waits for the child to end and closes the pipes. The exit status, or 128 plus the signal that ended the child.
    /// May be called more than once, from any thread.
    @discardableResult
    public func waitUntilExit() -> Int32 {
        // Wait without reaping, so that `kill` never signals a process ID that was given to another process.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
        return state.withLock { state in
            if let status = state.status { return status }
            var raw: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(pid, &raw, 0) } while result < 0 && errno == EINTR
            let status = result == pid ? Self.decode(raw) : -1
            state.status = status
            closeAll(&state)
            return status
        }
    }

    /// The exit status of a `waitpid` status: WEXITSTATUS when the child exited (WIFEXITED), else 128 plus WTERMSIG.
    private static func decode(_ raw: Int32) -> Int32 {
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }

    private func closeAll(_ state: inout State) {
        if state.inputOpen { close(input) }
        if state.outputOpen { close(output) }
        if state.errorsOpen { close(errors) }
        state.inputOpen = false
        state.outputOpen = false
        state.errorsOpen = false
    }

    private static func read(_ descriptor: Int32) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count >= 0 { return Array(buffer[..<count]) }
            if errno != EINTR { throw Failure(call: "read", code: errno) }
        }
    }

    /// Runs `executable` with `arguments` to its end: `input` is written to its standard input, which is then closed, and
    /// its standard output and error are read to their ends. The exit status is 128 plus the signal when a signal ended
    /// the child. A child that ends without reading all its input is no failure.
    public static func run(
        executable: String, arguments: [String] = [], environment: [String: String] = ProcessInfo.processInfo.environment, directory: String? = nil,
        input: [UInt8] = []
    ) throws -> (status: Int32, output: [UInt8], errors: [UInt8]) {
        let child = try ChildProcess(
            executable: executable, arguments: arguments, environment: environment, directory: directory, standardInput: .pipe, standardOutput: .pipe,
            standardError: .pipe)
        var output: [UInt8] = []
        var errors: [UInt8] = []
        do {
            try child.communicate(input, output: &output, errors: &errors)
        } catch {
            child.kill()
            child.waitUntilExit()
            throw error
        }
        return (child.waitUntilExit(), output, errors)
    }

    /// Writes `bytes` to the child's standard input and reads its standard output and error, all in one `poll` loop so
    /// that a child blocked writing one stream while the test process waits on another cannot stall both; returns at
    /// the end of both outputs.
    private func communicate(_ bytes: [UInt8], output: inout [UInt8], errors: inout [UInt8]) throws {
        // The test process's end of standard input does not block, so a large input cannot stall the loop.
        _ = fcntl(input, F_SETFL, fcntl(input, F_GETFL) | O_NONBLOCK)
        var written = 0
        var writing = true
        var reading = (output: true, errors: true)
        func closeInput() {
            state.withLock {
                if $0.inputOpen { close(input) }
                $0.inputOpen = false
            }
            writing = false
        }
        if bytes.isEmpty { closeInput() }
        while writing || reading.output || reading.errors {
            var descriptors: [pollfd] = []
            if writing { descriptors.append(pollfd(fd: input, events: Int16(POLLOUT), revents: 0)) }
            if reading.output { descriptors.append(pollfd(fd: self.output, events: Int16(POLLIN), revents: 0)) }
            if reading.errors { descriptors.append(pollfd(fd: self.errors, events: Int16(POLLIN), revents: 0)) }
            if poll(&descriptors, nfds_t(descriptors.count), -1) < 0 {
                if errno == EINTR { continue }
                throw Failure(call: "poll", code: errno)
            }
            for descriptor in descriptors where descriptor.revents != 0 {
                if descriptor.fd == input {
                    let count = bytes.withUnsafeBytes { Glibc.write(input, $0.baseAddress! + written, $0.count - written) }
                    if count >= 0 {
                        written += count
                        if written == bytes.count { closeInput() }
                    } else if errno == EPIPE {
                        // The child ended, or closed its input, without reading it all.
                        closeInput()
                    } else if errno != EAGAIN && errno != EINTR {
                        throw Failure(call: "write", code: errno)
                    }
                } else {
                    let chunk = try Self.read(descriptor.fd)
                    if descriptor.fd == self.output {
                        if chunk.isEmpty { reading.output = false } else { output += chunk }
                    } else {
                        if chunk.isEmpty { reading.errors = false } else { errors += chunk }
                    }
                }
            }
        }
    }
}

/// The glibc functions used above that the Glibc module does not declare, since its headers are read without
/// `_GNU_SOURCE`: found by name in the running process instead.
private enum GNU {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// `pipe2` (glibc 2.9).
    static let pipe2 = find("pipe2", as: Pipe2.self)
    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29).
    static let addchdir = find("posix_spawn_file_actions_addchdir_np", as: AddChdir.self)
    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34).
    static let addclosefrom = find("posix_spawn_file_actions_addclosefrom_np", as: AddCloseFrom.self)

    private static func find<Function>(_ name: String, as type: Function.Type) -> Function? {
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, name) else { return nil }
        return unsafeBitCast(symbol, to: type)
    }

    /// `function`, or an error naming it when this C library does not have it.
    static func function<Function>(_ function: Function?, _ name: String) throws -> Function {
        guard let function else { throw ChildProcess.Failure(call: name, code: ENOSYS) }
        return function
    }
}
