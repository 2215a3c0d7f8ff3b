import Foundation

/// Which language a customer page speaks: the one asked for with `?lang=`, else the first of the browser's
/// `Accept-Language` the location offers, else the location's default (the first it offers).
public enum PageLanguage {
    /// The language of a page among `offered` (never empty; its first is the default).
    public static func choose(asked: String?, acceptLanguage: String?, offered: [String]) -> String {
        let fallback = offered.first ?? "en"
        if let asked, let match = match(asked, in: offered) { return match }
        for tag in preferences(acceptLanguage ?? "") {
            if let match = match(tag, in: offered) { return match }
        }
        return fallback
    }

    /// The offered tag `tag` stands for: the same tag in any letter case, else one with the same primary language.
    public static func match(_ tag: String, in offered: [String]) -> String? {
        let wanted = tag.trimmingCharacters(in: .whitespaces).lowercased()
        guard !wanted.isEmpty else { return nil }
        if let exact = offered.first(where: { $0.lowercased() == wanted }) { return exact }
        let primary = primary(wanted)
        return offered.first { self.primary($0) == primary }
    }

    /// The tags of an `Accept-Language` header, most wanted first (by `q`, then as written), without `*` or `q=0`.
    public static func preferences(_ header: String) -> [String] {
        var ranked: [(tag: String, weight: Double, order: Int)] = []
        for (order, part) in header.split(separator: ",").prefix(20).enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first, !tag.isEmpty, tag != "*" else { continue }
            var weight = 1.0
            for piece in pieces.dropFirst() where piece.lowercased().hasPrefix("q=") {
                weight = Double(piece.dropFirst(2)) ?? 0
            }
            if weight > 0 { ranked.append((tag, weight, order)) }
        }
        return ranked.sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.order < $1.order }.map(\.tag)
    }

    /// The primary language of a tag, lowercased: `pt` for `pt-BR`.
    public static func primary(_ tag: String) -> String {
        String(tag.split(separator: "-").first ?? Substring(tag)).lowercased()
    }
}
