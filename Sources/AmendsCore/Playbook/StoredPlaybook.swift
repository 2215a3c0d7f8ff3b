import Foundation

/// A playbook as stored: its version and when and by whom it was imported.
public struct StoredPlaybook: Sendable, Equatable {
    public var version: Int
    public var playbook: Playbook
    public var importedAt: Date
    public var importedBy: String

    public init(version: Int, playbook: Playbook, importedAt: Date, importedBy: String) {
        self.version = version
        self.playbook = playbook
        self.importedAt = importedAt
        self.importedBy = importedBy
    }
}
