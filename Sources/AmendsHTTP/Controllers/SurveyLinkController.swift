import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// The links a survey campaign sends a customer: the survey of their visit (`/s/{token}`), which takes one answer,
/// and the page that stops every later survey (`/s/unsubscribe/{token}`), one button.
struct SurveyLinkController: Controller {
    let runtime: Runtime
    var pages: FeedbackPageController { FeedbackPageController(runtime: runtime) }

    func addRoutes(to routes: Routes) {
        routes.get("/s/:token", .anyone, use: survey)
        routes.post("/s/:token", .anyone, use: answer)
        routes.get("/s/unsubscribe/:token", .anyone, use: unsubscribePage)
        routes.post("/s/unsubscribe/:token", .anyone, use: unsubscribe)
    }

    /// The visit a link names and the page to show it on, or the page that says the link does not work.
    enum Opened {
        case visit(Visit, FeedbackPageController.Place)
        case refused(Response)
    }

    func open(_ request: Request, token: String, purpose: StatusLink.Purpose, language asked: String? = nil) async throws -> Opened {
        let playbook = runtime.playbook.stored?.playbook
        let parameters = request.uri.queryParameters
        func refusal(_ status: HTTPResponse.Status, _ key: PageText.Key, place: FeedbackPageController.Place?) -> Opened {
            let language =
                place?.language
                ?? PageLanguage.choose(
                    asked: asked ?? parameters.get("lang"), acceptLanguage: request.headers[.acceptLanguage],
                    offered: playbook?.pageLanguages ?? PageText.shippedLanguages)
            let words = playbook?.pageText(key, in: language) ?? PageText.shipped(key, in: language) ?? ""
            let title = playbook?.pageText(.pageTitle, in: language) ?? PageText.shipped(.pageTitle, in: language) ?? ""
            var values = place?.look ?? ["lang": language]
            values["title"] = title
            values["message"] = words
            return .refused(FeedbackPageController.html(status, CustomerPages.render("customer-message", values), place: place))
        }
        guard case .valid(let visitID, let expiresAt) = StatusLink.read(token, keys: runtime.keys, purpose: purpose),
            let visit = try await runtime.store.visit(id: visitID)
        else { return refusal(.notFound, .surveyExpired, place: nil) }
        guard let playbook, let location = playbook.location(visit.location), let channel = playbook.channel(visit.campaign) else {
            return refusal(.notFound, .surveyExpired, place: nil)
        }
        let preferences = try await runtime.store.customerPreferences(keys: visit.customer.keys)
        let language = PageLanguage.choose(
            asked: asked ?? parameters.get("lang") ?? visit.language ?? preferences.language, acceptLanguage: request.headers[.acceptLanguage],
            offered: playbook.pageLanguages(at: location))
        let place = FeedbackPageController.Place(
            playbook: playbook, location: location, channel: channel, language: language, kiosk: false, embed: false, survey: token,
            visitedOn: Playbook.day(visit.visitedAt, language: language, timeZone: TimeZone(identifier: location.timeZone)))
        if expiresAt <= runtime.clock.now() { return refusal(.gone, .surveyExpired, place: place) }
        if purpose == .visit && visit.answeredAt != nil { return refusal(.gone, .surveyAnswered, place: place) }
        return .visit(visit, place)
    }

    @Sendable func survey(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        switch try await open(request, token: try context.parameters.require("token"), purpose: .visit) {
        case .refused(let page): return page
        case .visit(_, let place): return FeedbackPageController.html(.ok, pages.render(place, typed: [:], problem: nil), place: place)
        }
    }

    @Sendable func answer(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/x-www-form-urlencoded") else {
            throw AmendsError(
                .unsupportedMediaType, code: "unsupported_media_type",
                message: "send the answer as an HTML form (application/x-www-form-urlencoded), not \(contentType.isEmpty ? "no type" : contentType)")
        }
        let buffer = try await JSON.body(request, limit: runtime.configuration.maxBodyBytes, refusingNUL: false)
        var fields: [String: String] = [:]
        for (name, value) in try Form(encoded: String(buffer: buffer)).fields where fields[name] == nil { fields[name] = value }
        // The customer is known: contact fields a page should not have sent are not taken.
        for field in ["name", "email", "phone", "consent"] { fields[field] = nil }
        switch try await open(request, token: try context.parameters.require("token"), purpose: .visit, language: fields["lang"]) {
        case .refused(let page): return page
        case .visit(let visit, let place):
            return try await pages.take(fields, place: place, json: false, request: request, context: context, visit: visit)
        }
    }

    func unsubscribeValues(_ place: FeedbackPageController.Place, visit: Visit) -> [String: Any] {
        var values = place.look
        values["title"] = place.text(.unsubscribeTitle)
        let address = visit.customer.email ?? visit.customer.phone ?? ""
        values["question"] = place.text(.unsubscribeQuestion, ["address": address])
        values["button"] = place.text(.unsubscribeButton)
        return values
    }

    @Sendable func unsubscribePage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        switch try await open(request, token: token, purpose: .unsubscribe) {
        case .refused(let page): return page
        case .visit(let visit, let place):
            var values = unsubscribeValues(place, visit: visit)
            values["action"] = "/s/unsubscribe/\(token)?lang=\(place.language)"
            if try await runtime.store.customerPreferences(keys: visit.customer.keys).unsubscribedAt != nil {
                values["done"] = place.text(.unsubscribed)
            }
            return FeedbackPageController.html(.ok, CustomerPages.render("customer-unsubscribe", values), place: place)
        }
    }

    @Sendable func unsubscribe(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        switch try await open(request, token: token, purpose: .unsubscribe) {
        case .refused(let page): return page
        case .visit(let visit, let place):
            try await runtime.store.unsubscribe(keys: visit.customer.keys, at: runtime.clock.now())
            runtime.logger.info("customer unsubscribed from surveys", metadata: ["visit": "\(visit.id)"])
            var values = unsubscribeValues(place, visit: visit)
            values["done"] = place.text(.unsubscribed)
            return FeedbackPageController.html(.ok, CustomerPages.render("customer-unsubscribe", values), place: place)
        }
    }
}
