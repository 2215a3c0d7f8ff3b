import Foundation

/// Everything known of one customer, merged across the identities their feedback and cases share: so whoever picks
/// up a case knows the history.
public struct CustomerHistory: Sendable, Encodable {
    public var names: [String]
    public var emails: [String]
    public var phones: [String]
    public var externalIDs: [String]
    /// Newest first.
    public var feedback: [Feedback]
    public var cases: [RecoveryCase]
    public var messages: [CustomerMessage]
    public var compensation: [CompensationGrant]
    /// Follow-up answers by case id.
    public var followUps: [String: SurveyAnswer]

    public init(feedback: [Feedback], cases: [RecoveryCase], messages: [CustomerMessage], compensation: [CompensationGrant], followUps: [String: SurveyAnswer]) {
        self.feedback = feedback
        self.cases = cases
        self.messages = messages
        self.compensation = compensation
        self.followUps = followUps
        let identities = feedback.compactMap(\.customer) + cases.compactMap(\.customer)
        /// Each value once, as first written (newest first): e-mail addresses compared without case, phone numbers by their digits.
        func distinct(_ values: [String?], by key: (String) -> String = { $0 }) -> [String] {
            var seen: Set<String> = []
            return values.compactMap { $0?.trimmed }.filter { !$0.isEmpty && seen.insert(key($0)).inserted }
        }
        names = distinct(identities.map(\.name))
        emails = distinct(identities.map(\.email)) { $0.lowercased() }
        phones = distinct(identities.map(\.phone)) { $0.filter { $0.isASCII && $0.isNumber } }
        externalIDs = distinct(identities.map(\.externalID))
    }

    enum CodingKeys: String, CodingKey {
        case names, emails, phones, feedback, cases, messages, compensation, summary
        case externalIDs = "external_ids"
        case followUps = "follow_ups"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(names, forKey: .names)
        try container.encode(emails, forKey: .emails)
        try container.encode(phones, forKey: .phones)
        try container.encode(externalIDs, forKey: .externalIDs)
        try container.encode(summary, forKey: .summary)
        try container.encode(cases, forKey: .cases)
        try container.encode(feedback, forKey: .feedback)
        try container.encode(messages, forKey: .messages)
        try container.encode(compensation, forKey: .compensation)
        try container.encode(followUps.sorted { $0.key > $1.key }.map { FollowUpLine(caseID: $0.key, answer: $0.value) }, forKey: .followUps)
    }

    struct FollowUpLine: Encodable {
        var caseID: String
        var answer: SurveyAnswer

        enum CodingKeys: String, CodingKey {
            case answer
            case caseID = "case_id"
        }
    }

    /// The history in figures.
    public var summary: Summary {
        var granted: [String: Int64] = [:]
        for grant in compensation where grant.status == .granted { granted[grant.value.currency, default: 0] += grant.value.minorUnits }
        let answers = followUps.values
        return Summary(
            feedback: feedback.count, cases: cases.count, openCases: cases.filter(\.status.isOpen).count,
            granted: granted.sorted { $0.key < $1.key }.map { Money(minorUnits: $0.value, currency: $0.key) },
            meanSatisfaction: answers.isEmpty ? nil : Double(answers.map(\.satisfaction).reduce(0, +)) / Double(answers.count),
            dissatisfied: answers.filter(\.dissatisfied).count)
    }

    public struct Summary: Sendable, Encodable {
        public var feedback: Int
        public var cases: Int
        public var openCases: Int
        public var granted: [Money]
        public var meanSatisfaction: Double?
        public var dissatisfied: Int

        enum CodingKeys: String, CodingKey {
            case feedback, cases, granted, dissatisfied
            case openCases = "open_cases"
            case meanSatisfaction = "mean_satisfaction"
        }
    }
}
