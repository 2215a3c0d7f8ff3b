import Foundation

/// Who is calling, once their token is checked.
public enum Caller: Sendable, Equatable {
    case channel(String)
    case staff(StaffMember)

    /// How the caller appears on timelines.
    public var actor: String {
        switch self {
        case .channel(let key): "channel:\(key)"
        case .staff(let member): "staff:\(member.id)"
        }
    }
}
