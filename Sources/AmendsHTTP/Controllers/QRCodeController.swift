import AmendsApp
import AmendsCore
import AmendsQR
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// QR codes of the feedback pages, to print and put where customers are: the code itself (SVG or PNG) and a poster
/// page ("Tell us how we did") sized for A4 or A6.
struct QRCodeController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.get("/v1/locations/:key/qr", .anyone, use: code)
        routes.get("/f/:location/:channel/poster", .anyone, use: poster)
    }

    /// The address a code of `channel` at `location` opens, in `language` when one is named.
    func pageURL(location: String, channel: String, language: String?) -> String {
        runtime.publicURL + "/f/\(location)/\(channel)" + (language.map { "?lang=\($0)" } ?? "")
    }

    @Sendable func code(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let key = try context.parameters.require("key")
        let parameters = request.uri.queryParameters
        let playbook = try playbookInForce()
        guard let location = playbook.location(key) else { throw AmendsError.notFound("location", key) }
        let channel: AmendsCore.Channel
        if let named = parameters.get("channel") {
            guard let found = playbook.channel(named) else {
                throw AmendsError(.invalid, code: "unknown_channel", message: "channel: '\(named)' is not a channel in the playbook", field: "channel")
            }
            channel = found
        } else {
            guard let found = playbook.feedbackChannel(at: location) else {
                throw AmendsError(.invalid, code: "no_feedback_page", message: "channel: the playbook has no channel with a feedback page", field: "channel")
            }
            channel = found
        }
        guard channel.kind.hasFeedbackPage else {
            throw AmendsError(
                .invalid, code: "no_feedback_page",
                message: "channel: '\(channel.key)' is a \(channel.kind.rawValue) channel, which has no feedback page; use a survey, kiosk, qr or web channel",
                field: "channel")
        }
        var language: String?
        if let asked = parameters.get("lang") {
            guard let match = PageLanguage.match(asked, in: playbook.pageLanguages(at: location)) else {
                throw AmendsError.invalidField(
                    "lang", "'\(asked)' is not a language this location's pages offer (\(playbook.pageLanguages(at: location).joined(separator: ", ")))")
            }
            language = match
        }
        let format = parameters.get("format") ?? (request.headers[.accept]?.contains("image/png") == true ? "png" : "svg")
        guard format == "svg" || format == "png" else { throw AmendsError.invalidField("format", "'\(format)' is not a format; use svg or png") }
        var scale = 8
        if let text = parameters.get("scale") {
            guard let value = Int(text), (1...40).contains(value) else { throw AmendsError.invalidField("scale", "must be a whole number from 1 to 40") }
            scale = value
        }
        let url = pageURL(location: location.key, channel: channel.key, language: language)
        let code: QRCode
        do {
            code = try QRCode(text: url)
        } catch {
            throw AmendsError(.conflict, code: "address_too_long", message: "the page's address (\(url)) is too long for a QR code: \(error.description)")
        }
        let filename = "\(location.key)-\(channel.key)\(language.map { "-\($0)" } ?? "").\(format)"
        let headers: HTTPFields = [
            .contentType: format == "png" ? "image/png" : "image/svg+xml", .cacheControl: "no-cache",
            .contentDisposition: "inline; filename=\"\(filename)\"",
        ]
        let body =
            format == "png"
            ? ByteBuffer(bytes: code.png(scale: scale))
            : ByteBuffer(string: code.svg(moduleSize: scale, title: "QR code of \(url)"))
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    @Sendable func poster(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let locationKey = try context.parameters.require("location")
        let channelKey = try context.parameters.require("channel")
        let feedbackPages = FeedbackPageController(runtime: runtime)
        let place: FeedbackPageController.Place
        switch feedbackPages.place(request, location: locationKey, channel: channelKey) {
        case .failure(let page): return page
        case .success(let found): place = found
        }
        let size = request.uri.queryParameters.get("size") ?? "a4"
        guard size == "a4" || size == "a6" else { throw AmendsError.invalidField("size", "'\(size)' is not a poster size; use a4 or a6") }
        let asked = request.uri.queryParameters.get("lang") != nil
        let url = pageURL(location: place.location.key, channel: place.channel.key, language: asked ? place.language : nil)
        let code = try QRCode(text: url)
        var values = place.look
        values["body_class"] = "poster-page poster-\(size)"
        values["script"] = nil
        values["title"] = place.text(.posterTitle)
        values["scan"] = place.text(.posterScan)
        values["or"] = place.text(.posterOr)
        values["url"] = url
        values["code"] = code.svg(moduleSize: size == "a4" ? 12 : 6, title: place.text(.posterScan))
        values["other_size"] = "/f/\(place.location.key)/\(place.channel.key)/poster?size=\(size == "a4" ? "a6" : "a4")&lang=\(place.language)"
        values["other_size_name"] = size == "a4" ? "A6" : "A4"
        return FeedbackPageController.html(.ok, CustomerPages.render("customer-poster", values), place: place)
    }
}
