import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// The console's survey campaigns: for each, how many visits it knows, how many were asked, reminded and answered,
/// the response rate, and the latest visits with where each stands, at the member's locations.
struct SurveysPageController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.console("/console/surveys", .lead, use: surveysPage)
    }

    @Sendable func surveysPage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let playbook = runtime.playbook.stored?.playbook
        let locations = try context.scope.locations
        var campaigns: [[String: Any]] = []
        for channel in playbook?.campaigns ?? [] {
            guard let campaign = channel.campaign else { continue }
            let figures = try await runtime.store.campaignFigures(campaign: channel.key, locations: locations)
            let visits = try await runtime.store.visits(campaign: channel.key, locations: locations, limit: 50)
            var row: [String: Any] = [
                "key": channel.key, "name": channel.name,
                "timing": "asks \(campaign.after) after a visit"
                    + (campaign.reminderAfter.map { ", reminds once \($0) later" } ?? ", no reminder")
                    + "; the link lasts \(campaign.linkLasts?.description ?? "\(SurveyCampaign.defaultLinkDays)d")",
                "visits_count": String(figures.visits), "waiting": String(figures.waiting), "invited": String(figures.invited),
                "reminded": String(figures.reminded), "answered": String(figures.answered), "unsubscribed": String(figures.unsubscribed),
                "unreachable": String(figures.unreachable),
                "rate": figures.responseRate.map { String(format: "%.1f%%", $0 * 100) } ?? "none sent yet",
            ]
            row["visits"] = visits.map { visit -> [String: Any] in
                let zone = ConsoleFormat.timeZone(of: visit.location, in: playbook)
                var item: [String: Any] = [
                    "customer": visit.customer.name ?? visit.customer.email ?? visit.customer.phone ?? "a customer",
                    "address": visit.customer.email ?? visit.customer.phone ?? "",
                    "location": playbook?.location(visit.location)?.name ?? visit.location,
                    "visited": ConsoleFormat.time(visit.visitedAt, in: zone), "state": visit.state.words,
                ]
                if let reference = visit.externalID { item["reference"] = reference }
                if let invited = visit.invitedAt { item["invited_at"] = ConsoleFormat.time(invited, in: zone) }
                if let reminded = visit.remindedAt { item["reminded_at"] = ConsoleFormat.time(reminded, in: zone) }
                if let answered = visit.answeredAt { item["answered_at"] = ConsoleFormat.time(answered, in: zone) }
                if let error = visit.lastError { item["error"] = error }
                return item
            }
            row["has_visits"] = !visits.isEmpty
            campaigns.append(row)
        }
        return ConsolePages.page(
            "console-surveys", title: "Surveys", ["campaigns": campaigns, "none": campaigns.isEmpty], section: "/console/surveys", context: context,
            runtime: runtime)
    }
}
