/// What one language's lexicon knows, as written by hand: compiled by ``Lexicon`` into that language's table.
///
/// Words are written as the language writes them, accents and all; the table also answers for the same words written
/// without accents ("nao" for "não", "tres" for "très"; German "schoen" for "schön"). Keys of several words are
/// phrases: a matched phrase replaces what its words would have said alone.
struct LanguageWords: Sendable {
    /// Words and phrases with their valence, from -4 (very negative) to +4 (very positive).
    var valence: [(String, Float)]
    /// Words and phrases that point at a service failure even when the tone is calm, 0.5...3 for how strongly. A
    /// phrase here should also be in `valence` when its tone differs from its words'.
    var failure: [(String, Float)]
    /// Intensifiers (+) and dampeners (-), as an increment of the next word's weight ("very" 0.3, "slightly" -0.3).
    var intensifiers: [(String, Float)]
    /// Words that negate the words after them.
    var negators: [String]
    /// Words after which the writer's real point usually comes ("but").
    var contrasts: [String]
    /// Words that join a new clause or item ("and", "because"): a negation does not reach past them.
    var joiners: [String]
    /// Short words that stand between a negator and its verb without using up the negation's reach (Spanish "no me
    /// lo dieron", Portuguese "não me deram", French "ne m'ont").
    var clitics: [String] = []
    /// Things a customer expects to find ("towel", "hot water", "wifi"): a negator before one names a failure
    /// ("kein Handtuch", "sin toallas", "pas de wifi").
    var amenities: [String] = []
}
