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

    /// The customer's page for their case, from a status link: no token, plain words, HTML or JSON.
    @Sendable func customerCase(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let json = request.headers[.accept]?.contains("application/json") == true
        let token = try context.parameters.require("token")
        let recoveryCase: RecoveryCase
        switch try await linkedCase(token, purpose: .status) {
        case .failure(let error):
            return refusal(error, json: json, title: "Your report")
        case .success(let found):
            recoveryCase = found
        }
        let timeline = try await runtime.store.timeline(caseID: recoveryCase.id)
        let view = CustomerCaseView(recoveryCase, timeline: timeline, playbook: runtime.playbook.stored?.playbook)
        return page(.ok, json: json, body: view, html: CustomerPages.render("customer-case", view.values))
    }

    struct SurveyView: Encodable {
        var reference: String
        var about: String
        var place: String
        var answered: Bool
        var questions: [String: String]
    }

    static let questions = [
        "satisfaction": "Are you satisfied with how we handled it? (1 = not at all, 5 = completely)",
        "recommend": "How likely are you to come back or recommend us? (0 = not at all, 10 = certainly)",
        "comment": "Anything you would like to tell us?",
    ]

    /// The case a customer's link of `purpose` opens, or why it opens nothing.
    func linkedCase(_ token: String, purpose: StatusLink.Purpose) async throws -> Result<RecoveryCase, AmendsError> {
        let unknown = AmendsError(.notFound, code: "unknown_link", message: "This link is not one we made. Please check it was copied whole.")
        switch StatusLink.read(token, keys: runtime.keys, purpose: purpose) {
        case .unknown:
            return .failure(unknown)
        case .replaced:
            return .failure(
                AmendsError(
                    .gone, code: "link_replaced",
                    message: "This link was made before our links were secured anew, and no longer opens. Please ask us for a new one, or reply to our last message."))
        case .valid(let caseID, let expiresAt):
            guard let recoveryCase = try await runtime.store.recoveryCase(id: caseID) else { return .failure(unknown) }
            guard expiresAt > runtime.clock.now() else {
                let message =
                    purpose == .survey
                    ? "This survey has closed. Thank you all the same." : "This link has expired. Please ask us for a new one, or reply to our last message."
                return .failure(AmendsError(.gone, code: "link_expired", message: message))
            }
            return .success(recoveryCase)
        }
    }

    /// The case behind a survey token and its follow-up, or the error page to show instead.
    func surveyCase(_ token: String) async throws -> Result<(RecoveryCase, FollowUp), AmendsError> {
        switch try await linkedCase(token, purpose: .survey) {
        case .failure(let error):
            return .failure(error)
        case .success(let recoveryCase):
            guard let followUp = try await runtime.store.followUp(caseID: recoveryCase.id) else {
                return .failure(AmendsError(.notFound, code: "unknown_link", message: "This link is not one we made. Please check it was copied whole."))
            }
            return .success((recoveryCase, followUp))
        }
    }

    /// A page for the customer, or the same as JSON when asked for.
    func page(_ status: HTTPResponse.Status, json: Bool, body: some Encodable, html: String) -> Response {
        if json { return JSON.response(status: status, body) }
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"], body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// Why a link opens nothing, as a page or as JSON.
    func refusal(_ error: AmendsError, json: Bool, title: String) -> Response {
        if json { return JSON.response(status: Self.status(of: error), ErrorBody(code: error.code, message: error.message, field: error.field)) }
        return page(Self.status(of: error), json: false, body: [String: String](), html: CustomerPages.message(title: title, error.message))
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
        case .failure(let error):
            return refusal(error, json: json, title: "Survey")
        case .success(let (recoveryCase, followUp)):
            let view = surveyView(recoveryCase, answered: followUp.answer != nil)
            guard !view.answered else {
                return page(.ok, json: json, body: view, html: CustomerPages.message(title: "Thank you", "You have answered this survey already."))
            }
            return page(.ok, json: json, body: view, html: CustomerPages.render("customer-survey", Self.form(view, action: "/customer/surveys/\(token)")))
        }
    }

    func surveyView(_ recoveryCase: RecoveryCase, answered: Bool) -> SurveyView {
        let playbook = runtime.playbook.stored?.playbook
        return SurveyView(
            reference: recoveryCase.reference, about: playbook?.scenario(recoveryCase.scenario)?.name ?? recoveryCase.scenario,
            place: playbook?.location(recoveryCase.location)?.name ?? recoveryCase.location, answered: answered, questions: Self.questions)
    }

    /// The values of the survey form: the questions, what was chosen or typed before, and what was wrong with it.
    static func form(_ view: SurveyView, action: String, typed: [String: String] = [:], problem: AmendsError? = nil) -> [String: Any] {
        func scale(_ name: String, _ range: ClosedRange<Int>) -> [[String: Any]] {
            range.map { ["value": String($0), "checked": typed[name] == String($0)] }
        }
        var values: [String: Any] = [
            "about": view.about, "place": view.place, "reference": view.reference, "action": action,
            "satisfaction_question": questions["satisfaction"]!, "recommend_question": questions["recommend"]!, "comment_question": questions["comment"]!,
            "satisfaction": scale("satisfaction", 1...5), "recommend": scale("recommend", 0...10), "comment": typed["comment"] ?? "",
        ]
        if let problem {
            values["problem"] = problem.message
            if let field = problem.field { values["\(field)_wrong"] = true }
        }
        return values
    }

    @Sendable func answerSurvey(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let json = request.headers[.accept]?.contains("application/json") == true || request.headers[.contentType]?.hasPrefix("application/json") == true
        let token = try context.parameters.require("token")
        let recoveryCase: RecoveryCase
        switch try await surveyCase(token) {
        case .failure(let error):
            return refusal(error, json: json, title: "Survey")
        case .success(let (found, followUp)):
            if followUp.answer != nil && !json {
                return page(.conflict, json: false, body: [String: String](), html: CustomerPages.message(title: "Thank you", "You have answered this survey already."))
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
            if json || error.kind == .conflict { return refusal(error, json: json, title: "Survey") }
            // The form again, with what was chosen and typed, and what to put right.
            let values = Self.form(surveyView(recoveryCase, answered: false), action: "/customer/surveys/\(token)", typed: typed, problem: error)
            return page(Self.status(of: error), json: false, body: [String: String](), html: CustomerPages.render("customer-survey", values))
        }
        runtime.deliveryBell.ring()
        return page(
            .created, json: json, body: answer,
            html: CustomerPages.message(title: "Thank you", "Your answer helps us put things right, and keep them right."))
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
            for key in fields.keys where !["satisfaction", "recommend", "comment"].contains(key) {
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
