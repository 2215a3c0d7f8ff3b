import AmendsText
import Foundation

/// A trained text model as kept in the database: versioned, with who trained it on how many rows.
public struct StoredTextModel: Sendable {
    public var version: Int
    public var model: TextModel
    public var trainedAt: Date
    public var trainedBy: String
    public var rows: Int

    public init(version: Int, model: TextModel, trainedAt: Date, trainedBy: String, rows: Int) {
        self.version = version
        self.model = model
        self.trainedAt = trainedAt
        self.trainedBy = trainedBy
        self.rows = rows
    }
}
