extension LanguageCase {
    /// German feedback: negation before and at the end of a clause, missing amenities, compounds, contrast, and words
    /// written with and without umlauts and ß.
    static let german: [LanguageCase] = [
        // Praise denied, complaints denied
        LanguageCase("Das Zimmer war nicht sauber", failure: true, names: ["sauber"]),
        LanguageCase("Das Personal war nicht freundlich", failure: true, names: ["freundlich"]),
        LanguageCase("Es gab keine Probleme, alles lief reibungslos.", failure: false, names: ["reibungslos"]),
        LanguageCase("Das Essen war nicht schlecht", failure: false),
        // Missing amenities
        LanguageCase("Kein Handtuch im Bad", failure: true, names: ["handtuch"]),
        LanguageCase("Es gab keine Handtücher und kein warmes Wasser", failure: true, names: ["handtücher", "wasser"]),
        // "nicht" at the end of the clause
        LanguageCase("Das WLAN funktioniert nicht", failure: true, names: ["funktioniert"]),
        LanguageCase("Ich kann das Hotel nicht empfehlen", failure: true, names: ["empfehlen"]),
        LanguageCase("Die Heizung ging nicht", failure: true, names: ["ging"]),
        // Compounds
        LanguageCase("Das Frühstücksbuffet war hervorragend", failure: false, names: ["hervorragend"]),
        LanguageCase("Schimmelflecken im Badezimmer", failure: true, names: ["schimmelflecken"]),
        LanguageCase("Totale Servicewüste an der Hotline", failure: true, names: ["servicewüste"]),
        // Contrast: the point comes after "aber"
        LanguageCase("Personal freundlich, aber das Zimmer war schmutzig", failure: true, names: ["schmutzig"]),
        LanguageCase("Lange Wartezeit, aber der Service war super", failure: false, names: ["super"]),
        // Umlauts and ß, written and left out
        LanguageCase("Wirklich schön hier, wir kommen gerne wieder!", failure: false, names: ["schön"]),
        LanguageCase("Schoen sauber und ruhig, danke", failure: false, names: ["schoen", "sauber"]),
        LanguageCase("Über eine Stunde Verspätung und keine Durchsage", failure: true, names: ["verspätung"]),
        LanguageCase("Der Zug hatte 40 Minuten Verspaetung", failure: true, names: ["verspaetung"]),
        LanguageCase("Mein Paket ist nach zwei Wochen immer noch nicht angekommen. Viele Grüße", failure: true, names: ["angekommen"]),
        LanguageCase("Alles bestens, vielen Dank! Gruesse aus Wien", failure: false, names: ["bestens"]),
        LanguageCase("Großartiger Service und sehr aufmerksames Personal", failure: false, names: ["großartiger", "aufmerksames"]),
        LanguageCase("Grossartiges Essen, freundliche Bedienung", failure: false, names: ["grossartiges"]),
        LanguageCase("Das Essen war scheusslich und das Personal unhöflich", failure: true, names: ["scheusslich", "unhöflich"]),
        // Money
        LanguageCase("Zweimal abgebucht und bis heute keine Erstattung", failure: true, names: ["abgebucht", "erstattung"]),
    ]
}
