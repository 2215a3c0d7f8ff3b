import AmendsApp
import AmendsCore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// The feedback pages customers open without an account, one per location and channel (`/f/{location}/{channel}`):
/// a rating, "what happened?", optional contact with consent, and a thank-you page that says what happens next. The
/// same address takes a business's own HTML form (a plain POST) and a kiosk's answers sent from its queue. Each answer
/// goes through the same intake as `POST /v1/feedback`: validated, analysed, stored durably, deduplicated by key.
struct FeedbackPageController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.get("/f/:location", .anyone, use: defaultPage)
        routes.get("/f/:location/:channel", .anyone, use: feedbackPage)
        routes.post("/f/:location/:channel", .anyone, use: answer)
        routes.get("/looks/:location", .anyone, use: look)
        routes.get("/logos/:location", .anyone, use: logo)
    }

    /// Where a page is, and how it is shown.
    struct Place {
        var playbook: Playbook
        var location: Location
        var channel: AmendsCore.Channel
        var language: String
        var kiosk: Bool
        var embed: Bool
        /// The version of the playbook the place was read from.
        var version = 0
        /// A campaign's survey of one visit: its token, and the day of the visit. The customer is known, so the page
        /// asks for no contact details.
        var survey: String? = nil
        var visitedOn: String? = nil

        func text(_ key: PageText.Key, _ values: [String: String] = [:]) -> String {
            PageText.fill(playbook.pageText(key, in: language), values)
        }

        /// The page's own address, keeping how it is shown, in `language`.
        func address(language: String? = nil) -> String {
            if let survey { return "/s/\(survey)?lang=" + (language ?? self.language) }
            var query = ["lang=" + (language ?? self.language)]
            if embed { query.append("embed=1") }
            if kiosk && channel.kind != .kiosk { query.append("kiosk=1") }
            return "/f/\(location.key)/\(channel.key)?" + query.joined(separator: "&")
        }

        /// What every customer page of this place shows: its language, name, logo and colour.
        var look: [String: Any] {
            var values: [String: Any] = ["lang": language, "place": location.name]
            if location.logo != nil { values["logo"] = "/logos/\(location.key)" }
            if location.color != nil { values["look"] = "/looks/\(location.key)" }
            var classes: [String] = []
            if kiosk { classes.append("kiosk") }
            if embed { classes.append("embed") }
            if !classes.isEmpty { values["body_class"] = classes.joined(separator: " ") }
            if kiosk || embed { values["script"] = true }
            return values
        }
    }

    /// A place, or the page that says there is none.
    enum Found {
        case success(Place)
        case failure(Response)
    }

    /// The place a request names, or the page that says there is none.
    func place(_ request: Request, location locationKey: String, channel channelKey: String?, language asked: String? = nil) -> Found {
        let stored = runtime.playbook.stored
        let playbook = stored?.playbook
        let parameters = request.uri.queryParameters
        let acceptLanguage = request.headers[.acceptLanguage]
        guard let playbook, let location = playbook.location(locationKey),
            let channel = channelKey.map({ playbook.channel($0) }) ?? playbook.feedbackChannel(at: location), channel.kind.hasFeedbackPage
        else {
            let language = PageLanguage.choose(
                asked: parameters.get("lang"), acceptLanguage: acceptLanguage, offered: playbook?.pageLanguages ?? PageText.shippedLanguages)
            let words = playbook?.pageText(.unknownPage, in: language) ?? PageText.shipped(.unknownPage, in: language) ?? ""
            let title = playbook?.pageText(.pageTitle, in: language) ?? PageText.shipped(.pageTitle, in: language) ?? ""
            return .failure(Self.html(.notFound, CustomerPages.render("customer-message", ["title": title, "message": words, "lang": language])))
        }
        let language = PageLanguage.choose(
            asked: asked ?? parameters.get("lang"), acceptLanguage: acceptLanguage, offered: playbook.pageLanguages(at: location))
        return .success(
            Place(
                playbook: playbook, location: location, channel: channel, language: language,
                kiosk: channel.kind == .kiosk || parameters.get("kiosk") == "1", embed: parameters.get("embed") == "1", version: stored?.version ?? 0))
    }

    @Sendable func defaultPage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let location = try context.parameters.require("location")
        switch place(request, location: location, channel: nil) {
        case .failure(let page): return page
        case .success(let place): return Self.html(.ok, render(place, typed: [:], problem: nil), place: place)
        }
    }

    @Sendable func feedbackPage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let location = try context.parameters.require("location")
        let channel = try context.parameters.require("channel")
        switch place(request, location: location, channel: channel) {
        case .failure(let page): return page
        case .success(let place): return Self.html(.ok, render(place, typed: [:], problem: nil), place: place)
        }
    }

    /// The feedback form of `place`, with what was typed and what to correct.
    func render(_ place: Place, typed: [String: String], problem: FeedbackForm.Problem?) -> String {
        let questions = place.channel.questions ?? FeedbackQuestions()
        let scale = questions.scale
        let range = Int(scale.range.lowerBound)...Int(scale.range.upperBound)
        var values = place.look
        let ratingQuestion: PageText.Key =
            switch scale {
            case .stars: .ratingStars
            case .csat: .ratingCSAT
            case .nps: .ratingNPS
            }
        let personal = !place.kiosk
        values.merge(
            [
                "page_title": place.text(.pageTitle), "heading": place.text(.heading, ["location": place.location.name]), "intro": place.text(.intro),
                "action": place.address(), "submission": typed["submission"] ?? Self.newKey(at: runtime.clock.now()), "scale": scale.rawValue,
                "rating_question": place.text(ratingQuestion),
                "rating": range.map { value -> [String: Any] in
                    [
                        "value": String(value), "checked": typed["rating"] == String(value),
                        "label": place.text(.ratingValue, ["value": String(value), "max": String(range.upperBound)]),
                    ]
                },
                "low": place.text(scale == .nps ? .npsLow : .ratingLow), "high": place.text(scale == .nps ? .npsHigh : .ratingHigh),
                "what_happened": place.text(.whatHappened), "hint": place.text(.whatHappenedHint), "limit": String(runtime.configuration.limits.maxTextLength),
                "typed_text": typed["text"] ?? "", "contact_heading": place.text(.contactHeading), "optional": place.text(.optional),
                "name_label": place.text(.name), "email_label": place.text(.email), "phone_label": place.text(.phone),
                "typed_name": typed["name"] ?? "", "typed_email": typed["email"] ?? "", "typed_phone": typed["phone"] ?? "",
                "consent": place.text(.consent), "consent_hint": place.text(.consentHint), "consent_checked": typed["consent"] != nil,
                "send": place.text(.send), "autocomplete": personal ? "on" : "off",
                "name_complete": personal ? "name" : "off", "email_complete": personal ? "email" : "off", "phone_complete": personal ? "tel" : "off",
            ], uniquingKeysWith: { _, new in new })
        if let visitedOn = place.visitedOn {
            values["known"] = true
            values["about"] = place.text(.surveyAbout, ["date": visitedOn])
        }
        values["choices"] = (questions.choices ?? []).map { choice -> [String: Any] in
            [
                "question": choice.text.text(in: place.language), "wrong": problem?.field == FeedbackForm.choicePrefix + choice.key,
                "options": choice.options.map { option -> [String: Any] in
                    [
                        "choice": choice.key, "value": option.key, "text": option.text.text(in: place.language),
                        "checked": typed[FeedbackForm.choicePrefix + choice.key] == option.key,
                    ]
                },
            ]
        }
        if place.kiosk {
            values["kiosk"] = true
            values["offline"] = place.text(.kioskOffline)
            values["waiting"] = place.text(.kioskWaiting)
            values["thanks_title"] = place.text(.thanksTitle)
            values["thanks_neutral"] = place.text(.thanksNeutral)
            values["kiosk_next"] = place.text(.kioskNext)
        }
        let languages = place.playbook.pageLanguages(at: place.location)
        if languages.count > 1 {
            values["has_languages"] = true
            values["languages_label"] = place.text(.languages)
            values["languages"] = languages.map { tag -> [String: Any] in
                ["tag": tag, "name": place.playbook.pageText(.languageName, in: tag), "href": place.address(language: tag), "current": tag == place.language]
            }
        }
        if let problem {
            values["problem"] = problem.words(in: place.language, playbook: place.playbook)
            values["problem_heading"] = place.text(.problemHeading)
            values["\(problem.field)_wrong"] = true
        }
        return CustomerPages.render("customer-feedback", values)
    }

    /// A new key for one answer: sending the page twice (a double click, a reload) stores the answer once.
    ///
    /// The key starts with the time in milliseconds (hexadecimal, 11 digits) and ends with 64 random bits: keys made in
    /// order land next to each other in the index that keeps them unique, which costs a random key's answer about a
    /// sixth of its speed on a large database (BENCHMARKS.md, "Customer pages").
    static func newKey(at date: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        let millis = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let time = String(millis, radix: 16)
        let random = String(generator.next() as UInt64, radix: 16)
        return String(repeating: "0", count: max(0, 11 - time.count)) + time + "-" + String(repeating: "0", count: 16 - random.count) + random
    }

    /// What the page says after an answer, for a script (the kiosk) that sent it.
    struct Received: Encodable {
        var status: String
        var message: String
    }

    @Sendable func answer(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let locationKey = try context.parameters.require("location")
        let channelKey = try context.parameters.require("channel")
        let json = request.headers[.accept]?.contains("application/json") == true
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/x-www-form-urlencoded") else {
            throw AmendsError(
                .unsupportedMediaType, code: "unsupported_media_type",
                message: "send the answer as an HTML form (application/x-www-form-urlencoded), not \(contentType.isEmpty ? "no type" : contentType)")
        }
        let buffer = try await JSON.body(request, limit: runtime.configuration.maxBodyBytes, refusingNUL: false)
        let submitted = try Form(encoded: String(buffer: buffer))
        var fields: [String: String] = [:]
        for (name, value) in submitted.fields where fields[name] == nil { fields[name] = value }
        let place: Place
        switch self.place(request, location: locationKey, channel: channelKey, language: fields["lang"]) {
        case .failure(let page):
            if json { throw AmendsError(.notFound, code: "unknown_page", message: "there is no feedback page for location '\(locationKey)' and channel '\(channelKey)'") }
            return page
        case .success(let found): place = found
        }
        return try await take(fields, place: place, json: json, request: request, context: context)
    }

    /// Keeps a posted answer of `place` and says thank you, or shows the form again with what to correct.
    func take(
        _ fields: [String: String], place: Place, json: Bool, request: Request, context: AmendsRequestContext, visit: Visit? = nil
    ) async throws -> Response {
        // What was typed, shown again when the answer is refused (never a NUL, which is refused and never shown).
        var typed: [String: String] { fields.mapValues { $0.contains("\0") ? $0.replacingOccurrences(of: "\0", with: "") : $0 } }
        let form: FeedbackForm
        var submission: FeedbackSubmission
        switch read(fields, place: place) {
        case .problem(let problem):
            return refuse(problem, place: place, typed: typed, json: json)
        case .bot:
            // Thanked like anyone, so the bot learns nothing; nothing is kept.
            runtime.logger.notice("feedback page answer with the hidden field filled in, not kept", metadata: ["address": "\(context.clientAddress)"])
            return thanks(place, json: json, status: "received", message: place.text(.thanksNeutral), contact: nil, statusURL: nil)
        case .answer(let read, let made):
            form = read
            submission = made
        }
        let fingerprint = Self.fingerprint(fields.filter { $0.key != "submission" })
        var key = try (form.submission ?? request.headers[.idempotencyKey]).map { "page:" + (try validatedKey($0)) }
        if let visit {
            // The visit's customer, known to the business; one answer per visit, whatever the page sends.
            submission.customer = visit.customer
            submission.metadata["visit"] = .string(visit.id)
            submission.metadata["campaign"] = .string(visit.campaign)
            submission.occurredAt = nil
            key = "visit:" + visit.id
        }
        var outcome = try await runtime.intake([Runtime.Item(submission: submission, idempotencyKey: key, fingerprint: fingerprint)])[0]
        if case .success(.conflict) = outcome, visit != nil {
            return Self.html(.gone, message(place, title: place.text(.thanksTitle), words: place.text(.surveyAnswered)), place: place)
        }
        if case .success(.conflict) = outcome, let key {
            // The same page sent again with other answers (back, change, send): a new answer of its own.
            outcome = try await runtime.intake([Runtime.Item(submission: submission, idempotencyKey: key + ":" + fingerprint.prefix(12), fingerprint: fingerprint)])[0]
        }
        let feedback: Feedback
        var replayed = false
        switch outcome {
        case .failure(let error):
            let problem = FeedbackForm.Problem(field: error.field ?? "text", code: error.code, message: error.message)
            return refuse(problem, place: place, typed: typed, json: json)
        case .success(.conflict(let existing)):
            throw AmendsError(.conflict, code: "idempotency_conflict", message: "this answer's key was already used for feedback \(existing) with other answers")
        case .success(.accepted(let stored, _)): feedback = stored
        case .success(.replayed(let stored)):
            feedback = stored
            replayed = true
        }
        let now = runtime.clock.now()
        if let visit { _ = try await runtime.store.answerVisit(id: visit.id, feedbackID: feedback.id, at: now) }
        // The customer's language, and their consent when they gave it, go with them for next time.
        if let keys = submission.customer?.keys, !keys.isEmpty, !replayed {
            let language = feedback.analysis.customerLanguage(page: place.language)
            try await runtime.store.noteCustomer(keys: keys, language: language, consentAt: form.consent ? now : nil, at: now)
        }
        return try await thanks(for: feedback, place: place, json: json, replayed: replayed)
    }

    /// What a posted form holds.
    enum Reading {
        case answer(FeedbackForm, FeedbackSubmission)
        case bot
        case problem(FeedbackForm.Problem)
    }

    func read(_ fields: [String: String], place: Place) -> Reading {
        do throws(FeedbackForm.Problem) {
            let form = try FeedbackForm(fields: fields)
            if form.isBot { return .bot }
            let page = place.kiosk ? "kiosk" : place.embed ? "embed" : "page"
            return .answer(
                form, try form.submission(channel: place.channel, location: place.location, language: place.language, page: page, limits: runtime.configuration.limits))
        } catch {
            return .problem(error)
        }
    }

    /// The thank-you page for stored feedback: what happens next, and for a complaint with contact details the link to follow it.
    func thanks(for feedback: Feedback, place: Place, json: Bool, replayed: Bool) async throws -> Response {
        let status = replayed ? "replayed" : "received"
        // The case's scenario is the analysis's (a case joined by a repeat complaint has the same one): no read needed.
        guard feedback.analysis.failure, let caseID = feedback.caseID, let scenario = feedback.analysis.scenario.flatMap(place.playbook.scenario) else {
            let praised = feedback.score?.isPraise ?? false
            return thanks(place, json: json, status: status, message: place.text(praised ? .thanksPraise : .thanksNeutral), contact: nil, statusURL: nil)
        }
        let team = place.playbook.team(scenario.team)?.name ?? scenario.team
        var contact: String
        var statusURL: String?
        if feedback.customer?.email != nil || feedback.customer?.phone != nil {
            if let within = scenario.respondWithin {
                contact = place.text(.thanksContact, ["team": team, "within": Self.words(within, place: place)])
            } else {
                contact = place.text(.thanksContactSoon, ["team": team])
            }
            // Not on a kiosk: the next guest would see it.
            if !place.kiosk {
                let expiresAt = Date(timeIntervalSince1970: (runtime.clock.now().timeIntervalSince1970 + Double(StatusLink.defaultDays) * 86400).rounded())
                statusURL = "/customer/cases/" + StatusLink.token(caseID: caseID, expiresAt: expiresAt, keys: runtime.keys)
            }
        } else {
            contact = place.text(.thanksNoContact, ["team": team])
        }
        return thanks(place, json: json, status: status, message: place.text(.thanksComplaint, ["team": team]), contact: contact, statusURL: statusURL)
    }

    func thanks(_ place: Place, json: Bool, status: String, message: String, contact: String?, statusURL: String?) -> Response {
        if json { return JSON.response(status: .created, Received(status: status, message: [message, contact].compactMap { $0 }.joined(separator: " "))) }
        // A thank-you page without a status link is the same for every such answer of its place: rendered once per playbook.
        let shared = statusURL == nil
        let key =
            "\(place.version)|\(place.location.key)|\(place.channel.key)|\(place.language)|\(place.kiosk)|\(place.embed)|\(place.survey != nil)|\(message)|\(contact ?? "")"
        if shared, let page = Self.sharedThanks.withLock({ $0[key] }) { return Self.html(.created, page, place: place) }
        var values = place.look
        values["title"] = place.text(.thanksTitle)
        values["message"] = message
        if let contact { values["contact"] = contact }
        if let statusURL {
            values["status_url"] = statusURL
            values["status_intro"] = place.text(.statusIntro)
            values["status_link"] = place.text(.statusLink)
        }
        if place.survey == nil {
            values["again"] = place.address()
            values["another"] = place.text(.another)
        }
        if place.kiosk {
            values["kiosk"] = true
            values["kiosk_next"] = place.text(.kioskNext)
            values["refresh"] = "8;url=\(place.address())"
        }
        let page = CustomerPages.render("customer-thanks", values)
        if shared {
            Self.sharedThanks.withLock { pages in
                if pages.count >= 1024 { pages.removeAll() }
                pages[key] = page
            }
        }
        return Self.html(.created, page, place: place)
    }

    /// The thank-you pages without a status link, rendered, by place, language and words (the playbook's version first,
    /// so a new playbook's words are never served from an older one's page).
    static let sharedThanks = Mutex<[String: String]>([:])

    /// The form again with what was typed and what to correct, or the problem as JSON.
    func refuse(_ problem: FeedbackForm.Problem, place: Place, typed: [String: String], json: Bool) -> Response {
        let message = problem.words(in: place.language, playbook: place.playbook)
        if json { return JSON.response(status: .unprocessableContent, ErrorBody(code: problem.code, message: message, field: problem.field)) }
        return Self.html(.unprocessableContent, render(place, typed: typed, problem: problem), place: place)
    }

    /// A page of a few words (a link used up, or expired), in the place's look.
    func message(_ place: Place, title: String, words: String) -> String {
        var values = place.look
        values["title"] = title
        values["message"] = words
        return CustomerPages.render("customer-message", values)
    }

    /// A span of time in the page's words: "2 hours", "30 minutes", "1 day".
    static func words(_ duration: SLADuration, place: Place) -> String {
        let seconds = duration.seconds
        let (count, one, many): (Int, PageText.Key, PageText.Key) =
            if seconds % 86400 == 0 { (seconds / 86400, .day, .days) } else if seconds % 3600 == 0 || seconds > 6 * 3600 {
                ((seconds + 3599) / 3600, .hour, .hours)
            } else { ((seconds + 59) / 60, .minute, .minutes) }
        return place.text(count == 1 ? one : many, ["count": String(count)])
    }

    static func fingerprint(_ fields: [String: String]) -> String {
        let canonical = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        return Data(SHA256.hash(data: Data(canonical.utf8))).base64EncodedString()
    }

    static func html(_ status: HTTPResponse.Status, _ html: String, place: Place? = nil) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        if let place { headers[.contentLanguage] = place.language }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// The colours of a location's customer pages, as a style sheet (a page may hold no style of its own).
    @Sendable func look(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let key = try context.parameters.require("location")
        guard let location = runtime.playbook.stored?.playbook.location(key), let color = location.color, Playbook.isColor(color) else {
            throw AmendsError.notFound("look", key)
        }
        let css = ":root{--brand:\(color)}\n"
        return Response(
            status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "no-cache"], body: ResponseBody(byteBuffer: ByteBuffer(string: css)))
    }

    /// A location's logo, from the playbook.
    @Sendable func logo(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let key = try context.parameters.require("location")
        guard let location = runtime.playbook.stored?.playbook.location(key), let logo = location.logo, let image = Playbook.logoImage(logo) else {
            throw AmendsError.notFound("logo", key)
        }
        return Response(
            status: .ok, headers: [.contentType: image.type, .cacheControl: "no-cache"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: image.bytes)))
    }
}
