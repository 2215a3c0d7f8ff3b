import AmendsCore
import AmendsTestSupport
import Foundation
import Testing

@Suite("Message templates")
struct MessageTemplateTests {
    static let values = TemplateValue.object([
        "customer": .object(["name": .text("Ana")]),
        "compensation": .object([
            "description": .text("Drinks at the bar (25.00 EUR)"),
            "items": .list([.object(["name": .text("Drinks"), "value": .text("25.00 EUR")]), .object(["name": .text("Late check-out"), "value": .text("30.00 EUR")])]),
        ]),
        "empty": .list([]),
    ])

    @Test func valuesSectionsAndCommentsRender() throws {
        func render(_ text: String) throws -> String { try TextTemplate(parsing: text).render(Self.values) }
        #expect(try render("Dear {{customer.name}},") == "Dear Ana,")
        #expect(try render("Dear {{{ customer.name }}} and {{& customer.name}}") == "Dear Ana and Ana")
        #expect(
            try render("{{#compensation.items}}- {{name}} ({{value}}) for {{customer.name}}\n{{/compensation.items}}")
                == "- Drinks (25.00 EUR) for Ana\n- Late check-out (30.00 EUR) for Ana\n")
        #expect(try render("{{^empty}}nothing{{/empty}}{{#empty}}never{{/empty}}") == "nothing")
        #expect(try render("{{#customer.name}}Hi {{customer.name}}{{/customer.name}}{{^customer.phone}}, no phone{{/customer.phone}}") == "Hi Ana, no phone")
        #expect(try render("a{{! a comment }}b") == "ab")
        // An unknown name is nothing; markup in values is kept as written (messages are plain text).
        #expect(try render("[{{nobody.name}}]") == "[]")
        #expect(try TextTemplate(parsing: "{{x}}").render(.object(["x": .text("<b>&\u{07}\u{1B}[31m")])) == "<b>&[31m")
    }

    @Test func theNamesATemplateUsesAreFoundInSectionsAndInvertedSectionsAlike() throws {
        let template = try TextTemplate(parsing: "{{#a.items}}{{^note}}{{missing}}{{/note}}{{/a.items}}{{^b}}{{c.d}}{{/b}}{{! {{hidden}} }}{{{e}}}")
        let names = template.names
        for name in ["a", "a.items", "a.items.note", "a.items.missing", "b", "c", "c.d", "e"] { #expect(names.contains(name), "\(name)") }
        // A name unset inside a section is not taken for one asked at the top, and comments ask for nothing.
        #expect(!names.contains("missing") && !names.contains("note") && !names.contains("hidden"))
    }

    @Test func unreadableTemplatesSayWhereAndWhy() {
        let cases: [(String, String)] = [
            ("Hello {{customer.name", "line 1: a tag opened with {{ is never closed"),
            ("{{#a}}\nx", "line 2: a section ({{#…}} or {{^…}}) is never closed (at 'x')"),
            ("{{#a}}x{{/b}}", "line 1: a section is closed with another name than it was opened with (at '{{#a}}x{{/b}}')"),
            ("x\n{{/a}}", "line 2: a section is closed with another name than it was opened with (at '{{/a}}')"),
            ("{{> footer}}", "line 1: partials and inheritance ({{> …}}, {{< …}}, {{$ …}}) are not used in messages: a template stands alone"),
            ("{{<base}}{{/base}}", "line 1: partials and inheritance ({{> …}}, {{< …}}, {{$ …}}) are not used in messages: a template stands alone"),
            ("{{=<% %>=}}", "line 1: changing delimiters ({{= …=}}) is not supported"),
            ("{{% CONTENT_TYPE: HTML }}", "line 1: pragmas ({{% …}}) are not used in messages"),
            ("x\ny\n{{uppercased(customer.name)}}", "line 3: functions such as uppercased(…) are not used in messages"),
            ("{{}}", "line 1: an empty tag {{}}"),
            ("{{customer name}}", "line 1: 'customer name' is not a name such as customer.name"),
        ]
        for (text, message) in cases {
            #expect(throws: AmendsError.self) { try TextTemplate(parsing: text) }
            do {
                _ = try TextTemplate(parsing: text)
            } catch {
                #expect(error.message == message, "\(text)")
            }
        }
    }

    @Test func aPlaybookTemplateMayUseOnlyTheNamesMessagesHave() {
        var playbook = Fixture.messagingPlaybook()
        #expect(playbook.problems().isEmpty)
        playbook.scenarios[0].templates?.append(MessageTemplate(kind: .update, channel: .email, language: "en", body: "Hi {{customer.nmae}} {{#case.id}}"))
        playbook.scenarios[0].templates?.append(MessageTemplate(kind: .update, channel: .sms, language: "en", body: "{{#compensation.items}}{{name}}{{/compensation.items}}"))
        let messages = playbook.problems().map(\.description)
        #expect(messages.contains { $0.hasPrefix("scenarios[0].templates[4].body: line 1: a section ({{#…}} or {{^…}}) is never closed") }, "\(messages)")
        #expect(messages.contains("scenarios[0].templates[4].subject: an e-mail template needs a subject"))
        #expect(messages.count == 2, "\(messages)")
        playbook.scenarios[0].templates?[4] = MessageTemplate(kind: .update, channel: .sms, language: "en", body: "Hi {{customer.nmae}}")
        #expect(playbook.problems().map(\.description).contains { $0.hasPrefix("scenarios[0].templates[4].body: '{{customer.nmae}}' is not a name messages have") })
    }

    @Test func aDraftIsFilledFromTheCaseAloneAndChoosesAReachableMedium() throws {
        let playbook = Fixture.messagingPlaybook()
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        var recoveryCase = RecoveryCase(
            id: "019a3c4e-7b21-7d3e-9f10-2a4b6c8d0e1f", scenario: "unclean-room", location: "lisbon", team: "housekeeping", severity: .high, status: .acknowledged,
            origin: .feedback, summary: "Dirty room", customer: CustomerIdentity(phone: "+351 912 000 111", name: "Ana\r\nBcc: x@evil.test"),
            openedAt: now, acknowledgeBy: now, resolveBy: now)
        let staff = StaffMember(id: "s1", name: "Marta", email: nil, role: .frontline, createdAt: now)
        let grant = CompensationGrant(
            id: "g", caseID: recoveryCase.id, location: "lisbon", customerKey: nil, remedy: playbook.compensation!.remedy("drinks")!,
            value: Money(parsing: "25 EUR")!, reason: "r", status: .granted, requestedBy: "staff:s1", requestedAt: now)
        let context = MessageContext(recoveryCase: recoveryCase, playbook: playbook, staff: staff, compensation: [grant], statusLink: "https://x/customer/cases/t")
        // No e-mail address: the apology goes by SMS, the medium the customer can be reached on.
        let sms = try playbook.draft(.apology, medium: nil, language: nil, for: recoveryCase, context: context)
        #expect(sms.medium == .sms && sms.address == "+351 912 000 111")
        #expect(sms.body == "Ana\nBcc: x@evil.test, sorry about your room at Lisbon. Drinks at the bar (25.00 EUR) is on us. Ref 6C8D0E1F. Track it: https://x/customer/cases/t")
        #expect(throws: AmendsError.self) { try playbook.draft(.apology, medium: .email, language: nil, for: recoveryCase, context: context) }
        recoveryCase.customer?.email = "ana@example.com"
        let email = try playbook.draft(.apology, medium: .email, language: "pt", for: recoveryCase, context: context)
        // A subject stays on one line whatever the values hold.
        #expect(email.subject == "Pedimos desculpa, Ana Bcc: x@evil.test")
        #expect(email.language == "pt")
        #expect(throws: AmendsError.self) { try playbook.draft(.followUp, medium: nil, language: nil, for: recoveryCase, context: context) }
    }

    @Test func aCustomerWithoutANameIsAddressedInTheTemplatesLanguage() throws {
        var playbook = Fixture.messagingPlaybook()
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let recoveryCase = RecoveryCase(
            id: "019a3c4e-7b21-7d3e-9f10-2a4b6c8d0e1f", scenario: "unclean-room", location: "lisbon", team: "housekeeping", severity: .high, status: .acknowledged,
            origin: .feedback, summary: "Dirty room", customer: CustomerIdentity(email: "guest@example.com", name: "  "), openedAt: now, acknowledgeBy: now,
            resolveBy: now)
        func subject(_ language: String) throws -> String? {
            let context = MessageContext(recoveryCase: recoveryCase, playbook: playbook, staff: nil, compensation: [])
            return try playbook.draft(.apology, medium: .email, language: language, for: recoveryCase, context: context).subject
        }
        // Amends' own word for the language, then the playbook's, which a regional tag (pt-PT) finds by its language.
        #expect(try subject("en") == "We are sorry, customer")
        #expect(try subject("pt") == "Pedimos desculpa, cliente")
        playbook.unnamedCustomer = ["en": "guest", "pt-PT": "hóspede"]
        #expect(try subject("en") == "We are sorry, guest")
        playbook.scenarios[0].templates?[1].language = "pt-BR"
        #expect(try subject("pt-BR") == "Pedimos desculpa, cliente")
        playbook.scenarios[0].templates?[1].language = "pt-PT"
        #expect(try subject("pt-PT") == "Pedimos desculpa, hóspede")
        // A template can word it differently itself.
        playbook.scenarios[0].templates?[0].subject = "{{#customer.named}}Dear {{customer.name}}{{/customer.named}}{{^customer.named}}Hello{{/customer.named}}"
        #expect(try subject("en") == "Hello")
        #expect(playbook.problems().isEmpty)
    }

    @Test func aTemplateInALanguageWithNoWordForAnUnnamedCustomerIsRefusedOnImport() {
        var playbook = Fixture.messagingPlaybook()
        playbook.scenarios[0].templates?.append(MessageTemplate(kind: .update, channel: .sms, language: "nl", body: "Beste {{customer.name}}, het is opgelost."))
        playbook.scenarios[0].templates?.append(MessageTemplate(kind: .resolution, channel: .sms, language: "nl", body: "Het is opgelost."))
        playbook.unnamedCustomer = ["x_y": "guest", "de": " "]
        let messages = playbook.problems().map(\.description)
        #expect(
            messages == [
                "unnamed_customer.de: must be a word or a few on one line, such as \"guest\"",
                "unnamed_customer.x_y: 'x_y' is not a language tag such as en or pt-PT",
                "scenarios[0].templates[4].language: this template uses {{customer.name}}, and nothing says how to address a customer without a name in 'nl': "
                    + "add it to the playbook as unnamed_customer: {nl: …}",
            ], "\(messages)")
        playbook.unnamedCustomer = ["nl": "klant"]
        #expect(playbook.problems().isEmpty)
    }
}
