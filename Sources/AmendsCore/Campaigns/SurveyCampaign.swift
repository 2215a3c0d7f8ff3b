import Foundation

/// When a survey channel writes to customers after their visit: the invitation `after` the visit, one reminder
/// `reminder_after` the invitation when it is still unanswered, and how long the link works.
///
/// In the playbook, under a channel of kind `survey`:
///
/// ```yaml
/// campaign:
///   after: 1d
///   reminder_after: 3d
///   link_lasts: 14d
/// ```
public struct SurveyCampaign: Codable, Sendable, Equatable {
    public var after: SLADuration
    /// No reminder when not set.
    public var reminderAfter: SLADuration?
    /// Thirty days when not set.
    public var linkLasts: SLADuration?

    public init(after: SLADuration, reminderAfter: SLADuration? = nil, linkLasts: SLADuration? = nil) {
        self.after = after
        self.reminderAfter = reminderAfter
        self.linkLasts = linkLasts
    }

    /// How long an invitation's link works unless the playbook says otherwise.
    public static let defaultLinkDays = 30

    public var linkSeconds: Int { linkLasts?.seconds ?? Self.defaultLinkDays * 86400 }

    enum CodingKeys: String, CodingKey {
        case after
        case reminderAfter = "reminder_after"
        case linkLasts = "link_lasts"
    }
}

extension Playbook {
    /// The survey channel `key` and its campaign, when the channel runs one.
    public func campaign(_ key: String) -> (channel: Channel, campaign: SurveyCampaign)? {
        guard let channel = channel(key), let campaign = channel.campaign else { return nil }
        return (channel, campaign)
    }

    /// Every channel that runs a survey campaign, in playbook order.
    public var campaigns: [Channel] { channels.filter { $0.campaign != nil } }

    /// Problems with the channels' campaigns.
    func campaignProblems(_ report: (FieldPath, String) -> Void) {
        for (index, channel) in channels.enumerated() {
            guard let campaign = channel.campaign else { continue }
            let path = FieldPath().key("channels").index(index).key("campaign")
            if channel.kind != .survey {
                report(path, "only a survey channel sends surveys after a visit; this one is \(channel.kind.rawValue)")
            }
            if let reminder = campaign.reminderAfter, campaign.linkSeconds <= reminder.seconds {
                report(path.key("reminder_after"), "comes after the link stops working (link_lasts \(campaign.linkLasts?.description ?? "30d")); remind sooner")
            }
        }
    }
}
