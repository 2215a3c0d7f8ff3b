import AmendsCore

/// How pages name who did something: a staff member by name, Amends itself and the guarantees in words.
struct StaffNames: Sendable {
    private let names: [String: String]

    init(_ staff: [StaffMember]) {
        names = Dictionary(staff.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// The name of the member with `id`, or the id when nobody has it.
    subscript(id: String) -> String { names[id] ?? id }

    /// Who an actor (`staff:<id>`, `system`, `guarantee`, `cli:<user>`) is, in words.
    func actor(_ actor: String) -> String {
        if actor.hasPrefix("staff:") { return self[String(actor.dropFirst("staff:".count))] }
        switch actor {
        case "system": return "Amends"
        case "guarantee": return "the guarantee"
        default: return actor
        }
    }
}
