<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>ApiError</name>
    <message>
        <source>Wrong email or password.</source>
        <translation>E-mail ou senha incorretos.</translation>
    </message>
    <message>
        <source>Enter the six-digit code from your authenticator app.</source>
        <translation>Digite o código de seis dígitos do seu aplicativo autenticador.</translation>
    </message>
    <message>
        <source>That code is not right. Codes change every 30 seconds: try the current one.</source>
        <translation>Esse código não está certo. Os códigos mudam a cada 30 segundos: tente o atual.</translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation>Sua sessão terminou. Entre novamente.</translation>
    </message>
    <message>
        <source>Your account may not do this.</source>
        <translation>Sua conta não tem permissão para fazer isso.</translation>
    </message>
    <message>
        <source>It is no longer there.</source>
        <translation>Isso não existe mais.</translation>
    </message>
    <message>
        <source>The card was declined. Your seats are still held: try another card.</source>
        <translation>Cartão recusado. Seus assentos continuam reservados: tente outro cartão.</translation>
    </message>
    <message>
        <source>Someone else took some of those seats a moment ago. Please pick again.</source>
        <translation>Outra pessoa acabou de pegar alguns desses assentos. Escolha novamente.</translation>
    </message>
    <message>
        <source>Not enough tickets are left in this section.</source>
        <translation>Não restam ingressos suficientes neste setor.</translation>
    </message>
    <message>
        <source>You have reached the most tickets one customer may buy for this event.</source>
        <translation>Você atingiu o limite de ingressos por cliente para este evento.</translation>
    </message>
    <message>
        <source>This card has reached the most tickets it may buy for this event. Your seats are held a little longer: pay with another card before the countdown ends.</source>
        <translation>Este cartão atingiu o limite de ingressos para este evento. Seus assentos ficam reservados por mais um pouco: pague com outro cartão antes do fim da contagem.</translation>
    </message>
    <message>
        <source>Your hold ran out of time and the seats were released.</source>
        <translation>O tempo da sua reserva acabou e os assentos foram liberados.</translation>
    </message>
    <message>
        <source>This hold is no longer active.</source>
        <translation>Esta reserva não está mais ativa.</translation>
    </message>
    <message>
        <source>Tickets for this event are not on sale right now.</source>
        <translation>Os ingressos para este evento não estão à venda no momento.</translation>
    </message>
    <message>
        <source>This event has a waiting room: please wait for your turn.</source>
        <translation>Este evento tem fila virtual: aguarde a sua vez.</translation>
    </message>
    <message>
        <source>An account with this email already exists.</source>
        <translation>Já existe uma conta com este e-mail.</translation>
    </message>
    <message numerus="yes">
        <source>Too many attempts. Please wait %n second(s).</source>
        <translation>
            <numerusform>Muitas tentativas. Aguarde %n segundo.</numerusform>
            <numerusform>Muitas tentativas. Aguarde %n segundos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Too many attempts. Please wait a moment.</source>
        <translation>Muitas tentativas. Aguarde um momento.</translation>
    </message>
    <message>
        <source>The server is busy or under maintenance. Please try again shortly.</source>
        <translation>O servidor está ocupado ou em manutenção. Tente novamente em instantes.</translation>
    </message>
    <message>
        <source>The server cannot be reached. Check the address and the network, then try again.</source>
        <translation>Não foi possível acessar o servidor. Verifique o endereço e a rede e tente novamente.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted.</source>
        <translation>O certificado do servidor não é confiável.</translation>
    </message>
    <message>
        <source>The server sent an answer this app does not understand.</source>
        <translation>O servidor enviou uma resposta que este aplicativo não entende.</translation>
    </message>
</context>
<context>
    <name>CardForm</name>
    <message>
        <source>Enter the card number.</source>
        <translation>Digite o número do cartão.</translation>
    </message>
    <message>
        <source>Use digits only.</source>
        <translation>Use apenas números.</translation>
    </message>
    <message>
        <source>This number is too long.</source>
        <translation>Este número é longo demais.</translation>
    </message>
    <message>
        <source>Keep typing: the number is not complete.</source>
        <translation>Continue digitando: o número está incompleto.</translation>
    </message>
    <message>
        <source>This card number is not valid. Check the digits.</source>
        <translation>Este número de cartão não é válido. Confira os dígitos.</translation>
    </message>
    <message>
        <source>Enter the expiry date as MM/YY.</source>
        <translation>Digite a validade no formato MM/AA.</translation>
    </message>
    <message>
        <source>Write the expiry date as MM/YY, e.g. 08/29.</source>
        <translation>Escreva a validade como MM/AA, por exemplo 08/29.</translation>
    </message>
    <message>
        <source>The month must be between 01 and 12.</source>
        <translation>O mês deve estar entre 01 e 12.</translation>
    </message>
    <message>
        <source>This card has expired.</source>
        <translation>Este cartão está vencido.</translation>
    </message>
    <message>
        <source>Check the year: it is too far ahead.</source>
        <translation>Confira o ano: está longe demais no futuro.</translation>
    </message>
    <message>
        <source>Enter the 4-digit code on the front.</source>
        <translation>Digite o código de 4 dígitos da frente do cartão.</translation>
    </message>
    <message>
        <source>Enter the 3-digit code on the back.</source>
        <translation>Digite o código de 3 dígitos do verso do cartão.</translation>
    </message>
    <message numerus="yes">
        <source>The code has %n digit(s).</source>
        <translation>
            <numerusform>O código tem %n dígito.</numerusform>
            <numerusform>O código tem %n dígitos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Enter the name as printed on the card.</source>
        <translation>Digite o nome como está impresso no cartão.</translation>
    </message>
</context>
<context>
    <name>ConfirmationPage</name>
    <message>
        <source>Ticket: %1, %2</source>
        <translation>Ingresso: %1, %2</translation>
    </message>
</context>
<context>
    <name>TicketRenderer</name>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Row %1 · Seat %2</source>
        <translation>Fila %1 · Assento %2</translation>
    </message>
    <message>
        <source>General admission</source>
        <translation>Pista</translation>
    </message>
    <message>
        <source>Order %1 · ticket %2 of %3</source>
        <translation>Pedido %1 · ingresso %2 de %3</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Ingresso</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>Ingressos</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::AfterSaleModel</name>
    <message>
        <source>No order has this ticket or number.</source>
        <translation>Nenhum pedido tem este ingresso ou número.</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Válido</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>Entrou</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Reembolsado</translation>
    </message>
    <message>
        <source>Exchanged</source>
        <translation>Trocado</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Pago</translation>
    </message>
    <message>
        <source>Partly refunded</source>
        <translation>Reembolsado em parte</translation>
    </message>
    <message>
        <source>Ticket %1</source>
        <translation>Ingresso %1</translation>
    </message>
    <message>
        <source>Row %1, seat %2</source>
        <translation>Fila %1, assento %2</translation>
    </message>
    <message>
        <source>General admission</source>
        <translation>Pista</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Ingresso</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Setor</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Lugar</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preço</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Situação</translation>
    </message>
    <message>
        <source>We could not confirm whether the refund was made.</source>
        <translation>Não foi possível confirmar se o reembolso foi feito.</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::AfterSalePage</name>
    <message>
        <source>Refunded %1. Hand back %1 in cash now.</source>
        <translation>Reembolsado: %1. Devolva agora %1 em dinheiro.</translation>
    </message>
    <message>
        <source>Refunded %1 to the card.</source>
        <translation>Reembolsado: %1 no cartão.</translation>
    </message>
    <message>
        <source>Scan a ticket, or type its code or the order&apos;s number.</source>
        <translation>Leia um ingresso, ou digite o código dele ou o número do pedido.</translation>
    </message>
    <message>
        <source>cash</source>
        <translation>dinheiro</translation>
    </message>
    <message>
        <source>card ending %1</source>
        <translation>cartão final %1</translation>
    </message>
    <message>
        <source>Order %1 · %2 · %3 · paid by %4 · %5</source>
        <translation>Pedido %1 · %2 · %3 · pago com %4 · %5</translation>
    </message>
    <message>
        <source>Tick &amp;none</source>
        <translation>Desmarcar &amp;todos</translation>
    </message>
    <message>
        <source>Tick &amp;all</source>
        <translation>Marcar &amp;todos</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Refund %n ticket(s)…</source>
        <translation>
            <numerusform>&amp;Reembolsar %n ingresso…</numerusform>
            <numerusform>&amp;Reembolsar %n ingressos…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Refund %n ticket(s) of order %1 for %2?</source>
        <translation>
            <numerusform>Reembolsar %n ingresso do pedido %1 por %2?</numerusform>
            <numerusform>Reembolsar %n ingressos do pedido %1 por %2?</numerusform>
        </translation>
    </message>
    <message>
        <source>Paid in cash: hand back %1 to the customer.</source>
        <translation>Pago em dinheiro: devolva %1 ao cliente.</translation>
    </message>
    <message>
        <source>Paid by card: %1 goes back to the card ending %2.</source>
        <translation>Pago com cartão: %1 volta para o cartão final %2.</translation>
    </message>
    <message>
        <source>The tickets become void at once and their places go back on sale.</source>
        <translation>Os ingressos são anulados na hora e os lugares voltam à venda.</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Reembolsar</translation>
    </message>
    <message>
        <source>Orders and refunds</source>
        <translation>Pedidos e reembolsos</translation>
    </message>
    <message>
        <source>&amp;Find:</source>
        <translation>&amp;Buscar:</translation>
    </message>
    <message>
        <source>Scan a ticket, or type its code or the order&apos;s number</source>
        <translation>Leia um ingresso, ou digite o código dele ou o número do pedido</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <source>R&amp;eason:</source>
        <translation>&amp;Motivo:</translation>
    </message>
    <message>
        <source>optional, kept with the refund</source>
        <translation>opcional, guardado com o reembolso</translation>
    </message>
    <message>
        <source>The order&apos;s tickets</source>
        <translation>Os ingressos do pedido</translation>
    </message>
    <message>
        <source>&amp;Refund…</source>
        <translation>&amp;Reembolsar…</translation>
    </message>
    <message>
        <source>Ticket %1 exchanged for ticket %2.</source>
        <translation>Ingresso %1 trocado pelo ingresso %2.</translation>
    </message>
    <message>
        <source>E&amp;xchange…</source>
        <translation>Troc&amp;ar…</translation>
    </message>
    <message>
        <source>Exchange the current ticket for another place of the event (Alt+X)</source>
        <translation>Trocar o ingresso atual por outro lugar do evento (Alt+A)</translation>
    </message>
    <message>
        <source>Confirming the refund…</source>
        <translation>Confirmando o reembolso…</translation>
    </message>
    <message>
        <source>%1 Press “Check again”: the same refund is asked about again, never a second one made.</source>
        <translation>%1 Tecle “Consultar de novo”: o mesmo reembolso é consultado de novo, nunca um segundo é feito.</translation>
    </message>
    <message>
        <source>&amp;Check again</source>
        <translation>&amp;Consultar de novo</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::CheckoutModel</name>
    <message>
        <source>Your time to pay ran out and the seats were released. Please choose them again.</source>
        <translation>Seu tempo para pagar acabou e os assentos foram liberados. Escolha-os novamente.</translation>
    </message>
    <message>
        <source>Section %1</source>
        <translation>Setor %1</translation>
    </message>
    <message>
        <source>Your time to pay ran out and the seats were released. Nothing was charged for them.</source>
        <translation>Seu tempo para pagar acabou e os assentos foram liberados. Nada foi cobrado por eles.</translation>
    </message>
    <message>
        <source>We could not confirm whether the payment went through. It cannot be charged twice: press “Check again” to ask the server once more.</source>
        <translation>Não foi possível confirmar se o pagamento foi feito. Ele não pode ser cobrado duas vezes: tecle “Consultar de novo” para perguntar ao servidor mais uma vez.</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::ConfirmationPage</name>
    <message>
        <source>Order %1</source>
        <translation>Pedido %1</translation>
    </message>
    <message numerus="yes">
        <source>Paid %1 · %n ticket(s)</source>
        <translation>
            <numerusform>Pago %1 · %n ingresso</numerusform>
            <numerusform>Pago %1 · %n ingressos</numerusform>
        </translation>
    </message>
    <message>
        <source>Cash: given %1, change %2</source>
        <translation>Dinheiro: recebido %1, troco %2</translation>
    </message>
    <message>
        <source>Cash: change %1</source>
        <translation>Dinheiro: troco %1</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Cartão</translation>
    </message>
    <message>
        <source>%1 ending in %2</source>
        <translation>%1 final %2</translation>
    </message>
    <message>
        <source>Tickets, order %1</source>
        <translation>Ingressos, pedido %1</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>Salvo em %1</translation>
    </message>
    <message>
        <source>Could not write %1. Choose another folder.</source>
        <translation>Não foi possível gravar %1. Escolha outra pasta.</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>Enviado para a impressora.</translation>
    </message>
    <message>
        <source>The printer could not be used.</source>
        <translation>Não foi possível usar a impressora.</translation>
    </message>
    <message>
        <source>Print tickets</source>
        <translation>Imprimir ingressos</translation>
    </message>
    <message>
        <source>tickets-order-%1.pdf</source>
        <translation>ingressos-pedido-%1.pdf</translation>
    </message>
    <message>
        <source>Save tickets as PDF</source>
        <translation>Salvar ingressos como PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Arquivos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Paid: here are the tickets</source>
        <translation>Pago: aqui estão os ingressos</translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation>&amp;Imprimir</translation>
    </message>
    <message>
        <source>Print the tickets (Ctrl+P)</source>
        <translation>Imprimir os ingressos (Ctrl+P)</translation>
    </message>
    <message>
        <source>&amp;Save as PDF</source>
        <translation>&amp;Salvar como PDF</translation>
    </message>
    <message>
        <source>One ticket per page (Ctrl+S)</source>
        <translation>Um ingresso por página (Ctrl+S)</translation>
    </message>
    <message>
        <source>&amp;New sale</source>
        <translation>&amp;Nova venda</translation>
    </message>
    <message>
        <source>Start again with the events (Ctrl+N)</source>
        <translation>Recomeçar pela lista de eventos (Ctrl+N)</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::DoorModel</name>
    <message>
        <source>Section %1</source>
        <translation>Setor %1</translation>
    </message>
    <message>
        <source>This scanner has no check-in data for offline work: download it while the server answers.</source>
        <translation>Este leitor não tem os dados para trabalhar sem conexão: baixe-os enquanto o servidor responde.</translation>
    </message>
    <message>
        <source>Choose the event and name the gate first.</source>
        <translation>Escolha primeiro o evento e dê um nome ao portão.</translation>
    </message>
    <message>
        <source>The server cannot be reached and this scanner has no check-in data for offline work.</source>
        <translation>O servidor não responde e este leitor não tem os dados para trabalhar sem conexão.</translation>
    </message>
    <message>
        <source>Ticket %1</source>
        <translation>Ingresso %1</translation>
    </message>
    <message>
        <source>A ticket</source>
        <translation>Um ingresso</translation>
    </message>
    <message>
        <source>%1, let in here offline at %2: had already entered at %3 through %4.</source>
        <translation>%1, liberado aqui sem conexão às %2: já tinha entrado em %3 pelo %4.</translation>
    </message>
    <message>
        <source>%1, let in here offline at %2: it was void (%3).</source>
        <translation>%1, liberado aqui sem conexão às %2: estava anulado (%3).</translation>
    </message>
    <message>
        <source>A scan let in here offline at %1 is not a ticket of this event.</source>
        <translation>Uma leitura liberada aqui sem conexão às %1 não é ingresso deste evento.</translation>
    </message>
    <message>
        <source>This scanner cannot write its data to %1: scans made offline are lost if it closes before they are sent.</source>
        <translation>Este leitor não consegue gravar seus dados em %1: as leituras feitas sem conexão se perdem se ele for fechado antes de enviá-las.</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::DoorPage</name>
    <message>
        <source>ADMITTED</source>
        <translation>LIBERADO</translation>
    </message>
    <message>
        <source>ALREADY IN</source>
        <translation>JÁ ENTROU</translation>
    </message>
    <message>
        <source>NOT VALID</source>
        <translation>INVÁLIDO</translation>
    </message>
    <message>
        <source>UNKNOWN TICKET</source>
        <translation>INGRESSO DESCONHECIDO</translation>
    </message>
    <message>
        <source>NOT CHECKED</source>
        <translation>NÃO VERIFICADO</translation>
    </message>
    <message>
        <source>%1 · Row %2 · Seat %3</source>
        <translation>%1 · Fila %2 · Assento %3</translation>
    </message>
    <message>
        <source>%1 · General admission</source>
        <translation>%1 · Pista</translation>
    </message>
    <message>
        <source>Welcome!</source>
        <translation>Bem-vindo!</translation>
    </message>
    <message>
        <source>Checked in before this scanner&apos;s offline data was read.</source>
        <translation>Entrou antes de este leitor baixar os dados para trabalhar sem conexão.</translation>
    </message>
    <message>
        <source>Checked in at %1.</source>
        <translation>Entrou às %1.</translation>
    </message>
    <message>
        <source>Checked in at %1 through %2.</source>
        <translation>Entrou às %1 pelo %2.</translation>
    </message>
    <message>
        <source>The event was cancelled: the ticket was refunded.</source>
        <translation>O evento foi cancelado: o ingresso foi reembolsado.</translation>
    </message>
    <message>
        <source>Exchanged for another ticket: this one is void.</source>
        <translation>Trocado por outro ingresso: este está anulado.</translation>
    </message>
    <message>
        <source>Refunded: this ticket is void.</source>
        <translation>Reembolsado: este ingresso está anulado.</translation>
    </message>
    <message>
        <source>Forged or altered: the signature does not match.</source>
        <translation>Falsificado ou alterado: a assinatura não confere.</translation>
    </message>
    <message>
        <source>Signed with a key this event does not have.</source>
        <translation>Assinado com uma chave que este evento não tem.</translation>
    </message>
    <message>
        <source>A ticket for another event.</source>
        <translation>Ingresso de outro evento.</translation>
    </message>
    <message>
        <source>This is not a ticket.</source>
        <translation>Isto não é um ingresso.</translation>
    </message>
    <message>
        <source>No ticket of this event has this code.</source>
        <translation>Nenhum ingresso deste evento tem este código.</translation>
    </message>
    <message>
        <source>(checked offline)</source>
        <translation>(verificado sem conexão)</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Pronto</translation>
    </message>
    <message>
        <source>Scan a ticket, or type its code and press Enter.</source>
        <translation>Leia um ingresso, ou digite o código e tecle Enter.</translation>
    </message>
    <message>
        <source>Choose the event and name this gate.</source>
        <translation>Escolha o evento e dê um nome a este portão.</translation>
    </message>
    <message>
        <source>Online: the server checks every ticket.</source>
        <translation>Conectado: o servidor verifica cada ingresso.</translation>
    </message>
    <message>
        <source>Offline (chosen): this scanner checks tickets alone.</source>
        <translation>Sem conexão (por escolha): este leitor verifica os ingressos sozinho.</translation>
    </message>
    <message>
        <source>Offline: the server does not answer; this scanner checks tickets alone and keeps trying.</source>
        <translation>Sem conexão: o servidor não responde; este leitor verifica os ingressos sozinho e continua tentando.</translation>
    </message>
    <message>
        <source>Offline data from %1.</source>
        <translation>Dados para uso sem conexão de %1.</translation>
    </message>
    <message>
        <source>No offline data yet.</source>
        <translation>Ainda sem dados para uso sem conexão.</translation>
    </message>
    <message numerus="yes">
        <source>%n scan(s) waiting to be sent.</source>
        <translation>
            <numerusform>%n leitura esperando envio.</numerusform>
            <numerusform>%n leituras esperando envio.</numerusform>
        </translation>
    </message>
    <message>
        <source>Admitted %L1 of %L2 sold</source>
        <translation>Entraram %L1 de %L2 vendidos</translation>
    </message>
    <message>
        <source>Door</source>
        <translation>Portaria</translation>
    </message>
    <message>
        <source>&amp;Event:</source>
        <translation>&amp;Evento:</translation>
    </message>
    <message>
        <source>&amp;Gate:</source>
        <translation>&amp;Portão:</translation>
    </message>
    <message>
        <source>e.g. Gate A</source>
        <translation>ex.: Portão A</translation>
    </message>
    <message>
        <source>&amp;Sound</source>
        <translation>&amp;Som</translation>
    </message>
    <message>
        <source>One beep lets in, two stop</source>
        <translation>Um bipe libera, dois barram</translation>
    </message>
    <message>
        <source>Work &amp;offline</source>
        <translation>Trabalhar sem c&amp;onexão</translation>
    </message>
    <message>
        <source>Check tickets on this scanner alone, from the downloaded data; the scans are sent when you switch back</source>
        <translation>Verificar os ingressos só neste leitor, com os dados baixados; as leituras são enviadas quando você voltar</translation>
    </message>
    <message>
        <source>&amp;Download for offline</source>
        <translation>&amp;Baixar para uso sem conexão</translation>
    </message>
    <message>
        <source>The event&apos;s keys, void tickets and tickets, to check tickets without the server</source>
        <translation>As chaves do evento, os ingressos anulados e os ingressos, para verificar sem o servidor</translation>
    </message>
    <message>
        <source>Send scans &amp;now</source>
        <translation>Enviar leituras &amp;agora</translation>
    </message>
    <message>
        <source>&amp;Ticket:</source>
        <translation>&amp;Ingresso:</translation>
    </message>
    <message>
        <source>Scan the QR code, or type the code and press Enter</source>
        <translation>Leia o código QR, ou digite o código e tecle Enter</translation>
    </message>
    <message>
        <source>What the server said about offline scans:</source>
        <translation>O que o servidor disse sobre as leituras sem conexão:</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::EventDraftModel</name>
    <message numerus="yes">
        <source>At most %n characters.</source>
        <translation>
            <numerusform>No máximo %n caractere.</numerusform>
            <numerusform>No máximo %n caracteres.</numerusform>
        </translation>
    </message>
    <message>
        <source>Give the event a name.</source>
        <translation>Dê um nome ao evento.</translation>
    </message>
    <message>
        <source>Say where the event takes place.</source>
        <translation>Informe onde o evento acontece.</translation>
    </message>
    <message>
        <source>Choose when the event starts.</source>
        <translation>Escolha quando o evento começa.</translation>
    </message>
    <message>
        <source>The event must start in the future.</source>
        <translation>O evento deve começar no futuro.</translation>
    </message>
    <message>
        <source>Choose when the sale opens.</source>
        <translation>Escolha quando as vendas abrem.</translation>
    </message>
    <message>
        <source>Choose when the sale closes.</source>
        <translation>Escolha quando as vendas encerram.</translation>
    </message>
    <message>
        <source>The sale must close after it opens.</source>
        <translation>As vendas devem encerrar depois de abrir.</translation>
    </message>
    <message>
        <source>The sale must close by the time the event starts.</source>
        <translation>As vendas devem encerrar até o início do evento.</translation>
    </message>
    <message>
        <source>Three capital letters, such as BRL.</source>
        <translation>Três letras maiúsculas, como BRL.</translation>
    </message>
    <message>
        <source>From 1 to %1 tickets.</source>
        <translation>De 1 a %1 ingressos.</translation>
    </message>
    <message>
        <source>From 1 to %L1 tickets.</source>
        <translation>De 1 a %L1 ingressos.</translation>
    </message>
    <message>
        <source>From 1 to 30 minutes (60 to 1,800 seconds).</source>
        <translation>De 1 a 30 minutos (60 a 1.800 segundos).</translation>
    </message>
    <message>
        <source>From 1 to %L1 people a minute.</source>
        <translation>De 1 a %L1 pessoas por minuto.</translation>
    </message>
    <message>
        <source>From 0 to %1 bits.</source>
        <translation>De 0 a %1 bits.</translation>
    </message>
    <message>
        <source>Add at least one section.</source>
        <translation>Adicione pelo menos um setor.</translation>
    </message>
    <message>
        <source>At most %L1 sections.</source>
        <translation>No máximo %L1 setores.</translation>
    </message>
    <message>
        <source>Give the section a name.</source>
        <translation>Dê um nome ao setor.</translation>
    </message>
    <message>
        <source>Another section already has this name.</source>
        <translation>Outro setor já tem este nome.</translation>
    </message>
    <message>
        <source>At most %1.</source>
        <translation>No máximo %1.</translation>
    </message>
    <message>
        <source>From 1 to %L1 places.</source>
        <translation>De 1 a %L1 lugares.</translation>
    </message>
    <message>
        <source>Add at least one row.</source>
        <translation>Adicione pelo menos uma fila.</translation>
    </message>
    <message>
        <source>At most %L1 rows.</source>
        <translation>No máximo %L1 filas.</translation>
    </message>
    <message>
        <source>Give the row a label.</source>
        <translation>Dê um rótulo à fila.</translation>
    </message>
    <message>
        <source>Another row of this section has this label.</source>
        <translation>Outra fila deste setor já tem este rótulo.</translation>
    </message>
    <message>
        <source>From 1 to %L1 seats.</source>
        <translation>De 1 a %L1 assentos.</translation>
    </message>
    <message>
        <source>An event may have at most %L1 numbered seats.</source>
        <translation>Um evento pode ter no máximo %L1 assentos numerados.</translation>
    </message>
    <message>
        <source>An event may have at most %L1 places, seated and general together.</source>
        <translation>Um evento pode ter no máximo %L1 lugares, somando assentos numerados e pista.</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::EventEditorPage</name>
    <message>
        <source>Row</source>
        <translation>Fila</translation>
    </message>
    <message>
        <source>Seats</source>
        <translation>Assentos</translation>
    </message>
    <message>
        <source>Saving the event…</source>
        <translation>Salvando o evento…</translation>
    </message>
    <message>
        <source>“%1” was created.</source>
        <translation>“%1” foi criado.</translation>
    </message>
    <message>
        <source>Rows of “%1”</source>
        <translation>Filas de “%1”</translation>
    </message>
    <message>
        <source>“%1” is general admission: no rows</source>
        <translation>“%1” é pista: sem filas</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Filas</translation>
    </message>
    <message>
        <source>Rows go from a first to a last label: letters (A to Z, AA…) or numbers (1 to 40), at most %L1 rows.</source>
        <translation>As filas vão de um rótulo inicial a um final: letras (A a Z, AA…) ou números (1 a 40), no máximo %L1 filas.</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) of %L1 seats.</source>
        <translation>
            <numerusform>%n fila de %L1 assentos.</numerusform>
            <numerusform>%n filas de %L1 assentos.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n field(s) need attention; see the messages in red.</source>
        <translation>
            <numerusform>%n campo precisa de atenção; veja as mensagens em vermelho.</numerusform>
            <numerusform>%n campos precisam de atenção; veja as mensagens em vermelho.</numerusform>
        </translation>
    </message>
    <message>
        <source>Row %1: %2</source>
        <translation>Fila %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Capacity: %L1 places — %L2 numbered seats, %L3 general admission, in %n section(s)</source>
        <translation>
            <numerusform>Capacidade: %L1 lugares — %L2 assentos numerados, %L3 na pista, em %n setor</numerusform>
            <numerusform>Capacidade: %L1 lugares — %L2 assentos numerados, %L3 na pista, em %n setores</numerusform>
        </translation>
    </message>
    <message>
        <source>New event</source>
        <translation>Novo evento</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nome</translation>
    </message>
    <message>
        <source>&amp;Venue</source>
        <translation>&amp;Local</translation>
    </message>
    <message>
        <source>&amp;Starts</source>
        <translation>&amp;Início</translation>
    </message>
    <message>
        <source>Sale &amp;opens</source>
        <translation>A&amp;bertura das vendas</translation>
    </message>
    <message>
        <source>Sale &amp;closes</source>
        <translation>&amp;Encerramento das vendas</translation>
    </message>
    <message>
        <source>C&amp;urrency</source>
        <translation>&amp;Moeda</translation>
    </message>
    <message>
        <source>Tickets per cus&amp;tomer</source>
        <translation>Ingressos por &amp;cliente</translation>
    </message>
    <message>
        <source>Tickets per car&amp;d</source>
        <translation>Ingre&amp;ssos por cartão</translation>
    </message>
    <message>
        <source>&amp;Hold time</source>
        <translation>&amp;Tempo de reserva</translation>
    </message>
    <message>
        <source>&amp;Let in per minute</source>
        <translation>Liberados por min&amp;uto</translation>
    </message>
    <message>
        <source>&amp;Proof of work</source>
        <translation>Prova de trabal&amp;ho</translation>
    </message>
    <message>
        <source>Rock Night</source>
        <translation>Noite do Rock</translation>
    </message>
    <message>
        <source>Arena</source>
        <translation>Arena</translation>
    </message>
    <message>
        <source>Same as per customer</source>
        <translation>Igual ao limite por cliente</translation>
    </message>
    <message>
        <source>The most tickets one payment card may buy, whoever uses it</source>
        <translation>O máximo de ingressos que um cartão de pagamento pode comprar, não importa quem o use</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>How long chosen seats stay reserved while the buyer pays</source>
        <translation>Por quanto tempo os assentos escolhidos ficam reservados enquanto o comprador paga</translation>
    </message>
    <message>
        <source> people</source>
        <translation> pessoas</translation>
    </message>
    <message>
        <source> bits</source>
        <translation> bits</translation>
    </message>
    <message>
        <source>A small computing cost to join the waiting room, against bots (0: none; 20 takes a phone about a second)</source>
        <translation>Um pequeno custo de processamento para entrar na fila virtual, contra robôs (0: nenhum; 20 leva cerca de um segundo em um celular)</translation>
    </message>
    <message>
        <source>&amp;Waiting room</source>
        <translation>Fila &amp;virtual</translation>
    </message>
    <message>
        <source>Waiting room</source>
        <translation>Fila virtual</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>Sections and prices</source>
        <translation>Setores e preços</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>Setores</translation>
    </message>
    <message>
        <source>Add s&amp;eated</source>
        <translation>Adici&amp;onar numerado</translation>
    </message>
    <message>
        <source>Add &amp;general</source>
        <translation>Adicionar &amp;pista</translation>
    </message>
    <message>
        <source>Dupl&amp;icate</source>
        <translation>&amp;Duplicar</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Remover</translation>
    </message>
    <message>
        <source>Rows of the section</source>
        <translation>Filas do setor</translation>
    </message>
    <message>
        <source>Rows &amp;from</source>
        <translation>&amp;Filas de</translation>
    </message>
    <message>
        <source>to</source>
        <translation>até</translation>
    </message>
    <message>
        <source>First row</source>
        <translation>Primeira fila</translation>
    </message>
    <message>
        <source>Last row</source>
        <translation>Última fila</translation>
    </message>
    <message>
        <source>Seats per row</source>
        <translation>Assentos por fila</translation>
    </message>
    <message>
        <source> seats</source>
        <translation> assentos</translation>
    </message>
    <message>
        <source>&amp;Make rows</source>
        <translation>&amp;Gerar filas</translation>
    </message>
    <message>
        <source>Replace the rows with these: first to last, each with this many seats</source>
        <translation>Substituir as filas por estas: da primeira à última, cada uma com esta quantidade de assentos</translation>
    </message>
    <message>
        <source>&amp;Add row</source>
        <translation>&amp;Adicionar fila</translation>
    </message>
    <message>
        <source>Remove row</source>
        <translation>Remover fila</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>Salvar (Ctrl+S)</translation>
    </message>
    <message>
        <source>Save the event</source>
        <translation>Salvar o evento</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::EventListModel</name>
    <message>
        <source>On sale · waiting room</source>
        <translation>À venda · fila virtual</translation>
    </message>
    <message>
        <source>On sale</source>
        <translation>À venda</translation>
    </message>
    <message>
        <source>On sale from %1</source>
        <translation>À venda a partir de %1</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>Esgotado</translation>
    </message>
    <message>
        <source>Sale ended</source>
        <translation>Vendas encerradas</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>a partir de %1</translation>
    </message>
    <message>
        <source>%L1 of %L2 left</source>
        <translation>restam %L1 de %L2</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Local</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preço</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>Ingressos</translation>
    </message>
    <message>
        <source>Sale</source>
        <translation>Vendas</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::EventListPage</name>
    <message>
        <source>Loading events…</source>
        <translation>Carregando eventos…</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n evento</numerusform>
            <numerusform>%n eventos</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose an event first.</source>
        <translation>Escolha um evento primeiro.</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Eventos</translation>
    </message>
    <message>
        <source>Search by event or venue (Ctrl+F)</source>
        <translation>Buscar por evento ou local (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search events</source>
        <translation>Buscar eventos</translation>
    </message>
    <message>
        <source>From</source>
        <translation>A partir de</translation>
    </message>
    <message>
        <source>Show events from this day</source>
        <translation>Mostrar eventos a partir deste dia</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Abrir</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Atualizar</translation>
    </message>
    <message>
        <source>Read the list again (F5)</source>
        <translation>Recarregar a lista (F5)</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::EventPage</name>
    <message numerus="yes">
        <source>%n seat(s) you chose were taken by someone else and left your selection.</source>
        <translation>
            <numerusform>%n assento que você escolheu foi ocupado por outra pessoa e saiu da sua seleção.</numerusform>
            <numerusform>%n assentos que você escolheu foram ocupados por outra pessoa e saíram da sua seleção.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Only %n general-admission place(s) are left: your quantity was lowered.</source>
        <translation>
            <numerusform>Resta só %n lugar na pista: sua quantidade foi reduzida.</numerusform>
            <numerusform>Restam só %n lugares na pista: sua quantidade foi reduzida.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>At most %n ticket(s) per customer for this event.</source>
        <translation>
            <numerusform>No máximo %n ingresso por cliente para este evento.</numerusform>
            <numerusform>No máximo %n ingressos por cliente para este evento.</numerusform>
        </translation>
    </message>
    <message>
        <source>The seat map was read again to catch up.</source>
        <translation>O mapa de assentos foi recarregado para ficar em dia.</translation>
    </message>
    <message numerus="yes">
        <source>Held: %n seat(s) are yours until the hold ends.</source>
        <translation>
            <numerusform>Reservado: %n assento é seu até o fim da reserva.</numerusform>
            <numerusform>Reservados: %n assentos são seus até o fim da reserva.</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose seats on the map, or a quantity of general admission, first.</source>
        <translation>Primeiro escolha assentos no mapa ou uma quantidade de lugares na pista.</translation>
    </message>
    <message>
        <source>Numbered seats and general admission are held and paid separately: clear one of them first.</source>
        <translation>Assentos numerados e pista são reservados e pagos separadamente: limpe um dos dois primeiro.</translation>
    </message>
    <message>
        <source>Best available: %1.</source>
        <translation>Melhor disponível: %1.</translation>
    </message>
    <message numerus="yes">
        <source>No %n adjacent free seat(s) in one row there.</source>
        <translation>
            <numerusform>Não há %n assento livre em uma mesma fila ali.</numerusform>
            <numerusform>Não há %n assentos livres lado a lado em uma mesma fila ali.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Only %n place(s) could be added.</source>
        <translation>
            <numerusform>Só foi possível adicionar %n lugar.</numerusform>
            <numerusform>Só foi possível adicionar %n lugares.</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Carregando…</translation>
    </message>
    <message>
        <source>Sale ended</source>
        <translation>Vendas encerradas</translation>
    </message>
    <message>
        <source>On sale from %1</source>
        <translation>À venda a partir de %1</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>Esgotado</translation>
    </message>
    <message>
        <source>On sale</source>
        <translation>À venda</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>Event %1</source>
        <translation>Evento %1</translation>
    </message>
    <message>
        <source>● live</source>
        <translation>● ao vivo</translation>
    </message>
    <message>
        <source>Seats and availability update as they change.</source>
        <translation>Os assentos e a disponibilidade são atualizados em tempo real.</translation>
    </message>
    <message>
        <source>○ connecting…</source>
        <translation>○ conectando…</translation>
    </message>
    <message>
        <source>○ reconnecting…</source>
        <translation>○ reconectando…</translation>
    </message>
    <message>
        <source>The live connection dropped; it comes back by itself and catches up.</source>
        <translation>A conexão ao vivo caiu; ela volta sozinha e se atualiza.</translation>
    </message>
    <message>
        <source>Any section (cheapest first)</source>
        <translation>Qualquer setor (mais barato primeiro)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%L1 left</source>
        <translation>restam %L1</translation>
    </message>
    <message>
        <source>sold out</source>
        <translation>esgotado</translation>
    </message>
    <message>
        <source>%1: %2, %L3 of %L4 left</source>
        <translation>%1: %2, restam %L3 de %L4</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more seat(s)</source>
        <translation>
            <numerusform>… e mais %n assento</numerusform>
            <numerusform>… e mais %n assentos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n place(s) × %2</source>
        <translation>
            <numerusform>%1 — %n lugar × %2</numerusform>
            <numerusform>%1 — %n lugares × %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) · total %1</source>
        <translation>
            <numerusform>%n ingresso · total %1</numerusform>
            <numerusform>%n ingressos · total %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Holding…</source>
        <translation>Reservando…</translation>
    </message>
    <message>
        <source>&amp;Hold seats</source>
        <translation>&amp;Reservar assentos</translation>
    </message>
    <message>
        <source>Zoom out (-)</source>
        <translation>Diminuir zoom (-)</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Diminuir zoom</translation>
    </message>
    <message>
        <source>Zoom in (+)</source>
        <translation>Aumentar zoom (+)</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Aumentar zoom</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Ajustar</translation>
    </message>
    <message>
        <source>Show the whole venue (0)</source>
        <translation>Mostrar o local inteiro (0)</translation>
    </message>
    <message>
        <source>Show the whole venue</source>
        <translation>Mostrar o local inteiro</translation>
    </message>
    <message>
        <source>Close the message</source>
        <translation>Fechar a mensagem</translation>
    </message>
    <message>
        <source>Click a seat to choose it, Shift+drag to choose the free seats in a rectangle, drag to move, the wheel or + and - to zoom.</source>
        <translation>Clique em um assento para escolhê-lo; Shift+arrastar escolhe os assentos livres em um retângulo; arraste para mover; use a roda do mouse ou + e - para o zoom.</translation>
    </message>
    <message>
        <source>Prices</source>
        <translation>Preços</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Setor</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preço</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Restam</translation>
    </message>
    <message>
        <source>Prices by section</source>
        <translation>Preços por setor</translation>
    </message>
    <message>
        <source>Seats</source>
        <translation>Assentos</translation>
    </message>
    <message>
        <source>free</source>
        <translation>livre</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>selecionado</translation>
    </message>
    <message>
        <source>yours</source>
        <translation>seu</translation>
    </message>
    <message>
        <source>held</source>
        <translation>reservado</translation>
    </message>
    <message>
        <source>sold</source>
        <translation>vendido</translation>
    </message>
    <message>
        <source>General admission</source>
        <translation>Pista</translation>
    </message>
    <message>
        <source>General admission section</source>
        <translation>Setor de pista</translation>
    </message>
    <message>
        <source>Number of general-admission places</source>
        <translation>Quantidade de lugares na pista</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Adicionar</translation>
    </message>
    <message>
        <source>Add general-admission places</source>
        <translation>Adicionar lugares na pista</translation>
    </message>
    <message>
        <source>Best available</source>
        <translation>Melhor disponível</translation>
    </message>
    <message>
        <source>Section for best available</source>
        <translation>Setor para o melhor disponível</translation>
    </message>
    <message>
        <source>Number of seats side by side</source>
        <translation>Quantidade de assentos lado a lado</translation>
    </message>
    <message>
        <source>&amp;Best available</source>
        <translation>&amp;Melhor disponível</translation>
    </message>
    <message>
        <source>Choose that many free seats side by side, front rows first, nearest the centre (Ctrl+B)</source>
        <translation>Escolher essa quantidade de assentos livres lado a lado, primeiro nas filas da frente, o mais perto possível do centro (Ctrl+B)</translation>
    </message>
    <message>
        <source>Your selection</source>
        <translation>Sua seleção</translation>
    </message>
    <message>
        <source>Selected seats</source>
        <translation>Assentos selecionados</translation>
    </message>
    <message>
        <source>&amp;Clear</source>
        <translation>&amp;Limpar</translation>
    </message>
    <message>
        <source>Clear the selection</source>
        <translation>Limpar a seleção</translation>
    </message>
    <message>
        <source>Hold the selection for checkout (Ctrl+Enter)</source>
        <translation>Reservar a seleção para o pagamento (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Hold seats</source>
        <translation>Reservar assentos</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::ExchangeDialog</name>
    <message>
        <source>Still missing: %1</source>
        <translation>Ainda faltam: %1</translation>
    </message>
    <message>
        <source>Change: %1</source>
        <translation>Troco: %1</translation>
    </message>
    <message>
        <source>Exchange ticket %1 of order %2 — %3</source>
        <translation>Trocar o ingresso %1 do pedido %2 — %3</translation>
    </message>
    <message>
        <source>none yet: choose it on the map</source>
        <translation>nenhum ainda: escolha no mapa</translation>
    </message>
    <message>
        <source>Payment of %1</source>
        <translation>Pagamento de %1</translation>
    </message>
    <message>
        <source>E&amp;xchange</source>
        <translation>&amp;Trocar</translation>
    </message>
    <message>
        <source>&amp;Done</source>
        <translation>&amp;Pronto</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Exchanged. The new ticket %1 is %2.</source>
        <translation>Trocado. O novo ingresso %1 é %2.</translation>
    </message>
    <message>
        <source>Exchanged.</source>
        <translation>Trocado.</translation>
    </message>
    <message>
        <source>Paid %1 in cash; change %2.</source>
        <translation>Pago %1 em dinheiro; troco %2.</translation>
    </message>
    <message>
        <source>Paid %1 by card ending %2.</source>
        <translation>Pago %1 no cartão final %2.</translation>
    </message>
    <message>
        <source>Hand back %1 in cash now.</source>
        <translation>Devolva agora %1 em dinheiro.</translation>
    </message>
    <message>
        <source>%1 goes back to the card.</source>
        <translation>%1 volta para o cartão.</translation>
    </message>
    <message>
        <source>Give the customer the new ticket (Ctrl+P prints it).</source>
        <translation>Entregue o novo ingresso ao cliente (Ctrl+P imprime).</translation>
    </message>
    <message>
        <source>Ticket exchanged</source>
        <translation>Ingresso trocado</translation>
    </message>
    <message>
        <source>Ticket %1</source>
        <translation>Ingresso %1</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>Salvo em %1</translation>
    </message>
    <message>
        <source>Could not write %1. Choose another folder.</source>
        <translation>Não foi possível gravar %1. Escolha outra pasta.</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>Enviado para a impressora.</translation>
    </message>
    <message>
        <source>The printer could not be used.</source>
        <translation>Não foi possível usar a impressora.</translation>
    </message>
    <message>
        <source>Print the new ticket</source>
        <translation>Imprimir o novo ingresso</translation>
    </message>
    <message>
        <source>Save the new ticket as PDF</source>
        <translation>Salvar o novo ingresso como PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Arquivos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Exchange a ticket</source>
        <translation>Trocar um ingresso</translation>
    </message>
    <message>
        <source>Click a free seat or a general-admission section — or move with the arrows and press Space. Ctrl+B: the best free seat of the same section. Ctrl+Enter exchanges.</source>
        <translation>Clique num assento livre ou num setor de pista — ou mova com as setas e tecle Espaço. Ctrl+B: o melhor assento livre do mesmo setor. Ctrl+Enter troca.</translation>
    </message>
    <message>
        <source>New place:</source>
        <translation>Novo lugar:</translation>
    </message>
    <message>
        <source>Old price:</source>
        <translation>Preço antigo:</translation>
    </message>
    <message>
        <source>New price:</source>
        <translation>Preço novo:</translation>
    </message>
    <message>
        <source>Cash (F2)</source>
        <translation>Dinheiro (F2)</translation>
    </message>
    <message>
        <source>&amp;Amount given:</source>
        <translation>&amp;Valor recebido:</translation>
    </message>
    <message>
        <source>e.g. 100</source>
        <translation>ex.: 100</translation>
    </message>
    <message>
        <source>Card (F3)</source>
        <translation>Cartão (F3)</translation>
    </message>
    <message>
        <source>Card n&amp;umber:</source>
        <translation>&amp;Número do cartão:</translation>
    </message>
    <message>
        <source>Expir&amp;y (MM/YY):</source>
        <translation>Va&amp;lidade (MM/AA):</translation>
    </message>
    <message>
        <source>&amp;CVC:</source>
        <translation>&amp;CVC:</translation>
    </message>
    <message>
        <source>&amp;Name on card:</source>
        <translation>N&amp;ome no cartão:</translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation>&amp;Imprimir</translation>
    </message>
    <message>
        <source>Print the new ticket (Ctrl+P)</source>
        <translation>Imprimir o novo ingresso (Ctrl+P)</translation>
    </message>
    <message>
        <source>&amp;Save as PDF</source>
        <translation>&amp;Salvar como PDF</translation>
    </message>
    <message>
        <source>The new ticket as a PDF (Ctrl+S)</source>
        <translation>O novo ingresso em PDF (Ctrl+S)</translation>
    </message>
    <message>
        <source>Seat map: choose the new place</source>
        <translation>Mapa de assentos: escolha o novo lugar</translation>
    </message>
    <message>
        <source>Confirming the exchange…</source>
        <translation>Confirmando a troca…</translation>
    </message>
    <message>
        <source>%1 Press “Check again”: the same exchange is asked about again, never a second one made.</source>
        <translation>%1 Tecle “Consultar de novo”: a mesma troca é consultada de novo, nunca uma segunda é feita.</translation>
    </message>
    <message>
        <source>&amp;Check again</source>
        <translation>&amp;Consultar de novo</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::ExchangeModel</name>
    <message>
        <source>That seat was taken a moment ago. The map is up to date again: choose another place.</source>
        <translation>Esse assento foi ocupado há pouco. O mapa foi atualizado: escolha outro lugar.</translation>
    </message>
    <message>
        <source>No place is left in that section. Choose another place.</source>
        <translation>Não há mais lugar nesse setor. Escolha outro lugar.</translation>
    </message>
    <message>
        <source>The card was declined. Nothing was changed: try another card or cash.</source>
        <translation>O cartão foi recusado. Nada foi alterado: tente outro cartão ou dinheiro.</translation>
    </message>
    <message>
        <source>This ticket was already used at the door: it cannot be exchanged.</source>
        <translation>Este ingresso já foi usado na entrada: não pode ser trocado.</translation>
    </message>
    <message>
        <source>This ticket is no longer valid (refunded or exchanged before): it cannot be exchanged.</source>
        <translation>Este ingresso não é mais válido (reembolsado ou já trocado): não pode ser trocado.</translation>
    </message>
    <message>
        <source>The server exchanges only for a place of the same price. Choose a place at the same price.</source>
        <translation>O servidor só troca por um lugar do mesmo preço. Escolha um lugar do mesmo preço.</translation>
    </message>
    <message>
        <source>The event was cancelled: its tickets cannot be exchanged.</source>
        <translation>O evento foi cancelado: seus ingressos não podem ser trocados.</translation>
    </message>
    <message>
        <source>This exchange was already made differently. Find the order again to see it as it is now.</source>
        <translation>Esta troca já foi feita de outro jeito. Busque o pedido de novo para vê-lo como está agora.</translation>
    </message>
    <message>
        <source>The amount given is less than the difference to pay.</source>
        <translation>O valor recebido é menor que a diferença a pagar.</translation>
    </message>
    <message>
        <source>%1, row %2, seat %3</source>
        <translation>%1, fila %2, assento %3</translation>
    </message>
    <message>
        <source>%1, general admission</source>
        <translation>%1 (sem lugar marcado)</translation>
    </message>
    <message>
        <source>Customer pays %1</source>
        <translation>Cliente paga %1</translation>
    </message>
    <message>
        <source>Give back %1</source>
        <translation>Devolver %1</translation>
    </message>
    <message>
        <source>Same price: nothing to pay</source>
        <translation>Mesmo preço: nada a pagar</translation>
    </message>
    <message>
        <source>We could not confirm whether the exchange was made.</source>
        <translation>Não foi possível confirmar se a troca foi feita.</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::HoldBar</name>
    <message numerus="yes">
        <source>Time left to pay: %n minute(s)</source>
        <translation>
            <numerusform>Tempo restante para pagar: %n minuto</numerusform>
            <numerusform>Tempo restante para pagar: %n minutos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n second(s)</source>
        <translation>
            <numerusform>, %n segundo</numerusform>
            <numerusform>, %n segundos</numerusform>
        </translation>
    </message>
    <message>
        <source>Seats held</source>
        <translation>Assentos reservados</translation>
    </message>
    <message>
        <source>Time left on the hold</source>
        <translation>Tempo restante da reserva</translation>
    </message>
    <message>
        <source>Go to &amp;payment</source>
        <translation>Ir para o &amp;pagamento</translation>
    </message>
    <message>
        <source>&amp;Release seats</source>
        <translation>Li&amp;berar assentos</translation>
    </message>
    <message>
        <source>Release the held seats</source>
        <translation>Liberar os assentos reservados</translation>
    </message>
    <message>
        <source>Give the seats back now and cancel this sale</source>
        <translation>Devolver os assentos agora e cancelar esta venda</translation>
    </message>
    <message>
        <source>Less than a minute left: finish paying now or the seats will be released.</source>
        <translation>Falta menos de um minuto: conclua o pagamento agora ou os assentos serão liberados.</translation>
    </message>
    <message>
        <source>Your seats are held for you while you pay.</source>
        <translation>Seus assentos ficam reservados para você enquanto você paga.</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::LoginPage</name>
    <message>
        <source>Error</source>
        <translation>Erro</translation>
    </message>
    <message>
        <source>Create your account</source>
        <translation>Crie sua conta</translation>
    </message>
    <message>
        <source>Sign in to Bilheteria</source>
        <translation>Entrar na Bilheteria</translation>
    </message>
    <message>
        <source>Buy tickets for yourself. Box-office staff get their accounts from the venue.</source>
        <translation>Compre ingressos para você. A equipe da bilheteria recebe a conta do próprio local do evento.</translation>
    </message>
    <message>
        <source>Box office, organizers and buyers sign in here.</source>
        <translation>Bilheteria, organizadores e compradores entram aqui.</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>Ser&amp;vidor</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nome</translation>
    </message>
    <message>
        <source>&amp;Email</source>
        <translation>&amp;E-mail</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Senha</translation>
    </message>
    <message>
        <source>Authenticator &amp;code</source>
        <translation>&amp;Código do autenticador</translation>
    </message>
    <message>
        <source>Create account</source>
        <translation>Criar conta</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Entrar</translation>
    </message>
    <message>
        <source>I already have an account</source>
        <translation>Já tenho uma conta</translation>
    </message>
    <message>
        <source>Create an account</source>
        <translation>Criar uma conta</translation>
    </message>
    <message>
        <source>8 characters or more</source>
        <translation>8 caracteres ou mais</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Endereço do servidor</translation>
    </message>
    <message>
        <source>Six-digit authenticator code</source>
        <translation>Código de seis dígitos do autenticador</translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation>Aguarde…</translation>
    </message>
    <message>
        <source>Enter your email and password.</source>
        <translation>Digite seu e-mail e sua senha.</translation>
    </message>
    <message>
        <source>Enter your name.</source>
        <translation>Digite seu nome.</translation>
    </message>
    <message>
        <source>The password needs at least 8 characters.</source>
        <translation>A senha precisa ter pelo menos 8 caracteres.</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Idioma do sistema</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::MainWindow</name>
    <message>
        <source>Buyer</source>
        <translation>Comprador</translation>
    </message>
    <message>
        <source>Box office</source>
        <translation>Bilheteria</translation>
    </message>
    <message>
        <source>Organizer</source>
        <translation>Organizador</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrador</translation>
    </message>
    <message>
        <source>Door</source>
        <translation>Portaria</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Bilheteria</source>
        <translation>Bilheteria</translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation>&amp;Eventos</translation>
    </message>
    <message>
        <source>All events (Ctrl+F to search)</source>
        <translation>Todos os eventos (Ctrl+F para buscar)</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Sair</translation>
    </message>
    <message>
        <source>Time is up</source>
        <translation>O tempo acabou</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&amp;New event</source>
        <translation>&amp;Novo evento</translation>
    </message>
    <message>
        <source>Create an event: sections, prices, sale window (Ctrl+Shift+N)</source>
        <translation>Criar um evento: setores, preços, período de vendas (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <source>&amp;Sales</source>
        <translation>&amp;Vendas</translation>
    </message>
    <message>
        <source>Your events&apos; sales, live</source>
        <translation>As vendas dos seus eventos, ao vivo</translation>
    </message>
    <message>
        <source>S&amp;hift summary</source>
        <translation>Resumo do &amp;turno</translation>
    </message>
    <message>
        <source>Your sales since you signed in, to print (Ctrl+Shift+S)</source>
        <translation>Suas vendas desde que você entrou, para imprimir (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <source>&amp;Refunds</source>
        <translation>&amp;Reembolsos</translation>
    </message>
    <message>
        <source>Find an order by a ticket or its number, and refund it (Ctrl+Shift+R)</source>
        <translation>Buscar um pedido por um ingresso ou pelo número, e reembolsá-lo (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>&amp;Door</source>
        <translation>&amp;Portaria</translation>
    </message>
    <message>
        <source>Check tickets in at a gate (Ctrl+Shift+D)</source>
        <translation>Registrar a entrada de ingressos num portão (Ctrl+Shift+D)</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::PaymentPage</name>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>%1 · Row %2 · Seat %3</source>
        <translation>%1 · Fila %2 · Assento %3</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n ticket(s)</source>
        <translation>
            <numerusform>%1 · %n ingresso</numerusform>
            <numerusform>%1 · %n ingressos</numerusform>
        </translation>
    </message>
    <message>
        <source>Total %1</source>
        <translation>Total %1</translation>
    </message>
    <message>
        <source>&amp;Pay %1</source>
        <translation>&amp;Pagar %1</translation>
    </message>
    <message>
        <source>Take &amp;cash %1</source>
        <translation>Receber em &amp;dinheiro %1</translation>
    </message>
    <message>
        <source>Exact %1</source>
        <translation>Exato %1</translation>
    </message>
    <message>
        <source>Customer gives %1</source>
        <translation>Cliente entrega %1</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Troco</translation>
    </message>
    <message>
        <source>Still missing</source>
        <translation>Falta</translation>
    </message>
    <message>
        <source>Change to give back</source>
        <translation>Troco a devolver</translation>
    </message>
    <message>
        <source>Paying… please wait.</source>
        <translation>Pagando… aguarde.</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Pagamento</translation>
    </message>
    <message>
        <source>Held for you</source>
        <translation>Reservado para você</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Card (F3)</source>
        <translation>Cartão (F3)</translation>
    </message>
    <message>
        <source>Cash (F2)</source>
        <translation>Dinheiro (F2)</translation>
    </message>
    <message>
        <source>Card &amp;number</source>
        <translation>&amp;Número do cartão</translation>
    </message>
    <message>
        <source>Card number</source>
        <translation>Número do cartão</translation>
    </message>
    <message>
        <source>Card brand</source>
        <translation>Bandeira do cartão</translation>
    </message>
    <message>
        <source>&amp;Expiry</source>
        <translation>&amp;Validade</translation>
    </message>
    <message>
        <source>Expiry date, month and year</source>
        <translation>Validade, mês e ano</translation>
    </message>
    <message>
        <source>MM/YY</source>
        <translation>MM/AA</translation>
    </message>
    <message>
        <source>C&amp;VC</source>
        <translation>&amp;CVV</translation>
    </message>
    <message>
        <source>Security code</source>
        <translation>Código de segurança</translation>
    </message>
    <message>
        <source>3 digits on the back; 4 on the front of American Express</source>
        <translation>3 dígitos no verso; 4 na frente, no American Express</translation>
    </message>
    <message>
        <source>&amp;Name on card</source>
        <translation>No&amp;me no cartão</translation>
    </message>
    <message>
        <source>Name on card</source>
        <translation>Nome no cartão</translation>
    </message>
    <message>
        <source>Pay (Ctrl+Enter)</source>
        <translation>Pagar (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>A pagar</translation>
    </message>
    <message>
        <source>&amp;Amount given</source>
        <translation>Valor &amp;recebido</translation>
    </message>
    <message>
        <source>Amount the customer gives</source>
        <translation>Valor entregue pelo cliente</translation>
    </message>
    <message>
        <source>e.g. 100</source>
        <translation>ex.: 100</translation>
    </message>
    <message>
        <source>Take the cash (Enter or Ctrl+Enter)</source>
        <translation>Receber o dinheiro (Enter ou Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Confirming your payment…</source>
        <translation>Confirmando o seu pagamento…</translation>
    </message>
    <message>
        <source>&amp;Check again</source>
        <translation>&amp;Consultar de novo</translation>
    </message>
    <message>
        <source>Ask the server again about the same payment</source>
        <translation>Perguntar de novo ao servidor sobre o mesmo pagamento</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::SalesPage</name>
    <message>
        <source>%L1 / %L2</source>
        <translation>%L1 / %L2</translation>
    </message>
    <message>
        <source>%1% sold</source>
        <translation>%1% vendido</translation>
    </message>
    <message>
        <source>no places</source>
        <translation>sem lugares</translation>
    </message>
    <message numerus="yes">
        <source>%n paid order(s)</source>
        <translation>
            <numerusform>%n pedido pago</numerusform>
            <numerusform>%n pedidos pagos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) by card</source>
        <translation>
            <numerusform>%n pedido no cartão</numerusform>
            <numerusform>%n pedidos no cartão</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) in cash</source>
        <translation>
            <numerusform>%n pedido em dinheiro</numerusform>
            <numerusform>%n pedidos em dinheiro</numerusform>
        </translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Atualizado às %1</translation>
    </message>
    <message numerus="yes">
        <source>Read every %n second(s) while this page is open</source>
        <translation>
            <numerusform>Atualizado a cada %n segundo enquanto esta página estiver aberta</numerusform>
            <numerusform>Atualizado a cada %n segundos enquanto esta página estiver aberta</numerusform>
        </translation>
    </message>
    <message>
        <source>No tickets sold yet</source>
        <translation>Nenhum ingresso vendido ainda</translation>
    </message>
    <message>
        <source>Tickets per day</source>
        <translation>Ingressos por dia</translation>
    </message>
    <message>
        <source>Tickets per hour</source>
        <translation>Ingressos por hora</translation>
    </message>
    <message>
        <source>Tickets per minute</source>
        <translation>Ingressos por minuto</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>Ingressos</translation>
    </message>
    <message>
        <source>Running total</source>
        <translation>Total acumulado</translation>
    </message>
    <message>
        <source>Local time</source>
        <translation>Hora local</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>By section</source>
        <translation>Por setor</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>Vendidos</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Reservados</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Disponíveis</translation>
    </message>
    <message>
        <source>% of capacity</source>
        <translation>% da capacidade</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Vendas</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>Events you created (others&apos; sales are not shown to you)</source>
        <translation>Eventos que você criou (as vendas de outros organizadores não são mostradas para você)</translation>
    </message>
    <message>
        <source>Group sales by</source>
        <translation>Agrupar vendas por</translation>
    </message>
    <message>
        <source>Per minute</source>
        <translation>Por minuto</translation>
    </message>
    <message>
        <source>Per hour</source>
        <translation>Por hora</translation>
    </message>
    <message>
        <source>Per day</source>
        <translation>Por dia</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Atualizar</translation>
    </message>
    <message>
        <source>Read the figures again (F5)</source>
        <translation>Recarregar os números (F5)</translation>
    </message>
    <message>
        <source>Sold of capacity</source>
        <translation>Vendidos da capacidade</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>Receita</translation>
    </message>
    <message>
        <source>Held now</source>
        <translation>Reservados agora</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Cartão</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Dinheiro</translation>
    </message>
    <message>
        <source>Tickets sold over time</source>
        <translation>Ingressos vendidos ao longo do tempo</translation>
    </message>
    <message>
        <source>Tickets by section</source>
        <translation>Ingressos por setor</translation>
    </message>
    <message>
        <source>Sales by section</source>
        <translation>Vendas por setor</translation>
    </message>
    <message>
        <source>Event cancelled</source>
        <translation>Evento cancelado</translation>
    </message>
    <message numerus="yes">
        <source>The event is cancelled and its sale closed. %n order(s) refunded: %1 paid back.</source>
        <translation>
            <numerusform>O evento está cancelado e a venda encerrada. %n pedido reembolsado: %1 devolvidos.</numerusform>
            <numerusform>O evento está cancelado e a venda encerrada. %n pedidos reembolsados: %1 devolvidos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel the event</source>
        <translation>Cancelar o evento</translation>
    </message>
    <message>
        <source>Cancelling “%1” closes its sale and refunds every order (cash orders are settled at once, cards through the gateway). The tickets become void. This cannot be undone.

Type the event&apos;s name to confirm:</source>
        <translation>Cancelar “%1” encerra a venda e reembolsa todos os pedidos (em dinheiro na hora, cartões pela operadora). Os ingressos são anulados. Isto não pode ser desfeito.

Digite o nome do evento para confirmar:</translation>
    </message>
    <message>
        <source>Reason (optional, shown with the refunds):</source>
        <translation>Motivo (opcional, mostrado com os reembolsos):</translation>
    </message>
    <message>
        <source>Cancel the event and refund everyone</source>
        <translation>Cancelar o evento e reembolsar todos</translation>
    </message>
    <message>
        <source>Keep the event</source>
        <translation>Manter o evento</translation>
    </message>
    <message>
        <source>Checked in at the door, of the tickets sold; live</source>
        <translation>Entradas na portaria, dos ingressos vendidos; ao vivo</translation>
    </message>
    <message>
        <source>Admitted of sold</source>
        <translation>Entraram dos vendidos</translation>
    </message>
    <message>
        <source>Cancel event…</source>
        <translation>Cancelar evento…</translation>
    </message>
    <message>
        <source>Close the sale and refund every order</source>
        <translation>Encerrar a venda e reembolsar todos os pedidos</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::SalesReportModel</name>
    <message>
        <source>Only the organizer who created this event, or an administrator, can see its sales.</source>
        <translation>Só o organizador que criou este evento, ou um administrador, pode ver as vendas dele.</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Setor</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preço</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>Vendidos</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Reservados</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Disponíveis</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Capacidade</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>Receita</translation>
    </message>
    <message>
        <source>Admitted</source>
        <translation>Entraram</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::SeatMapModel</name>
    <message>
        <source>free</source>
        <translation>livre</translation>
    </message>
    <message>
        <source>held by someone</source>
        <translation>reservado por outra pessoa</translation>
    </message>
    <message>
        <source>sold</source>
        <translation>vendido</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>selecionado</translation>
    </message>
    <message>
        <source>held for you</source>
        <translation>reservado para você</translation>
    </message>
    <message>
        <source>%1, row %2, seat %3 — %4 — %5</source>
        <translation>%1, fila %2, assento %3 — %4 — %5</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::SeatMapView</name>
    <message>
        <source>Seat map</source>
        <translation>Mapa de assentos</translation>
    </message>
    <message numerus="yes">
        <source>%n seat(s) or place(s) selected, total %1</source>
        <translation>
            <numerusform>%n assento ou lugar selecionado, total %1</numerusform>
            <numerusform>%n assentos ou lugares selecionados, total %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading the seat map…</source>
        <translation>Carregando o mapa de assentos…</translation>
    </message>
    <message>
        <source>No seat map</source>
        <translation>Sem mapa de assentos</translation>
    </message>
    <message>
        <source>STAGE</source>
        <translation>PALCO</translation>
    </message>
    <message>
        <source>%L1 left</source>
        <translation>restam %L1</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>Esgotado</translation>
    </message>
    <message>
        <source>%1 · %2 · %L3 left</source>
        <translation>%1 · %2 · restam %L3</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 — %2 — %L3 of %L4 left</source>
        <translation>%1 — %2 — restam %L3 de %L4</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::SectionListModel</name>
    <message>
        <source>Section %1</source>
        <translation>Setor %1</translation>
    </message>
    <message>
        <source>General admission</source>
        <translation>Pista</translation>
    </message>
    <message>
        <source>Seated</source>
        <translation>Numerado</translation>
    </message>
    <message>
        <source>no rows</source>
        <translation>sem filas</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n fila</numerusform>
            <numerusform>%n filas</numerusform>
        </translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Setor</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preço</translation>
    </message>
    <message>
        <source>Places</source>
        <translation>Lugares</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Filas</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::Session</name>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation>Sua sessão terminou. Entre novamente.</translation>
    </message>
    <message>
        <source>The server address must look like https://host:port.</source>
        <translation>O endereço do servidor deve ter o formato https://host:porta.</translation>
    </message>
    <message>
        <source>No certificate could be read from %1.</source>
        <translation>Não foi possível ler nenhum certificado de %1.</translation>
    </message>
    <message>
        <source>Enter the server address first.</source>
        <translation>Digite primeiro o endereço do servidor.</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::ShiftSummaryDialog</name>
    <message>
        <source>Shift summary</source>
        <translation>Resumo do turno</translation>
    </message>
    <message>
        <source>Clerk: %1</source>
        <translation>Caixa: %1</translation>
    </message>
    <message>
        <source>From %1 to %2</source>
        <translation>De %1 a %2</translation>
    </message>
    <message>
        <source>Printed %1</source>
        <translation>Impresso em %1</translation>
    </message>
    <message>
        <source>No sales in this period.</source>
        <translation>Nenhuma venda neste período.</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s)</source>
        <translation>
            <numerusform>%n pedido</numerusform>
            <numerusform>%n pedidos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>%n ingresso</numerusform>
            <numerusform>%n ingressos</numerusform>
        </translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>Totais</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Moeda</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Pedidos</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>Ingressos</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Dinheiro</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Cartão</translation>
    </message>
    <message>
        <source>Change given</source>
        <translation>Troco dado</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Cash in the drawer from these sales (%1): &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>Dinheiro na gaveta referente a estas vendas (%1): &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>By event</source>
        <translation>Por evento</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>Counted and signed:</source>
        <translation>Conferido e assinado:</translation>
    </message>
    <message>
        <source>Reading the shift…</source>
        <translation>Carregando o turno…</translation>
    </message>
    <message>
        <source>Up to %1.</source>
        <translation>Até %1.</translation>
    </message>
    <message>
        <source>Print the shift summary</source>
        <translation>Imprimir o resumo do turno</translation>
    </message>
    <message>
        <source>The printer could not be opened.</source>
        <translation>Não foi possível abrir a impressora.</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>Enviado para a impressora.</translation>
    </message>
    <message>
        <source>shift-%1.pdf</source>
        <translation>turno-%1.pdf</translation>
    </message>
    <message>
        <source>Save the shift summary</source>
        <translation>Salvar o resumo do turno</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Arquivos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>Salvo em %1.</translation>
    </message>
    <message>
        <source>%1 could not be written.</source>
        <translation>Não foi possível gravar %1.</translation>
    </message>
    <message>
        <source>Shift &amp;since</source>
        <translation>Turno &amp;desde</translation>
    </message>
    <message>
        <source>Shift since</source>
        <translation>Turno desde</translation>
    </message>
    <message>
        <source>By default, when you signed in</source>
        <translation>Por padrão, quando você entrou</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Atualizar</translation>
    </message>
    <message>
        <source>Read the figures again, up to now (F5)</source>
        <translation>Recarregar os números até agora (F5)</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Imprimir…</translation>
    </message>
    <message>
        <source>Print the summary (Ctrl+P)</source>
        <translation>Imprimir o resumo (Ctrl+P)</translation>
    </message>
    <message>
        <source>Save P&amp;DF…</source>
        <translation>Salvar &amp;PDF…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fechar</translation>
    </message>
    <message numerus="yes">
        <source>%n refund(s)</source>
        <translation>
            <numerusform>%n reembolso</numerusform>
            <numerusform>%n reembolsos</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 paid back: %2 in cash, %3 to cards</source>
        <translation>%1 devolvidos: %2 em dinheiro, %3 em cartões</translation>
    </message>
    <message>
        <source>Cash in the drawer from this shift (%1): &lt;b&gt;%2&lt;/b&gt; (%3 taken, %4 handed back)</source>
        <translation>Dinheiro no caixa deste turno (%1): &lt;b&gt;%2&lt;/b&gt; (%3 recebidos, %4 devolvidos)</translation>
    </message>
    <message>
        <source>Refunds and exchanges</source>
        <translation>Reembolsos e trocas</translation>
    </message>
    <message numerus="yes">
        <source>%n exchange(s) to dearer places</source>
        <translation>
            <numerusform>%n troca por lugar mais caro</numerusform>
            <numerusform>%n trocas por lugares mais caros</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 taken: %2 in cash, %3 by card</source>
        <translation>%1 recebidos: %2 em dinheiro, %3 no cartão</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::TrustDialog</name>
    <message>
        <source>The server&apos;s certificate has changed</source>
        <translation>O certificado do servidor mudou</translation>
    </message>
    <message>
        <source>Confirm the server&apos;s certificate</source>
        <translation>Confirme o certificado do servidor</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 now presents a different certificate than the one you trusted before.&lt;/b&gt; This happens when the server was reinstalled — or when someone is intercepting the connection. Trust it only if the venue&apos;s administrator confirms the new fingerprint.</source>
        <translation>&lt;b&gt;%1 agora apresenta um certificado diferente daquele em que você confiou antes.&lt;/b&gt; Isso acontece quando o servidor foi reinstalado — ou quando alguém está interceptando a conexão. Confie nele apenas se o administrador do local confirmar a nova impressão digital.</translation>
    </message>
    <message>
        <source>This is the first connection to &lt;b&gt;%1&lt;/b&gt;. Its certificate is not signed by an authority this computer knows. Compare the fingerprint below with the one the server printed when it started (or ask the administrator).</source>
        <translation>Esta é a primeira conexão com &lt;b&gt;%1&lt;/b&gt;. O certificado dele não é assinado por uma autoridade que este computador conheça. Compare a impressão digital abaixo com a que o servidor exibiu ao iniciar (ou pergunte ao administrador).</translation>
    </message>
    <message>
        <source>Issued to: %1</source>
        <translation>Emitido para: %1</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation>Impressão digital SHA-256:</translation>
    </message>
    <message>
        <source>Certificate fingerprint</source>
        <translation>Impressão digital do certificado</translation>
    </message>
    <message>
        <source>&amp;Trust this certificate</source>
        <translation>&amp;Confiar neste certificado</translation>
    </message>
</context>
<context>
    <name>bilheteria::client::WaitingRoomPage</name>
    <message>
        <source>less than a minute</source>
        <translation>menos de um minuto</translation>
    </message>
    <message numerus="yes">
        <source>about %n minute(s)</source>
        <translation>
            <numerusform>cerca de %n minuto</numerusform>
            <numerusform>cerca de %n minutos</numerusform>
        </translation>
    </message>
    <message>
        <source>about %1 h %2 min</source>
        <translation>cerca de %1 h %2 min</translation>
    </message>
    <message>
        <source>Waiting room</source>
        <translation>Fila virtual</translation>
    </message>
    <message>
        <source>Waiting room · %1</source>
        <translation>Fila virtual · %1</translation>
    </message>
    <message>
        <source>Leave the waiting room</source>
        <translation>Sair da fila virtual</translation>
    </message>
    <message>
        <source>Progress in the waiting room</source>
        <translation>Progresso na fila virtual</translation>
    </message>
    <message>
        <source>Getting your place…</source>
        <translation>Obtendo seu lugar na fila…</translation>
    </message>
    <message>
        <source>Everyone gets a place in the order they arrive.</source>
        <translation>Cada pessoa recebe um lugar na ordem de chegada.</translation>
    </message>
    <message>
        <source>Could not join the waiting room</source>
        <translation>Não foi possível entrar na fila virtual</translation>
    </message>
    <message>
        <source>Your turn has passed</source>
        <translation>Sua vez já passou</translation>
    </message>
    <message>
        <source>You were let in, but the time to choose seats ran out. Each place in the waiting room is let in once.</source>
        <translation>Sua vez chegou, mas o tempo para escolher os assentos acabou. Cada lugar na fila virtual é liberado uma única vez.</translation>
    </message>
    <message>
        <source>It&apos;s your turn!</source>
        <translation>Chegou a sua vez!</translation>
    </message>
    <message>
        <source>Choose your seats before %1.</source>
        <translation>Escolha seus assentos antes das %1.</translation>
    </message>
    <message>
        <source>You are number %L1 in line</source>
        <translation>Você é o número %L1 na fila</translation>
    </message>
    <message numerus="yes">
        <source>%Ln person(s) ahead of you</source>
        <translation>
            <numerusform>%Ln pessoa na sua frente</numerusform>
            <numerusform>%Ln pessoas na sua frente</numerusform>
        </translation>
    </message>
    <message>
        <source>Estimated wait: %1</source>
        <translation>Espera estimada: %1</translation>
    </message>
    <message>
        <source>Keep this window open: the seat map opens by itself when it is your turn. Leaving and coming back keeps your place.</source>
        <translation>Mantenha esta janela aberta: o mapa de assentos abre sozinho quando chegar a sua vez. Se você sair e voltar, seu lugar é mantido.</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>up to about %1</source>
        <translation>até cerca de %1</translation>
    </message>
    <message>
        <source>about %1</source>
        <translation>cerca de %1</translation>
    </message>
    <message>
        <source>about %1 to %2</source>
        <translation>cerca de %1 a %2</translation>
    </message>
    <message>
        <source>You are in the opening draw</source>
        <translation>Você está no sorteio da abertura</translation>
    </message>
    <message numerus="yes">
        <source>%Ln person(s) in the draw so far</source>
        <translation>
            <numerusform>%Ln pessoa no sorteio até agora</numerusform>
            <numerusform>%Ln pessoas no sorteio até agora</numerusform>
        </translation>
    </message>
    <message>
        <source>At %1, when the sale opens, everyone who joined before then is put in a random order: arriving early gives no edge, and neither does a fast connection. Keep this window open: the seat map opens by itself when it is your turn.</source>
        <translation>Às %1, quando a venda abrir, todos que entraram antes disso são postos em ordem aleatória: chegar cedo não dá vantagem, nem uma conexão rápida. Deixe esta janela aberta: o mapa de assentos abre sozinho quando chegar a sua vez.</translation>
    </message>
</context>
</TS>
