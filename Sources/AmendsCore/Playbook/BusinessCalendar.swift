import Foundation

/// A location's working time: opening hours per weekday and closed days, in its time zone.
///
/// SLAs counted in business hours run only while the location is open: an hour to acknowledge, given at 17:30 on a
/// Friday by a place open 09:00–18:00 on weekdays, runs out at 09:30 on Monday.
public struct BusinessCalendar: Sendable, Equatable {
    /// Minutes after midnight that each weekday opens and closes (1 = Sunday … 7 = Saturday, as `Calendar` counts);
    /// a day not listed is closed.
    public var hours: [Int: (open: Int, close: Int)]
    /// Closed days, as `yyyy-MM-dd` in the location's time zone.
    public var holidays: Set<String>
    public var timeZone: TimeZone

    public static func == (lhs: BusinessCalendar, rhs: BusinessCalendar) -> Bool {
        lhs.holidays == rhs.holidays && lhs.timeZone == rhs.timeZone && lhs.hours.count == rhs.hours.count
            && lhs.hours.allSatisfy { day, range in rhs.hours[day].map { $0 == range } ?? false }
    }

    /// The weekday names a playbook uses, in `Calendar`'s numbering.
    public static let weekdays = ["sun": 1, "mon": 2, "tue": 3, "wed": 4, "thu": 5, "fri": 6, "sat": 7]

    /// Reads `HH:MM-HH:MM` into minutes after midnight, or nil when it is not a range of the same day.
    public static func range(_ text: String) -> (open: Int, close: Int)? {
        let parts = text.replacingOccurrences(of: " ", with: "").split(separator: "-")
        guard parts.count == 2, let open = minutes(parts[0]), let close = minutes(parts[1]), open < close else { return nil }
        return (open, close)
    }

    static func minutes(_ text: Substring) -> Int? {
        let pieces = text.split(separator: ":")
        guard pieces.count == 2, pieces[0].count <= 2, pieces[1].count == 2, let hour = Int(pieces[0]), let minute = Int(pieces[1]),
            (0...24).contains(hour), (0..<60).contains(minute), hour * 60 + minute <= 24 * 60
        else { return nil }
        return hour * 60 + minute
    }

    /// Whether `text` is a `yyyy-MM-dd` date.
    public static func isDate(_ text: String) -> Bool {
        text.count == 10 && dayFormatter(TimeZone(identifier: "UTC")!).date(from: text) != nil
    }

    public init(hours: [Int: (open: Int, close: Int)], holidays: Set<String>, timeZone: TimeZone) {
        self.hours = hours
        self.holidays = holidays
        self.timeZone = timeZone
    }

    /// The moment `seconds` of open time after `start`. With no open day at all within ten years, the seconds are
    /// counted in real time instead, so a deadline always exists.
    public func adding(_ seconds: Int, to start: Date) -> Date {
        var remaining = Double(seconds)
        var deadline: Date?
        eachOpenStretch(from: start) { open, close in
            let from = max(open, start)
            guard from < close else { return true }
            let available = close.timeIntervalSince(from)
            if remaining <= available {
                deadline = from.addingTimeInterval(remaining)
                return false
            }
            remaining -= available
            return true
        }
        return deadline ?? start.addingTimeInterval(Double(seconds))
    }

    /// How many seconds the location is open between `start` and `end` (zero when `end` is not after `start`).
    public func openSeconds(from start: Date, to end: Date) -> Int {
        guard end > start else { return 0 }
        var total = 0.0
        eachOpenStretch(from: start) { open, close in
            guard open < end else { return false }
            let from = max(open, start)
            let until = min(close, end)
            if until > from { total += until.timeIntervalSince(from) }
            return true
        }
        return Int(total.rounded())
    }

    /// Calls `body` with the opening and closing time of each open day, from `start`'s day on for at most ten years,
    /// until it answers false.
    private func eachOpenStretch(from start: Date, _ body: (Date, Date) -> Bool) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let formatter = Self.dayFormatter(timeZone)
        var day = calendar.startOfDay(for: start)
        for _ in 0..<3660 {
            if let range = hours[calendar.component(.weekday, from: day)], !holidays.contains(formatter.string(from: day)) {
                let open = calendar.date(byAdding: .minute, value: range.open, to: day)!
                let close = calendar.date(byAdding: .minute, value: range.close, to: day)!
                if !body(open, close) { return }
            }
            day = calendar.date(byAdding: .day, value: 1, to: day)!
        }
    }

    /// Writes and reads days as `yyyy-MM-dd` in `timeZone`.
    static func dayFormatter(_ timeZone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter
    }
}

extension Location {
    /// The location's business calendar, or nil when it has no opening hours (its SLAs then run in real time).
    public var businessCalendar: BusinessCalendar? {
        guard let openingHours, !openingHours.isEmpty, let zone = TimeZone(identifier: timeZone) else { return nil }
        var hours: [Int: (open: Int, close: Int)] = [:]
        for (name, text) in openingHours {
            guard let weekday = BusinessCalendar.weekdays[name.lowercased()], let range = BusinessCalendar.range(text) else { continue }
            hours[weekday] = range
        }
        return hours.isEmpty ? nil : BusinessCalendar(hours: hours, holidays: Set(holidays ?? []), timeZone: zone)
    }
}

extension Playbook {
    /// When `seconds` of a scenario's SLA, started at `start`, run out at `location`: in business hours when the
    /// scenario counts them and the location has opening hours, else in real time.
    public func deadline(adding seconds: Int, to start: Date, scenario: Scenario, location key: String) -> Date {
        if scenario.slaClock == .businessHours, let calendar = location(key)?.businessCalendar {
            return calendar.adding(seconds, to: start)
        }
        return start.addingTimeInterval(Double(seconds))
    }

    /// How much of a scenario's SLA time passes between `start` and `end` at `location`, by the same clock.
    public func slaSeconds(from start: Date, to end: Date, scenario: Scenario, location key: String) -> Int {
        if scenario.slaClock == .businessHours, let calendar = location(key)?.businessCalendar {
            return calendar.openSeconds(from: start, to: end)
        }
        return max(0, Int(end.timeIntervalSince(start).rounded()))
    }
}
