extension LanguageCase {
    static let portuguese: [LanguageCase] = [
        // Plain complaints and plain praise
        LanguageCase("O quarto não estava limpo", failure: true, names: ["limpo"]),
        LanguageCase("Produto chegou quebrado e ninguém responde as mensagens", failure: true, names: ["quebrado"]),
        LanguageCase("Péssimo atendimento, nunca mais compro nessa loja", failure: true, names: ["péssimo"]),
        LanguageCase("Voo atrasado mais de 5 horas e nenhuma explicação da companhia", failure: true, names: ["atrasado"]),
        LanguageCase("Entrega rápida, produto excelente, recomendo!", failure: false, names: ["excelente", "recomendo"]),
        LanguageCase("Hotel limpo, funcionários muito atenciosos e café da manhã delicioso", failure: false, names: ["limpo", "atenciosos", "delicioso"]),
        // Negated praise and negated complaints
        LanguageCase("A comida não estava boa e o garçom foi grosso", failure: true, names: ["boa", "grosso"]),
        LanguageCase("Não tive nenhum problema com a entrega", failure: false, names: ["problema"]),
        LanguageCase("Nada a reclamar, chegou dentro do prazo", failure: false),
        // Double negation and clitics between the negator and its verb
        LanguageCase("Não tem nada a ver com o que pedi", failure: true),
        LanguageCase("Comprei um fone e não funciona nada", failure: true),
        LanguageCase("Cancelei o pedido e até agora não me devolveram o dinheiro", failure: true, names: ["devolveram"]),
        LanguageCase("Não me deram nenhuma satisfação", failure: true, names: ["satisfação"]),
        // The point comes after "mas"
        LanguageCase("Atendimento bom, mas o produto veio quebrado", failure: true, names: ["quebrado"]),
        LanguageCase("Demorou um pouco mas chegou tudo certo e o produto é ótimo", failure: false, names: ["ótimo"]),
        // Accents left out
        LanguageCase("nao recebi meu pedido ate agora", failure: true),
        LanguageCase("Produto pessimo, veio todo amassado", failure: true, names: ["pessimo", "amassado"]),
        LanguageCase("otimo produto, recomendo", failure: false, names: ["otimo", "recomendo"]),
        // Informal Brazilian spelling
        LanguageCase("paguei faz 20 dias e n recebi nada, vc liga e ninguém atende", failure: true),
        LanguageCase("mto bom, chegou td certinho", failure: false, names: ["bom", "certinho"]),
        LanguageCase("pq vcs cobraram duas vezes no meu cartão? q absurdo", failure: true, names: ["cobraram", "absurdo"]),
        // Shops, telecoms and Portugal
        LanguageCase("Veio faltando peça e a loja não resolve", failure: true, names: ["faltando"]),
        LanguageCase("Internet caindo toda hora e a operadora não resolve nada", failure: true, names: ["caindo"]),
        LanguageCase("A encomenda ainda não chegou, é uma vergonha", failure: true, names: ["vergonha"]),
    ]
}
