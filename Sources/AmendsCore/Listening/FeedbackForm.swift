import AmendsJSON
import Foundation

/// What a customer typed and chose on a feedback page (or a business's own form posted to it), read into feedback.
///
/// The rules a page keeps: a rating or words; contact details (name, e-mail, phone) kept only with the consent box
/// ticked; no HTML kept from what was typed; the hidden `website` field left empty (people never see it, bots fill it).
public struct FeedbackForm: Sendable, Equatable {
    public var rating: String?
    public var text: String?
    public var name: String?
    public var email: String?
    public var phone: String?
    public var consent: Bool
    /// The option chosen for each extra question, by the question's key.
    public var choices: [String: String]
    /// The hidden field only a bot fills in.
    public var website: String?
    /// A key the page made for this answer, so sending it twice stores it once.
    public var submission: String?
    /// The language the page was shown in.
    public var language: String?

    /// The fields a form may send; an extra question's answer is `choice.KEY`.
    public static let fieldNames: Set<String> = ["rating", "text", "name", "email", "phone", "consent", "website", "submission", "lang"]
    public static let choicePrefix = "choice."

    /// Why a form was not accepted: the field to correct and the words that say how, in the page's language.
    public struct Problem: Error, Sendable, Equatable {
        public var field: String
        public var code: String
        public var text: PageText.Key?
        public var values: [String: String]
        /// For mistakes only a site's own form makes (a field it should not send), in English.
        public var message: String?

        public init(field: String, code: String, text: PageText.Key? = nil, values: [String: String] = [:], message: String? = nil) {
            self.field = field
            self.code = code
            self.text = text
            self.values = values
            self.message = message
        }

        /// The words that say what to correct, in `language` as the playbook words it.
        public func words(in language: String, playbook: Playbook) -> String {
            if let message { return message }
            guard let text else { return code }
            return PageText.fill(playbook.pageText(text, in: language), values)
        }
    }

    /// Reads the submitted `fields` by name; a field the form does not have is refused.
    public init(fields: [String: String]) throws(Problem) {
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            if name.utf8.contains(0) || value.utf8.contains(0) {
                throw Problem(field: name, code: "invalid_field", message: "\(name): may not hold a NUL character (%00)")
            }
            guard Self.fieldNames.contains(name) || (name.hasPrefix(Self.choicePrefix) && name.count > Self.choicePrefix.count) else {
                throw Problem(
                    field: name, code: "unknown_field",
                    message: "\(name): is not a field of the feedback form; it takes \(Self.fieldNames.sorted().joined(separator: ", ")) and choice.KEY")
            }
        }
        func value(_ name: String) -> String? {
            guard let text = fields[name]?.trimmed, !text.isEmpty else { return nil }
            return text
        }
        rating = value("rating")
        text = value("text").map(Self.withoutMarkup).flatMap { $0.isEmpty ? nil : $0 }
        name = value("name").map(Self.withoutMarkup).flatMap { $0.isEmpty ? nil : $0 }
        email = value("email")
        phone = value("phone")
        consent = ["yes", "on", "true", "1"].contains(value("consent")?.lowercased() ?? "")
        website = value("website")
        submission = value("submission")
        language = value("lang")
        var choices: [String: String] = [:]
        for (name, _) in fields where name.hasPrefix(Self.choicePrefix) {
            if let chosen = value(name) { choices[String(name.dropFirst(Self.choicePrefix.count))] = chosen }
        }
        self.choices = choices
    }

    /// Whether the hidden field was filled in: a bot's answer, thanked and not kept.
    public var isBot: Bool { website != nil }

    /// The feedback this form makes for `channel` at `location`, or the first thing to correct.
    public func submission(channel: Channel, location: Location, language: String, page: String, limits: IntakeLimits) throws(Problem)
        -> FeedbackSubmission
    {
        let questions = channel.questions ?? FeedbackQuestions()
        var score: Score?
        if let rating {
            let scale = questions.scale
            guard let value = Int(rating), scale.range.contains(Double(value)) else {
                throw Problem(field: "rating", code: "invalid_field", text: .badChoice)
            }
            score = Score(value: Double(value), scale: scale)
        }
        if score == nil && text == nil { throw Problem(field: "rating", code: "empty_feedback", text: .needRatingOrText) }
        if let text, text.count > limits.maxTextLength {
            throw Problem(field: "text", code: "invalid_field", text: .tooLong, values: ["limit": String(limits.maxTextLength)])
        }
        var answers: [String: JSONValue] = [:]
        for (key, chosen) in choices.sorted(by: { $0.key < $1.key }) {
            guard let choice = questions.choices?.first(where: { $0.key == key }) else {
                throw Problem(
                    field: Self.choicePrefix + key, code: "unknown_field",
                    message: "\(Self.choicePrefix + key): channel '\(channel.key)' asks no question '\(key)'")
            }
            guard choice.options.contains(where: { $0.key == chosen }) else {
                throw Problem(field: Self.choicePrefix + key, code: "invalid_field", text: .badChoice)
            }
            answers[key] = .string(chosen)
        }
        var customer: CustomerIdentity?
        if name != nil || email != nil || phone != nil {
            guard consent else { throw Problem(field: "consent", code: "consent_needed", text: .needConsent) }
            if let email, !Self.isEmail(email) { throw Problem(field: "email", code: "invalid_field", text: .badEmail) }
            if let phone, !Self.isPhone(phone) { throw Problem(field: "phone", code: "invalid_field", text: .badPhone) }
            if email == nil && phone == nil { throw Problem(field: "email", code: "contact_needed", text: .needContact) }
            customer = CustomerIdentity(email: email, phone: phone, name: name)
        } else if consent {
            throw Problem(field: "email", code: "contact_needed", text: .needContact)
        }
        var metadata: [String: JSONValue] = ["page": .string(page), "language": .string(language)]
        if !answers.isEmpty { metadata["answers"] = .object(answers) }
        if customer != nil { metadata["contact_consent"] = .bool(true) }
        return FeedbackSubmission(channel: channel.key, location: location.key, customer: customer, score: score, text: text, metadata: metadata)
    }

    static func isEmail(_ text: String) -> Bool {
        guard text.count <= 320, !text.contains(where: \.isWhitespace) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
    }

    static func isPhone(_ text: String) -> Bool {
        text.count <= 40 && text.filter { $0.isASCII && $0.isNumber }.count >= 5
            && text.allSatisfy { ($0.isASCII && $0.isNumber) || " +-().".contains($0) }
    }

    /// `text` without anything written as an HTML tag (`<b>`, `<a href=…>`, `</p>`, `<!-- … -->`), its spacing tidied.
    public static func withoutMarkup(_ text: String) -> String {
        guard text.contains("<") else { return text }
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "<", let next = text.index(index, offsetBy: 1, limitedBy: text.endIndex), next < text.endIndex,
                text[next].isLetter || text[next] == "/" || text[next] == "!",
                let close = text[next...].firstIndex(of: ">")
            {
                index = text.index(after: close)
                continue
            }
            result.append(character)
            index = text.index(after: index)
        }
        return result.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
