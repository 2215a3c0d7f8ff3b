import ConsoleKitTerminal
import Foundation

/// The import's progress bar, drawn by console-kit's activity indicator (its timer, its redrawing, its ANSI handling)
/// in the shape an import needs: the share done, the rows so far, their rate and the time left.
struct ImportProgress: ActivityBar {
    var title: String
    var fraction = 0.0
    var rows = 0
    let start = Date()

    func renderActiveBar(tick: UInt, width: Int) -> ConsoleText {
        let done = min(1, max(0, fraction))
        let filled = Int(done * Double(width))
        let bar = "[" + String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled) + "]"
        let elapsed = Date().timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(rows) / elapsed : 0
        let left = done > 0 ? elapsed / done - elapsed : 0
        return bar.consoleText(.info) + String(format: " %3d%%  %d rows  %.0f rows/s  %.0f s left", Int(done * 100), rows, rate, left).consoleText(.plain)
    }

    /// An indicator drawing the bar while an import runs, on a terminal only (never into a file or a CI log).
    static func indicator(for file: String) -> ActivityIndicator<ImportProgress>? {
        let terminal = Terminal()
        guard terminal.supportsANSICommands, isatty(STDOUT_FILENO) == 1, ProcessInfo.processInfo.environment["CI"] == nil else { return nil }
        return ImportProgress(title: URL(fileURLWithPath: file).lastPathComponent).newActivity(for: terminal)
    }
}
