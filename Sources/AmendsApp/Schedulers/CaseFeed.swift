import AmendsCore
import Foundation
import Logging
import Synchronization

/// Tells the console's open pages, within a second, that a case changed, whoever changed it: this server, another
/// server on the same database, intake or the escalation timers.
///
/// Every change to a case adds an event to its timeline in the same transaction, and event ids grow with time, so one
/// look at the timeline after the last event seen finds every change, wherever it was made. The feed looks only while
/// someone listens (a console page is open), once for all of them, every ``interval`` seconds; each listener gets what
/// one look found as one ``CaseChanges``, so a busy minute costs a listener a signal per look and not one per change,
/// and a heartbeat every ``heartbeat`` seconds, which keeps proxies from closing an idle stream.
public final class CaseFeed: Sendable {
    /// What a listener is told.
    public enum Signal: Sendable {
        case changed(CaseChanges)
        /// Nothing changed for a while; the stream is alive.
        case heartbeat
    }

    private struct State {
        var listeners: [UInt64: AsyncStream<Signal>.Continuation] = [:]
        var nextID: UInt64 = 0
        var poller: Task<Void, Never>?
    }

    let store: any Store
    let interval: Double
    let heartbeat: Double
    let logger: Logger
    private let state = Mutex(State())

    public init(store: any Store, interval: Double = 0.4, heartbeat: Double = 15, logger: Logger) {
        self.store = store
        self.interval = interval
        self.heartbeat = heartbeat
        self.logger = logger
    }

    /// A listener: its stream of every change from now on, and how to end it early (on shutdown, say). The stream also
    /// ends when the listener stops reading it.
    public struct Listener: Sendable {
        public let signals: AsyncStream<Signal>
        let continuation: AsyncStream<Signal>.Continuation

        public func stop() { continuation.finish() }
    }

    /// Starts listening.
    public func listen() -> Listener {
        let (stream, continuation) = AsyncStream.makeStream(of: Signal.self, bufferingPolicy: .bufferingNewest(1000))
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            state.listeners[state.nextID] = continuation
            if state.poller == nil {
                state.poller = Task { [weak self] in await self?.poll() }
            }
            return state.nextID
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { state in
                state.listeners[id] = nil
                if state.listeners.isEmpty {
                    state.poller?.cancel()
                    state.poller = nil
                }
            }
        }
        return Listener(signals: stream, continuation: continuation)
    }

    /// How many are listening.
    public var listeners: Int { state.withLock { $0.listeners.count } }

    /// How far back, in milliseconds of event ids, each look reads again. An event's id is made before its transaction
    /// commits, so a change committed a moment after a later one has a smaller id than the last one seen; reading the
    /// last moments again (and skipping what was seen) finds it.
    public static let lookback: UInt64 = 2000

    /// Looks for changes while anyone listens.
    private func poll() async {
        var last: String?
        var seen: [String: UInt64] = [:]
        do {
            last = try await store.lastCaseChange()
            // What changed before anyone listened is not news: the window read again is marked seen.
            if let newest = last.flatMap({ Self.millis(of: $0) }) {
                let window = try await store.caseChanges(after: Self.idPrefix(millis: newest > Self.lookback ? newest - Self.lookback : 0), limit: 10_000)
                for change in window { seen[change.id] = Self.millis(of: change.id) ?? 0 }
            }
        } catch {
            logger.error("case feed could not start", metadata: ["error": "\(logDescription(of: error))"])
        }
        var quiet = 0.0
        while !Task.isCancelled {
            do {
                var cursor = last.flatMap { Self.millis(of: $0) }.map { Self.idPrefix(millis: $0 > Self.lookback ? $0 - Self.lookback : 0) } ?? last
                var fresh: [CaseChange] = []
                while true {
                    let changes = try await store.caseChanges(after: cursor, limit: 1000)
                    fresh += changes.filter { seen[$0.id] == nil }
                    guard changes.count == 1000 else { break }
                    cursor = changes.last?.id
                }
                if !fresh.isEmpty {
                    for change in fresh { seen[change.id] = Self.millis(of: change.id) ?? 0 }
                    last = max(last ?? "", fresh.map(\.id).max() ?? "")
                    send([.changed(CaseChanges(fresh))])
                    quiet = 0
                }
                // What is older than the window is never read again.
                if let newest = last.flatMap({ Self.millis(of: $0) }), newest > Self.lookback {
                    seen = seen.filter { $0.value >= newest - Self.lookback }
                }
            } catch {
                logger.error("case feed look failed", metadata: ["error": "\(logDescription(of: error))"])
            }
            quiet += interval
            if quiet >= heartbeat {
                quiet = 0
                send([.heartbeat])
            }
            try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
        }
    }

    /// The milliseconds an id of ``LiveIdentifierSource`` was made at: its first twelve hex digits.
    public static func millis(of id: String) -> UInt64? {
        let digits = id.prefix(13).filter { $0 != "-" }
        guard digits.count == 12 else { return nil }
        return UInt64(digits, radix: 16)
    }

    /// The start of the ids made at `millis`: every id made then or later sorts after it.
    public static func idPrefix(millis: UInt64) -> String {
        let hex = String(millis, radix: 16)
        let padded = String(repeating: "0", count: max(0, 12 - hex.count)) + hex
        return padded.prefix(8) + "-" + padded.dropFirst(8)
    }

    private func send(_ signals: [Signal]) {
        let listeners = state.withLock { Array($0.listeners.values) }
        for listener in listeners {
            for signal in signals { listener.yield(signal) }
        }
    }
}

/// The changes one look at the timeline found, in the order of their ids, told to every listener at once. Listeners
/// that word them the same way (those who reach the same locations) share one wording.
public final class CaseChanges: Sendable {
    public let changes: [CaseChange]
    private let wordings = Mutex<[String: String]>([:])

    public init(_ changes: [CaseChange]) {
        self.changes = changes
    }

    /// What `word` makes of the changes for listeners known by `key`, made once per key.
    public func worded(for key: String, _ word: ([CaseChange]) -> String) -> String {
        if let done = wordings.withLock({ $0[key] }) { return done }
        let text = word(changes)
        wordings.withLock { $0[key] = text }
        return text
    }
}
