import Foundation

extension CustomerIdentity {
    /// The customer known only by the address a reply came from on `medium`.
    public init(reachedAt address: String, on medium: MessageTemplate.Medium) {
        switch medium {
        case .email: self.init(email: address)
        case .sms: self.init(phone: address)
        case .chat: self.init(externalID: address)
        }
    }

    /// Where the customer is reached on `medium`: their e-mail address, phone number, or (for chat) external id.
    public func address(for medium: MessageTemplate.Medium) -> String? {
        let value: String? =
            switch medium {
            case .email: email
            case .sms: phone
            case .chat: externalID
            }
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }
}
