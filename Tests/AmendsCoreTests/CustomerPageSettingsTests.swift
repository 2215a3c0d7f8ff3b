import AmendsCore
import AmendsTestSupport
import Foundation
import Testing

/// The playbook's settings for the customer pages and survey campaigns: each wrong one named at its field.
@Suite("Customer page settings")
struct CustomerPageSettingsTests {
    static func messages(_ change: (inout Playbook) -> Void) -> [String] {
        var playbook = Fixture.playbook()
        change(&playbook)
        return playbook.problems().map(\.description)
    }

    @Test func languagesLogosColoursAndFeedbackChannelsAreChecked() {
        let tiny = "data:image/png;base64," + Data([0x89, 0x50, 0x4e, 0x47]).base64EncodedString()
        #expect(
            Self.messages {
                $0.locations[0].logo = tiny; $0.locations[0].color = "#1d4f91"; $0.locations[0].languages = ["pt", "en"]
            }.isEmpty)
        let problems = Self.messages {
            $0.locations[0].languages = ["pt", "it"]
            $0.locations[0].logo = "https://example.com/logo.png"
            $0.locations[0].color = "blue"
            $0.locations[0].feedbackChannel = "nowhere"
            $0.locations[1].languages = []
            $0.locations[1].logo = "data:image/png;base64," + Data(count: 40 * 1024).base64EncodedString()
        }
        #expect(
            problems == [
                "locations[0].languages[1]: 'it' is not a language the customer pages speak (en, es, fr, de, pt); add its words under page_texts",
                "locations[0].logo: must be a data: URL of a PNG, JPEG, WebP or SVG image in base64, such as data:image/png;base64,iVBOR…",
                "locations[0].color: 'blue' is not a colour such as \"#0b5394\"",
                "locations[0].feedback_channel: 'nowhere' is not a channel in this playbook",
                "locations[1].languages: needs at least one language, or leave it out to offer them all",
                "locations[1].logo: is 40 KB; the limit is 32 KB, to keep pages light",
            ], "\(problems)")
    }

    @Test func pageTextsChangeWordsOrAddAWholeLanguage() {
        #expect(Self.messages { $0.pageTexts = ["pt": ["send": "Enviar já"]] }.isEmpty)
        let problems = Self.messages { $0.pageTexts = ["pt": ["sned": "Enviar", "send": " "], "it": ["send": "Invia"], "x y": ["send": "?"]] }
        #expect(problems.contains("page_texts.pt.sned: 'sned' is not a text of the customer pages; they are " + PageText.Key.allCases.map(\.rawValue).joined(separator: ", ")))
        #expect(problems.contains("page_texts.pt.send: must not be empty"))
        #expect(problems.contains { $0.hasPrefix("page_texts.it: adds a language Amends does not ship, so it must give every text; missing: language_name, page_title") })
        #expect(problems.contains("page_texts.x y: 'x y' is not a language tag such as en, pt or pt-BR"))
        // Italian given whole is a language the pages speak, and a location may offer it.
        let italian = Dictionary(uniqueKeysWithValues: PageText.Key.allCases.map { ($0.rawValue, "parola") })
        #expect(
            Self.messages {
                $0.pageTexts = ["it": italian]; $0.locations[0].languages = ["it", "en"]
            }.isEmpty)
    }

    @Test func questionsAndCampaignsBelongToChannelsThatHaveThem() {
        let problems = Self.messages {
            $0.channels.append(Channel(key: "phone", name: "Phone", kind: .sms, questions: FeedbackQuestions(rating: .nps)))
            $0.channels[1].questions = FeedbackQuestions(choices: [.init(key: "area", text: LocalizedText("Area?"), options: [.init(key: "room", text: LocalizedText("Room"))])])
            $0.channels[0].campaign = SurveyCampaign(after: SLADuration(seconds: 3600))
            $0.channels[1].campaign = SurveyCampaign(after: SLADuration(seconds: 3600), reminderAfter: SLADuration(seconds: 40 * 86400))
        }
        #expect(
            problems.sorted() == [
                "channels[0].campaign: only a survey channel sends surveys after a visit; this one is kiosk",
                "channels[1].campaign.reminder_after: comes after the link stops working (link_lasts 30d); remind sooner",
                "channels[1].questions.choices[0].options: needs at least two options to choose from",
                "channels[2].questions: a sms channel has no feedback page to ask questions on; use kind survey, kiosk, qr or web",
            ], "\(problems)")
    }

    @Test func theInvitationIsInTheCustomersLanguageWithTheirNameOrWithout() throws {
        var playbook = Fixture.playbook()
        playbook.pageTexts = ["de": ["invite_subject": "Wie war es in {location}, {name}?"]]
        let visit = Visit(
            id: "v1", campaign: "survey", location: "lisbon", customer: CustomerIdentity(email: "ana@example.com", name: "Ana"), visitedAt: Date(),
            nextAt: nil, createdAt: Date(), createdBy: "test")
        let until = Date(timeIntervalSince1970: 1_797_000_000)
        let german = try #require(
            playbook.invitation(for: visit, reminder: false, medium: .email, language: "de", link: "L", unsubscribe: "U", until: until))
        #expect(german.subject == "Wie war es in Lisbon, Ana?" && german.body.hasPrefix("Hallo Ana,") && german.body.contains("L") && german.body.contains("U"))
        #expect(german.body.contains("Der Link gilt einmal, bis 11. Dezember 2026."))
        var nameless = visit
        nameless.customer.name = nil
        let french = try #require(playbook.invitation(for: nameless, reminder: true, medium: .email, language: "fr", link: "L", unsubscribe: "U", until: until))
        #expect(french.body.hasPrefix("Bonjour,\n") && french.subject == "Une minute pour Lisbon ?")
        #expect(playbook.invitation(for: visit, reminder: false, medium: .sms, language: "en", link: "L", unsubscribe: "U", until: until) == nil)
        // The visit's language first, then the customer's, then the location's first.
        #expect(playbook.surveyLanguage(for: visit, preferences: CustomerPreferences(language: "es")) == "es")
        var spoken = visit
        spoken.language = "pt-BR"
        #expect(playbook.surveyLanguage(for: spoken, preferences: CustomerPreferences(language: "es")) == "pt")
        playbook.locations[0].languages = ["fr", "en"]
        #expect(playbook.surveyLanguage(for: visit, preferences: CustomerPreferences()) == "fr")
    }
}
