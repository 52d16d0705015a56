#include "client-term/models/translations.h"

#include <string>
#include <unordered_map>

namespace bilheteria::term {

namespace {

// English → Brazilian Portuguese. Every text the screens pass to tr() is here (a test reads
// the screens' sources and checks it).
const std::unordered_map<std::string_view, const char*>& portuguese() {
    static const std::unordered_map<std::string_view, const char*> table{
        {"Ticket", "Ingresso"},
        {"Row %1 · Seat %2", "Fila %1 · Assento %2"},
        {"General admission", "Pista"},
        {"Order %1 · ticket %2 of %3", "Pedido %1 · ingresso %2 de %3"},
        {"Code", "Código"},
        {"Card number", "Número do cartão"},
        {"Expiry (MM/YY)", "Validade (MM/AA)"},
        {"CVC", "CVV"},
        {"Name on the card", "Nome no cartão"},
        {"Checkout", "Pagamento"},
        {"Back to the seats", "Voltar aos assentos"},
        {"Pay", "Pagar"},
        {"Cash", "Dinheiro"},
        {"Card", "Cartão"},
        {"Quick amounts", "Valores rápidos"},
        {"Retry payment", "Repetir pagamento"},
        {"Give the seats back", "Devolver os assentos"},
        {"Hold %1 · %2", "Reserva %1 · %2"},
        {"%1 · row %2 · seat %3 · %4", "%1 · fila %2 · assento %3 · %4"},
        {"%1 × %2 · %3", "%1 × %2 · %3"},
        {"… and %1 more", "… e mais %1"},
        {"Total %1", "Total %1"},
        {"The hold expired: the seats are back on sale. Nothing was charged.",
         "A reserva expirou: os assentos voltaram à venda. Nada foi cobrado."},
        {"The seats were given back.", "Os assentos foram devolvidos."},
        {"Press Esc again to give the seats back.", "Tecle Esc de novo para devolver os assentos."},
        {"Time is up: the hold expired.", "O tempo acabou: a reserva expirou."},
        {"Held for %1", "Reservado por %1"},
        {"Expired", "Expirou"},
        {"Held for", "Reservado por"},
        {"Cash tendered:", "Valor recebido:"},
        {"Type an amount like 100 or 100,50.", "Digite um valor como 100 ou 100,50."},
        {"Missing %1", "Faltam %1"},
        {"Change", "Troco"},
        {"Pay by card", "Pagar com cartão"},
        {"The cash tendered does not cover the total.", "O valor recebido não cobre o total."},
        {"Type the card number.", "Digite o número do cartão."},
        {"Write the expiry date as MM/YY, e.g. 08/29.",
         "Escreva a validade como MM/AA, por exemplo 08/29."},
        {"Type the CVC.", "Digite o CVV."},
        {"Paid: order %1.", "Pago: pedido %1."},
        {"Card declined (%1). The seats stay held: try another card.",
         "Cartão recusado (%1). Os assentos continuam reservados: tente outro cartão."},
        {"No answer from the server. F9 sends the same payment again; it cannot be charged twice.",
         "O servidor não respondeu. F9 envia o mesmo pagamento de novo; ele não pode ser cobrado "
         "duas vezes."},
        {"Order %1", "Pedido %1"},
        {"Save", "Salvar"},
        {"Cancel", "Cancelar"},
        {"Next sale", "Próxima venda"},
        {"Save as PDF", "Salvar em PDF"},
        {"Save as text", "Salvar em texto"},
        {"Paid ✓  order %1 · %2 · %3", "Pago ✓  pedido %1 · %2 · %3"},
        {"%1 tickets", "%1 ingressos"},
        {"Save to file:", "Salvar no arquivo:"},
        {"cash", "dinheiro"},
        {"cash, %1 tendered", "dinheiro, %1 recebidos"},
        {"card", "cartão"},
        {"Tickets saved to %1.", "Ingressos salvos em %1."},
        {"Events", "Eventos"},
        {"Open", "Abrir"},
        {"Search", "Buscar"},
        {"Refresh", "Atualizar"},
        {"Shift", "Turno"},
        {"Sales", "Vendas"},
        {"Sign out", "Sair da conta"},
        {"Search:", "Buscar:"},
        {"No events on sale.", "Nenhum evento à venda."},
        {"No event matches the search.", "Nenhum evento corresponde à busca."},
        {"Event", "Evento"},
        {"Venue", "Local"},
        {"When", "Quando"},
        {"From", "A partir de"},
        {"Available", "Disponíveis"},
        {"sold out", "esgotado"},
        {"Signed out.", "Você saiu da conta."},
        {"Choose", "Escolher"},
        {"Hold", "Reservar"},
        {"Select", "Selecionar"},
        {"Best available", "Melhores lugares"},
        {"Seats", "Assentos"},
        {"Sections", "Setores"},
        {"Next section", "Próximo setor"},
        {"Waiting room", "Sala de espera"},
        {"Back", "Voltar"},
        {"Loading …", "Carregando …"},
        {"That seat is not free.", "Esse assento não está livre."},
        {"%1 of the selected seats were just taken by someone else.",
         "%1 dos assentos selecionados acabaram de ser pegos por outra pessoa."},
        {"No %1 free seats side by side.", "Não há %1 assentos livres lado a lado."},
        {"Selected the best %1 seats together: %2.",
         "Selecionados os %1 melhores assentos juntos: %2."},
        {"Choose seats (Space) or a quantity (+) first.",
         "Escolha assentos (Espaço) ou uma quantidade (+) primeiro."},
        {"This event has a waiting room: your place is being taken.",
         "Este evento tem sala de espera: seu lugar na fila está sendo garantido."},
        {"Someone else took some of those seats; choose again.",
         "Outra pessoa pegou alguns desses assentos; escolha de novo."},
        {"seated", "numerado"},
        {"general admission", "pista"},
        {"%1 of %2 free", "%1 de %2 livres"},
        {"quantity: < %1 >", "quantidade: < %1 >"},
        {"● live", "● ao vivo"},
        {"○ reconnecting", "○ reconectando"},
        {"%1 · row %2 · seat %3 · %4 · %5", "%1 · fila %2 · assento %3 · %4 · %5"},
        {"General admission: + and - (or ← →) set how many, Enter holds them.",
         "Pista: + e - (ou ← →) escolhem quantos, Enter reserva."},
        {"Enter opens the section's seats; b picks the best ones.",
         "Enter abre os assentos do setor; b escolhe os melhores."},
        {"Selected: %1 seats · %2", "Selecionados: %1 assentos · %2"},
        {"Selected: %1 × %2 · %3", "Selecionados: %1 × %2 · %3"},
        {"Nothing selected.", "Nada selecionado."},
        {"(at most %1 per customer)", "(no máximo %1 por cliente)"},
        {"How many seats together?", "Quantos assentos juntos?"},
        {"Shift summary", "Resumo do turno"},
        {"Your sales from %1 to %2", "Suas vendas de %1 a %2"},
        {"%1 orders · %2 tickets", "%1 pedidos · %2 ingressos"},
        {"No sales yet.", "Nenhuma venda ainda."},
        {"Cash %1 in %2 orders (change given %3)", "Dinheiro %1 em %2 pedidos (troco dado %3)"},
        {"Card %1 in %2 orders", "Cartão %1 em %2 pedidos"},
        {"Cash to find in the drawer: %1", "Dinheiro que deve estar no caixa: %1"},
        {"By event", "Por evento"},
        {"%1 orders · %2 tickets · %3", "%1 pedidos · %2 ingressos · %3"},
        {"Sales · %1", "Vendas · %1"},
        {"As of %1", "Em %1"},
        {"Sold %1 of %2 · held %3 · available %4",
         "Vendidos %1 de %2 · reservados %3 · disponíveis %4"},
        {"Revenue %1 in %2 orders (card %3, cash %4)",
         "Receita %1 em %2 pedidos (cartão %3, dinheiro %4)"},
        {"Section", "Setor"},
        {"Sold", "Vendidos"},
        {"Held", "Reservados"},
        {"Free", "Livres"},
        {"Revenue", "Receita"},
        {"Last minutes", "Últimos minutos"},
        {"%1  %2 tickets · %3", "%1  %2 ingressos · %3"},
        {"No answer from the server", "O servidor não respondeu"},
        {"try again in %1 s", "tente de novo em %1 s"},
        {"Make the terminal at least %1×%2 (now %3×%4)",
         "Aumente o terminal para pelo menos %1×%2 (agora %3×%4)"},
        {"Quit", "Sair"},
        {"Connecting", "Conectando"},
        {"Try again", "Tentar de novo"},
        {"Connecting to %1 …", "Conectando a %1 …"},
        {"The server's certificate is not the one pinned for it: refusing to connect.",
         "O certificado do servidor não é o fixado para ele: conexão recusada."},
        {"Trust this server?", "Confiar neste servidor?"},
        {"Trust it", "Confiar"},
        {"Refuse", "Recusar"},
        {"This is the first time you connect to %1.", "É a primeira vez que você se conecta a %1."},
        {"Its certificate is not signed by an authority this machine trusts.",
         "O certificado dele não é assinado por uma autoridade em que esta máquina confia."},
        {"Certificate", "Certificado"},
        {"SHA-256 fingerprint", "Impressão digital SHA-256"},
        {"Compare it with the fingerprint the server printed when it started (or ask its "
         "operator).",
         "Compare com a impressão digital que o servidor mostrou ao iniciar (ou pergunte ao "
         "operador)."},
        {"Trust it only if every character matches: from then on this client accepts exactly this "
         "certificate for this server.",
         "Confie só se todos os caracteres forem iguais: a partir daí este cliente aceita "
         "exatamente este certificado para este servidor."},
        {"Certificate pinned.", "Certificado fixado."},
        {"Email", "E-mail"},
        {"Password", "Senha"},
        {"Authenticator code", "Código do autenticador"},
        {"Sign in", "Entrar"},
        {"Next field", "Próximo campo"},
        {"Sign in to sell or buy tickets.", "Entre para vender ou comprar ingressos."},
        {"This account has two-step sign-in: type the code your authenticator app shows now.",
         "Esta conta tem verificação em duas etapas: digite o código que o seu aplicativo "
         "autenticador mostra agora."},
        {"Type your email and password.", "Digite seu e-mail e sua senha."},
        {"Signing in …", "Entrando …"},
        {"Type the authenticator code.", "Digite o código do autenticador."},
        {"That code is not right; type the current one.",
         "Esse código não está certo; digite o atual."},
        {"Wrong email or password.", "E-mail ou senha errados."},
        {"Signed in as %1.", "Conectado como %1."},
        {"Taking your place in the line …", "Garantindo seu lugar na fila …"},
        {"It is your turn: choose your seats now.",
         "Chegou a sua vez: escolha seus assentos agora."},
        {"Your turn came and went: the admission ran out.",
         "Sua vez chegou e passou: a entrada expirou."},
        {"Your place in the line", "Seu lugar na fila"},
        {"%1 people ahead of you", "%1 pessoas na sua frente"},
        {"About %1 to wait", "Cerca de %1 de espera"},
        {"Keep this screen open: places are given in the order people arrived, and leaving does "
         "not lose yours.",
         "Deixe esta tela aberta: os lugares seguem a ordem de chegada, e sair não faz você perder "
         "o seu."},
        {"You are in: hold your seats before %1.",
         "Você entrou: reserve seus assentos antes de %1."},
        {"free", "livre"},
        {"held", "reservado"},
        {"sold", "vendido"},
        {"yours", "seu"},
        {"selected", "selecionado"},
    };
    return table;
}

} // namespace

const char* tr(Language language, const char* english) {
    if (language != Language::Portuguese) return english;
    const auto& table = portuguese();
    const auto it = table.find(english);
    return it == table.end() ? english : it->second;
}

std::string trArgs(Language language, const char* english,
                   std::initializer_list<std::string> args) {
    const std::string text = tr(language, english);
    std::string out;
    for (std::size_t at = 0; at < text.size(); ++at) {
        const char next = at + 1 < text.size() ? text[at + 1] : '\0';
        if (text[at] == '%' && next >= '1' && next <= '9' &&
            static_cast<std::size_t>(next - '1') < args.size()) {
            out += *(args.begin() + (next - '1'));
            ++at;
        } else {
            out += text[at];
        }
    }
    return out;
}

bool hasTranslation(std::string_view english) {
    return portuguese().count(english) > 0;
}

} // namespace bilheteria::term
