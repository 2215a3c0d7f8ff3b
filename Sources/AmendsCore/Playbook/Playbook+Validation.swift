import AmendsText
import Foundation

extension Playbook {
    /// Everything wrong with this playbook; empty when it can be used.
    public func problems() -> [PlaybookProblem] {
        var problems: [PlaybookProblem] = []
        func report(_ path: FieldPath, _ message: String) {
            problems.append(PlaybookProblem(path: path, message: message))
        }
        let root = FieldPath()
        if name.trimmingCharacters(in: .whitespaces).isEmpty { report(root.key("name"), "must not be empty") }
        if locations.isEmpty { report(root.key("locations"), "needs at least one location") }
        if channels.isEmpty { report(root.key("channels"), "needs at least one channel") }
        if teams.isEmpty { report(root.key("teams"), "needs at least one team") }

        checkKeys(locations.map(\.key), at: root.key("locations"), report)
        checkKeys(teams.map(\.key), at: root.key("teams"), report)
        checkKeys(channels.map(\.key), at: root.key("channels"), report)
        checkKeys(scenarios.map(\.key), at: root.key("scenarios"), report)

        for (index, location) in locations.enumerated() where TimeZone(identifier: location.timeZone) == nil {
            report(
                root.key("locations").index(index).key("time_zone"), "'\(location.timeZone)' is not a known time zone (use an IANA name such as Europe/Lisbon)")
        }
        for (index, location) in locations.enumerated() {
            let path = root.key("locations").index(index)
            for (day, text) in (location.openingHours ?? [:]).sorted(by: { $0.key < $1.key }) {
                if BusinessCalendar.weekdays[day.lowercased()] == nil {
                    report(path.key("opening_hours").key(day), "'\(day)' is not a weekday; use mon, tue, wed, thu, fri, sat or sun")
                } else if BusinessCalendar.range(text) == nil {
                    report(path.key("opening_hours").key(day), "'\(text)' is not opening hours such as \"09:00-18:00\"")
                }
            }
            for (offset, day) in (location.holidays ?? []).enumerated() where !BusinessCalendar.isDate(day) {
                report(path.key("holidays").index(offset), "'\(day)' is not a date such as \"2026-12-25\"")
            }
        }
        if !locations.contains(where: { $0.businessCalendar != nil }) {
            for (index, scenario) in scenarios.enumerated() where scenario.slaClock == .businessHours {
                report(root.key("scenarios").index(index).key("sla_clock"), "no location has opening_hours to count business hours in")
            }
        }
        for (index, channel) in channels.enumerated() {
            if let thresholds = channel.scoreThresholds {
                checkThresholds(thresholds, at: root.key("channels").index(index).key("score_thresholds"), report)
            }
            if let secret = channel.secret {
                if WebhookSecret(secret) == nil {
                    report(root.key("channels").index(index).key("secret"), "must be 'whsec_' followed by base64 of at least 24 bytes")
                } else if channel.kind.replyMedium == nil {
                    report(
                        root.key("channels").index(index).key("secret"),
                        "only email, sms and chat channels take signed replies; a \(channel.kind.rawValue) channel has no use for a secret")
                }
            }
        }
        for (teamIndex, team) in teams.enumerated() {
            let teamPath = root.key("teams").index(teamIndex)
            if team.members.isEmpty { report(teamPath.key("members"), "needs at least one member") }
            checkKeys(team.members.map(\.key), at: teamPath.key("members"), report)
            for (memberIndex, member) in team.members.enumerated() {
                let memberPath = teamPath.key("members").index(memberIndex)
                if member.contacts.isEmpty { report(memberPath.key("contacts"), "needs at least one contact") }
                for (contactIndex, contact) in member.contacts.enumerated() {
                    let contactPath = memberPath.key("contacts").index(contactIndex)
                    if !Playbook.isWebURL(contact.webhook) {
                        report(contactPath.key("webhook"), "'\(contact.webhook)' is not an http or https URL")
                    }
                    if let secret = contact.secret, WebhookSecret(secret) == nil {
                        report(contactPath.key("secret"), "must be 'whsec_' followed by base64 of at least 24 bytes")
                    }
                }
            }
            if team.escalation.isEmpty { report(teamPath.key("escalation"), "needs at least one level") }
            for (levelIndex, level) in team.escalation.enumerated() {
                let levelPath = teamPath.key("escalation").index(levelIndex)
                if level.notify.isEmpty { report(levelPath.key("notify"), "names nobody") }
                for (memberIndex, key) in level.notify.enumerated() where team.member(key) == nil {
                    report(levelPath.key("notify").index(memberIndex), "'\(key)' is not a member of team '\(team.key)'")
                }
            }
        }
        for (index, scenario) in scenarios.enumerated() {
            checkScenario(scenario, at: root.key("scenarios").index(index), report)
        }
        if let fallback = fallbackScenario, scenario(fallback) == nil {
            report(root.key("fallback_scenario"), "'\(fallback)' is not a scenario in this playbook")
        }
        if let threshold = textThreshold, !(0.5...1).contains(threshold) {
            report(root.key("text_threshold"), "\(threshold) is outside 0.5 to 1")
        }
        checkCompensation(report)
        unnamedCustomerProblems(report)
        customerPageProblems(report)
        campaignProblems(report)
        return problems
    }

    /// The catalog, the authority limits, the budgets and the guarantees.
    private func checkCompensation(_ report: (FieldPath, String) -> Void) {
        let root = FieldPath()
        let path = root.key("compensation")
        if let compensation {
            checkKeys(compensation.catalog.map(\.key), at: path.key("catalog"), report)
            for (index, remedy) in compensation.catalog.enumerated() {
                let remedyPath = path.key("catalog").index(index)
                if remedy.name.trimmingCharacters(in: .whitespaces).isEmpty { report(remedyPath.key("name"), "must not be empty") }
                switch (remedy.value, remedy.max) {
                case (nil, nil): report(remedyPath, "needs a value (a fixed remedy) or a max (a remedy whose amount is chosen when granting)")
                case (.some, .some): report(remedyPath.key("max"), "a remedy has a fixed value or a max, not both")
                case (let value?, nil) where value.minorUnits == 0: report(remedyPath.key("value"), "must be more than nothing")
                case (nil, let max?) where max.minorUnits == 0: report(remedyPath.key("max"), "must be more than nothing")
                default: break
                }
            }
            for (role, limit) in (compensation.authority ?? [:]).sorted(by: { $0.key < $1.key }) {
                let limitPath = path.key("authority").key(role)
                if StaffMember.Role(rawValue: role) == nil {
                    report(limitPath, "'\(role)' is not a role; use \(StaffMember.Role.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                if limit.perGrant.currency != limit.perDay.currency {
                    report(limitPath.key("per_day"), "is in \(limit.perDay.currency) but per_grant is in \(limit.perGrant.currency)")
                } else if limit.perGrant.minorUnits > limit.perDay.minorUnits {
                    report(limitPath.key("per_grant"), "is more than per_day")
                }
            }
        }
        for (index, scenario) in scenarios.enumerated() {
            guard let guarantee = scenario.guarantee else { continue }
            let guaranteePath = root.key("scenarios").index(index).key("guarantee")
            if guarantee.promise.trimmingCharacters(in: .whitespaces).isEmpty { report(guaranteePath.key("promise"), "must not be empty") }
            guard let remedy = compensation?.remedy(guarantee.remedy) else {
                report(guaranteePath.key("remedy"), "'\(guarantee.remedy)' is not a remedy in compensation.catalog")
                continue
            }
            do throws(AmendsError) {
                _ = try remedy.value(amount: guarantee.amount)
            } catch {
                let field = error.field ?? "amount"
                report(guaranteePath.key(field), String(error.message.dropFirst(error.message.hasPrefix(field + ": ") ? field.count + 2 : 0)))
            }
        }
        for (teamIndex, team) in teams.enumerated() {
            for (memberIndex, member) in team.members.enumerated() {
                if let staff = member.staff, !staff.contains("@") {
                    report(root.key("teams").index(teamIndex).key("members").index(memberIndex).key("staff"), "'\(staff)' is not an e-mail address")
                }
            }
        }
    }

    private func checkScenario(_ scenario: Scenario, at path: FieldPath, _ report: (FieldPath, String) -> Void) {
        if scenario.name.trimmingCharacters(in: .whitespaces).isEmpty { report(path.key("name"), "must not be empty") }
        if team(scenario.team) == nil { report(path.key("team"), "'\(scenario.team)' is not a team in this playbook") }
        if let detection = scenario.detection {
            let detectionPath = path.key("detection")
            let anyLanguagePath = detection.phrasesByLanguage == nil ? detectionPath.key("phrases") : detectionPath.key("phrases").key(DetectionRules.anyLanguage)
            for (path, phrases) in [(anyLanguagePath, detection.phrases), (detectionPath.key("exclude"), detection.exclude)] {
                for (index, phrase) in (phrases ?? []).enumerated() where PhrasePattern(phrase) == nil {
                    report(path.index(index), "'\(phrase)' has no words to match")
                }
            }
            for (tag, phrases) in (detection.phrasesByLanguage ?? [:]).sorted(by: { $0.key < $1.key }) {
                let path = detectionPath.key("phrases").key(tag)
                guard let language = TextLanguage(rawValue: tag) else {
                    let known = TextLanguage.allCases.map(\.rawValue).joined(separator: ", ")
                    report(path, "'\(tag)' is not a language the text engine reads (\(known)) nor '\(DetectionRules.anyLanguage)'")
                    continue
                }
                for (index, phrase) in phrases.enumerated() where PhrasePattern(phrase, language: language) == nil {
                    report(path.index(index), "'\(phrase)' has no words to match")
                }
            }
            if let score = detection.score { checkThresholds(score, at: detectionPath.key("score"), report) }
            for (index, key) in (detection.locations ?? []).enumerated() where location(key) == nil {
                report(detectionPath.key("locations").index(index), "'\(key)' is not a location in this playbook")
            }
            for (index, key) in (detection.channels ?? []).enumerated() where channel(key) == nil {
                report(detectionPath.key("channels").index(index), "'\(key)' is not a channel in this playbook")
            }
            for (index, category) in (detection.categories ?? []).enumerated() where category.trimmingCharacters(in: .whitespaces).isEmpty {
                report(detectionPath.key("categories").index(index), "must not be empty")
            }
        }
        for (index, template) in (scenario.templates ?? []).enumerated() {
            let templatePath = path.key("templates").index(index)
            if template.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                report(templatePath.key("body"), "must not be empty")
            }
            if !MessageTemplate.isLanguageTag(template.language) {
                report(templatePath.key("language"), "'\(template.language)' is not a language tag such as en or pt-PT")
            }
            for problem in template.problems() { report(templatePath.key(problem.field), problem.message) }
            if template.channel == .email && (template.subject ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                report(templatePath.key("subject"), "an e-mail template needs a subject")
            }
        }
        for (index, name) in (scenario.requiredSteps ?? []).enumerated() {
            switch RecoveryStep(rawValue: name) {
            case nil:
                report(
                    path.key("required_steps").index(index),
                    "'\(name)' is not a step; use \(RecoveryStep.allCases.filter { $0 != .followUp }.map(\.rawValue).joined(separator: ", "))")
            case .followUp?:
                report(path.key("required_steps").index(index), "follow_up comes after resolving, so it cannot be required to resolve")
            default:
                break
            }
        }
        for (index, remedy) in (scenario.compensation?.remedies ?? []).enumerated() {
            let remedyPath = path.key("compensation").key("remedies").index(index)
            var bounds: [Decimal] = []
            for (field, value) in [("min", remedy.min), ("max", remedy.max)] {
                guard let value else { continue }
                if let amount = Decimal(string: value, locale: Locale(identifier: "en_US_POSIX")), amount >= 0,
                    value.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") })
                {
                    bounds.append(amount)
                } else {
                    report(remedyPath.key(field), "'\(value)' is not an amount such as \"20.00\"")
                }
            }
            if bounds.count == 2, bounds[0] > bounds[1] { report(remedyPath.key("min"), "is more than max") }
            if let currency = remedy.currency, currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                report(remedyPath.key("currency"), "'\(currency)' is not an ISO 4217 code such as EUR")
            }
            if (remedy.min != nil || remedy.max != nil) && remedy.currency == nil {
                report(remedyPath.key("currency"), "is required with an amount")
            }
        }
    }

    private func checkThresholds(_ thresholds: ScoreThresholds, at path: FieldPath, _ report: (FieldPath, String) -> Void) {
        for scale in Score.Scale.allCases {
            guard let value = thresholds.threshold(for: scale) else { continue }
            if !scale.range.contains(value) {
                report(path.key(scale.rawValue), "\(value) is outside the \(scale.rawValue) scale (\(scale.rangeDescription))")
            }
        }
    }

    func checkKeys(_ keys: [String], at path: FieldPath, _ report: (FieldPath, String) -> Void) {
        var seen: Set<String> = []
        for (index, key) in keys.enumerated() {
            if !Playbook.isKey(key) {
                report(path.index(index).key("key"), "'\(key)' must be lowercase letters, digits and dashes")
            } else if !seen.insert(key).inserted {
                report(path.index(index).key("key"), "'\(key)' is used twice")
            }
        }
    }

    /// Whether `text` can be a key: 1–64 lowercase ASCII letters, digits, `-` or `_`, starting with a letter or digit.
    public static func isKey(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.unicodeScalars.count <= 64 else { return false }
        guard (first >= "a" && first <= "z") || (first >= "0" && first <= "9") else { return false }
        return text.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" || $0 == "_" }
    }

    public static func isWebURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            return false
        }
        return scheme == "http" || scheme == "https"
    }
}

extension Playbook {
    /// The playbook with every contact's and channel's signing secret replaced by a mask, and webhook URLs cut to their
    /// host, for people who may not see secrets.
    public func redactingSecrets() -> Playbook {
        var copy = self
        for channel in copy.channels.indices where copy.channels[channel].secret != nil {
            copy.channels[channel].secret = "whsec_(hidden)"
        }
        for team in copy.teams.indices {
            for member in copy.teams[team].members.indices {
                for contact in copy.teams[team].members[member].contacts.indices {
                    copy.teams[team].members[member].contacts[contact].webhook = WebhookURL.redacted(copy.teams[team].members[member].contacts[contact].webhook)
                    if copy.teams[team].members[member].contacts[contact].secret != nil {
                        copy.teams[team].members[member].contacts[contact].secret = "whsec_(hidden)"
                    }
                }
            }
        }
        return copy
    }
}
