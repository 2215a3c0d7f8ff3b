import Foundation

/// Who is acting and from where, for the audit entries the store writes while serving one request or command.
public struct AuditContext: Sendable, Equatable {
    public var actor: String?
    public var source: String

    public init(actor: String?, source: String) {
        self.actor = actor
        self.source = source
    }

    @TaskLocal public static var current: AuditContext?
}
