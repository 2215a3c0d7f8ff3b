import Foundation

/// A campaign's message to one customer: the invitation to the survey, or its one reminder.
public struct SurveyInvitation: Sendable, Equatable {
    public var medium: MessageTemplate.Medium
    public var address: String
    public var language: String
    public var subject: String?
    public var body: String
}

extension Playbook {
    /// The language to ask a visit's customer in: the visit's, else the one the customer last used with us, else the
    /// location's first, among the languages the location's pages speak.
    public func surveyLanguage(for visit: Visit, preferences: CustomerPreferences) -> String {
        let offered = location(visit.location).map { pageLanguages(at: $0) } ?? pageLanguages
        return PageLanguage.choose(asked: visit.language ?? preferences.language, acceptLanguage: nil, offered: offered)
    }

    /// The invitation (or, when `reminder`, the reminder) for `visit` on `medium`, in `language`: the page texts
    /// `invite_*` or `reminder_*`, with the survey `link`, the `unsubscribe` link and the day the link stops working.
    public func invitation(
        for visit: Visit, reminder: Bool, medium: MessageTemplate.Medium, language: String, link: String, unsubscribe: String, until: Date
    ) -> SurveyInvitation? {
        guard let address = visit.customer.address(for: medium) else { return nil }
        let place = location(visit.location)
        let name = visit.customer.name?.trimmed.nonEmpty
        let greeting = name.map { PageText.fill(pageText(.greeting, in: language), ["name": $0]) } ?? pageText(.greetingNoName, in: language)
        let values = [
            "location": place?.name ?? visit.location, "name": name ?? "", "greeting": greeting, "link": link, "unsubscribe": unsubscribe,
            "until": Self.day(until, language: language, timeZone: place.flatMap { TimeZone(identifier: $0.timeZone) }),
        ]
        if medium == .sms {
            return SurveyInvitation(
                medium: medium, address: address, language: language, subject: nil,
                body: PageText.fill(pageText(reminder ? .reminderSMS : .inviteSMS, in: language), values))
        }
        return SurveyInvitation(
            medium: medium, address: address, language: language,
            subject: MessageDraft.oneLine(PageText.fill(pageText(reminder ? .reminderSubject : .inviteSubject, in: language), values)),
            body: PageText.fill(pageText(reminder ? .reminderBody : .inviteBody, in: language), values))
    }

    /// A day in the customer's language, such as "5 December 2026" or "5 de diciembre de 2026".
    public static func day(_ date: Date, language: String, timeZone: TimeZone?) -> String {
        var style = Date.FormatStyle(date: .long, time: .omitted, locale: Locale(identifier: language))
        style.timeZone = timeZone ?? TimeZone(identifier: "UTC")!
        return date.formatted(style)
    }
}
