extension LanguageCase {
    /// French feedback from France, Belgium, Switzerland and Quebec: complaints and praise, "ne ... pas", "rien", "jamais" and "plus",
    /// elision, contrast, missing accents and chat spelling.
    static let french: [LanguageCase] = [
        // Complaints, plain and elided
        LanguageCase("La chambre était sale et personne n'est venu", failure: true, names: ["sale"]),
        LanguageCase("La chambre n'était pas propre", failure: true, names: ["propre"]),
        LanguageCase("L'hôtel n'est plus propre du tout", failure: true, names: ["propre"]),
        LanguageCase("Je n'ai rien reçu depuis ma commande", failure: true, names: ["reçu"]),
        LanguageCase("Je n'ai jamais reçu mon colis, il est perdu", failure: true, names: ["perdu"]),
        LanguageCase("Personnel aimable mais chambre sale", failure: true, names: ["sale"]),
        LanguageCase("Vol annulé sans prévenir et aucun remboursement", failure: true, names: ["annulé"]),
        LanguageCase("Pas de serviettes dans la salle de bain", failure: true, names: ["serviettes"]),
        LanguageCase("Service client injoignable, personne ne répond", failure: true, names: ["injoignable"]),
        LanguageCase("Accueil peu aimable et serveur très impoli", failure: true, names: ["aimable", "impoli"]),
        // Without accents, and written in haste
        LanguageCase("Chambre tres sale et draps taches", failure: true, names: ["sale"]),
        LanguageCase("Colis recu abime, remboursement refuse", failure: true, names: ["abime", "refuse"]),
        LanguageCase("Hotel bruyant et personnel desagreable", failure: true, names: ["bruyant", "desagreable"]),
        LanguageCase("Livraison super lente, 3 semaines pr recevoir le colis", failure: true, names: ["lente"]),
        LanguageCase("ya encore un pb avec ma commande, tjrs pas livrée", failure: true, names: ["pb"]),
        LanguageCase("bcp de retard et ya personne pr nous renseigner", failure: true, names: ["retard"]),
        // Praise, denied complaints and complaints outweighed after "mais"
        LanguageCase("L'attente était longue mais le service excellent", failure: false, names: ["excellent"]),
        LanguageCase("Aucun problème, l'hôtel était parfait", failure: false, names: ["parfait"]),
        LanguageCase("Rien à redire, c'était parfait du début à la fin", failure: false, names: ["parfait"]),
        LanguageCase("Aucun retard, le train est arrivé à l'heure", failure: false, names: ["retard"]),
        LanguageCase("Je ne suis pas déçu, bien au contraire", failure: false, names: ["déçu"]),
        LanguageCase("Qu'il est agréable de dormir dans un hôtel si calme", failure: false, names: ["agréable", "calme"]),
        LanguageCase("tres bien, je recommande cet hotel", failure: false, names: ["bien", "recommande"]),
        LanguageCase("Je recommande vivement, personnel adorable et chambre impeccable", failure: false, names: ["recommande", "adorable", "impeccable"]),
    ]
}
