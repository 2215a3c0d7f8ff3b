import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// Survey campaigns: a business reports its customers' visits (a stay, a flight, an order), and reads how many of
/// those asked have answered.
struct CampaignController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.post("/v1/visits", .intake, use: postVisit)
        routes.get("/v1/visits/:id", .frontline, use: getVisit)
        routes.get("/v1/campaigns", .frontline, use: listCampaigns)
        routes.get("/v1/campaigns/:key", .frontline, use: getCampaign)
    }

    /// A visit as the API shows it.
    struct VisitBody: Encodable {
        var id: String
        var campaign: String
        var location: String
        var customer: CustomerIdentity
        var language: String?
        var externalID: String?
        var visitedAt: Date
        var state: String
        var nextAt: Date?
        var invitedAt: Date?
        var remindedAt: Date?
        var answeredAt: Date?
        var feedbackID: String?
        var medium: String?
        var lastError: String?
        var createdAt: Date

        init(_ visit: Visit) {
            id = visit.id
            campaign = visit.campaign
            location = visit.location
            customer = visit.customer
            language = visit.language
            externalID = visit.externalID
            visitedAt = visit.visitedAt
            state = visit.state.rawValue
            nextAt = visit.nextAt
            invitedAt = visit.invitedAt
            remindedAt = visit.remindedAt
            answeredAt = visit.answeredAt
            feedbackID = visit.feedbackID
            medium = visit.medium?.rawValue
            lastError = visit.lastError
            createdAt = visit.createdAt
        }

        enum CodingKeys: String, CodingKey {
            case id, campaign, location, customer, language, state, medium
            case externalID = "external_id"
            case visitedAt = "visited_at"
            case nextAt = "next_at"
            case invitedAt = "invited_at"
            case remindedAt = "reminded_at"
            case answeredAt = "answered_at"
            case feedbackID = "feedback_id"
            case lastError = "last_error"
            case createdAt = "created_at"
        }
    }

    struct VisitResponse: Encodable {
        var visit: VisitBody
        var replayed: Bool
    }

    @Sendable func postVisit(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let caller = try context.caller
        try requireJSON(request)
        let buffer = try await JSON.body(request, limit: runtime.configuration.maxBodyBytes)
        var defaults = VisitRecord.Defaults()
        if case .channel(let key) = caller { defaults.campaign = key }
        let report = try VisitRecord.read(json: buffer.readableBytesView, defaults: defaults)
        _ = try channel(for: caller, named: report.campaign, field: "campaign")
        try context.scope.require(report.location, for: "the visit")
        let (visit, added) = try await runtime.addVisits([report], by: caller.actor)[0]
        return JSON.response(status: added ? .created : .ok, VisitResponse(visit: VisitBody(visit), replayed: !added))
    }

    @Sendable func getVisit(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let visit = try await runtime.store.visit(id: id), try context.scope.allows(visit.location) else { throw AmendsError.notFound("visit", id) }
        return JSON.response(VisitBody(visit))
    }

    /// A campaign and its figures.
    struct CampaignBody: Encodable {
        var key: String
        var name: String
        var after: String
        var reminderAfter: String?
        var linkLasts: String
        var figures: CampaignFigures

        enum CodingKeys: String, CodingKey {
            case key, name, after, figures
            case reminderAfter = "reminder_after"
            case linkLasts = "link_lasts"
        }
    }

    struct CampaignList: Encodable {
        var items: [CampaignBody]
    }

    func body(_ channel: AmendsCore.Channel, _ campaign: SurveyCampaign, context: AmendsRequestContext) async throws -> CampaignBody {
        CampaignBody(
            key: channel.key, name: channel.name, after: campaign.after.description, reminderAfter: campaign.reminderAfter?.description,
            linkLasts: campaign.linkLasts?.description ?? "\(SurveyCampaign.defaultLinkDays)d",
            figures: try await runtime.store.campaignFigures(campaign: channel.key, locations: try context.scope.locations))
    }

    @Sendable func listCampaigns(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let playbook = runtime.playbook.stored?.playbook
        var items: [CampaignBody] = []
        for channel in playbook?.campaigns ?? [] {
            if let campaign = channel.campaign { items.append(try await body(channel, campaign, context: context)) }
        }
        return JSON.response(CampaignList(items: items))
    }

    @Sendable func getCampaign(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let key = try context.parameters.require("key")
        guard let (channel, campaign) = runtime.playbook.stored?.playbook.campaign(key) else { throw AmendsError.notFound("campaign", key) }
        return JSON.response(try await body(channel, campaign, context: context))
    }
}
