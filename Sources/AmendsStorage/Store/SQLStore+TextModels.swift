import AmendsCore
import AmendsJSON
import AmendsText
import Foundation
import Logging
import SQLKit

extension SQLStore {
    public func currentTextModel() async throws -> StoredTextModel? {
        try await backend.read { database in
            guard let row = try await database.raw("SELECT * FROM text_models ORDER BY version DESC LIMIT 1").first() else { return nil }
            let damaged = AmendsError(.invalid, code: "bad_model", message: "the stored text model is damaged or of an unknown format")
            guard let bytes = Data(base64Encoded: try row.decode(column: "model", as: String.self)),
                let model = try? TextModel(decoding: [UInt8](bytes))
            else { throw damaged }
            return StoredTextModel(
                version: try row.decode(column: "version", as: Int.self),
                model: model,
                trainedAt: Date(millis: try row.decode(column: "trained_at", as: Int64.self)),
                trainedBy: try row.decode(column: "trained_by", as: String.self),
                rows: try row.decode(column: "row_count", as: Int.self))
        }
    }

    public func label(_ label: FeedbackLabel, eventID: String) async throws {
        let ids = self.ids
        try await backend.transaction { database in
            guard let row = try await database.raw("SELECT case_id FROM feedback WHERE id = \(bind: label.feedbackID)").first() else {
                throw AmendsError.notFound("feedback", label.feedbackID)
            }
            try await database.raw(
                """
                INSERT INTO feedback_labels (feedback_id, failure, category, labeled_by, labeled_at)
                VALUES (\(bind: label.feedbackID), \(bind: label.failure ? 1 : 0), \(bind: label.category), \(bind: label.labeledBy), \(bind: label.labeledAt.millis))
                ON CONFLICT (feedback_id) DO UPDATE SET failure = excluded.failure, category = excluded.category,
                labeled_by = excluded.labeled_by, labeled_at = excluded.labeled_at
                """
            ).run()
            if let caseID = try row.decode(column: "case_id", as: String?.self) {
                try await IntakeWriter.insert(events: [label.timelineEvent(id: eventID, caseID: caseID)], into: database)
            }
            var detail: [String: JSONValue] = ["failure": .bool(label.failure)]
            if let category = label.category { detail["category"] = .string(category) }
            try await Self.audit("feedback.labeled", target: label.feedbackID, detail: detail, actor: label.labeledBy, at: label.labeledAt, ids: ids, in: database)
        }
    }

    public func labeledTexts() async throws -> [LabeledText] {
        try await backend.read { database in
            try await database.raw(
                "SELECT feedback.content AS content, feedback_labels.failure AS failure, feedback_labels.category AS category FROM feedback_labels JOIN feedback ON feedback.id = feedback_labels.feedback_id WHERE feedback.content IS NOT NULL ORDER BY feedback_labels.feedback_id"
            ).all().map { row in
                LabeledText(
                    text: try row.decode(column: "content", as: String.self), failure: try row.decode(column: "failure", as: Int.self) == 1,
                    category: try row.decode(column: "category", as: String?.self))
            }
        }
    }

    public func textModelVersion() async throws -> Int? {
        try await newestVersion(in: "text_models")
    }

    public func playbookVersion() async throws -> Int? {
        try await newestVersion(in: "playbooks")
    }

    /// The highest `version` in `table` (one of the versioned tables), nil when it is empty.
    func newestVersion(in table: String) async throws -> Int? {
        try await backend.read { database in
            try await database.raw("SELECT MAX(version) AS version FROM \(unsafeRaw: table)").first()?.decode(column: "version", as: Int?.self)
        }
    }

    public func saveTextModel(_ model: TextModel, at date: Date, by actor: String, rows: Int) async throws -> StoredTextModel {
        let text = Data(model.encoded()).base64EncodedString()
        return try await backend.transaction { database in
            let latest = try await database.raw("SELECT MAX(version) AS version FROM text_models").first()
            let version = (try latest?.decode(column: "version", as: Int?.self) ?? 0) + 1
            try await database.raw(
                """
                INSERT INTO text_models (version, trained_at, trained_by, row_count, model)
                VALUES (\(bind: version), \(bind: date.millis), \(bind: actor), \(bind: rows), \(bind: text))
                """
            ).run()
            return StoredTextModel(version: version, model: model, trainedAt: date, trainedBy: actor, rows: rows)
        }
    }
}
