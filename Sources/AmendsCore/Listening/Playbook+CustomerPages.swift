import Foundation

extension Playbook {
    /// The words of `key` on a customer page in `language`: the playbook's own, else the shipped ones (for the
    /// language, else its primary language), else English.
    public func pageText(_ key: PageText.Key, in language: String) -> String {
        let primary = PageLanguage.primary(language)
        for tag in [language, primary] {
            if let text = pageTexts?.first(where: { $0.key.lowercased() == tag.lowercased() })?.value[key.rawValue] { return text }
        }
        return PageText.shipped(key, in: primary) ?? PageText.shipped(key, in: "en") ?? key.rawValue
    }

    /// Every language the customer pages can speak: the shipped ones, then those the playbook adds.
    public var pageLanguages: [String] {
        var languages = PageText.shippedLanguages
        for tag in (pageTexts ?? [:]).keys.sorted() where !languages.contains(where: { $0.lowercased() == tag.lowercased() }) {
            languages.append(tag)
        }
        return languages
    }

    /// The languages the pages of `location` offer, its default first.
    public func pageLanguages(at location: Location) -> [String] {
        if let languages = location.languages, !languages.isEmpty { return languages }
        return pageLanguages
    }

    /// The channel `/f/{location}` opens: the location's `feedback_channel`, else the first channel with a feedback page.
    public func feedbackChannel(at location: Location) -> Channel? {
        if let key = location.feedbackChannel { return channel(key) }
        return channels.first { $0.kind.hasFeedbackPage }
    }

    /// The image types a location's logo may be.
    public static let logoTypes = ["image/png", "image/jpeg", "image/webp", "image/svg+xml"]
    /// The largest logo, decoded, so that a page with it stays small.
    public static let logoLimit = 32 * 1024

    /// A location's logo as its media type and bytes, or nil when the `data:` URL does not hold one.
    public static func logoImage(_ url: String) -> (type: String, bytes: Data)? {
        guard url.hasPrefix("data:"), let comma = url.firstIndex(of: ",") else { return nil }
        let header = url[url.index(url.startIndex, offsetBy: 5)..<comma].lowercased()
        let parts = header.split(separator: ";").map(String.init)
        guard let type = parts.first, logoTypes.contains(type), parts.dropFirst() == ["base64"] else { return nil }
        guard let bytes = Data(base64Encoded: String(url[url.index(after: comma)...])), !bytes.isEmpty else { return nil }
        return (type, bytes)
    }

    /// Whether `text` is a colour written `#rrggbb`.
    public static func isColor(_ text: String) -> Bool {
        text.count == 7 && text.first == "#" && text.dropFirst().allSatisfy(\.isHexDigit)
    }

    /// Problems with the customer pages' settings: languages, logos, colours, feedback channels, questions and texts.
    func customerPageProblems(_ report: (FieldPath, String) -> Void) {
        let root = FieldPath()
        let known = Set(PageText.Key.allCases.map(\.rawValue))
        for (language, texts) in (pageTexts ?? [:]).sorted(by: { $0.key < $1.key }) {
            let path = root.key("page_texts").key(language)
            if !MessageTemplate.isLanguageTag(language) {
                report(path, "'\(language)' is not a language tag such as en, pt or pt-BR")
                continue
            }
            for name in texts.keys.sorted() where !known.contains(name) {
                report(path.key(name), "'\(name)' is not a text of the customer pages; they are \(PageText.Key.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            for (name, text) in texts.sorted(by: { $0.key < $1.key }) where text.trimmingCharacters(in: .whitespaces).isEmpty {
                report(path.key(name), "must not be empty")
            }
            if !PageText.shippedLanguages.contains(PageLanguage.primary(language)) {
                let missing = PageText.Key.allCases.map(\.rawValue).filter { texts[$0] == nil }
                if !missing.isEmpty {
                    report(path, "adds a language Amends does not ship, so it must give every text; missing: \(missing.joined(separator: ", "))")
                }
            }
        }
        let spoken = pageLanguages
        for (index, location) in locations.enumerated() {
            let path = root.key("locations").index(index)
            if let languages = location.languages {
                if languages.isEmpty { report(path.key("languages"), "needs at least one language, or leave it out to offer them all") }
                for (offset, tag) in languages.enumerated() where !spoken.contains(where: { $0.lowercased() == tag.lowercased() }) {
                    report(
                        path.key("languages").index(offset),
                        "'\(tag)' is not a language the customer pages speak (\(spoken.joined(separator: ", "))); add its words under page_texts")
                }
            }
            if let logo = location.logo {
                if let image = Self.logoImage(logo) {
                    if image.bytes.count > Self.logoLimit {
                        report(path.key("logo"), "is \(image.bytes.count / 1024) KB; the limit is \(Self.logoLimit / 1024) KB, to keep pages light")
                    }
                } else {
                    report(path.key("logo"), "must be a data: URL of a PNG, JPEG, WebP or SVG image in base64, such as data:image/png;base64,iVBOR…")
                }
            }
            if let color = location.color, !Self.isColor(color) { report(path.key("color"), "'\(color)' is not a colour such as \"#0b5394\"") }
            if let key = location.feedbackChannel {
                if let channel = channel(key) {
                    if !channel.kind.hasFeedbackPage {
                        report(path.key("feedback_channel"), "channel '\(key)' is a \(channel.kind.rawValue) channel, which has no feedback page")
                    }
                } else {
                    report(path.key("feedback_channel"), "'\(key)' is not a channel in this playbook")
                }
            }
        }
        for (index, channel) in channels.enumerated() {
            guard let questions = channel.questions else { continue }
            let path = root.key("channels").index(index).key("questions")
            if !channel.kind.hasFeedbackPage {
                report(path, "a \(channel.kind.rawValue) channel has no feedback page to ask questions on; use kind survey, kiosk, qr or web")
            }
            let choices = questions.choices ?? []
            checkKeys(choices.map(\.key), at: path.key("choices"), report)
            for (offset, choice) in choices.enumerated() {
                let choicePath = path.key("choices").index(offset)
                if choice.options.count < 2 { report(choicePath.key("options"), "needs at least two options to choose from") }
                checkKeys(choice.options.map(\.key), at: choicePath.key("options"), report)
            }
        }
    }
}
