import AmendsApp
import AmendsCore
import Crypto
import Foundation
import Hummingbird
import NIOCore

/// Feedback intake from channels (one item or an NDJSON batch), and reading and correcting an item's analysis.
struct FeedbackController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.post("/v1/feedback", .intake, use: postFeedback)
        routes.post("/v1/feedback/batch", .intake, use: postBatch)
        routes.get("/v1/feedback/:id", .frontline, use: getFeedback)
        routes.post("/v1/feedback/:id/label", .frontline, use: labelFeedback)
    }

    @Sendable func postFeedback(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let caller = try context.caller
        let scope = try context.scope
        try requireJSON(request)
        let buffer = try await JSON.body(request, limit: runtime.configuration.maxBodyBytes)
        let payload = try FeedbackPayload.read(buffer.readableBytesView)
        if payload.idempotencyKey != nil {
            throw AmendsError.invalidField("idempotency_key", "send it as the Idempotency-Key header on this route")
        }
        let key = try idempotencyKey(request)
        try scope.require(payload.location, for: "the feedback")
        let item = Runtime.Item(
            submission: payload.submission(channel: try channel(for: caller, named: payload.channel)),
            idempotencyKey: key, fingerprint: Self.fingerprint(buffer))
        switch try await runtime.intake([item])[0] {
        case .failure(let error):
            throw error
        case .success(.conflict(let existing)):
            throw AmendsError(
                .conflict, code: "idempotency_conflict",
                message: "Idempotency-Key '\(key ?? "")' was already used for feedback \(existing) with a different body")
        case .success(.accepted(let feedback, let opened)):
            return JSON.response(
                status: .created,
                text: FeedbackResponse(feedback: feedback, case: feedback.caseID.map { .init(id: $0, opened: opened) }, replayed: false).jsonText)
        case .success(.replayed(let feedback)):
            return JSON.response(
                status: .created,
                text: FeedbackResponse(feedback: feedback, case: feedback.caseID.map { .init(id: $0, opened: false) }, replayed: true).jsonText,
                headers: [.idempotentReplayed: "true"])
        }
    }

    struct BatchResult: Encodable {
        var line: Int
        var status: String
        var id: String?
        var caseID: String?
        var error: ErrorBody.Detail?

        enum CodingKeys: String, CodingKey {
            case line, status, id, error
            case caseID = "case_id"
        }
    }

    struct BatchResponse: Encodable {
        var accepted = 0
        var replayed = 0
        var rejected = 0
        var results: [BatchResult] = []
    }

    @Sendable func postBatch(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let caller = try context.caller
        let scope = try context.scope
        // Each line is read on its own, and a NUL refused on its line number.
        let buffer = try await JSON.body(request, limit: runtime.configuration.maxBatchBytes, refusingNUL: false)
        var response = BatchResponse()
        var items: [Runtime.Item] = []
        var lines: [Int] = []
        var lineNumber = 0
        for line in buffer.readableBytesView.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
            if trimmed.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
            let lineBuffer = ByteBuffer(bytes: trimmed)
            do {
                let payload = try FeedbackPayload.read(lineBuffer.readableBytesView)
                try scope.require(payload.location, for: "the feedback on line \(lineNumber)")
                items.append(
                    Runtime.Item(
                        submission: payload.submission(channel: try channel(for: caller, named: payload.channel)),
                        idempotencyKey: try payload.idempotencyKey.map(validatedKey), fingerprint: Self.fingerprint(lineBuffer)))
                lines.append(lineNumber)
            } catch let error as AmendsError {
                response.rejected += 1
                response.results.append(
                    BatchResult(line: lineNumber, status: "rejected", error: .init(code: error.code, message: error.message, field: error.field)))
            }
        }
        if items.isEmpty && response.rejected == 0 {
            throw AmendsError(.invalid, code: "empty_batch", message: "the body has no NDJSON lines")
        }
        for chunk in stride(from: 0, to: items.count, by: 2000) {
            let end = min(chunk + 2000, items.count)
            let results = try await runtime.intake(Array(items[chunk..<end]))
            for (offset, result) in results.enumerated() {
                let line = lines[chunk + offset]
                switch result {
                case .success(.accepted(let feedback, _)):
                    response.accepted += 1
                    response.results.append(BatchResult(line: line, status: "accepted", id: feedback.id, caseID: feedback.caseID))
                case .success(.replayed(let feedback)):
                    response.replayed += 1
                    response.results.append(BatchResult(line: line, status: "replayed", id: feedback.id, caseID: feedback.caseID))
                case .success(.conflict(let existing)):
                    response.rejected += 1
                    response.results.append(
                        BatchResult(
                            line: line, status: "rejected",
                            error: .init(
                                code: "idempotency_conflict", message: "idempotency_key was already used for feedback \(existing) with a different item")))
                case .failure(let error):
                    response.rejected += 1
                    response.results.append(
                        BatchResult(line: line, status: "rejected", error: .init(code: error.code, message: error.message, field: error.field)))
                }
            }
        }
        response.results.sort { $0.line < $1.line }
        return JSON.response(status: .ok, response)
    }

    @Sendable func getFeedback(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        return JSON.response(try await context.scope.feedback(id))
    }

    @Sendable func labelFeedback(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let member = try context.staff
        try requireJSON(request)
        let id = try context.parameters.require("id")
        let buffer = try await JSON.body(request, limit: runtime.configuration.maxBodyBytes)
        let payload = try JSON.decode(LabelPayload.self, from: buffer)
        _ = try await context.scope.feedback(id)
        let label = try await runtime.label(feedbackID: id, failure: payload.failure, category: payload.category, by: member)
        return JSON.response(
            LabelResponse(feedbackID: label.feedbackID, failure: label.failure, category: label.category, labeledBy: label.labeledBy, labeledAt: label.labeledAt))
    }
}
