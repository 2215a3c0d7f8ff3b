import Foundation

/// The words of the pages customers see (the feedback page, its thank-you page, the kiosk, the poster), in the
/// languages Amends ships. A playbook's `page_texts` can change any of them and add a language (see
/// ``Playbook/pageText(_:in:)``).
///
/// Texts may hold `{name}` slots (`{location}`, `{team}`, `{within}` …) filled in by ``PageText/fill(_:_:)``.
public enum PageText {
    /// Every text a customer page shows, by the name a playbook overrides it with.
    public enum Key: String, CaseIterable, Sendable {
        case languageName = "language_name"
        case pageTitle = "page_title"
        case heading
        case intro
        case ratingStars = "rating_stars"
        case ratingCSAT = "rating_csat"
        case ratingNPS = "rating_nps"
        case ratingValue = "rating_value"
        case ratingLow = "rating_low"
        case ratingHigh = "rating_high"
        case npsLow = "nps_low"
        case npsHigh = "nps_high"
        case whatHappened = "what_happened"
        case whatHappenedHint = "what_happened_hint"
        case optional
        case contactHeading = "contact_heading"
        case name
        case email
        case phone
        case consent
        case consentHint = "consent_hint"
        case send
        case languages
        case problemHeading = "problem_heading"
        case needRatingOrText = "need_rating_or_text"
        case needConsent = "need_consent"
        case needContact = "need_contact"
        case badEmail = "bad_email"
        case badPhone = "bad_phone"
        case badChoice = "bad_choice"
        case tooLong = "too_long"
        case tooMany = "too_many"
        case thanksTitle = "thanks_title"
        case thanksPraise = "thanks_praise"
        case thanksNeutral = "thanks_neutral"
        case thanksComplaint = "thanks_complaint"
        case thanksContact = "thanks_contact"
        case thanksContactSoon = "thanks_contact_soon"
        case thanksNoContact = "thanks_no_contact"
        case statusIntro = "status_intro"
        case statusLink = "status_link"
        case another
        case kioskNext = "kiosk_next"
        case kioskOffline = "kiosk_offline"
        case kioskWaiting = "kiosk_waiting"
        case posterTitle = "poster_title"
        case posterScan = "poster_scan"
        case posterOr = "poster_or"
        case unknownPage = "unknown_page"
        case minute, minutes, hour, hours, day, days
        case inviteSubject = "invite_subject"
        case inviteBody = "invite_body"
        case inviteSMS = "invite_sms"
        case reminderSubject = "reminder_subject"
        case reminderBody = "reminder_body"
        case reminderSMS = "reminder_sms"
        case greeting
        case greetingNoName = "greeting_no_name"
        case surveyAbout = "survey_about"
        case surveyAnswered = "survey_answered"
        case surveyExpired = "survey_expired"
        case unsubscribeTitle = "unsubscribe_title"
        case unsubscribeQuestion = "unsubscribe_question"
        case unsubscribeButton = "unsubscribe_button"
        case unsubscribed
        case caseTitle = "case_title"
        case caseDefault = "case_default"
        case caseWhere = "case_where"
        case caseReported = "case_reported"
        case caseUpdated = "case_updated"
        case caseReference = "case_reference"
        case caseNew = "case_new"
        case caseAcknowledged = "case_acknowledged"
        case caseInProgress = "case_in_progress"
        case caseWaiting = "case_waiting"
        case caseResolved = "case_resolved"
        case caseReopened = "case_reopened"
        case followUpTitle = "follow_up_title"
        case followUpAbout = "follow_up_about"
        case followUpSatisfaction = "follow_up_satisfaction"
        case followUpRecommend = "follow_up_recommend"
        case followUpComment = "follow_up_comment"
        case followUpThanks = "follow_up_thanks"
        case followUpDone = "follow_up_done"
        case followUpClosed = "follow_up_closed"
        case followUpChooseSatisfaction = "follow_up_choose_satisfaction"
        case followUpChooseRecommend = "follow_up_choose_recommend"
        case linkUnknown = "link_unknown"
        case linkReplaced = "link_replaced"
        case linkExpired = "link_expired"
    }

    /// The languages shipped, in the order the language menu lists them.
    public static let shippedLanguages = ["en", "es", "fr", "de", "pt"]

    /// The shipped text of `key` in `language` (a shipped primary language tag), or nil.
    public static func shipped(_ key: Key, in language: String) -> String? {
        shipped[language]?[key]
    }

    /// Fills the `{name}` slots of `text` from `values`; a slot with no value is left as written.
    public static func fill(_ text: String, _ values: [String: String]) -> String {
        guard !values.isEmpty, text.utf8.contains(UInt8(ascii: "{")) else { return text }
        // One pass, slot by slot: a value that holds `{…}` itself is not filled again.
        var result = ""
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            if let value = values[name] { result += value } else { result += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }

    static let shipped: [String: [Key: String]] = [
        "en": english, "es": spanish, "fr": french, "de": german, "pt": portuguese,
    ]

    static let english: [Key: String] = [
        .languageName: "English",
        .pageTitle: "Tell us how we did",
        .heading: "How was your visit to {location}?",
        .intro: "Your answer goes straight to the people who can put things right.",
        .ratingStars: "How would you rate us?",
        .ratingCSAT: "How satisfied are you?",
        .ratingNPS: "How likely are you to recommend us to a friend?",
        .ratingValue: "{value} of {max}",
        .ratingLow: "Very poor",
        .ratingHigh: "Excellent",
        .npsLow: "Not at all likely",
        .npsHigh: "Extremely likely",
        .whatHappened: "What happened?",
        .whatHappenedHint: "In your own words. Please leave out card numbers and passwords.",
        .optional: "optional",
        .contactHeading: "May we contact you about it?",
        .name: "Your name",
        .email: "E-mail",
        .phone: "Phone",
        .consent: "Yes, you may contact me about this feedback.",
        .consentHint: "We keep your name, e-mail and phone only if you tick this box.",
        .send: "Send",
        .languages: "Language",
        .problemHeading: "Please check your answer",
        .needRatingOrText: "Choose a rating, or tell us what happened.",
        .needConsent: "Tick the box to let us contact you, or clear your name, e-mail and phone.",
        .needContact: "Give an e-mail address or a phone number, or untick the box.",
        .badEmail: "That is not an e-mail address.",
        .badPhone: "That is not a phone number.",
        .badChoice: "Choose one of the answers offered.",
        .tooLong: "Please shorten your message to {limit} characters.",
        .tooMany: "Too many answers came from your connection just now. Please try again in {minutes} minutes.",
        .thanksTitle: "Thank you",
        .thanksPraise: "Thank you for telling us. We are glad it went well, and we will pass your words on to the team.",
        .thanksNeutral: "Thank you for your feedback. It helps us do better.",
        .thanksComplaint: "We are sorry it went wrong. Your report has reached {team}.",
        .thanksContact: "Someone from {team} will contact you within {within}.",
        .thanksContactSoon: "Someone from {team} will contact you soon.",
        .thanksNoContact: "You left no contact details, so we cannot reply to you, but {team} will look into it.",
        .statusIntro: "Keep this link to see where your report stands:",
        .statusLink: "Follow your report",
        .another: "Give more feedback",
        .kioskNext: "This screen clears for the next guest in a few seconds.",
        .kioskOffline: "Saved on this device. It will be sent as soon as the connection returns.",
        .kioskWaiting: "Answers waiting to be sent: {count}",
        .posterTitle: "Tell us how we did",
        .posterScan: "Scan the code with your phone's camera",
        .posterOr: "or open",
        .unknownPage: "There is no feedback page at this address. Please check it was copied whole.",
        .minute: "1 minute", .minutes: "{count} minutes", .hour: "1 hour", .hours: "{count} hours", .day: "1 day", .days: "{count} days",
        .inviteSubject: "How was your visit to {location}?",
        .inviteBody:
            "{greeting}\n\nThank you for choosing {location}. Would you tell us how it went? It takes a minute, and your answer goes straight to the people who can put things right:\n\n{link}\n\nThe link works once, until {until}.\n\nTo receive no more surveys from us: {unsubscribe}",
        .inviteSMS: "{location}: how did we do? Tell us in a minute: {link} (No more surveys: {unsubscribe})",
        .reminderSubject: "A minute for {location}?",
        .reminderBody:
            "{greeting}\n\nA few days ago we asked how your visit to {location} went. If you have a minute, we would still like to hear it:\n\n{link}\n\nThis is the only reminder. To receive no more surveys from us: {unsubscribe}",
        .reminderSMS: "{location}: a last reminder, how did we do? {link} (No more surveys: {unsubscribe})",
        .greeting: "Hello {name},",
        .greetingNoName: "Hello,",
        .surveyAbout: "About your visit on {date}.",
        .surveyAnswered: "This survey has been answered already. Thank you!",
        .surveyExpired: "This survey link has expired or was not copied whole.",
        .unsubscribeTitle: "No more surveys",
        .unsubscribeQuestion: "Stop sending surveys to {address}?",
        .unsubscribeButton: "Send me no more surveys",
        .unsubscribed: "Done. We will not send you surveys again.",
        .caseTitle: "Your report {reference}",
        .caseDefault: "Your report",
        .caseWhere: "Where",
        .caseReported: "Reported",
        .caseUpdated: "Last update",
        .caseReference: "Reference",
        .caseNew: "We have your report and are passing it to the right team.",
        .caseAcknowledged: "Someone on our team has taken charge of putting this right.",
        .caseInProgress: "We are working on putting this right.",
        .caseWaiting: "We are waiting for a reply from you. Please answer our last message, so we can carry on.",
        .caseResolved: "We believe this has been put right ({date}). If it has not, please tell us.",
        .caseReopened: "We are looking into this again.",
        .followUpTitle: "How did we do?",
        .followUpAbout: "About: {about}, {place} (reference {reference}).",
        .followUpSatisfaction: "Are you satisfied with how we handled it? (1 = not at all, 5 = completely)",
        .followUpRecommend: "How likely are you to come back or recommend us? (0 = not at all, 10 = certainly)",
        .followUpComment: "Anything you would like to tell us?",
        .followUpThanks: "Your answer helps us put things right, and keep them right.",
        .followUpDone: "You have answered this survey already.",
        .followUpClosed: "This survey has closed. Thank you all the same.",
        .followUpChooseSatisfaction: "Choose how satisfied you are, from 1 to 5.",
        .followUpChooseRecommend: "Choose how likely you are to come back or recommend us, from 0 to 10.",
        .linkUnknown: "This link is not one we made. Please check it was copied whole.",
        .linkReplaced: "This link was made before our links were secured anew, and no longer opens. Please ask us for a new one, or reply to our last message.",
        .linkExpired: "This link has expired. Please ask us for a new one, or reply to our last message.",
    ]

    static let spanish: [Key: String] = [
        .languageName: "Español",
        .pageTitle: "Cuéntenos cómo lo hicimos",
        .heading: "¿Qué tal su visita a {location}?",
        .intro: "Su respuesta llega directamente a quienes pueden solucionarlo.",
        .ratingStars: "¿Qué puntuación nos da?",
        .ratingCSAT: "¿Cuál es su grado de satisfacción?",
        .ratingNPS: "¿Con qué probabilidad nos recomendaría a un amigo?",
        .ratingValue: "{value} de {max}",
        .ratingLow: "Muy mal",
        .ratingHigh: "Excelente",
        .npsLow: "Nada probable",
        .npsHigh: "Muy probable",
        .whatHappened: "¿Qué ha pasado?",
        .whatHappenedHint: "Con sus propias palabras. No incluya números de tarjeta ni contraseñas.",
        .optional: "opcional",
        .contactHeading: "¿Podemos contactarle sobre esto?",
        .name: "Su nombre",
        .email: "Correo electrónico",
        .phone: "Teléfono",
        .consent: "Sí, pueden contactarme sobre esta opinión.",
        .consentHint: "Solo guardamos su nombre, correo y teléfono si marca esta casilla.",
        .send: "Enviar",
        .languages: "Idioma",
        .problemHeading: "Revise su respuesta",
        .needRatingOrText: "Elija una puntuación o cuéntenos qué ha pasado.",
        .needConsent: "Marque la casilla para que podamos contactarle, o borre su nombre, correo y teléfono.",
        .needContact: "Indique un correo electrónico o un teléfono, o desmarque la casilla.",
        .badEmail: "Eso no es una dirección de correo electrónico.",
        .badPhone: "Eso no es un número de teléfono.",
        .badChoice: "Elija una de las respuestas ofrecidas.",
        .tooLong: "Acorte su mensaje a {limit} caracteres, por favor.",
        .tooMany: "Han llegado demasiadas respuestas desde su conexión. Inténtelo de nuevo dentro de {minutes} minutos.",
        .thanksTitle: "Gracias",
        .thanksPraise: "Gracias por contárnoslo. Nos alegra que todo fuera bien; se lo transmitiremos al equipo.",
        .thanksNeutral: "Gracias por su opinión. Nos ayuda a mejorar.",
        .thanksComplaint: "Sentimos mucho lo ocurrido. Su aviso ha llegado a {team}.",
        .thanksContact: "Alguien de {team} se pondrá en contacto con usted en un plazo de {within}.",
        .thanksContactSoon: "Alguien de {team} se pondrá en contacto con usted pronto.",
        .thanksNoContact: "No ha dejado datos de contacto, así que no podemos responderle, pero {team} lo revisará.",
        .statusIntro: "Guarde este enlace para ver en qué punto está su aviso:",
        .statusLink: "Seguir su aviso",
        .another: "Dar otra opinión",
        .kioskNext: "Esta pantalla se vaciará para el siguiente cliente en unos segundos.",
        .kioskOffline: "Guardado en este dispositivo. Se enviará en cuanto vuelva la conexión.",
        .kioskWaiting: "Respuestas pendientes de envío: {count}",
        .posterTitle: "Cuéntenos cómo lo hicimos",
        .posterScan: "Escanee el código con la cámara de su móvil",
        .posterOr: "o abra",
        .unknownPage: "No hay ninguna página de opiniones en esta dirección. Compruebe que la ha copiado entera.",
        .minute: "1 minuto", .minutes: "{count} minutos", .hour: "1 hora", .hours: "{count} horas", .day: "1 día", .days: "{count} días",
        .inviteSubject: "¿Qué tal su visita a {location}?",
        .inviteBody:
            "{greeting}\n\nGracias por elegir {location}. ¿Nos cuenta cómo le fue? Es un minuto, y su respuesta llega directamente a quienes pueden arreglar las cosas:\n\n{link}\n\nEl enlace sirve una sola vez, hasta el {until}.\n\nPara no recibir más encuestas nuestras: {unsubscribe}",
        .inviteSMS: "{location}: ¿qué tal lo hicimos? Cuéntenoslo en un minuto: {link} (Sin más encuestas: {unsubscribe})",
        .reminderSubject: "¿Un minuto para {location}?",
        .reminderBody:
            "{greeting}\n\nHace unos días le preguntamos qué tal fue su visita a {location}. Si tiene un minuto, aún nos gustaría saberlo:\n\n{link}\n\nEste es el único recordatorio. Para no recibir más encuestas nuestras: {unsubscribe}",
        .reminderSMS: "{location}: último recordatorio, ¿qué tal lo hicimos? {link} (Sin más encuestas: {unsubscribe})",
        .greeting: "Hola, {name}:",
        .greetingNoName: "Hola:",
        .surveyAbout: "Sobre su visita del {date}.",
        .surveyAnswered: "Esta encuesta ya está respondida. ¡Gracias!",
        .surveyExpired: "Este enlace de la encuesta ha caducado o no se copió entero.",
        .unsubscribeTitle: "Sin más encuestas",
        .unsubscribeQuestion: "¿Dejamos de enviar encuestas a {address}?",
        .unsubscribeButton: "No quiero más encuestas",
        .unsubscribed: "Hecho. No le enviaremos más encuestas.",
        .caseTitle: "Su aviso {reference}",
        .caseDefault: "Su aviso",
        .caseWhere: "Dónde",
        .caseReported: "Avisado",
        .caseUpdated: "Última novedad",
        .caseReference: "Referencia",
        .caseNew: "Tenemos su aviso y lo estamos pasando al equipo adecuado.",
        .caseAcknowledged: "Alguien de nuestro equipo se ha hecho cargo de arreglarlo.",
        .caseInProgress: "Estamos trabajando para arreglarlo.",
        .caseWaiting: "Esperamos su respuesta. Conteste a nuestro último mensaje para que podamos seguir.",
        .caseResolved: "Creemos que ya está arreglado ({date}). Si no es así, díganoslo.",
        .caseReopened: "Lo estamos revisando de nuevo.",
        .followUpTitle: "¿Qué tal lo hicimos?",
        .followUpAbout: "Sobre: {about}, {place} (referencia {reference}).",
        .followUpSatisfaction: "¿Está satisfecho con cómo lo gestionamos? (1 = nada, 5 = totalmente)",
        .followUpRecommend: "¿Con qué probabilidad volvería o nos recomendaría? (0 = ninguna, 10 = con toda seguridad)",
        .followUpComment: "¿Quiere contarnos algo más?",
        .followUpThanks: "Su respuesta nos ayuda a arreglar las cosas y a que sigan bien.",
        .followUpDone: "Ya ha respondido a esta encuesta.",
        .followUpClosed: "Esta encuesta está cerrada. Gracias de todos modos.",
        .followUpChooseSatisfaction: "Elija cuán satisfecho está, de 1 a 5.",
        .followUpChooseRecommend: "Elija con qué probabilidad volvería o nos recomendaría, de 0 a 10.",
        .linkUnknown: "Este enlace no es nuestro. Compruebe que se copió entero.",
        .linkReplaced: "Este enlace es de antes de que renováramos la seguridad de nuestros enlaces y ya no se abre. Pídanos uno nuevo o responda a nuestro último mensaje.",
        .linkExpired: "Este enlace ha caducado. Pídanos uno nuevo o responda a nuestro último mensaje.",
    ]

    static let french: [Key: String] = [
        .languageName: "Français",
        .pageTitle: "Dites-nous ce que vous en pensez",
        .heading: "Comment s'est passée votre visite à {location} ?",
        .intro: "Votre réponse va directement aux personnes qui peuvent arranger les choses.",
        .ratingStars: "Quelle note nous donnez-vous ?",
        .ratingCSAT: "Quel est votre degré de satisfaction ?",
        .ratingNPS: "Quelle est la probabilité que vous nous recommandiez à un ami ?",
        .ratingValue: "{value} sur {max}",
        .ratingLow: "Très mauvais",
        .ratingHigh: "Excellent",
        .npsLow: "Pas du tout probable",
        .npsHigh: "Très probable",
        .whatHappened: "Que s'est-il passé ?",
        .whatHappenedHint: "Avec vos propres mots. N'indiquez ni numéro de carte ni mot de passe.",
        .optional: "facultatif",
        .contactHeading: "Pouvons-nous vous contacter à ce sujet ?",
        .name: "Votre nom",
        .email: "E-mail",
        .phone: "Téléphone",
        .consent: "Oui, vous pouvez me contacter au sujet de cet avis.",
        .consentHint: "Nous ne gardons votre nom, votre e-mail et votre téléphone que si vous cochez cette case.",
        .send: "Envoyer",
        .languages: "Langue",
        .problemHeading: "Vérifiez votre réponse",
        .needRatingOrText: "Choisissez une note, ou dites-nous ce qui s'est passé.",
        .needConsent: "Cochez la case pour que nous puissions vous contacter, ou effacez votre nom, votre e-mail et votre téléphone.",
        .needContact: "Indiquez une adresse e-mail ou un numéro de téléphone, ou décochez la case.",
        .badEmail: "Ce n'est pas une adresse e-mail.",
        .badPhone: "Ce n'est pas un numéro de téléphone.",
        .badChoice: "Choisissez l'une des réponses proposées.",
        .tooLong: "Raccourcissez votre message à {limit} caractères, s'il vous plaît.",
        .tooMany: "Trop de réponses sont arrivées de votre connexion. Réessayez dans {minutes} minutes.",
        .thanksTitle: "Merci",
        .thanksPraise: "Merci de nous l'avoir dit. Nous sommes ravis que tout se soit bien passé et transmettrons vos mots à l'équipe.",
        .thanksNeutral: "Merci pour votre avis. Il nous aide à faire mieux.",
        .thanksComplaint: "Nous sommes désolés. Votre signalement est parvenu à {team}.",
        .thanksContact: "Une personne de {team} vous contactera d'ici {within}.",
        .thanksContactSoon: "Une personne de {team} vous contactera bientôt.",
        .thanksNoContact: "Vous n'avez pas laissé de coordonnées, nous ne pouvons donc pas vous répondre, mais {team} va s'en occuper.",
        .statusIntro: "Gardez ce lien pour suivre votre signalement :",
        .statusLink: "Suivre votre signalement",
        .another: "Donner un autre avis",
        .kioskNext: "Cet écran s'effacera pour le client suivant dans quelques secondes.",
        .kioskOffline: "Enregistré sur cet appareil. Il sera envoyé dès le retour de la connexion.",
        .kioskWaiting: "Réponses en attente d'envoi : {count}",
        .posterTitle: "Dites-nous ce que vous en pensez",
        .posterScan: "Scannez le code avec l'appareil photo de votre téléphone",
        .posterOr: "ou ouvrez",
        .unknownPage: "Il n'y a pas de page d'avis à cette adresse. Vérifiez qu'elle a été copiée en entier.",
        .minute: "1 minute", .minutes: "{count} minutes", .hour: "1 heure", .hours: "{count} heures", .day: "1 jour", .days: "{count} jours",
        .inviteSubject: "Comment s'est passée votre visite à {location} ?",
        .inviteBody:
            "{greeting}\n\nMerci d'avoir choisi {location}. Voulez-vous nous dire comment cela s'est passé ? Cela prend une minute, et votre réponse va directement à ceux qui peuvent arranger les choses :\n\n{link}\n\nLe lien ne sert qu'une fois, jusqu'au {until}.\n\nPour ne plus recevoir nos questionnaires : {unsubscribe}",
        .inviteSMS: "{location} : comment avons-nous fait ? Dites-le-nous en une minute : {link} (Plus de questionnaires : {unsubscribe})",
        .reminderSubject: "Une minute pour {location} ?",
        .reminderBody:
            "{greeting}\n\nIl y a quelques jours, nous vous avons demandé comment s'était passée votre visite à {location}. Si vous avez une minute, nous aimerions toujours le savoir :\n\n{link}\n\nC'est le seul rappel. Pour ne plus recevoir nos questionnaires : {unsubscribe}",
        .reminderSMS: "{location} : dernier rappel, comment avons-nous fait ? {link} (Plus de questionnaires : {unsubscribe})",
        .greeting: "Bonjour {name},",
        .greetingNoName: "Bonjour,",
        .surveyAbout: "À propos de votre visite du {date}.",
        .surveyAnswered: "Ce questionnaire a déjà reçu une réponse. Merci !",
        .surveyExpired: "Ce lien de questionnaire a expiré ou n'a pas été copié en entier.",
        .unsubscribeTitle: "Plus de questionnaires",
        .unsubscribeQuestion: "Ne plus envoyer de questionnaires à {address} ?",
        .unsubscribeButton: "Ne plus m'envoyer de questionnaires",
        .unsubscribed: "C'est fait. Nous ne vous enverrons plus de questionnaires.",
        .caseTitle: "Votre signalement {reference}",
        .caseDefault: "Votre signalement",
        .caseWhere: "Où",
        .caseReported: "Signalé le",
        .caseUpdated: "Dernière mise à jour",
        .caseReference: "Référence",
        .caseNew: "Nous avons votre signalement et le transmettons à la bonne équipe.",
        .caseAcknowledged: "Une personne de notre équipe s'occupe d'arranger cela.",
        .caseInProgress: "Nous travaillons à arranger cela.",
        .caseWaiting: "Nous attendons votre réponse. Répondez à notre dernier message pour que nous puissions continuer.",
        .caseResolved: "Nous pensons que c'est arrangé ({date}). Si ce n'est pas le cas, dites-le-nous.",
        .caseReopened: "Nous examinons cela à nouveau.",
        .followUpTitle: "Comment avons-nous fait ?",
        .followUpAbout: "Objet : {about}, {place} (référence {reference}).",
        .followUpSatisfaction: "Êtes-vous satisfait de la façon dont nous avons réglé cela ? (1 = pas du tout, 5 = tout à fait)",
        .followUpRecommend: "Quelle est la probabilité que vous reveniez ou nous recommandiez ? (0 = aucune, 10 = certainement)",
        .followUpComment: "Souhaitez-vous nous dire autre chose ?",
        .followUpThanks: "Votre réponse nous aide à arranger les choses, et à ce qu'elles le restent.",
        .followUpDone: "Vous avez déjà répondu à ce questionnaire.",
        .followUpClosed: "Ce questionnaire est fermé. Merci tout de même.",
        .followUpChooseSatisfaction: "Choisissez votre satisfaction, de 1 à 5.",
        .followUpChooseRecommend: "Choisissez la probabilité que vous reveniez ou nous recommandiez, de 0 à 10.",
        .linkUnknown: "Ce lien ne vient pas de nous. Vérifiez qu'il a été copié en entier.",
        .linkReplaced: "Ce lien date d'avant la nouvelle sécurisation de nos liens et ne s'ouvre plus. Demandez-nous un nouveau lien, ou répondez à notre dernier message.",
        .linkExpired: "Ce lien a expiré. Demandez-nous un nouveau lien, ou répondez à notre dernier message.",
    ]

    static let german: [Key: String] = [
        .languageName: "Deutsch",
        .pageTitle: "Sagen Sie uns Ihre Meinung",
        .heading: "Wie war Ihr Besuch in {location}?",
        .intro: "Ihre Antwort geht direkt an die Menschen, die es in Ordnung bringen können.",
        .ratingStars: "Wie bewerten Sie uns?",
        .ratingCSAT: "Wie zufrieden sind Sie?",
        .ratingNPS: "Wie wahrscheinlich ist es, dass Sie uns einem Freund empfehlen?",
        .ratingValue: "{value} von {max}",
        .ratingLow: "Sehr schlecht",
        .ratingHigh: "Ausgezeichnet",
        .npsLow: "Überhaupt nicht wahrscheinlich",
        .npsHigh: "Äußerst wahrscheinlich",
        .whatHappened: "Was ist passiert?",
        .whatHappenedHint: "In Ihren eigenen Worten. Bitte keine Kartennummern oder Passwörter.",
        .optional: "freiwillig",
        .contactHeading: "Dürfen wir Sie dazu kontaktieren?",
        .name: "Ihr Name",
        .email: "E-Mail",
        .phone: "Telefon",
        .consent: "Ja, Sie dürfen mich zu dieser Rückmeldung kontaktieren.",
        .consentHint: "Name, E-Mail und Telefon speichern wir nur, wenn Sie dieses Feld ankreuzen.",
        .send: "Senden",
        .languages: "Sprache",
        .problemHeading: "Bitte prüfen Sie Ihre Antwort",
        .needRatingOrText: "Wählen Sie eine Bewertung oder schreiben Sie uns, was passiert ist.",
        .needConsent: "Kreuzen Sie das Feld an, damit wir Sie kontaktieren dürfen, oder löschen Sie Name, E-Mail und Telefon.",
        .needContact: "Geben Sie eine E-Mail-Adresse oder Telefonnummer an, oder entfernen Sie das Häkchen.",
        .badEmail: "Das ist keine E-Mail-Adresse.",
        .badPhone: "Das ist keine Telefonnummer.",
        .badChoice: "Wählen Sie eine der angebotenen Antworten.",
        .tooLong: "Bitte kürzen Sie Ihre Nachricht auf {limit} Zeichen.",
        .tooMany: "Von Ihrer Verbindung kamen gerade zu viele Antworten. Bitte versuchen Sie es in {minutes} Minuten erneut.",
        .thanksTitle: "Vielen Dank",
        .thanksPraise: "Danke, dass Sie es uns sagen. Wir freuen uns, dass alles gut war, und geben Ihre Worte an das Team weiter.",
        .thanksNeutral: "Vielen Dank für Ihre Rückmeldung. Sie hilft uns, besser zu werden.",
        .thanksComplaint: "Das tut uns leid. Ihre Meldung ist bei {team} angekommen.",
        .thanksContact: "Jemand von {team} meldet sich innerhalb von {within} bei Ihnen.",
        .thanksContactSoon: "Jemand von {team} meldet sich bald bei Ihnen.",
        .thanksNoContact: "Sie haben keine Kontaktdaten angegeben, daher können wir Ihnen nicht antworten, aber {team} kümmert sich darum.",
        .statusIntro: "Bewahren Sie diesen Link auf, um den Stand Ihrer Meldung zu sehen:",
        .statusLink: "Ihre Meldung verfolgen",
        .another: "Weitere Rückmeldung geben",
        .kioskNext: "Dieser Bildschirm wird in wenigen Sekunden für den nächsten Gast geleert.",
        .kioskOffline: "Auf diesem Gerät gespeichert. Es wird gesendet, sobald die Verbindung zurück ist.",
        .kioskWaiting: "Antworten, die noch gesendet werden: {count}",
        .posterTitle: "Sagen Sie uns Ihre Meinung",
        .posterScan: "Scannen Sie den Code mit der Kamera Ihres Telefons",
        .posterOr: "oder öffnen Sie",
        .unknownPage: "Unter dieser Adresse gibt es keine Seite für Rückmeldungen. Bitte prüfen Sie, ob sie vollständig kopiert wurde.",
        .minute: "1 Minute", .minutes: "{count} Minuten", .hour: "1 Stunde", .hours: "{count} Stunden", .day: "1 Tag", .days: "{count} Tagen",
        .inviteSubject: "Wie war Ihr Besuch bei {location}?",
        .inviteBody:
            "{greeting}\n\ndanke, dass Sie {location} gewählt haben. Erzählen Sie uns, wie es war? Es dauert eine Minute, und Ihre Antwort geht direkt an die Menschen, die es in Ordnung bringen können:\n\n{link}\n\nDer Link gilt einmal, bis {until}.\n\nKeine Umfragen mehr von uns: {unsubscribe}",
        .inviteSMS: "{location}: Wie war es? Sagen Sie es uns in einer Minute: {link} (Keine Umfragen mehr: {unsubscribe})",
        .reminderSubject: "Eine Minute für {location}?",
        .reminderBody:
            "{greeting}\n\nvor ein paar Tagen haben wir gefragt, wie Ihr Besuch bei {location} war. Wenn Sie eine Minute haben, würden wir es immer noch gern hören:\n\n{link}\n\nDies ist die einzige Erinnerung. Keine Umfragen mehr von uns: {unsubscribe}",
        .reminderSMS: "{location}: letzte Erinnerung, wie war es? {link} (Keine Umfragen mehr: {unsubscribe})",
        .greeting: "Hallo {name},",
        .greetingNoName: "Hallo,",
        .surveyAbout: "Zu Ihrem Besuch am {date}.",
        .surveyAnswered: "Diese Umfrage wurde schon beantwortet. Danke!",
        .surveyExpired: "Dieser Umfragelink ist abgelaufen oder wurde nicht vollständig kopiert.",
        .unsubscribeTitle: "Keine Umfragen mehr",
        .unsubscribeQuestion: "Keine Umfragen mehr an {address} senden?",
        .unsubscribeButton: "Keine Umfragen mehr senden",
        .unsubscribed: "Erledigt. Wir senden Ihnen keine Umfragen mehr.",
        .caseTitle: "Ihre Meldung {reference}",
        .caseDefault: "Ihre Meldung",
        .caseWhere: "Wo",
        .caseReported: "Gemeldet",
        .caseUpdated: "Letzte Änderung",
        .caseReference: "Referenz",
        .caseNew: "Wir haben Ihre Meldung und geben sie an das richtige Team weiter.",
        .caseAcknowledged: "Jemand aus unserem Team kümmert sich darum, es in Ordnung zu bringen.",
        .caseInProgress: "Wir arbeiten daran, es in Ordnung zu bringen.",
        .caseWaiting: "Wir warten auf Ihre Antwort. Bitte antworten Sie auf unsere letzte Nachricht, damit wir weitermachen können.",
        .caseResolved: "Wir glauben, dass es in Ordnung gebracht ist ({date}). Wenn nicht, sagen Sie es uns bitte.",
        .caseReopened: "Wir sehen uns das noch einmal an.",
        .followUpTitle: "Wie haben wir es gemacht?",
        .followUpAbout: "Betrifft: {about}, {place} (Referenz {reference}).",
        .followUpSatisfaction: "Sind Sie zufrieden damit, wie wir es gelöst haben? (1 = gar nicht, 5 = völlig)",
        .followUpRecommend: "Wie wahrscheinlich ist es, dass Sie wiederkommen oder uns empfehlen? (0 = gar nicht, 10 = ganz sicher)",
        .followUpComment: "Möchten Sie uns noch etwas sagen?",
        .followUpThanks: "Ihre Antwort hilft uns, Dinge in Ordnung zu bringen und in Ordnung zu halten.",
        .followUpDone: "Sie haben diese Umfrage schon beantwortet.",
        .followUpClosed: "Diese Umfrage ist geschlossen. Trotzdem vielen Dank.",
        .followUpChooseSatisfaction: "Wählen Sie, wie zufrieden Sie sind, von 1 bis 5.",
        .followUpChooseRecommend: "Wählen Sie, wie wahrscheinlich Sie wiederkommen oder uns empfehlen, von 0 bis 10.",
        .linkUnknown: "Dieser Link stammt nicht von uns. Bitte prüfen Sie, ob er vollständig kopiert wurde.",
        .linkReplaced:
            "Dieser Link stammt aus der Zeit, bevor wir unsere Links neu gesichert haben, und öffnet nichts mehr. Bitten Sie uns um einen neuen oder antworten Sie auf unsere letzte Nachricht.",
        .linkExpired: "Dieser Link ist abgelaufen. Bitten Sie uns um einen neuen oder antworten Sie auf unsere letzte Nachricht.",
    ]

    static let portuguese: [Key: String] = [
        .languageName: "Português",
        .pageTitle: "Diga-nos como correu",
        .heading: "Como foi a sua visita a {location}?",
        .intro: "A sua resposta chega diretamente a quem pode resolver.",
        .ratingStars: "Que nota nos dá?",
        .ratingCSAT: "Qual é o seu grau de satisfação?",
        .ratingNPS: "Qual a probabilidade de nos recomendar a um amigo?",
        .ratingValue: "{value} de {max}",
        .ratingLow: "Muito mau",
        .ratingHigh: "Excelente",
        .npsLow: "Nada provável",
        .npsHigh: "Muito provável",
        .whatHappened: "O que aconteceu?",
        .whatHappenedHint: "Por palavras suas. Não inclua números de cartão nem palavras-passe.",
        .optional: "opcional",
        .contactHeading: "Podemos contactá-lo sobre isto?",
        .name: "O seu nome",
        .email: "E-mail",
        .phone: "Telefone",
        .consent: "Sim, podem contactar-me sobre esta opinião.",
        .consentHint: "Só guardamos o seu nome, e-mail e telefone se marcar esta caixa.",
        .send: "Enviar",
        .languages: "Idioma",
        .problemHeading: "Verifique a sua resposta",
        .needRatingOrText: "Escolha uma nota, ou diga-nos o que aconteceu.",
        .needConsent: "Marque a caixa para o podermos contactar, ou apague o seu nome, e-mail e telefone.",
        .needContact: "Indique um e-mail ou um número de telefone, ou desmarque a caixa.",
        .badEmail: "Isso não é um endereço de e-mail.",
        .badPhone: "Isso não é um número de telefone.",
        .badChoice: "Escolha uma das respostas apresentadas.",
        .tooLong: "Encurte a sua mensagem para {limit} caracteres, por favor.",
        .tooMany: "Chegaram demasiadas respostas da sua ligação. Tente de novo dentro de {minutes} minutos.",
        .thanksTitle: "Obrigado",
        .thanksPraise: "Obrigado por nos dizer. Ficamos contentes por ter corrido bem e vamos partilhar as suas palavras com a equipa.",
        .thanksNeutral: "Obrigado pela sua opinião. Ajuda-nos a fazer melhor.",
        .thanksComplaint: "Lamentamos muito. O seu aviso chegou a {team}.",
        .thanksContact: "Alguém de {team} vai contactá-lo no prazo de {within}.",
        .thanksContactSoon: "Alguém de {team} vai contactá-lo em breve.",
        .thanksNoContact: "Não deixou contactos, por isso não lhe podemos responder, mas {team} vai tratar do assunto.",
        .statusIntro: "Guarde esta ligação para ver em que ponto está o seu aviso:",
        .statusLink: "Acompanhar o seu aviso",
        .another: "Dar outra opinião",
        .kioskNext: "Este ecrã fica limpo para o próximo cliente dentro de alguns segundos.",
        .kioskOffline: "Guardado neste dispositivo. Será enviado assim que a ligação voltar.",
        .kioskWaiting: "Respostas à espera de envio: {count}",
        .posterTitle: "Diga-nos como correu",
        .posterScan: "Leia o código com a câmara do seu telemóvel",
        .posterOr: "ou abra",
        .unknownPage: "Não há nenhuma página de opiniões neste endereço. Verifique se o copiou por inteiro.",
        .minute: "1 minuto", .minutes: "{count} minutos", .hour: "1 hora", .hours: "{count} horas", .day: "1 dia", .days: "{count} dias",
        .inviteSubject: "Como foi a sua visita a {location}?",
        .inviteBody:
            "{greeting}\n\nObrigado por escolher {location}. Conta-nos como correu? Leva um minuto, e a sua resposta chega diretamente a quem pode resolver as coisas:\n\n{link}\n\nO link funciona uma vez, até {until}.\n\nPara não receber mais inquéritos nossos: {unsubscribe}",
        .inviteSMS: "{location}: como nos saímos? Diga-nos num minuto: {link} (Sem mais inquéritos: {unsubscribe})",
        .reminderSubject: "Um minuto para {location}?",
        .reminderBody:
            "{greeting}\n\nHá alguns dias perguntámos como correu a sua visita a {location}. Se tiver um minuto, ainda gostaríamos de saber:\n\n{link}\n\nEste é o único lembrete. Para não receber mais inquéritos nossos: {unsubscribe}",
        .reminderSMS: "{location}: último lembrete, como nos saímos? {link} (Sem mais inquéritos: {unsubscribe})",
        .greeting: "Olá {name},",
        .greetingNoName: "Olá,",
        .surveyAbout: "Sobre a sua visita de {date}.",
        .surveyAnswered: "Este inquérito já foi respondido. Obrigado!",
        .surveyExpired: "Este link do inquérito expirou ou não foi copiado por inteiro.",
        .unsubscribeTitle: "Sem mais inquéritos",
        .unsubscribeQuestion: "Deixar de enviar inquéritos para {address}?",
        .unsubscribeButton: "Não quero mais inquéritos",
        .unsubscribed: "Feito. Não lhe enviaremos mais inquéritos.",
        .caseTitle: "O seu aviso {reference}",
        .caseDefault: "O seu aviso",
        .caseWhere: "Onde",
        .caseReported: "Avisado",
        .caseUpdated: "Última novidade",
        .caseReference: "Referência",
        .caseNew: "Temos o seu aviso e estamos a passá-lo à equipa certa.",
        .caseAcknowledged: "Alguém da nossa equipa ficou encarregado de resolver isto.",
        .caseInProgress: "Estamos a trabalhar para resolver isto.",
        .caseWaiting: "Aguardamos a sua resposta. Responda à nossa última mensagem para podermos continuar.",
        .caseResolved: "Achamos que isto já está resolvido ({date}). Se não estiver, diga-nos.",
        .caseReopened: "Estamos a analisar isto de novo.",
        .followUpTitle: "Como nos saímos?",
        .followUpAbout: "Sobre: {about}, {place} (referência {reference}).",
        .followUpSatisfaction: "Está satisfeito com a forma como tratámos isto? (1 = nada, 5 = totalmente)",
        .followUpRecommend: "Qual a probabilidade de voltar ou de nos recomendar? (0 = nenhuma, 10 = com certeza)",
        .followUpComment: "Quer dizer-nos mais alguma coisa?",
        .followUpThanks: "A sua resposta ajuda-nos a resolver as coisas e a mantê-las resolvidas.",
        .followUpDone: "Já respondeu a este inquérito.",
        .followUpClosed: "Este inquérito está fechado. Obrigado na mesma.",
        .followUpChooseSatisfaction: "Escolha o quão satisfeito está, de 1 a 5.",
        .followUpChooseRecommend: "Escolha a probabilidade de voltar ou de nos recomendar, de 0 a 10.",
        .linkUnknown: "Este link não é nosso. Verifique se foi copiado por inteiro.",
        .linkReplaced: "Este link é de antes de renovarmos a segurança dos nossos links e já não abre. Peça-nos um novo ou responda à nossa última mensagem.",
        .linkExpired: "Este link expirou. Peça-nos um novo ou responda à nossa última mensagem.",
    ]
}
