import Foundation

/// Who the customer is, as far as the channel knows. Every part is optional.
public struct CustomerIdentity: Codable, Sendable, Equatable {
    public var email: String?
    public var phone: String?
    public var externalID: String?
    public var name: String?

    public init(email: String? = nil, phone: String? = nil, externalID: String? = nil, name: String? = nil) {
        self.email = email
        self.phone = phone
        self.externalID = externalID
        self.name = name
    }

    enum CodingKeys: String, CodingKey {
        case email, phone, name
        case externalID = "external_id"
    }

    /// A stable key for "the same customer", used to attach repeated complaints to one case:
    /// the external id, else the lowercased e-mail, else the phone's digits. Nil for an anonymous customer.
    public var key: String? {
        if let externalID = externalID?.trimmed, !externalID.isEmpty {
            return "id:" + externalID
        }
        if let email = email?.trimmed.lowercased(), !email.isEmpty {
            return "email:" + email
        }
        if let phone {
            let digits = phone.filter { $0.isASCII && $0.isNumber }
            if !digits.isEmpty { return "phone:" + digits }
        }
        return nil
    }

    /// Every key this identity can be known by: its external id, e-mail address and phone, each alone, so records
    /// that share any one of them belong to the same customer.
    public var keys: [String] {
        var keys: [String] = []
        if let key = externalKey { keys.append(key) }
        if let key = emailKey { keys.append(key) }
        if let key = phoneKey { keys.append(key) }
        return keys
    }

    public var externalKey: String? { externalID?.trimmed.nonEmpty.map { "id:" + $0 } }
    public var emailKey: String? { email?.trimmed.lowercased().nonEmpty.map { "email:" + $0 } }
    public var phoneKey: String? { phone.map { $0.filter { $0.isASCII && $0.isNumber } }?.nonEmpty.map { "phone:" + $0 } }

    /// True when no part is given.
    public var isEmpty: Bool { email == nil && phone == nil && externalID == nil && name == nil }
}
