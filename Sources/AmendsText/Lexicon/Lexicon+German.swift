extension LanguageWords {
    /// German, as customers write feedback about service in Germany, Austria and Switzerland: hotels, trains, flights,
    /// restaurants, online shops and parcels, telecoms, banks and hotlines. Keys keep their umlauts and ß.
    static let german = LanguageWords(
        valence: [
            // Top praise
            ("hervorragend", 3.2), ("hervorragende", 3.2), ("hervorragenden", 3.1), ("hervorragender", 3.2), ("hervorragendes", 3.2),
            ("ausgezeichnet", 3.2), ("ausgezeichnete", 3.2), ("ausgezeichneten", 3.1), ("exzellent", 3.2), ("exzellente", 3.2), ("großartig", 3.0),
            ("großartige", 3.0), ("großartigen", 2.9), ("großartiger", 3.0), ("großartiges", 3.0), ("fantastisch", 3.1), ("fantastische", 3.1),
            ("wunderbar", 3.0), ("wunderbare", 3.0), ("wundervoll", 3.0), ("traumhaft", 3.0), ("perfekt", 3.0), ("perfekte", 3.0), ("perfekten", 2.9),
            ("perfektes", 3.0), ("erstklassig", 3.0), ("erstklassige", 3.0), ("überragend", 3.1), ("grandios", 3.0), ("sensationell", 3.0),
            ("atemberaubend", 3.0), ("vorbildlich", 2.8), ("tadellos", 2.8), ("einwandfrei", 2.6), ("fehlerfrei", 2.2), ("genial", 2.8),
            ("spitze", 2.8), ("weltklasse", 3.0), ("top", 2.4), ("klasse", 2.5), ("super", 2.6), ("mega", 1.8), ("geil", 2.2), ("einzigartig", 2.6),
            ("beeindruckend", 2.4), ("beste", 2.8), ("besten", 2.6), ("bestens", 2.6), ("optimal", 2.2), ("luxus", 1.6), ("traum", 2.0),
            // General approval
            ("gut", 1.8), ("gute", 1.8), ("guten", 1.5), ("guter", 1.8), ("gutes", 1.8), ("besser", 1.3), ("toll", 2.6), ("tolle", 2.6),
            ("tollen", 2.5), ("toller", 2.6), ("tolles", 2.6), ("schön", 2.0), ("schöne", 2.0), ("schönen", 1.8), ("schöner", 1.9), ("schönes", 2.0),
            ("nett", 1.7), ("nette", 1.7), ("netten", 1.6), ("nettes", 1.7), ("angenehm", 2.0), ("angenehme", 2.0), ("angenehmen", 1.9),
            ("angenehmes", 2.0), ("prima", 2.3), ("okay", 0.6), ("ok", 0.6), ("ordentlich", 1.0), ("solide", 1.2), ("akzeptabel", 0.6),
            ("zufriedenstellend", 1.2), ("gelungen", 2.0), ("positiv", 1.6), ("empfehlenswert", 2.4), ("lohnt", 1.2), ("wert", 0.8),
            ("preiswert", 1.5), ("günstig", 1.2), ("fair", 1.0), ("gerne", 1.4), ("gern", 1.2), ("modern", 1.0), ("charmant", 2.0),
            ("liebevoll", 2.4), ("kostenlos", 0.8),
            // Rooms, places and comfort
            ("sauber", 1.7), ("saubere", 1.7), ("sauberen", 1.7), ("sauberer", 1.7), ("sauberes", 1.7), ("sauberkeit", 0.5), ("blitzsauber", 2.6),
            ("gepflegt", 1.8), ("gepflegte", 1.8), ("ruhig", 1.2), ("ruhige", 1.2), ("ruhigen", 1.2), ("ruhiges", 1.2), ("ruhe", 1.2),
            ("gemütlich", 2.0), ("gemütliche", 2.0), ("bequem", 1.8), ("bequeme", 1.8), ("geräumig", 1.8), ("komfortabel", 2.0), ("frisch", 1.4),
            ("frische", 1.4), ("renoviert", 1.0), ("zentral", 0.8), ("entspannt", 1.8), ("erholsam", 2.0), ("warm", 0.8), ("warme", 0.8),
            // People who serve well
            ("freundlich", 2.2), ("freundliche", 2.2), ("freundlichen", 2.1), ("freundlicher", 2.2), ("freundliches", 2.2), ("freundlichkeit", 1.2),
            ("herzlich", 2.4), ("herzliche", 2.4), ("herzlichen", 2.2), ("hilfsbereit", 2.3), ("hilfsbereite", 2.3), ("zuvorkommend", 2.3),
            ("aufmerksam", 2.1), ("aufmerksame", 2.1), ("aufmerksames", 2.1), ("höflich", 1.9), ("höfliche", 1.9), ("kompetent", 1.8),
            ("kompetente", 1.8), ("professionell", 1.9), ("professionelle", 1.9), ("kulant", 2.2), ("kulanz", 1.4), ("engagiert", 1.8),
            ("geduldig", 1.6), ("sympathisch", 2.0), ("lieb", 1.8), ("liebe", 0.6), ("zuverlässig", 1.9), ("zuverlässige", 1.9), ("ehrlich", 1.4),
            ("kundenfreundlich", 2.2), ("gastfreundlich", 2.2), ("hilfreich", 2.0), ("bemüht", 1.2),
            // Speed and ease
            ("schnell", 1.4), ("schnelle", 1.5), ("schnellen", 1.4), ("schneller", 1.3), ("zügig", 1.6), ("rasch", 1.4), ("prompt", 1.8),
            ("pünktlich", 1.9), ("pünktliche", 1.9), ("sofort", 1.0), ("umgehend", 1.4), ("reibungslos", 2.0), ("reibungslose", 2.0),
            ("problemlos", 1.8), ("problemfrei", 1.8), ("stressfrei", 2.2), ("einfach", 0.3), ("unkompliziert", 2.0), ("unbürokratisch", 2.2),
            ("praktisch", 1.2),
            // Food and drink
            ("lecker", 2.4), ("leckere", 2.4), ("leckeren", 2.3), ("leckeres", 2.4), ("köstlich", 2.8), ("köstliche", 2.8), ("schmackhaft", 2.2),
            ("vorzüglich", 2.8), ("reichhaltig", 1.7), ("abwechslungsreich", 1.8), ("vielfältig", 1.6), ("saftig", 1.6), ("großzügig", 2.0),
            ("reichlich", 0.8),
            // Thanks, praise and recommendation
            ("danke", 1.8), ("dankeschön", 2.0), ("dank", 0.8), ("dankbar", 2.4), ("bedanken", 1.8), ("merci", 1.8), ("lob", 2.0),
            ("kompliment", 2.2), ("bravo", 2.6), ("empfehlen", 1.5), ("empfehle", 1.8), ("empfohlen", 1.5), ("empfehlung", 1.4),
            ("weiterempfehlen", 2.2),
            // Happy feelings
            ("glücklich", 2.4), ("froh", 2.0), ("begeistert", 3.0), ("erfreut", 2.2), ("zufrieden", 2.0), ("zufriedene", 2.0), ("zufriedenheit", 1.8),
            ("überzeugt", 2.0), ("genossen", 2.2), ("freude", 2.2), ("gefreut", 2.0), ("freuen", 1.8), ("lieben", 1.6), ("gefällt", 1.5),
            ("gefiel", 1.5), ("gefallen", 1.0), ("mag", 1.4), ("mochte", 1.4), ("spaß", 2.0), ("wohlgefühlt", 2.4), ("erholt", 1.8), ("glück", 1.6),
            ("glücklicherweise", 1.4), ("wow", 2.2),
            // Things that work and things put right
            ("funktioniert", 1.2), ("funktionierte", 1.2), ("funktionieren", 0.8), ("klappt", 1.0), ("klappte", 1.0), ("geklappt", 1.2),
            ("geht", 0.3), ("ging", 0.3), ("passt", 0.8), ("stimmt", 0.5), ("gelöst", 1.8), ("lösen", 1.0), ("geklärt", 1.4), ("behoben", 1.6),
            ("erledigt", 1.2), ("repariert", 1.2), ("geholfen", 1.8), ("helfen", 1.0), ("weiterhelfen", 1.2), ("hilft", 0.8), ("half", 1.2),
            ("unterstützung", 0.8), ("angekommen", 0.6), ("geliefert", 0.5), ("erhalten", 0.5), ("bekommen", 0.3), ("erstattet", 0.4),
            ("ersetzt", 0.6), ("entschuldigt", 0.8), ("antwortet", 0.8), ("geantwortet", 0.8), ("reagiert", 0.6), ("erreichbar", 1.0),
            ("lösung", 1.2), ("schlafen", 0.6), ("geschlafen", 1.0),
            // Strong condemnation
            ("schrecklich", -3.2), ("schreckliche", -3.2), ("furchtbar", -3.1), ("fürchterlich", -3.1), ("grauenhaft", -3.3), ("scheußlich", -3.0),
            ("katastrophal", -3.4), ("katastrophale", -3.4), ("katastrophe", -3.2), ("desaströs", -3.2), ("albtraum", -3.2), ("alptraum", -3.2),
            ("horror", -2.8), ("reinfall", -2.6), ("miserabel", -3.0), ("unterirdisch", -3.2), ("inakzeptabel", -3.0), ("unzumutbar", -3.0),
            ("unmöglich", -2.0), ("unverschämt", -3.0), ("unverschämte", -3.0), ("unverschämtheit", -3.0), ("frechheit", -2.8), ("zumutung", -2.8),
            ("skandal", -3.0), ("peinlich", -2.2), ("lächerlich", -2.6), ("erbärmlich", -3.0), ("mies", -2.6), ("scheiße", -3.0), ("scheiß", -2.8),
            ("beschissen", -3.0), ("mist", -2.2), ("übel", -2.4), ("schlecht", -2.2), ("schlechte", -2.2), ("schlechten", -2.2), ("schlechter", -2.3),
            ("schlechtes", -2.2), ("schlechteste", -3.3), ("schlechtester", -3.3), ("schlimm", -2.6), ("schlimme", -2.6), ("schlimmste", -3.2),
            ("mangelhaft", -2.4), ("ungenügend", -2.4), ("dürftig", -1.8), ("servicewüste", -2.6), ("wüste", -1.6), ("saftladen", -3.0),
            ("kundenfeindlich", -2.8),
            // Mediocre and disappointing
            ("mittelmäßig", -1.5), ("mäßig", -1.2), ("durchschnittlich", -0.3), ("naja", -0.6), ("enttäuschend", -2.4), ("enttäuschende", -2.4),
            ("enttäuscht", -2.4), ("enttäuschung", -2.4), ("schwach", -1.6), ("schade", -1.4), ("langweilig", -1.7), ("lieblos", -2.0),
            ("billig", -0.6), ("nutzlos", -2.6), ("unbrauchbar", -2.8), ("unfair", -2.3), ("kompliziert", -1.2), ("umständlich", -1.6),
            ("unseriös", -2.6), ("unzuverlässig", -2.4), ("unzureichend", -2.0), ("ausbaufähig", -1.0), ("leider", -1.0),
            // Anger, frustration and disgust
            ("wütend", -2.8), ("sauer", -2.0), ("verärgert", -2.4), ("ärgerlich", -2.2), ("ärger", -2.0), ("geärgert", -2.2), ("empört", -2.8),
            ("frustriert", -2.4), ("frust", -2.2), ("nervig", -2.0), ("genervt", -2.0), ("entsetzt", -3.0), ("unerträglich", -3.0),
            ("schockiert", -2.4), ("traurig", -2.0), ("unzufrieden", -2.4), ("unzufriedenheit", -2.3), ("hasse", -3.0), ("ekelhaft", -3.2),
            ("eklig", -3.0), ("widerlich", -3.2), ("unangenehm", -2.2), ("unbequem", -2.0), ("ungemütlich", -1.8), ("unruhig", -1.4),
            ("stress", -1.8), ("stressig", -2.0), ("zeitverschwendung", -2.8), ("geldverschwendung", -2.8), ("verarsche", -2.8), ("verarscht", -2.8),
            // Dishonesty, theft and money
            ("betrug", -3.2), ("betrüger", -3.2), ("betrogen", -3.0), ("abzocke", -3.0), ("abgezockt", -3.0), ("gestohlen", -2.9), ("geklaut", -2.8),
            ("diebstahl", -3.0), ("überteuert", -2.3), ("teuer", -1.4), ("gelogen", -2.8), ("angelogen", -3.0), ("belogen", -3.0), ("lügen", -2.2),
            ("irreführend", -2.5), ("unberechtigt", -2.2), ("abgebucht", -1.0), ("abbuchung", -0.6), ("berechnet", -0.6), ("gebühr", -0.7),
            ("gebühren", -0.9), ("zusatzkosten", -1.4), ("versteckte", -1.2), ("mahnung", -1.6), ("inkasso", -2.2), ("erstattung", -0.5),
            ("rückerstattung", -0.5), ("entschädigung", -0.5),
            // Staff who fail customers
            ("unfreundlich", -2.2), ("unfreundliche", -2.2), ("unfreundlichen", -2.2), ("unfreundlichkeit", -2.3), ("unhöflich", -2.4),
            ("pampig", -2.4), ("frech", -2.4), ("arrogant", -2.6), ("herablassend", -2.6), ("respektlos", -2.8), ("aggressiv", -2.5),
            ("lustlos", -2.0), ("desinteressiert", -2.0), ("faul", -2.2), ("überfordert", -2.0), ("unprofessionell", -2.7), ("inkompetent", -3.0),
            ("inkompetente", -3.0), ("inkompetenz", -3.0), ("ahnungslos", -2.4), ("unfähig", -2.8), ("schlampig", -2.3), ("nachlässig", -2.2),
            ("ignoriert", -2.4), ("abgewimmelt", -2.6), ("vertröstet", -2.0), ("angeschrien", -2.8), ("belästigt", -2.6), ("unerreichbar", -2.0),
            ("aufgelegt", -1.6), ("unbeantwortet", -2.2), ("ungelöst", -2.2),
            // Delays, waiting and time lost
            ("verspätung", -2.0), ("verspätungen", -2.0), ("verspätet", -2.0), ("verspätete", -2.0), ("verzögerung", -1.9), ("verzögert", -2.0),
            ("verzug", -1.8), ("lieferverzug", -2.0), ("spät", -1.4), ("unpünktlich", -2.2), ("langsam", -1.6), ("langsame", -1.6), ("ewig", -1.4),
            ("ständig", -1.0), ("ewigkeit", -1.8), ("stundenlang", -1.8), ("wochenlang", -1.8), ("monatelang", -2.0), ("warten", -1.0),
            ("warte", -1.0), ("wartet", -1.0), ("warteten", -1.4), ("gewartet", -1.6), ("wartezeit", -1.0), ("wartezeiten", -1.2),
            ("warteschleife", -2.0), ("verpasst", -1.8), ("gedauert", -0.6),
            // Cancellations, disruption and refusals
            ("storniert", -2.3), ("stornierung", -1.8), ("storno", -1.6), ("stornieren", -1.4), ("annulliert", -2.3), ("gecancelt", -2.3),
            ("abgesagt", -2.0), ("ausgefallen", -2.2), ("ausfall", -2.2), ("ausfälle", -2.2), ("gestrichen", -2.0), ("überbucht", -2.6),
            ("überbuchung", -2.5), ("gestrandet", -2.9), ("umgebucht", -0.6), ("streik", -1.2), ("störung", -2.0), ("gestört", -1.8),
            ("schienenersatzverkehr", -1.2), ("geschlossen", -0.8), ("abgelehnt", -1.8), ("verweigert", -2.2), ("gesperrt", -1.8),
            ("gekündigt", -0.8),
            // Lost, missing and wrong
            ("verloren", -2.1), ("verlust", -1.8), ("verschwunden", -2.2), ("unauffindbar", -2.2), ("fehlt", -1.4), ("fehlen", -1.4),
            ("fehlte", -1.6), ("fehlende", -1.6), ("falsch", -1.9), ("falsche", -1.9), ("falschen", -1.9), ("falscher", -1.9), ("falsches", -1.9),
            ("fehler", -1.7), ("fehlerhaft", -2.2), ("fehlerhafte", -2.2), ("verwechselt", -1.8), ("fehllieferung", -2.2), ("unvollständig", -1.8),
            ("vergessen", -1.6), ("angeblich", -1.4), ("rücksendung", -0.4),
            // Broken, damaged and run down
            ("kaputt", -2.3), ("kaputte", -2.3), ("defekt", -2.5), ("defekte", -2.5), ("beschädigt", -2.3), ("beschädigte", -2.3),
            ("beschädigung", -2.0), ("schaden", -1.8), ("schäden", -1.8), ("zerbrochen", -2.2), ("zerkratzt", -1.8), ("kratzer", -1.5),
            ("undicht", -2.0), ("tropft", -1.6), ("verstopft", -2.2), ("ausgelaufen", -1.8), ("heruntergekommen", -2.4), ("abgewohnt", -2.0),
            ("abgenutzt", -1.5), ("renovierungsbedürftig", -1.8), ("reparatur", -0.8), ("baustelle", -1.2),
            // Dirt, smells, pests, noise and discomfort
            ("schmutzig", -2.3), ("schmutzige", -2.3), ("schmutzigen", -2.3), ("schmutziges", -2.3), ("dreckig", -2.6), ("dreckige", -2.6),
            ("dreck", -2.6), ("schmutz", -2.3), ("verdreckt", -2.8), ("verschmutzt", -2.4), ("unsauber", -2.4), ("unhygienisch", -2.9),
            ("staubig", -1.8), ("staub", -1.2), ("fleckig", -1.9), ("flecken", -1.6), ("haare", -1.2), ("müll", -2.0), ("schimmel", -2.4),
            ("schimmelig", -2.6), ("verschimmelt", -2.7), ("feucht", -1.4), ("muffig", -1.9), ("gestank", -2.6), ("stinkt", -2.5), ("geruch", -1.0),
            ("ungeziefer", -3.0), ("kakerlaken", -3.0), ("bettwanzen", -3.4), ("wanzen", -3.0), ("ratten", -2.0), ("kalt", -1.0), ("kalte", -1.2),
            ("eiskalt", -1.8), ("stickig", -1.8), ("überfüllt", -2.1), ("laut", -1.0), ("laute", -1.2), ("lauten", -1.2), ("lärm", -2.0),
            ("krach", -1.8), ("hellhörig", -1.8),
            // Food gone wrong
            ("lauwarm", -1.6), ("versalzen", -1.8), ("verbrannt", -2.0), ("angebrannt", -2.0), ("roh", -0.8), ("zäh", -1.6), ("fad", -1.8),
            ("geschmacklos", -2.1), ("verdorben", -2.6), ("abgelaufen", -1.8), ("ungenießbar", -3.0), ("lebensmittelvergiftung", -3.4),
            ("übelkeit", -2.2), ("durchfall", -2.6),
            // Technology and connections that fail
            ("abgestürzt", -2.2), ("absturz", -2.1), ("fehlermeldung", -2.0), ("gehackt", -2.6), ("offline", -1.2), ("funkloch", -2.0),
            ("gedrosselt", -2.0),
            // Problems, complaints and failure
            ("problem", -1.5), ("probleme", -1.7), ("problematisch", -1.9), ("schwierigkeiten", -1.4), ("beschwerde", -1.8), ("beschwerden", -1.9),
            ("beschweren", -1.7), ("beschwert", -1.8), ("reklamation", -1.8), ("reklamiert", -1.8), ("reklamieren", -1.6), ("mängel", -1.8),
            ("mangel", -1.6), ("beanstandung", -1.6), ("kritik", -1.2), ("fehlanzeige", -2.0), ("versagt", -2.2), ("versagen", -2.2),
            ("fehlgeschlagen", -2.0), ("schiefgelaufen", -2.0), ("chaos", -2.5), ("chaotisch", -2.4),
            // Neutral words, compounds and phrases whose parts would mislead
            ("kundenservice", 0.0), ("zimmerservice", 0.0), ("kundendienst", 0.0), ("lautsprecher", 0.0), ("mülleimer", 0.0), ("wartebereich", 0.0),
            ("wartezimmer", 0.0), ("bestellung", 0.0), ("bestellungen", 0.0), ("bestellnummer", 0.0), ("bestellvorgang", 0.0), ("supermarkt", 0.0),
            ("preisklasse", 0.0), ("businessklasse", 0.0), ("spätcheckout", 0.0), ("erste klasse", 0.1), ("ersten klasse", 0.1),
            ("zweiten klasse", 0.1),
            // Phrases: no trouble, and complaints denied
            ("kein problem", 1.5), ("keine probleme", 1.3), ("keine beschwerden", 1.8), ("ohne probleme", 1.5), ("nicht schlecht", 1.2),
            ("nichts zu beanstanden", 2.0), ("nichts auszusetzen", 2.0), ("nicht nur", 0.1), ("zum glück", 1.4),
            // Phrases: thanks and strong praise
            ("vielen dank", 2.0), ("danke schön", 2.0), ("herzlichen dank", 2.2), ("besten dank", 2.0), ("lieben dank", 2.0), ("großes lob", 2.6),
            ("daumen hoch", 2.0), ("weiter so", 2.0), ("hut ab", 2.4), ("fünf sterne", 2.6), ("alles bestens", 2.6), ("der hammer", 2.4),
            // Phrases: recommending and coming back
            ("nur empfehlen", 2.6), ("zu empfehlen", 2.0), ("gerne wieder", 2.2), ("jederzeit wieder", 2.4), ("immer wieder gerne", 2.6),
            ("kommen gerne wieder", 2.6), ("nicht empfehlen", -2.6), ("nicht zu empfehlen", -2.8), ("nicht empfehlenswert", -2.8),
            ("nie wieder", -3.0), ("finger weg", -3.0),
            // Phrases: greetings and sign-offs, neutral
            ("guten tag", 0.1), ("guten morgen", 0.1), ("guten abend", 0.1), ("viele grüße", 0.1), ("liebe grüße", 0.1), ("beste grüße", 0.1),
            ("schöne grüße", 0.1), ("herzliche grüße", 0.1), ("freundliche grüße", 0.1), ("freundlichen grüßen", 0.1), ("herzlichen grüßen", 0.1),
            ("lieben grüßen", 0.1), ("liebes team", 0.1), ("so gut wie", 0.1),
            // Phrases: mediocre and could be better
            ("na ja", -0.6), ("geht so", -0.6), ("zu wünschen übrig", -1.8), ("luft nach oben", -0.8),
            // Phrases: waiting, again and still
            ("zu spät", -2.2), ("zu lange", -1.8), ("ewig gedauert", -2.0), ("schon wieder", -1.6), ("immer wieder", -0.8),
            ("zum wiederholten mal", -1.8), ("immer noch", -0.8), ("noch immer", -0.8), ("bis heute", -0.6), ("seit wochen", -1.0),
            ("seit tagen", -0.8), ("seit monaten", -1.2), ("anschluss verpasst", -2.4), ("fiel aus", -2.2), ("fällt aus", -2.0),
            // Phrases: things that do not work
            ("funktioniert nicht", -2.2), ("funktionierte nicht", -2.2), ("funktionieren nicht", -2.2), ("funktioniert leider nicht", -2.2),
            ("nichts funktioniert", -2.4), ("klappt nicht", -1.8), ("klappte nicht", -1.8), ("geht nicht", -1.6), ("ging nicht", -1.6),
            ("heizt nicht", -1.6), ("stimmt nicht", -1.6), ("lädt nicht", -1.8), ("stürzt ab", -2.2), ("kein netz", -1.8),
            ("kein warmes wasser", -2.2), ("nicht schlafen", -2.0), ("kaum geschlafen", -1.8),
            // Phrases: things that never came
            ("nie angekommen", -2.8), ("nicht angekommen", -2.4), ("nicht erhalten", -2.2), ("nie erhalten", -2.6), ("nicht bekommen", -2.0),
            ("nicht geliefert", -2.4), ("nie geliefert", -2.8), ("nicht zugestellt", -2.4), ("falsch zugestellt", -2.4), ("kam nicht", -1.8),
            ("kam nie", -2.4), ("fährt nicht", -1.8), ("nicht gekommen", -2.2), ("nicht erschienen", -2.4), ("nicht vorhanden", -1.6),
            // Phrases: no answer, no help
            ("keine antwort", -2.2), ("keine rückmeldung", -2.2), ("keine reaktion", -2.2), ("nicht erreichbar", -2.0), ("niemand erreichbar", -2.2),
            ("nicht zurückgerufen", -2.2), ("kein rückruf", -2.0), ("antwortet nicht", -2.0), ("reagiert nicht", -2.0), ("meldet sich nicht", -2.0),
            ("nicht gemeldet", -1.8), ("nicht bearbeitet", -2.0), ("nicht helfen", -1.8), ("nicht weiterhelfen", -2.0), ("keine hilfe", -2.2),
            ("keine lösung", -2.0), ("keine entschuldigung", -2.2), ("keine informationen", -1.8), ("keine durchsage", -1.8), ("keine ahnung", -1.4),
            // Phrases: left undone
            ("nicht gereinigt", -2.2), ("nicht geputzt", -2.2), ("nicht repariert", -2.0), ("nicht behoben", -2.0), ("nicht gelöst", -2.0),
            ("nicht eingehalten", -2.0),
            // Phrases: money
            ("nicht erstattet", -2.2), ("keine erstattung", -2.4), ("geld zurück", -0.8), ("doppelt abgebucht", -2.8), ("zweimal abgebucht", -2.8),
            ("doppelt berechnet", -2.8), ("zu teuer", -1.8), ("versteckte kosten", -2.4),
        ],
        failure: [
            // Questions customers ask when something has gone wrong
            ("wo bleibt", 1.6), ("wo ist mein", 1.6), ("wo ist meine", 1.6), ("wo ist", 1.0), ("wann kommt", 1.2), ("wann bekomme", 1.2),
            ("warum wurde", 1.0), ("warum ist", 0.8), ("warum dauert", 1.4), ("wie lange", 1.0), ("wie lange noch", 1.6), ("was ist los", 1.2),
            ("immer noch", 1.4), ("noch immer", 1.4), ("bis heute", 1.2), ("seit wochen", 1.4), ("seit tagen", 1.2), ("seit monaten", 1.6),
            ("schon wieder", 1.4), ("immer wieder", 1.0), ("zum wiederholten mal", 1.6),
            // Delays and lateness
            ("verspätung", 2.4), ("verspätungen", 2.4), ("verspätet", 2.5), ("verspätete", 2.4), ("verspäteten", 2.4), ("verzögerung", 2.2),
            ("verzögerungen", 2.2), ("verzögert", 2.2), ("verzug", 2.0), ("lieferverzug", 2.4), ("spät", 1.6), ("unpünktlich", 2.2), ("langsam", 1.4),
            ("stundenlang", 1.6), ("wochenlang", 1.6), ("monatelang", 1.8), ("ewig", 1.2), ("ständig", 0.8), ("ewigkeit", 1.4), ("zu spät", 2.0),
            ("zu lange", 1.2), ("ewig gedauert", 1.6),
            // Waiting, queues and being ignored
            ("warten", 1.2), ("warte", 1.4), ("wartet", 1.0), ("warteten", 1.6), ("gewartet", 2.0), ("wartezeit", 0.8), ("wartezeiten", 0.9),
            ("warteschleife", 2.2), ("vertröstet", 2.2), ("abgewimmelt", 2.4), ("ignoriert", 2.6), ("unbeantwortet", 2.4), ("unerreichbar", 2.2),
            ("niemand", 1.4), ("aufgelegt", 2.2),
            // Missed, missing, lost and wrong
            ("verloren", 2.4), ("verlust", 1.8), ("verschwunden", 2.2), ("unauffindbar", 2.4), ("fehlt", 1.6), ("fehlen", 1.4), ("fehlte", 1.8),
            ("fehlende", 1.8), ("unvollständig", 2.0), ("falsch", 2.0), ("falsche", 2.2), ("falschen", 2.2), ("falscher", 2.2), ("falsches", 2.2),
            ("verwechselt", 2.0), ("fehler", 2.0), ("fehlerhaft", 2.4), ("fehlerhafte", 2.4), ("fehllieferung", 2.6), ("vergessen", 1.8),
            ("angeblich", 1.2), ("verpasst", 2.0), ("anschluss verpasst", 2.6),
            // Cancellations, bookings and travel disruption
            ("storniert", 2.4), ("stornierung", 2.0), ("storno", 1.8), ("stornieren", 1.6), ("annulliert", 2.6), ("gecancelt", 2.4),
            ("abgesagt", 2.2), ("ausgefallen", 2.6), ("ausfall", 2.6), ("ausfälle", 2.4), ("fiel aus", 2.4), ("fällt aus", 2.2), ("gestrichen", 2.2),
            ("überbucht", 2.8), ("überbuchung", 2.6), ("gestrandet", 2.8), ("umgebucht", 1.6), ("störung", 2.2), ("gestört", 1.6), ("streik", 1.4),
            ("schienenersatzverkehr", 1.4), ("überfüllt", 1.6), ("geschlossen", 1.0), ("fahrgastrechte", 1.6), ("fluggastrechte", 1.8),
            // Refunds, compensation and money
            ("erstattung", 2.2), ("rückerstattung", 2.4), ("erstatten", 2.0), ("erstattet", 1.2), ("entschädigung", 2.2), ("abgebucht", 1.4),
            ("abbuchung", 1.2), ("berechnet", 1.0), ("doppelt", 1.2), ("überteuert", 1.4), ("abzocke", 2.4), ("abgezockt", 2.6), ("betrug", 2.6),
            ("betrüger", 2.6), ("betrogen", 2.6), ("gestohlen", 2.6), ("geklaut", 2.4), ("diebstahl", 2.6), ("unberechtigt", 2.4), ("mahnung", 1.8),
            ("inkasso", 2.0), ("gebühren", 1.2), ("zusatzkosten", 1.4), ("widerruf", 1.6), ("rücksendung", 1.2), ("gekündigt", 1.2),
            ("geld zurück", 1.8), ("doppelt abgebucht", 3.0), ("zweimal abgebucht", 3.0), ("doppelt berechnet", 3.0), ("zu teuer", 0.8),
            ("versteckte kosten", 2.4),
            // Staff who fail customers
            ("unfreundlich", 2.2), ("unfreundliche", 2.2), ("unfreundlichen", 2.2), ("unfreundlichkeit", 2.2), ("unhöflich", 2.4),
            ("unverschämt", 2.0), ("unverschämtheit", 1.8), ("frechheit", 1.6), ("zumutung", 1.8), ("frech", 1.8), ("pampig", 2.4),
            ("respektlos", 2.2), ("arrogant", 1.8), ("herablassend", 2.0), ("unprofessionell", 2.4), ("inkompetent", 2.4), ("inkompetente", 2.4),
            ("inkompetenz", 2.4), ("ahnungslos", 2.0), ("unfähig", 2.2), ("überfordert", 1.8), ("desinteressiert", 2.0), ("unzuverlässig", 2.0),
            ("nachlässig", 2.0), ("schlampig", 2.2), ("angelogen", 2.4), ("belogen", 2.4), ("gelogen", 2.2), ("irreführend", 2.2),
            ("angeschrien", 2.6), ("belästigt", 1.8), ("kundenfeindlich", 2.0), ("servicewüste", 2.0), ("wüste", 1.0), ("saftladen", 1.6),
            // Complaints and claims
            ("beschwerde", 2.6), ("beschwerden", 2.4), ("beschweren", 2.0), ("beschwert", 2.2), ("reklamation", 2.6), ("reklamiert", 2.4),
            ("reklamieren", 2.0), ("mängel", 2.2), ("mangel", 1.6), ("mangelhaft", 2.2), ("beanstandung", 2.0),
            // Broken, damaged and run down
            ("kaputt", 2.6), ("kaputte", 2.6), ("kaputten", 2.6), ("defekt", 2.8), ("defekte", 2.8), ("defekten", 2.8), ("beschädigt", 2.8),
            ("beschädigte", 2.8), ("beschädigten", 2.8), ("beschädigung", 2.4), ("schaden", 2.0), ("schäden", 2.2), ("zerbrochen", 2.4),
            ("zerkratzt", 2.0), ("kratzer", 1.8), ("undicht", 2.2), ("tropft", 1.8), ("verstopft", 2.4), ("ausgelaufen", 2.0), ("unbrauchbar", 2.4),
            ("heruntergekommen", 2.0), ("abgewohnt", 1.8), ("renovierungsbedürftig", 1.6), ("reparatur", 1.4),
            // Dirt, smells, pests, noise and discomfort
            ("schmutzig", 2.6), ("schmutzige", 2.6), ("schmutzigen", 2.6), ("schmutziges", 2.6), ("dreckig", 2.8), ("dreckige", 2.8), ("dreck", 2.6),
            ("schmutz", 2.4), ("verdreckt", 2.8), ("verschmutzt", 2.6), ("unsauber", 2.4), ("unhygienisch", 2.6), ("schimmel", 2.6),
            ("schimmelig", 2.6), ("verschimmelt", 2.6), ("flecken", 1.8), ("fleckig", 2.0), ("haare", 1.4), ("staub", 1.2), ("staubig", 1.6),
            ("müll", 1.0), ("gestank", 2.4), ("stinkt", 2.2), ("muffig", 1.8), ("ungeziefer", 2.8), ("kakerlaken", 2.8), ("bettwanzen", 3.0),
            ("wanzen", 2.8), ("ratten", 2.4), ("lärm", 1.8), ("krach", 1.2), ("hellhörig", 1.8), ("kalt", 1.0), ("eiskalt", 1.4), ("stickig", 1.4),
            ("nicht schlafen", 1.6), ("kaum geschlafen", 1.4),
            // Food gone wrong
            ("lauwarm", 1.6), ("roh", 1.4), ("versalzen", 1.8), ("verbrannt", 1.8), ("angebrannt", 2.0), ("zäh", 1.2), ("ungenießbar", 2.6),
            ("verdorben", 2.2), ("abgelaufen", 1.8), ("lebensmittelvergiftung", 3.0), ("durchfall", 2.2), ("übelkeit", 1.8),
            // Technology and connections that fail
            ("abgestürzt", 2.4), ("absturz", 2.2), ("stürzt ab", 2.2), ("fehlermeldung", 2.2), ("gehackt", 2.6), ("gesperrt", 2.0), ("offline", 1.4),
            ("funkloch", 2.0), ("gedrosselt", 2.0), ("kein netz", 1.8), ("lädt nicht", 1.8),
            // Failure, refusal and problems left unsolved
            ("versagt", 2.2), ("versagen", 2.0), ("fehlgeschlagen", 2.2), ("schiefgelaufen", 2.0), ("abgelehnt", 1.8), ("verweigert", 2.2),
            ("ungelöst", 2.6), ("problem", 1.6), ("probleme", 1.8), ("problematisch", 1.4), ("schwierigkeiten", 1.2), ("ärger", 1.6),
            ("fehlanzeige", 1.6), ("chaos", 1.0),
            // Phrases: things that do not work
            ("funktioniert nicht", 2.4), ("funktionierte nicht", 2.4), ("funktionieren nicht", 2.4), ("funktioniert leider nicht", 2.4),
            ("nichts funktioniert", 2.4), ("klappt nicht", 2.0), ("klappte nicht", 2.0), ("geht nicht", 1.8), ("ging nicht", 1.8),
            ("heizt nicht", 1.8), ("stimmt nicht", 1.8), ("kein warmes wasser", 2.4),
            // Phrases: things that never came
            ("nie angekommen", 2.8), ("nicht angekommen", 2.6), ("nicht erhalten", 2.4), ("nie erhalten", 2.6), ("nicht bekommen", 2.2),
            ("nicht geliefert", 2.6), ("nie geliefert", 2.8), ("nicht zugestellt", 2.6), ("falsch zugestellt", 2.6), ("kam nicht", 2.0),
            ("kam nie", 2.4), ("fährt nicht", 2.0), ("nicht gekommen", 2.4), ("nicht erschienen", 2.6), ("nicht vorhanden", 1.6),
            // Phrases: no answer, no help
            ("keine antwort", 2.4), ("keine rückmeldung", 2.4), ("keine reaktion", 2.4), ("nicht erreichbar", 2.2), ("niemand erreichbar", 2.4),
            ("nicht zurückgerufen", 2.2), ("kein rückruf", 2.2), ("antwortet nicht", 2.2), ("reagiert nicht", 2.2), ("meldet sich nicht", 2.2),
            ("nicht gemeldet", 1.8), ("nicht bearbeitet", 2.2), ("nicht helfen", 1.8), ("nicht weiterhelfen", 2.0), ("keine hilfe", 2.0),
            ("keine lösung", 2.0), ("keine entschuldigung", 1.6), ("keine informationen", 1.8), ("keine durchsage", 1.8), ("keine ahnung", 1.0),
            // Phrases: left undone, promises broken and money not returned
            ("nicht gereinigt", 2.4), ("nicht geputzt", 2.4), ("nicht repariert", 2.2), ("nicht behoben", 2.2), ("nicht gelöst", 2.2),
            ("nicht eingehalten", 2.0), ("nicht erstattet", 2.6), ("keine erstattung", 2.6), ("nicht empfehlen", 1.6), ("nicht zu empfehlen", 1.6),
            ("nicht empfehlenswert", 1.6),
        ],
        intensifiers: [
            // Boosters
            ("sehr", 0.3), ("so", 0.3), ("zu", 0.2), ("total", 0.4), ("extrem", 0.5), ("super", 0.4), ("absolut", 0.4), ("echt", 0.3),
            ("wirklich", 0.3), ("richtig", 0.3), ("äußerst", 0.5), ("überaus", 0.4), ("besonders", 0.25), ("völlig", 0.4), ("komplett", 0.4),
            ("vollkommen", 0.4), ("höchst", 0.4), ("hoch", 0.3), ("unglaublich", 0.5), ("unheimlich", 0.4), ("wahnsinnig", 0.5), ("enorm", 0.4),
            ("ausgesprochen", 0.4), ("außerordentlich", 0.5), ("ungemein", 0.4), ("zutiefst", 0.5), ("dermaßen", 0.4), ("maßlos", 0.5),
            ("viel", 0.25), ("stark", 0.3), ("deutlich", 0.25), ("rundum", 0.3), ("durchaus", 0.2), ("ganz", 0.2),
            // Colloquial boosters
            ("mega", 0.4), ("voll", 0.3), ("sau", 0.4), ("tierisch", 0.4), ("krass", 0.4),
            // Mild boosters and hedges
            ("ziemlich", 0.15), ("recht", 0.1), ("eher", -0.2),
            // Dampeners
            ("etwas", -0.2), ("bisschen", -0.25), ("wenig", -0.5), ("leicht", -0.3), ("teilweise", -0.25), ("teils", -0.25), ("relativ", -0.15),
            ("einigermaßen", -0.3), ("halbwegs", -0.3), ("fast", -0.2), ("beinahe", -0.2), ("manchmal", -0.2), ("gelegentlich", -0.3),
        ],
        negators: [
            "nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals", "nichts", "nix", "niemand", "ohne", "weder",
            "kaum", "nirgends", "nirgendwo",
        ],
        contrasts: ["aber", "jedoch", "leider", "allerdings", "trotzdem", "doch", "obwohl", "sondern", "dennoch", "ansonsten"],
        joiners: ["und", "oder", "weil", "denn", "dann", "da", "sowie", "außerdem", "sodass", "zudem", "deshalb", "daher"],
        clitics: ["mal", "einmal"],
        amenities: [
            // Rooms and bathrooms
            "handtuch", "handtücher", "wasser", "warmwasser", "dusche", "seife", "duschgel", "shampoo", "toilettenpapier", "klopapier", "föhn",
            "haartrockner", "bettwäsche", "decke", "kissen", "heizung", "klimaanlage", "klima", "licht", "strom", "steckdose", "steckdosen",
            "fernseher", "minibar", "kühlschrank", "safe", "aufzug", "fahrstuhl", "lift", "parkplatz", "parkplätze", "reinigung",
            "zimmerreinigung",
            // Connections
            "wlan", "wifi", "internet", "netz", "empfang", "verbindung", "anschluss",
            // Food and drink
            "frühstück", "kaffee", "getränke", "essen", "besteck", "speisekarte",
            // Travel
            "sitzplatz", "sitzplätze", "platz", "reservierung", "gepäck", "koffer", "durchsage", "ansage", "zug", "bus", "verpflegung",
            // Answers, papers and money back
            "antwort", "antworten", "rückmeldung", "rückruf", "reaktion", "erstattung", "rückerstattung", "rechnung", "quittung",
            "bestätigung", "bestellbestätigung", "buchungsbestätigung", "sendungsnummer", "sendungsverfolgung", "informationen", "infos",
            "entschuldigung", "hilfe", "lösung", "ansprechpartner", "service", "personal",
        ])
}
