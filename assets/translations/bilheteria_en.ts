<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ApiError</name>
    <message>
        <source>Wrong email or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the six-digit code from your authenticator app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That code is not right. Codes change every 30 seconds: try the current one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your account may not do this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is no longer there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card was declined. Your seats are still held: try another card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Someone else took some of those seats a moment ago. Please pick again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough tickets are left in this section.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have reached the most tickets one customer may buy for this event.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This card has reached the most tickets it may buy for this event. Your seats are held a little longer: pay with another card before the countdown ends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your hold ran out of time and the seats were released.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This hold is no longer active.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets for this event are not on sale right now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This event has a waiting room: please wait for your turn.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An account with this email already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Too many attempts. Please wait %n second(s).</source>
        <translation>
            <numerusform>Too many attempts. Please wait %n second.</numerusform>
            <numerusform>Too many attempts. Please wait %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <source>Too many attempts. Please wait a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is busy or under maintenance. Please try again shortly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server cannot be reached. Check the address and the network, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent an answer this app does not understand.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CardForm</name>
    <message>
        <source>Enter the card number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use digits only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This number is too long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep typing: the number is not complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This card number is not valid. Check the digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the expiry date as MM/YY.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the expiry date as MM/YY, e.g. 08/29.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The month must be between 01 and 12.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This card has expired.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the year: it is too far ahead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the 4-digit code on the front.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the 3-digit code on the back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The code has %n digit(s).</source>
        <translation>
            <numerusform>The code has %n digit.</numerusform>
            <numerusform>The code has %n digits.</numerusform>
        </translation>
    </message>
    <message>
        <source>Enter the name as printed on the card.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfirmationPage</name>
    <message>
        <source>Ticket: %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TicketRenderer</name>
    <message>
        <source>%1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row %1 · Seat %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>General admission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1 · ticket %2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::AfterSaleModel</name>
    <message>
        <source>No order has this ticket or number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchanged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partly refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row %1, seat %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>General admission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We could not confirm whether the refund was made.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::AfterSalePage</name>
    <message>
        <source>Refunded %1. Hand back %1 in cash now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded %1 to the card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan a ticket, or type its code or the order&apos;s number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>card ending %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1 · %2 · %3 · paid by %4 · %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick &amp;none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick &amp;all</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&amp;Refund %n ticket(s)…</source>
        <translation>
            <numerusform>&amp;Refund %n ticket…</numerusform>
            <numerusform>&amp;Refund %n tickets…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Refund %n ticket(s) of order %1 for %2?</source>
        <translation>
            <numerusform>Refund %n ticket of order %1 for %2?</numerusform>
            <numerusform>Refund %n tickets of order %1 for %2?</numerusform>
        </translation>
    </message>
    <message>
        <source>Paid in cash: hand back %1 to the customer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid by card: %1 goes back to the card ending %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tickets become void at once and their places go back on sale.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders and refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan a ticket, or type its code or the order&apos;s number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;eason:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional, kept with the refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The order&apos;s tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refund…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket %1 exchanged for ticket %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xchange…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchange the current ticket for another place of the event (Alt+X)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirming the refund…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 Press “Check again”: the same refund is asked about again, never a second one made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Check again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::CheckoutModel</name>
    <message>
        <source>Your time to pay ran out and the seats were released. Please choose them again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Section %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your time to pay ran out and the seats were released. Nothing was charged for them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We could not confirm whether the payment went through. It cannot be charged twice: press “Check again” to ask the server once more.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::ConfirmationPage</name>
    <message>
        <source>Order %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Paid %1 · %n ticket(s)</source>
        <translation>
            <numerusform>Paid %1 · %n ticket</numerusform>
            <numerusform>Paid %1 · %n tickets</numerusform>
        </translation>
    </message>
    <message>
        <source>Cash: given %1, change %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash: change %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ending in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets, order %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1. Choose another folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The printer could not be used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tickets-order-%1.pdf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save tickets as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid: here are the tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the tickets (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One ticket per page (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start again with the events (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::DoorModel</name>
    <message>
        <source>Section %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This scanner has no check-in data for offline work: download it while the server answers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the event and name the gate first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server cannot be reached and this scanner has no check-in data for offline work.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, let in here offline at %2: had already entered at %3 through %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, let in here offline at %2: it was void (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A scan let in here offline at %1 is not a ticket of this event.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This scanner cannot write its data to %1: scans made offline are lost if it closes before they are sent.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::DoorPage</name>
    <message>
        <source>ADMITTED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ALREADY IN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NOT VALID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UNKNOWN TICKET</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NOT CHECKED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · Row %2 · Seat %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · General admission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked in before this scanner&apos;s offline data was read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked in at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked in at %1 through %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The event was cancelled: the ticket was refunded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchanged for another ticket: this one is void.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded: this ticket is void.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forged or altered: the signature does not match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed with a key this event does not have.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A ticket for another event.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a ticket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No ticket of this event has this code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(checked offline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan a ticket, or type its code and press Enter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the event and name this gate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Online: the server checks every ticket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline (chosen): this scanner checks tickets alone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline: the server does not answer; this scanner checks tickets alone and keeps trying.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline data from %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No offline data yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n scan(s) waiting to be sent.</source>
        <translation>
            <numerusform>%n scan waiting to be sent.</numerusform>
            <numerusform>%n scans waiting to be sent.</numerusform>
        </translation>
    </message>
    <message>
        <source>Admitted %L1 of %L2 sold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Door</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Event:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Gate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Gate A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sound</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One beep lets in, two stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work &amp;offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check tickets on this scanner alone, from the downloaded data; the scans are sent when you switch back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Download for offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The event&apos;s keys, void tickets and tickets, to check tickets without the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send scans &amp;now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ticket:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan the QR code, or type the code and press Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the server said about offline scans:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::EventDraftModel</name>
    <message numerus="yes">
        <source>At most %n characters.</source>
        <translation>
            <numerusform>At most %n characters.</numerusform>
            <numerusform>At most %n characters.</numerusform>
        </translation>
    </message>
    <message>
        <source>Give the event a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say where the event takes place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose when the event starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The event must start in the future.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose when the sale opens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose when the sale closes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sale must close after it opens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sale must close by the time the event starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Three capital letters, such as BRL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From 1 to %1 tickets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From 1 to %L1 tickets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From 1 to 30 minutes (60 to 1,800 seconds).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From 1 to %L1 people a minute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From 0 to %1 bits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add at least one section.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most %L1 sections.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the section a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another section already has this name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From 1 to %L1 places.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add at least one row.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most %L1 rows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the row a label.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another row of this section has this label.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From 1 to %L1 seats.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An event may have at most %L1 numbered seats.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An event may have at most %L1 places, seated and general together.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::EventEditorPage</name>
    <message>
        <source>Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the event…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” was created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows of “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is general admission: no rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows go from a first to a last label: letters (A to Z, AA…) or numbers (1 to 40), at most %L1 rows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) of %L1 seats.</source>
        <translation>
            <numerusform>%n row of %L1 seats.</numerusform>
            <numerusform>%n rows of %L1 seats.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n field(s) need attention; see the messages in red.</source>
        <translation>
            <numerusform>%n field needs attention; see the messages in red.</numerusform>
            <numerusform>%n fields need attention; see the messages in red.</numerusform>
        </translation>
    </message>
    <message>
        <source>Row %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Capacity: %L1 places — %L2 numbered seats, %L3 general admission, in %n section(s)</source>
        <translation>
            <numerusform>Capacity: %L1 places — %L2 numbered seats, %L3 general admission, in %n section</numerusform>
            <numerusform>Capacity: %L1 places — %L2 numbered seats, %L3 general admission, in %n sections</numerusform>
        </translation>
    </message>
    <message>
        <source>New event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Venue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sale &amp;opens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sale &amp;closes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;urrency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets per cus&amp;tomer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets per car&amp;d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Hold time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Let in per minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Proof of work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rock Night</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arena</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same as per customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The most tickets one payment card may buy, whoever uses it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long chosen seats stay reserved while the buyer pays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> people</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A small computing cost to join the waiting room, against bots (0: none; 20 takes a phone about a second)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Waiting room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sections and prices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add s&amp;eated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;general</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dupl&amp;icate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows of the section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows &amp;from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seats per row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> seats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Make rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the rows with these: first to last, each with this many seats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the event</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::EventListModel</name>
    <message>
        <source>On sale · waiting room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On sale from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sale ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%L1 of %L2 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Venue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sale</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::EventListPage</name>
    <message>
        <source>Loading events…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n event</numerusform>
            <numerusform>%n events</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose an event first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search by event or venue (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show events from this day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the list again (F5)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::EventPage</name>
    <message numerus="yes">
        <source>%n seat(s) you chose were taken by someone else and left your selection.</source>
        <translation>
            <numerusform>%n seat you chose was taken by someone else and left your selection.</numerusform>
            <numerusform>%n seats you chose were taken by someone else and left your selection.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Only %n general-admission place(s) are left: your quantity was lowered.</source>
        <translation>
            <numerusform>Only %n general-admission place is left: your quantity was lowered.</numerusform>
            <numerusform>Only %n general-admission places are left: your quantity was lowered.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>At most %n ticket(s) per customer for this event.</source>
        <translation>
            <numerusform>At most %n ticket per customer for this event.</numerusform>
            <numerusform>At most %n tickets per customer for this event.</numerusform>
        </translation>
    </message>
    <message>
        <source>The seat map was read again to catch up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Held: %n seat(s) are yours until the hold ends.</source>
        <translation>
            <numerusform>Held: %n seat is yours until the hold ends.</numerusform>
            <numerusform>Held: %n seats are yours until the hold ends.</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose seats on the map, or a quantity of general admission, first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Numbered seats and general admission are held and paid separately: clear one of them first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best available: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>No %n adjacent free seat(s) in one row there.</source>
        <translation>
            <numerusform>No %n adjacent free seat in one row there.</numerusform>
            <numerusform>No %n adjacent free seats in one row there.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Only %n place(s) could be added.</source>
        <translation>
            <numerusform>Only %n place could be added.</numerusform>
            <numerusform>Only %n places could be added.</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sale ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On sale from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seats and availability update as they change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>○ connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>○ reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The live connection dropped; it comes back by itself and catches up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any section (cheapest first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%L1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sold out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2, %L3 of %L4 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>… and %n more seat(s)</source>
        <translation>
            <numerusform>… and %n more seat</numerusform>
            <numerusform>… and %n more seats</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n place(s) × %2</source>
        <translation>
            <numerusform>%1 — %n place × %2</numerusform>
            <numerusform>%1 — %n places × %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) · total %1</source>
        <translation>
            <numerusform>%n ticket · total %1</numerusform>
            <numerusform>%n tickets · total %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Holding…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Hold seats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out (-)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in (+)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the whole venue (0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the whole venue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a seat to choose it, Shift+drag to choose the free seats in a rectangle, drag to move, the wheel or + and - to zoom.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prices by section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>General admission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>General admission section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of general-admission places</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add general-admission places</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Section for best available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of seats side by side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Best available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose that many free seats side by side, front rows first, nearest the centre (Ctrl+B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected seats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold the selection for checkout (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold seats</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::ExchangeDialog</name>
    <message>
        <source>Still missing: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchange ticket %1 of order %2 — %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none yet: choose it on the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xchange</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchanged. The new ticket %1 is %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid %1 in cash; change %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid %1 by card ending %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hand back %1 in cash now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 goes back to the card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the customer the new ticket (Ctrl+P prints it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket exchanged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1. Choose another folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The printer could not be used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the new ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the new ticket as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchange a ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a free seat or a general-admission section — or move with the arrows and press Space. Ctrl+B: the best free seat of the same section. Ctrl+Enter exchanges.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New place:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Old price:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New price:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash (F2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Amount given:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 100</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card (F3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card n&amp;umber:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expir&amp;y (MM/YY):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;CVC:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name on card:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the new ticket (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new ticket as a PDF (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seat map: choose the new place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirming the exchange…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 Press “Check again”: the same exchange is asked about again, never a second one made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Check again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::ExchangeModel</name>
    <message>
        <source>That seat was taken a moment ago. The map is up to date again: choose another place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No place is left in that section. Choose another place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card was declined. Nothing was changed: try another card or cash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This ticket was already used at the door: it cannot be exchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This ticket is no longer valid (refunded or exchanged before): it cannot be exchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server exchanges only for a place of the same price. Choose a place at the same price.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The event was cancelled: its tickets cannot be exchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This exchange was already made differently. Find the order again to see it as it is now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The amount given is less than the difference to pay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, row %2, seat %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, general admission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer pays %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give back %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same price: nothing to pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We could not confirm whether the exchange was made.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::HoldBar</name>
    <message numerus="yes">
        <source>Time left to pay: %n minute(s)</source>
        <translation>
            <numerusform>Time left to pay: %n minute</numerusform>
            <numerusform>Time left to pay: %n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n second(s)</source>
        <translation>
            <numerusform>, %n second</numerusform>
            <numerusform>, %n seconds</numerusform>
        </translation>
    </message>
    <message>
        <source>Seats held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time left on the hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to &amp;payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Release seats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release the held seats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the seats back now and cancel this sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Less than a minute left: finish paying now or the seats will be released.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your seats are held for you while you pay.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::LoginPage</name>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create your account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to Bilheteria</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buy tickets for yourself. Box-office staff get their accounts from the venue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Box office, organizers and buyers sign in here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authenticator &amp;code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I already have an account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create an account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>8 characters or more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Six-digit authenticator code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your email and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password needs at least 8 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::MainWindow</name>
    <message>
        <source>Buyer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Box office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Door</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bilheteria</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All events (Ctrl+F to search)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time is up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create an event: sections, prices, sale window (Ctrl+Shift+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your events&apos; sales, live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;hift summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your sales since you signed in, to print (Ctrl+Shift+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find an order by a ticket or its number, and refund it (Ctrl+Shift+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Door</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check tickets in at a gate (Ctrl+Shift+D)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::PaymentPage</name>
    <message>
        <source>%1 · %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · Row %2 · Seat %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n ticket(s)</source>
        <translation>
            <numerusform>%1 · %n ticket</numerusform>
            <numerusform>%1 · %n tickets</numerusform>
        </translation>
    </message>
    <message>
        <source>Total %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pay %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take &amp;cash %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exact %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer gives %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change to give back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paying… please wait.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held for you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card (F3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash (F2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card &amp;number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card brand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiry date, month and year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MM/YY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;VC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3 digits on the back; 4 on the front of American Express</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name on card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name on card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pay (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Amount given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount the customer gives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 100</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the cash (Enter or Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirming your payment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Check again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the server again about the same payment</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::SalesPage</name>
    <message>
        <source>%L1 / %L2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1% sold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no places</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n paid order(s)</source>
        <translation>
            <numerusform>%n paid order</numerusform>
            <numerusform>%n paid orders</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) by card</source>
        <translation>
            <numerusform>%n order by card</numerusform>
            <numerusform>%n orders by card</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) in cash</source>
        <translation>
            <numerusform>%n order in cash</numerusform>
            <numerusform>%n orders in cash</numerusform>
        </translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Read every %n second(s) while this page is open</source>
        <translation>
            <numerusform>Read every %n second while this page is open</numerusform>
            <numerusform>Read every %n seconds while this page is open</numerusform>
        </translation>
    </message>
    <message>
        <source>No tickets sold yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets per hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets per minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>% of capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events you created (others&apos; sales are not shown to you)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group sales by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the figures again (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sold of capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets sold over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets by section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sales by section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The event is cancelled and its sale closed. %n order(s) refunded: %1 paid back.</source>
        <translation>
            <numerusform>The event is cancelled and its sale closed. %n order refunded: %1 paid back.</numerusform>
            <numerusform>The event is cancelled and its sale closed. %n orders refunded: %1 paid back.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel the event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling “%1” closes its sale and refunds every order (cash orders are settled at once, cards through the gateway). The tickets become void. This cannot be undone.

Type the event&apos;s name to confirm:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason (optional, shown with the refunds):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the event and refund everyone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked in at the door, of the tickets sold; live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admitted of sold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel event…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the sale and refund every order</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::SalesReportModel</name>
    <message>
        <source>Only the organizer who created this event, or an administrator, can see its sales.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admitted</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::SeatMapModel</name>
    <message>
        <source>free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>held by someone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>held for you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, row %2, seat %3 — %4 — %5</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::SeatMapView</name>
    <message>
        <source>Seat map</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n seat(s) or place(s) selected, total %1</source>
        <translation>
            <numerusform>%n seat or place selected, total %1</numerusform>
            <numerusform>%n seats or places selected, total %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading the seat map…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No seat map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STAGE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%L1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 · %L3 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2 — %L3 of %L4 left</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::SectionListModel</name>
    <message>
        <source>Section %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>General admission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n row</numerusform>
            <numerusform>%n rows</numerusform>
        </translation>
    </message>
    <message>
        <source>Section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Places</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::Session</name>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server address must look like https://host:port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No certificate could be read from %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the server address first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::ShiftSummaryDialog</name>
    <message>
        <source>Shift summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clerk: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sales in this period.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n order(s)</source>
        <translation>
            <numerusform>%n order</numerusform>
            <numerusform>%n orders</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>%n ticket</numerusform>
            <numerusform>%n tickets</numerusform>
        </translation>
    </message>
    <message>
        <source>Totals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Currency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash in the drawer from these sales (%1): &lt;b&gt;%2&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counted and signed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the shift…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the shift summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The printer could not be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shift-%1.pdf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the shift summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift &amp;since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By default, when you signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the figures again, up to now (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the summary (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save P&amp;DF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n refund(s)</source>
        <translation>
            <numerusform>%n refund</numerusform>
            <numerusform>%n refunds</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 paid back: %2 in cash, %3 to cards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash in the drawer from this shift (%1): &lt;b&gt;%2&lt;/b&gt; (%3 taken, %4 handed back)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds and exchanges</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n exchange(s) to dearer places</source>
        <translation>
            <numerusform>%n exchange to a dearer place</numerusform>
            <numerusform>%n exchanges to dearer places</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 taken: %2 in cash, %3 by card</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::TrustDialog</name>
    <message>
        <source>The server&apos;s certificate has changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm the server&apos;s certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 now presents a different certificate than the one you trusted before.&lt;/b&gt; This happens when the server was reinstalled — or when someone is intercepting the connection. Trust it only if the venue&apos;s administrator confirms the new fingerprint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is the first connection to &lt;b&gt;%1&lt;/b&gt;. Its certificate is not signed by an authority this computer knows. Compare the fingerprint below with the one the server printed when it started (or ask the administrator).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued to: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Trust this certificate</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bilheteria::client::WaitingRoomPage</name>
    <message>
        <source>less than a minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>about %n minute(s)</source>
        <translation>
            <numerusform>about %n minute</numerusform>
            <numerusform>about %n minutes</numerusform>
        </translation>
    </message>
    <message>
        <source>about %1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting room · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave the waiting room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress in the waiting room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Getting your place…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everyone gets a place in the order they arrive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not join the waiting room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your turn has passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You were let in, but the time to choose seats ran out. Each place in the waiting room is let in once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It&apos;s your turn!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose your seats before %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are number %L1 in line</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln person(s) ahead of you</source>
        <translation>
            <numerusform>%Ln person ahead of you</numerusform>
            <numerusform>%Ln people ahead of you</numerusform>
        </translation>
    </message>
    <message>
        <source>Estimated wait: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep this window open: the seat map opens by itself when it is your turn. Leaving and coming back keeps your place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>up to about %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are in the opening draw</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln person(s) in the draw so far</source>
        <translation>
            <numerusform>%Ln person in the draw so far</numerusform>
            <numerusform>%Ln people in the draw so far</numerusform>
        </translation>
    </message>
    <message>
        <source>At %1, when the sale opens, everyone who joined before then is put in a random order: arriving early gives no edge, and neither does a fast connection. Keep this window open: the seat map opens by itself when it is your turn.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
