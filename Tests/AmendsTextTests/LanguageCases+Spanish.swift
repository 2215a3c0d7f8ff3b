extension LanguageCase {
    /// Spanish feedback from Spain and Latin America: complaints and praise, negation, clitics, contrast, missing accents and chat spelling.
    static let spanish: [LanguageCase] = [
        // Plain complaints
        LanguageCase("La habitación estaba sucia y nadie vino a limpiarla", failure: true, names: ["sucia"]),
        LanguageCase("El pedido llegó roto y nadie responde a mis correos", failure: true, names: ["roto"]),
        LanguageCase("Llevo tres semanas esperando el reembolso de mi compra", failure: true, names: ["esperando", "reembolso"]),
        LanguageCase("Me cobraron dos veces la misma compra con la tarjeta", failure: true, names: ["cobraron"]),
        LanguageCase("Perdieron mi maleta y no me dan ninguna solución", failure: true, names: ["perdieron"]),
        LanguageCase("El banco me bloqueó la tarjeta sin motivo", failure: true, names: ["bloqueó"]),
        // Plain praise
        LanguageCase("Excelente atención, el personal muy amable y la comida deliciosa", failure: false, names: ["excelente", "amable", "deliciosa"]),
        LanguageCase("Comida riquísima y el camarero super atento, volveremos", failure: false, names: ["riquísima", "atento", "volveremos"]),
        LanguageCase("Todo muy bien, lo recomiendo", failure: false, names: ["recomiendo"]),
        // Praise denied, complaints denied, and a negation twice over
        LanguageCase("La habitación no estaba limpia", failure: true, names: ["limpia"]),
        LanguageCase("No hubo ningún problema con la entrega", failure: false),
        LanguageCase("El vuelo salió puntual y no hubo retrasos", failure: false, names: ["puntual"]),
        LanguageCase("El wifi del hotel no funciona nada", failure: true),
        LanguageCase("No nos ayudaron en nada", failure: true, names: ["ayudaron"]),
        // Clitics between the negator and its verb
        LanguageCase("Todavía no me lo devolvieron", failure: true, names: ["devolvieron"]),
        LanguageCase("No se lo recomiendo a nadie", failure: true, names: ["recomiendo"]),
        // The point comes after "pero"
        LanguageCase("El personal muy amable pero la habitación sucia", failure: true, names: ["sucia"]),
        LanguageCase("La espera fue larga pero el trato excelente", failure: false, names: ["excelente"]),
        // Accents left out, and chat spelling
        LanguageCase("La habitacion olia a humedad y el baño estaba sucio", failure: true, names: ["sucio"]),
        LanguageCase("El paquete llego tarde y sin avisar", failure: true, names: ["tarde"]),
        LanguageCase("q mal servicio, tardaron 2 horas x un cafe y nadie nos atendio", failure: true, names: ["tardaron"]),
        LanguageCase("Muuuy buena atencion, todo perfecto!!", failure: false, names: ["perfecto"]),
        // Things that should have been there
        LanguageCase("Sin toallas ni papel higiénico en el baño", failure: true, names: ["toallas"]),
        LanguageCase("No había agua caliente en la ducha", failure: true, names: ["agua"]),
    ]
}
