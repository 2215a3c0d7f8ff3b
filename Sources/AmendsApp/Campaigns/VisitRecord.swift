import AmendsCore
import AmendsJSON
import Foundation

/// Reads visits: the JSON of `POST /v1/visits` (one object), and the lines of a visits file (CSV with a header, or
/// JSONL with one such object a line).
///
/// JSON: `{"campaign", "location", "visited_at", "customer": {"email", "phone", "name", "external_id"}, "external_id",
/// "language"}`. CSV columns: campaign, location, visited_at, email, phone, name, customer_id, external_id, language.
public enum VisitRecord {
    static let known: Set<String> = ["campaign", "location", "visited_at", "customer", "external_id", "language"]
    static let customerFields: Set<String> = ["email", "phone", "name", "external_id"]
    public static let columns: Set<String> = ["campaign", "location", "visited_at", "email", "phone", "name", "customer_id", "external_id", "language"]

    /// Fields a file's rows may leave out.
    public struct Defaults: Sendable {
        public var campaign: String?
        public var location: String?
        public init(campaign: String? = nil, location: String? = nil) {
            self.campaign = campaign
            self.location = location
        }
    }

    /// One visit from a JSON body.
    public static func read(json bytes: some Collection<UInt8>, defaults: Defaults = Defaults()) throws(AmendsError) -> VisitReport {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw AmendsError(.malformed, code: "invalid_json", message: "the body is not valid JSON: \(error.reason) at byte \(error.offset + 1)")
        }
        guard case .object(let members) = document else { throw AmendsError(.malformed, code: "invalid_json", message: "a visit must be a JSON object") }
        try rejectUnknown(members, known: known, in: nil)
        var customer = CustomerIdentity()
        switch members["customer"] {
        case nil, .null?: break
        case .object(let fields)?:
            try rejectUnknown(fields, known: customerFields, in: "customer")
            customer = CustomerIdentity(
                email: try string(fields, "email", "customer.email"), phone: try string(fields, "phone", "customer.phone"),
                externalID: try string(fields, "external_id", "customer.external_id"), name: try string(fields, "name", "customer.name"))
        case _?: throw AmendsError.invalidField("customer", "expected an object")
        }
        return try report(
            campaign: try string(members, "campaign", "campaign") ?? defaults.campaign, location: try string(members, "location", "location") ?? defaults.location,
            visitedAt: try string(members, "visited_at", "visited_at"), customer: customer, externalID: try string(members, "external_id", "external_id"),
            language: try string(members, "language", "language"))
    }

    /// One visit from a CSV row, by the header's column names.
    public static func read(csv fields: [String], header: [String], defaults: Defaults = Defaults()) throws(AmendsError) -> VisitReport {
        var values: [String: String] = [:]
        for (index, name) in header.enumerated() where index < fields.count {
            let value = fields[index].trimmingCharacters(in: .whitespaces)
            if !value.isEmpty { values[name] = value }
        }
        return try report(
            campaign: values["campaign"] ?? defaults.campaign, location: values["location"] ?? defaults.location, visitedAt: values["visited_at"],
            customer: CustomerIdentity(email: values["email"], phone: values["phone"], externalID: values["customer_id"], name: values["name"]),
            externalID: values["external_id"], language: values["language"])
    }

    /// The header's problem, if it has an unknown column or lacks one every row needs.
    public static func headerProblem(_ header: [String], defaults: Defaults) -> String? {
        if let unknown = header.first(where: { !columns.contains($0) }) {
            return "column '\(unknown)' is not a visit column; they are \(columns.sorted().joined(separator: ", "))"
        }
        for (column, fallback) in [("campaign", defaults.campaign), ("location", defaults.location)] where fallback == nil && !header.contains(column) {
            return "there is no \(column) column; add one or pass --\(column)"
        }
        if !header.contains("visited_at") { return "there is no visited_at column" }
        return nil
    }

    static func report(
        campaign: String?, location: String?, visitedAt: String?, customer: CustomerIdentity, externalID: String?, language: String?
    ) throws(AmendsError) -> VisitReport {
        guard let campaign else { throw AmendsError.missingField("campaign") }
        guard let location else { throw AmendsError.missingField("location") }
        guard let visitedAt else { throw AmendsError.missingField("visited_at") }
        guard let date = Timestamp.parse(visitedAt) else {
            throw AmendsError.invalidField("visited_at", "'\(visitedAt)' is not an ISO 8601 time such as 2026-11-22T09:15:00Z")
        }
        return VisitReport(campaign: campaign, location: location, customer: customer, visitedAt: date, externalID: externalID, language: language)
    }

    static func string(_ members: [String: JSONValue], _ key: String, _ field: String) throws(AmendsError) -> String? {
        switch members[key] {
        case nil, .null?: return nil
        case .string(let text)?:
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        case _?: throw AmendsError.invalidField(field, "expected a string")
        }
    }

    static func rejectUnknown(_ members: [String: JSONValue], known: Set<String>, in parent: String?) throws(AmendsError) {
        if let name = members.keys.filter({ !known.contains($0) }).min() {
            let field = parent.map { "\($0).\(name)" } ?? name
            throw AmendsError(.invalid, code: "unknown_field", message: "\(field): is not a known field", field: field)
        }
    }
}
