import AmendsCore
import Foundation

/// How the console writes times and deadlines: in the location's time zone, with the zone shown.
enum ConsoleFormat {
    /// `3 Dec 2026, 16:40 WET` in `timeZone`.
    static func time(_ date: Date, in timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = timeZone
        formatter.dateFormat = "d MMM yyyy, HH:mm zzz"
        return formatter.string(from: date)
    }

    /// The time zone of a location of the playbook, else UTC.
    /// A whole number with its thousands grouped by commas: 12,500.
    static func grouped(_ number: Int) -> String {
        let digits = Array(String(number.magnitude))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return (number < 0 ? "-" : "") + text
    }

    static func timeZone(of location: String, in playbook: Playbook?) -> TimeZone {
        playbook?.location(location).flatMap { TimeZone(identifier: $0.timeZone) } ?? TimeZone(identifier: "UTC")!
    }

    /// How far `date` is from `now` in words: "in 14 min", "2 h 5 min ago".
    static func countdown(to date: Date, from now: Date) -> String {
        let seconds = Int(date.timeIntervalSince(now).rounded())
        let minutes = abs(seconds) / 60
        let span: String =
            if minutes < 1 { "under a minute" } else if minutes < 60 { "\(minutes) min" } else if minutes < 48 * 60 {
                minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(minutes % 60) min"
            } else { "\(minutes / 1440) days" }
        return seconds < 0 ? "\(span) ago" : "in \(span)"
    }

    /// A deadline as the templates show it: the time in the location's zone, the countdown the script keeps live, and
    /// whether it has passed.
    static func deadline(_ date: Date, now: Date, timeZone: TimeZone) -> [String: Any] {
        ["iso": Timestamp.string(date), "time": time(date, in: timeZone), "countdown": countdown(to: date, from: now), "overdue": date < now]
    }

    /// `text` cut into pieces, the ones that are one of `words` (as the customer wrote them; any case) marked, for a
    /// template to show with `<mark>`.
    static func highlight(_ text: String, words: [String]) -> [[String: Any]] {
        var marked: [Range<String.Index>] = []
        for word in Set(words.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !word.isEmpty {
            var from = text.startIndex
            while let found = text.range(of: word, options: [.caseInsensitive, .diacriticInsensitive], range: from..<text.endIndex) {
                if !marked.contains(where: { $0.overlaps(found) }) { marked.append(found) }
                from = found.upperBound
            }
        }
        marked.sort { $0.lowerBound < $1.lowerBound }
        var pieces: [[String: Any]] = []
        var cursor = text.startIndex
        for range in marked {
            if cursor < range.lowerBound { pieces.append(["text": String(text[cursor..<range.lowerBound]), "mark": false]) }
            pieces.append(["text": String(text[range]), "mark": true])
            cursor = range.upperBound
        }
        if cursor < text.endIndex { pieces.append(["text": String(text[cursor...]), "mark": false]) }
        return pieces
    }
}
