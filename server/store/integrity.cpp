#include "server/store/integrity.h"

namespace bilheteria {

// A ticket that keeps its place: valid or checked in. Whatever voids a ticket (a refund, its
// event's cancellation, an exchange) puts its place back: a place is never both free and
// under a valid ticket.
#define BILHETERIA_KEEPS_PLACE(t) t ".voided_at IS NULL"

std::vector<std::string> integrityQueries(std::int64_t now) {
    const std::string at = std::to_string(now);
    return {
        // Every place is free, held or sold, so this is free + held + sold = capacity.
        "SELECT 'section ' || c.id || ': ' || count(s.id) || ' places for a capacity of ' || "
        "c.capacity FROM sections c LEFT JOIN seats s ON s.section_id = c.id "
        "GROUP BY c.id, c.capacity HAVING count(s.id) <> c.capacity",

        "SELECT 'section ' || c.id || ': the sold counter says ' || x.counted || ' but ' || "
        "x.sold || ' places are sold' FROM sections c JOIN (SELECT c2.id AS id, "
        "(SELECT coalesce(sum(sold), 0) FROM section_sales WHERE section_id = c2.id) AS counted, "
        "(SELECT count(*) FROM seats WHERE section_id = c2.id AND state = 'sold') AS sold "
        "FROM sections c2) x ON x.id = c.id WHERE x.counted <> x.sold",

        "SELECT 'place ' || s.id || ' is sold but has ' || count(t.id) || ' tickets' "
        "FROM seats s LEFT JOIN tickets t ON t.seat_id = s.id AND " BILHETERIA_KEEPS_PLACE(
            "t") " "
                 "WHERE s.state = 'sold' "
                 "GROUP BY s.id HAVING count(t.id) <> 1",

        "SELECT 'ticket ' || t.id || ': its place ' || s.id || ' is ' || s.state "
        "FROM tickets t JOIN seats s ON s.id = t.seat_id "
        "WHERE " BILHETERIA_KEEPS_PLACE("t") " AND s.state <> 'sold'",

        "SELECT 'ticket ' || t.id || ': its place was sold through another hold' "
        "FROM tickets t JOIN orders o ON o.id = t.order_id JOIN seats s ON s.id = t.seat_id "
        "WHERE " BILHETERIA_KEEPS_PLACE("t") " AND (s.hold_id IS NULL OR s.hold_id <> o.hold_id)",

        "SELECT 'order ' || o.id || ': it has no payment' FROM orders o "
        "WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id)",

        "SELECT 'order ' || p.order_id || ': payment not captured' FROM payments p "
        "WHERE p.status <> 'captured'",

        // The sale paid the total it was made for; each exchange moved it by its difference.
        "SELECT 'order ' || o.id || ': paid ' || p.amount_cents || ' and exchanged for ' || "
        "coalesce(x.moved, 0) || ' more, for a total of ' || o.total_cents FROM orders o "
        "JOIN payments p ON p.order_id = o.id LEFT JOIN (SELECT order_id, "
        "sum(difference_cents) AS moved FROM exchanges GROUP BY order_id) x "
        "ON x.order_id = o.id WHERE p.amount_cents + coalesce(x.moved, 0) <> o.total_cents",

        "SELECT 'order ' || o.id || ': total ' || o.total_cents || ' but its tickets add up to ' "
        "|| coalesce(sum(t.price_cents), 0) FROM orders o LEFT JOIN tickets t ON t.order_id = "
        "o.id AND coalesce(t.void_reason, '') <> 'exchanged' "
        "GROUP BY o.id, o.total_cents HAVING coalesce(sum(t.price_cents), 0) <> "
        "o.total_cents",

        "SELECT 'hold ' || h.id || ' is purchased but has no order' FROM holds h "
        "WHERE h.status = 'purchased' AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.hold_id = "
        "h.id)",

        "SELECT 'order ' || o.id || ': its hold ' || h.id || ' is ' || h.status "
        "FROM orders o JOIN holds h ON h.id = o.hold_id WHERE h.status <> 'purchased'",

        "SELECT 'place ' || s.id || ' is held by hold ' || s.hold_id || ', which is ' || "
        "h.status FROM seats s JOIN holds h ON h.id = s.hold_id "
        "WHERE s.state = 'held' AND h.status <> 'active'",

        // The per-customer limit: tickets bought plus tickets under an unexpired hold.
        "SELECT 'customer ' || x.customer_id || ' has ' || x.n || ' tickets for event ' || "
        "x.event_id || ', over the limit of ' || e.max_tickets_per_customer FROM (SELECT "
        "event_id, customer_id, sum(n) AS n FROM (SELECT event_id, customer_id, count(*) AS n "
        "FROM tickets WHERE voided_at IS NULL GROUP BY event_id, customer_id UNION ALL SELECT "
        "event_id, customer_id, "
        "sum(ticket_count) AS n FROM holds WHERE status = 'active' AND expires_at > " +
            at +
            " GROUP BY event_id, customer_id) parts GROUP BY event_id, customer_id) x "
            "JOIN events e ON e.id = x.event_id JOIN users u ON u.id = x.customer_id "
            "WHERE u.role = 'buyer' AND x.n > e.max_tickets_per_customer",

        // The per-card limit: tickets bought with one card (by its fingerprint) for one event,
        // whoever bought them. Names the fingerprint's first 12 hex digits, never the card.
        "SELECT 'card ' || substr(p.card_fingerprint, 1, 12) || '... has ' || count(t.id) || "
        "' tickets for event ' || e.id || ', over the limit of ' || e.max_tickets_per_card "
        "FROM payments p JOIN orders o ON o.id = p.order_id JOIN tickets t ON t.order_id = o.id "
        "JOIN events e ON e.id = o.event_id WHERE p.card_fingerprint IS NOT NULL "
        "AND t.voided_at IS NULL "
        "GROUP BY e.id, e.max_tickets_per_card, p.card_fingerprint "
        "HAVING count(t.id) > e.max_tickets_per_card",

        // The waiting room: positions 1..joined handed out once each (unique positions >= 1,
        // as many as `joined`, the largest being `joined`), and exactly the first `admitted`
        // of them admitted.
        "SELECT 'waiting room of event ' || q.event_id || ': ' || count(x.position) || "
        "' places up to ' || coalesce(max(x.position), 0) || ' but ' || q.joined || "
        "' joined' FROM queue_state q LEFT JOIN queue_entries x ON x.event_id = q.event_id "
        "GROUP BY q.event_id, q.joined "
        "HAVING count(x.position) <> q.joined OR coalesce(max(x.position), 0) <> q.joined",

        "SELECT 'waiting room of event ' || q.event_id || ': place ' || x.position || "
        "CASE WHEN x.admitted_at IS NULL THEN ' is not admitted' ELSE ' is admitted' END || "
        "' with ' || q.admitted || ' admitted' FROM queue_state q "
        "JOIN queue_entries x ON x.event_id = q.event_id "
        "WHERE (x.admitted_at IS NOT NULL) <> (x.position <= q.admitted)",

        // The door. Never checked in once void (a refund and a check-in race on the ticket's
        // row, and the loser changes nothing).
        "SELECT 'ticket ' || id || ' was checked in at ' || checked_in_at || "
        "' after it was voided at ' || voided_at FROM tickets "
        "WHERE checked_in_at IS NOT NULL AND voided_at IS NOT NULL AND checked_in_at > voided_at",

        // Every check-in is a scan in the log, at its time and gate.
        "SELECT 'ticket ' || t.id || ' is checked in at gate ' || t.checked_in_gate || "
        "' with no such scan in the check-in log' FROM tickets t "
        "WHERE t.checked_in_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM checkins c "
        "WHERE c.ticket_id = t.id AND c.direction = 'entry' AND c.scanned_at = t.checked_in_at "
        "AND c.gate = t.checked_in_gate)",

        // The first scan wins: without exits, no logged entry comes before the check-in, and a
        // ticket scanned in (not void) is checked in.
        "SELECT 'ticket ' || t.id || ' is checked in at ' || t.checked_in_at || "
        "' but the log has an earlier entry' FROM tickets t WHERE t.checked_in_at IS NOT NULL "
        "AND EXISTS (SELECT 1 FROM checkins c WHERE c.ticket_id = t.id AND c.direction = 'entry' "
        "AND c.scanned_at < t.checked_in_at) AND NOT EXISTS (SELECT 1 FROM checkins x "
        "WHERE x.ticket_id = t.id AND x.direction = 'exit')",

        "SELECT 'ticket ' || t.id || ' was scanned in but is not checked in' FROM tickets t "
        "WHERE t.checked_in_at IS NULL AND t.voided_at IS NULL AND EXISTS (SELECT 1 FROM "
        "checkins c WHERE c.ticket_id = t.id AND c.direction = 'entry') AND NOT EXISTS (SELECT "
        "1 FROM checkins x WHERE x.ticket_id = t.id AND x.direction = 'exit')",

        "SELECT 'check-in ' || c.id || ' is logged for event ' || c.event_id || "
        "' but its ticket is of event ' || t.event_id FROM checkins c "
        "JOIN tickets t ON t.id = c.ticket_id WHERE c.event_id <> t.event_id",

        // Refunds. A section's counter is its tickets that keep their place (a refund gives
        // its places back).
        "SELECT 'section ' || c.id || ': the sold counter says ' || x.counted || ' but ' || "
        "x.kept || ' tickets keep their place' FROM sections c JOIN (SELECT c2.id AS id, "
        "(SELECT coalesce(sum(sold), 0) FROM section_sales WHERE section_id = c2.id) AS counted, "
        "(SELECT count(*) FROM tickets t WHERE t.section_id = c2.id AND " BILHETERIA_KEEPS_PLACE(
            "t") ") "
                 "AS kept FROM sections c2) x ON x.id = c.id WHERE x.counted <> x.kept",

        // Never refunded beyond the captures: the sale's payment and the exchanges' top-ups.
        "SELECT 'order ' || p.order_id || ': refunded ' || r.refunded || "
        "' of captures of ' || (p.amount_cents + coalesce(x.topups, 0)) FROM payments p "
        "JOIN (SELECT order_id, sum(amount_cents) AS refunded FROM refunds GROUP BY order_id) r "
        "ON r.order_id = p.order_id LEFT JOIN (SELECT order_id, sum(topup_amount_cents) AS "
        "topups FROM exchanges GROUP BY order_id) x ON x.order_id = p.order_id "
        "WHERE r.refunded > p.amount_cents + coalesce(x.topups, 0)",

        // A refund pays back its tickets' prices, or (naming none) an exchange's difference,
        // checked below.
        "SELECT 'refund ' || r.id || ': ' || r.amount_cents || ' refunded for tickets worth ' || "
        "coalesce(sum(t.price_cents), 0) FROM refunds r LEFT JOIN refund_tickets k "
        "ON k.refund_id = r.id LEFT JOIN tickets t ON t.id = k.ticket_id "
        "WHERE NOT EXISTS (SELECT 1 FROM exchanges x WHERE x.refund_id = r.id) "
        "GROUP BY r.id, r.amount_cents HAVING coalesce(sum(t.price_cents), 0) <> r.amount_cents",

        "SELECT 'ticket ' || t.id || ' is refunded by refund ' || r.id || ' but ' || "
        "CASE WHEN t.order_id <> r.order_id THEN 'is of another order' ELSE 'is not void' END "
        "FROM refund_tickets k JOIN refunds r ON r.id = k.refund_id "
        "JOIN tickets t ON t.id = k.ticket_id "
        "WHERE t.voided_at IS NULL OR t.order_id <> r.order_id",

        "SELECT 'ticket ' || t.id || ' is void as ' || t.void_reason || "
        "' but no refund names it' "
        "FROM tickets t WHERE t.void_reason IN ('refunded', 'cancelled') AND NOT EXISTS "
        "(SELECT 1 FROM refund_tickets k WHERE k.ticket_id = t.id)",

        // Exchanges: an exchanged ticket was given up by exactly one exchange, whose tickets are
        // both of its order, the old one void as exchanged, the difference their prices'.
        "SELECT 'ticket ' || t.id || ' is void as exchanged but no exchange gave it up' "
        "FROM tickets t WHERE t.void_reason = 'exchanged' AND NOT EXISTS "
        "(SELECT 1 FROM exchanges x WHERE x.old_ticket_id = t.id)",

        "SELECT 'exchange ' || x.id || ': ' || CASE "
        "WHEN o.order_id <> x.order_id OR n.order_id <> x.order_id "
        "THEN 'a ticket is of another order' "
        "WHEN coalesce(o.void_reason, '') <> 'exchanged' THEN 'the old ticket is not void as "
        "exchanged' "
        "ELSE 'the difference is not the new price less the old' END FROM exchanges x "
        "JOIN tickets o ON o.id = x.old_ticket_id JOIN tickets n ON n.id = x.new_ticket_id "
        "WHERE o.order_id <> x.order_id OR n.order_id <> x.order_id "
        "OR coalesce(o.void_reason, '') <> 'exchanged' "
        "OR n.price_cents - o.price_cents <> x.difference_cents "
        "OR x.old_price_cents <> o.price_cents OR x.new_price_cents <> n.price_cents",

        // The difference changed hands: a dearer place's top-up took exactly the difference,
        // a cheaper place's refund (of its order, naming no ticket) paid exactly it back.
        "SELECT 'exchange ' || x.id || ': a difference of ' || x.difference_cents || "
        "' but a top-up of ' || coalesce(x.topup_amount_cents, 0) FROM exchanges x "
        "WHERE coalesce(x.topup_amount_cents, 0) <> CASE WHEN x.difference_cents > 0 "
        "THEN x.difference_cents ELSE 0 END",

        "SELECT 'exchange ' || x.id || ': a difference of ' || x.difference_cents || "
        "' but ' || CASE WHEN r.id IS NULL THEN 'no refund' ELSE 'refund ' || r.id || ' of ' || "
        "r.amount_cents || ' for order ' || r.order_id END || ' paid back' FROM exchanges x "
        "LEFT JOIN refunds r ON r.id = x.refund_id "
        "WHERE (x.difference_cents < 0 OR x.refund_id IS NOT NULL) AND (r.id IS NULL "
        "OR r.amount_cents <> -x.difference_cents OR r.order_id <> x.order_id "
        "OR EXISTS (SELECT 1 FROM refund_tickets k WHERE k.refund_id = r.id))",

        // Cancellation: only a cancelled event's tickets are void as cancelled, never after
        // the event was cancelled are tickets sold.
        "SELECT 'ticket ' || t.id || ' is void as cancelled but its event ' || e.id || "
        "' is not cancelled' FROM tickets t JOIN events e ON e.id = t.event_id "
        "WHERE t.void_reason = 'cancelled' AND e.cancelled_at IS NULL",

        "SELECT 'order ' || o.id || ' was paid at ' || o.created_at || ' after its event ' || "
        "e.id || ' was cancelled at ' || e.cancelled_at FROM orders o "
        "JOIN events e ON e.id = o.event_id WHERE e.cancelled_at IS NOT NULL "
        "AND o.created_at > e.cancelled_at",
    };
}

#undef BILHETERIA_KEEPS_PLACE

} // namespace bilheteria
