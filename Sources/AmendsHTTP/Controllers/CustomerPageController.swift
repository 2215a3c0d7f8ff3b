import AmendsApp
import AmendsCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The pages customers reach by signed links, without an account: where their case stands, and the follow-up survey.
struct CustomerPageController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.get("/customer/cases/:token", .anyone, use: customerCase)
        routes.get("/customer/surveys/:token", .anyone, use: showSurvey)
        routes.post("/customer/surveys/:token", .anyone, use: answerSurvey)
    }

    /// The words of one customer page, in its language.
    struct Words {
        var playbook: Playbook?
        var language: String
        /// The case's location, for its name, logo and colour.
        var location: Location?

        func text(_ key: PageText.Key, _ values: [String: String] = [:]) -> String {
            PageText.fill(playbook?.pageText(key, in: language) ?? PageText.shipped(key, in: language) ?? PageText.shipped(key, in: "en") ?? "", values)
        }

        /// What every customer page shows: its language, and the location's name, logo and colour.
        var look: [String: Any] {
            var values: [String: Any] = ["lang": language]
            if let location {
                values["place"] = location.name
                if location.logo != nil { values["logo"] = "/logos/\(location.key)" }
                if location.color != nil { values["look"] = "/looks/\(location.key)" }
            }
            return values
        }
    }

    /// The language of a page about `recoveryCase`: the one asked for (`?lang=`), else the one the customer last used
    /// with us, else the browser's (`Accept-Language`), else the location's first; among those its pages speak.
    func words(_ request: Request, for recoveryCase: RecoveryCase?) async throws -> Words {
        let playbook = runtime.playbook.stored?.playbook
        let location = recoveryCase.flatMap { playbook?.location($0.location) }
        let offered = location.flatMap { playbook?.pageLanguages(at: $0) } ?? playbook?.pageLanguages ?? PageText.shippedLanguages
        var asked = request.uri.queryParameters.get("lang")
        if asked == nil, let keys = recoveryCase?.customer?.keys, !keys.isEmpty {
            asked = try await runtime.store.customerPreferences(keys: keys).language
        }
        let language = PageLanguage.choose(asked: asked, acceptLanguage: request.headers[.acceptLanguage], offered: offered)
        return Words(playbook: playbook, language: language, location: location)
    }

    /// Why a link opens nothing.
    struct LinkProblem: Error {
        var status: HTTPResponse.Status
        var code: String
        var text: PageText.Key
    }

    /// The customer's page for their case, from a status link: no token, plain words, HTML or JSON.
    @Sendable func customerCase(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let json = request.headers[.accept]?.contains("application/json") == true
        let token = try context.parameters.require("token")
        let recoveryCase: RecoveryCase
        switch try await linkedCase(token, purpose: .status) {
        case .failure(let problem):
            return refusal(problem, words: try await words(request, for: nil), json: json, title: .caseDefault)
        case .success(let found):
            recoveryCase = found
        }
        let words = try await words(request, for: recoveryCase)
        let timeline = try await runtime.store.timeline(caseID: recoveryCase.id)
        let view = CustomerCaseView(recoveryCase, timeline: timeline, words: words)
        var values = words.look
        values.merge(view.values, uniquingKeysWith: { _, new in new })
        for (name, key) in [("where", PageText.Key.caseWhere), ("reported", .caseReported), ("updated", .caseUpdated), ("reference_label", .caseReference)] {
            values[name] = words.text(key)
        }
        values["title"] = words.text(.caseTitle, ["reference": view.reference])
        return page(.ok, json: json, body: view, html: CustomerPages.render("customer-case", values), words: words)
    }

    struct SurveyView: Encodable {
        var reference: String
        var about: String
        var place: String
        var answered: Bool
        var questions: [String: String]
    }

    /// The case a customer's link of `purpose` opens, or why it opens nothing.
    func linkedCase(_ token: String, purpose: StatusLink.Purpose) async throws -> Result<RecoveryCase, LinkProblem> {
        let unknown = LinkProblem(status: .notFound, code: "unknown_link", text: .linkUnknown)
        switch StatusLink.read(token, keys: runtime.keys, purpose: purpose) {
        case .unknown:
            return .failure(unknown)
        case .replaced:
            return .failure(LinkProblem(status: .gone, code: "link_replaced", text: .linkReplaced))
        case .valid(let caseID, let expiresAt):
            guard let recoveryCase = try await runtime.store.recoveryCase(id: caseID) else { return .failure(unknown) }
            guard expiresAt > runtime.clock.now() else {
                return .failure(LinkProblem(status: .gone, code: "link_expired", text: purpose == .survey ? .followUpClosed : .linkExpired))
            }
            return .success(recoveryCase)
        }
    }

    /// The case behind a survey token and its follow-up, or why there is none.
    func surveyCase(_ token: String) async throws -> Result<(RecoveryCase, FollowUp), LinkProblem> {
        switch try await linkedCase(token, purpose: .survey) {
        case .failure(let problem):
            return .failure(problem)
        case .success(let recoveryCase):
            guard let followUp = try await runtime.store.followUp(caseID: recoveryCase.id) else {
                return .failure(LinkProblem(status: .notFound, code: "unknown_link", text: .linkUnknown))
            }
            return .success((recoveryCase, followUp))
        }
    }

    /// A page for the customer, or the same as JSON when asked for.
    func page(_ status: HTTPResponse.Status, json: Bool, body: some Encodable, html: String, words: Words) -> Response {
        if json { return JSON.response(status: status, body, headers: [.contentLanguage: words.language]) }
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store", .contentLanguage: words.language],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// A page of a few words in the customer's language.
    func message(_ words: Words, title: PageText.Key, _ text: String) -> String {
        var values = words.look
        values["title"] = words.text(title)
        values["message"] = text
        return CustomerPages.render("customer-message", values)
    }

    /// Why a link opens nothing, as a page or as JSON.
    func refusal(_ problem: LinkProblem, words: Words, json: Bool, title: PageText.Key) -> Response {
        let text = words.text(problem.text)
        if json { return JSON.response(status: problem.status, ErrorBody(code: problem.code, message: text, field: nil)) }
        return page(problem.status, json: false, body: [String: String](), html: message(words, title: title, text), words: words)
    }

    static func status(of error: AmendsError) -> HTTPResponse.Status {
        switch error.kind {
        case .notFound: .notFound
        case .gone: .gone
        case .conflict: .conflict
        default: .unprocessableContent
        }
    }

    @Sendable func showSurvey(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let json = request.headers[.accept]?.contains("application/json") == true
        let token = try context.parameters.require("token")
        switch try await surveyCase(token) {
        case .failure(let problem):
            return refusal(problem, words: try await words(request, for: nil), json: json, title: .followUpTitle)
        case .success(let (recoveryCase, followUp)):
            let words = try await words(request, for: recoveryCase)
            let view = surveyView(recoveryCase, answered: followUp.answer != nil, words: words)
            guard !view.answered else {
                return page(.ok, json: json, body: view, html: message(words, title: .thanksTitle, words.text(.followUpDone)), words: words)
            }
            return page(
                .ok, json: json, body: view, html: CustomerPages.render("customer-survey", Self.form(view, action: "/customer/surveys/\(token)", words: words)),
                words: words)
        }
    }

    func surveyView(_ recoveryCase: RecoveryCase, answered: Bool, words: Words) -> SurveyView {
        let playbook = runtime.playbook.stored?.playbook
        return SurveyView(
            reference: recoveryCase.reference, about: playbook?.scenario(recoveryCase.scenario)?.name ?? recoveryCase.scenario,
            place: playbook?.location(recoveryCase.location)?.name ?? recoveryCase.location, answered: answered,
            questions: [
                "satisfaction": words.text(.followUpSatisfaction), "recommend": words.text(.followUpRecommend), "comment": words.text(.followUpComment),
            ])
    }

    /// The values of the survey form: the questions, what was chosen or typed before, and what was wrong with it.
    static func form(_ view: SurveyView, action: String, words: Words, typed: [String: String] = [:], problem: AmendsError? = nil) -> [String: Any] {
        func scale(_ name: String, _ range: ClosedRange<Int>) -> [[String: Any]] {
            range.map { ["value": String($0), "checked": typed[name] == String($0)] }
        }
        var values = words.look
        values.merge(
            [
                "title": words.text(.followUpTitle), "intro": words.text(.followUpAbout, ["about": view.about, "place": view.place, "reference": view.reference]),
                "action": action + "?lang=" + words.language, "send": words.text(.send),
                "satisfaction_question": view.questions["satisfaction"]!, "recommend_question": view.questions["recommend"]!,
                "comment_question": view.questions["comment"]!, "satisfaction": scale("satisfaction", 1...5), "recommend": scale("recommend", 0...10),
                "comment": typed["comment"] ?? "",
            ], uniquingKeysWith: { _, new in new })
        if let problem {
            values["problem"] =
                switch problem.field {
                case "satisfaction": words.text(.followUpChooseSatisfaction)
                case "recommend": words.text(.followUpChooseRecommend)
                default: problem.message
                }
            if let field = problem.field { values["\(field)_wrong"] = true }
        }
        return values
    }

    @Sendable func answerSurvey(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let json = request.headers[.accept]?.contains("application/json") == true || request.headers[.contentType]?.hasPrefix("application/json") == true
        let token = try context.parameters.require("token")
        let recoveryCase: RecoveryCase
        let words: Words
        switch try await surveyCase(token) {
        case .failure(let problem):
            return refusal(problem, words: try await self.words(request, for: nil), json: json, title: .followUpTitle)
        case .success(let (found, followUp)):
            words = try await self.words(request, for: found)
            if followUp.answer != nil && !json {
                return page(.conflict, json: false, body: [String: String](), html: message(words, title: .thanksTitle, words.text(.followUpDone)), words: words)
            }
            recoveryCase = found
        }
        let buffer = try await JSON.body(request, limit: 64 * 1024)
        let contentType = request.headers[.contentType] ?? ""
        // What was typed, to show again if the answer is refused (without a NUL, which is refused and never shown).
        let typed = contentType.hasPrefix("application/x-www-form-urlencoded") ? Self.formFields(buffer).mapValues { $0.replacingOccurrences(of: "\0", with: "") } : [:]
        let answer: SurveyAnswer
        do {
            answer = try Self.readAnswer(buffer, contentType: contentType, at: runtime.clock.now())
            _ = try await runtime.store.answerSurvey(caseID: recoveryCase.id, answer: answer, playbook: runtime.playbook.stored?.playbook)
        } catch let error as AmendsError {
            if json {
                return JSON.response(status: Self.status(of: error), ErrorBody(code: error.code, message: error.message, field: error.field))
            }
            if error.kind == .conflict {
                return page(.conflict, json: false, body: [String: String](), html: message(words, title: .thanksTitle, words.text(.followUpDone)), words: words)
            }
            // The form again, with what was chosen and typed, and what to put right.
            let values = Self.form(
                surveyView(recoveryCase, answered: false, words: words), action: "/customer/surveys/\(token)", words: words, typed: typed, problem: error)
            return page(Self.status(of: error), json: false, body: [String: String](), html: CustomerPages.render("customer-survey", values), words: words)
        }
        runtime.deliveryBell.ring()
        return page(.created, json: json, body: answer, html: message(words, title: .thanksTitle, words.text(.followUpThanks)), words: words)
    }

    /// The fields of a submitted form, by name.
    static func formFields(_ buffer: ByteBuffer) -> [String: String] {
        var components = URLComponents()
        components.percentEncodedQuery = String(buffer: buffer).replacingOccurrences(of: "+", with: "%20")
        var fields: [String: String] = [:]
        for item in components.queryItems ?? [] { fields[item.name] = item.value ?? "" }
        return fields
    }

    /// The answer from a JSON body or a submitted form.
    static func readAnswer(_ buffer: ByteBuffer, contentType: String, at date: Date) throws -> SurveyAnswer {
        var fields: [String: String] = [:]
        if contentType.hasPrefix("application/x-www-form-urlencoded") {
            fields = formFields(buffer)
            if let field = fields.first(where: { $0.key.contains("\0") || $0.value.contains("\0") }) {
                throw AmendsError.invalidField(field.key, "may not hold a NUL character (%00)")
            }
            for key in fields.keys where !["satisfaction", "recommend", "comment", "lang"].contains(key) {
                throw AmendsError(.invalid, code: "unknown_field", message: "\(key): is not a field of the survey", field: key)
            }
        } else {
            let payload = try JSON.decode(SurveyPayload.self, from: buffer)
            return try SurveyAnswer(satisfaction: payload.satisfaction, recommend: payload.recommend, comment: payload.comment, answeredAt: date).validated()
        }
        guard let satisfaction = fields["satisfaction"].flatMap({ Int($0) }) else { throw AmendsError.invalidField("satisfaction", "choose from 1 to 5") }
        guard let recommend = fields["recommend"].flatMap({ Int($0) }) else { throw AmendsError.invalidField("recommend", "choose from 0 to 10") }
        return try SurveyAnswer(satisfaction: satisfaction, recommend: recommend, comment: fields["comment"], answeredAt: date).validated()
    }
}
