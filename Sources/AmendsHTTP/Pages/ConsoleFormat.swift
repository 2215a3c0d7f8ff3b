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
}
