import AmendsApp
import AmendsCore
import AmendsHTTP
import ArgumentParser
import Foundation

/// A one-line progress bar with rate and time left, drawn only on a terminal.
final class ProgressBar: @unchecked Sendable {
    let enabled: Bool
    let start = Date()
    var lastDraw = Date.distantPast

    init() {
        enabled = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil
    }

    func update(fraction: Double, rows: Int) {
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = Date()
        let fraction = min(1, max(0, fraction))
        let elapsed = Date().timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(rows) / elapsed : 0
        let eta = fraction > 0 ? elapsed / fraction - elapsed : 0
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "=", count: filled) + (filled < width ? ">" : "") + String(repeating: " ", count: max(0, width - filled - 1))
        let line = String(format: "\r[%@] %3d%%  %d rows  %.0f rows/s  ETA %.0fs ", bar, Int(fraction * 100), rows, rate, eta)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
