import AmendsApp
import AmendsCore
import AmendsText
import Foundation
import Hummingbird

/// How the text engine reads a text, for trying it out.
struct AnalyzeController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.get("/v1/analyze", .frontline, use: analyze)
    }

    /// How the text engine reads one text, for trying it out.
    struct AnalyzeResponse: Encodable {
        struct Model: Encodable {
            var version: Int
            var trainedAt: Date
            var trainedBy: String
            var rows: Int

            enum CodingKeys: String, CodingKey {
                case version, rows
                case trainedAt = "trained_at"
                case trainedBy = "trained_by"
            }
        }

        var failure: Bool
        var probability: Double
        var sentiment: Double
        var categories: [CategoryScore]
        var explanation: [String]
        /// The language the text was read as.
        var language: String
        /// The trained model used; absent when the built-in lexicon read the text.
        var model: Model?
    }

    @Sendable func analyze(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        guard let text = request.uri.queryParameters.get("text"), text.contains(where: { !$0.isWhitespace }) else {
            throw AmendsError.invalidField("text", "is required: GET /v1/analyze?text=…")
        }
        let limit = runtime.configuration.limits.maxTextLength
        guard text.count <= limit else { throw AmendsError.invalidField("text", "is \(text.count) characters; the limit is \(limit)") }
        let (engine, stored) = runtime.text
        let verdict = engine.analyze(text)
        return JSON.response(
            AnalyzeResponse(
                failure: verdict.failure, probability: verdict.probability, sentiment: verdict.sentiment,
                categories: verdict.categories, explanation: verdict.explanation, language: verdict.language.rawValue,
                model: stored.map { .init(version: $0.version, trainedAt: $0.trainedAt, trainedBy: $0.trainedBy, rows: $0.rows) }))
    }
}
