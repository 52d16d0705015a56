// The refunds part's statements that both dialects run unchanged (docs/storage.md): PostgreSQL
// prepares them as they are, SQLite through sqlite::numbered(). PostgreSQL's lock of the order's
// row is in postgres/refunds.cpp.
#pragma once

namespace bilheteria::sql {

// Columns: event_id, customer_id, hold_id, currency, method, payment reference, captured (what
// the sale's payment and the exchanges' top-ups took), refunded so far. $1 order.
inline constexpr char kRefundOrder[] =
    "SELECT o.event_id, o.customer_id, o.hold_id, o.currency, p.method, p.reference, "
    "p.amount_cents + (SELECT coalesce(sum(x.topup_amount_cents), 0) FROM exchanges x "
    "WHERE x.order_id = o.id), (SELECT coalesce(sum(r.amount_cents), 0) FROM refunds r "
    "WHERE r.order_id = o.id) FROM orders o JOIN payments p ON p.order_id = o.id WHERE o.id = $1";

// Columns: id. The order's tickets not void, for a refund that names none. $1 order.
inline constexpr char kRefundableTickets[] =
    "SELECT id FROM tickets WHERE order_id = $1 AND voided_at IS NULL ORDER BY id";
// Columns: order_id. $1 ticket.
inline constexpr char kTicketOrder[] = "SELECT order_id FROM tickets WHERE id = $1";

// THE void: one conditional update of the ticket's row, the mirror of the check-in's, so a
// refund and a gate race on that row alone. A cancelled event's tickets are void even once
// checked in. $1 ticket, $2 order, $3 voided at, $4 reason (refunded, cancelled). Columns:
// seat_id, section_id, price_cents.
inline constexpr char kVoidTicket[] =
    "UPDATE tickets SET voided_at = $3, void_reason = CAST($4 AS TEXT) WHERE id = $1 "
    "AND order_id = $2 AND voided_at IS NULL "
    "AND (checked_in_at IS NULL OR CAST($4 AS TEXT) = 'cancelled') "
    "RETURNING seat_id, section_id, price_cents";
// The place back on sale, if the sale's hold still has it sold. $1 seat, $2 the order's hold.
// Columns: row_label (NULL: a general-admission place).
inline constexpr char kFreeSoldSeat[] =
    "UPDATE seats SET state = 'free', hold_id = NULL, hold_expires_at = NULL "
    "WHERE id = $1 AND hold_id = $2 AND state = 'sold' RETURNING row_label";
// The section's counter on the shard the sale added to. $1 section, $2 shard, $3 count.
inline constexpr char kGiveBackSold[] =
    "UPDATE section_sales SET sold = sold - $3 WHERE section_id = $1 AND shard = $2";

// $1 order, $2 event, $3 actor, $4 amount, $5 currency, $6 method, $7 reason, $8 reference,
// $9 status, $10 settled at (NULL: pending), $11 created at. Returns id.
inline constexpr char kInsertRefund[] =
    "INSERT INTO refunds (order_id, event_id, actor_id, amount_cents, currency, method, reason, "
    "reference, status, settled_at, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
// $1 refund, $2 ticket.
inline constexpr char kInsertRefundTicket[] =
    "INSERT INTO refund_tickets (refund_id, ticket_id) VALUES ($1, $2)";
// $1 actor, $2 key, $3 request hash, $4 order, $5 refund, $6 created at. A key taken inserts
// nothing (on PostgreSQL after waiting for the transaction that took it).
inline constexpr char kInsertRefundKey[] =
    "INSERT INTO refund_keys (actor_id, key, request_hash, order_id, refund_id, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (actor_id, key) DO NOTHING";
// Columns: order_id, request_hash, refund_id. $1 actor, $2 key.
inline constexpr char kRefundKey[] =
    "SELECT order_id, request_hash, refund_id FROM refund_keys WHERE actor_id = $1 AND key = $2";

// Columns: id, order_id, amount_cents, currency, method, status, reason, created_at,
// reference, the payment's reference. $1 refund.
inline constexpr char kRefundById[] =
    "SELECT r.id, r.order_id, r.amount_cents, r.currency, r.method, r.status, r.reason, "
    "r.created_at, r.reference, p.reference FROM refunds r "
    "JOIN payments p ON p.order_id = r.order_id WHERE r.id = $1";
// Columns: ticket_id. $1 refund.
inline constexpr char kRefundTicketIds[] =
    "SELECT ticket_id FROM refund_tickets WHERE refund_id = $1 ORDER BY ticket_id";
// $1 refund, $2 settled at. A settled refund keeps its time.
inline constexpr char kSettleRefund[] = "UPDATE refunds SET status = 'settled', settled_at = $2 "
                                        "WHERE id = $1 AND status = 'pending'";
// Columns: order_id. $1 event, $2 after this order, $3 limit (the index
// tickets_valid_by_event).
inline constexpr char kOrdersWithValidTickets[] =
    "SELECT DISTINCT order_id FROM tickets WHERE event_id = $1 AND voided_at IS NULL "
    "AND order_id > $2 ORDER BY order_id LIMIT $3";
// Columns: id. Cancelled events with a ticket left valid.
inline constexpr char kUnfinishedCancellations[] =
    "SELECT e.id FROM events e WHERE e.cancelled_at IS NOT NULL AND EXISTS "
    "(SELECT 1 FROM tickets t WHERE t.event_id = e.id AND t.voided_at IS NULL) ORDER BY e.id";

// Columns: id, method, payment reference, refund reference, amount_cents, currency.
inline constexpr char kUnsettledRefunds[] =
    "SELECT r.id, r.method, p.reference, r.reference, r.amount_cents, r.currency FROM refunds r "
    "JOIN payments p ON p.order_id = r.order_id WHERE r.status = 'pending' ORDER BY r.id";

// ---- Exchanges -----------------------------------------------------------------------------

// Columns: event_id, customer_id, hold_id, currency, payment method, payment reference. $1
// order.
inline constexpr char kExchangeOrder[] =
    "SELECT o.event_id, o.customer_id, o.hold_id, o.currency, p.method, p.reference "
    "FROM orders o JOIN payments p ON p.order_id = o.id WHERE o.id = $1";
// The order's total moves by an exchange's difference. $1 order, $2 difference.
inline constexpr char kMoveOrderTotal[] =
    "UPDATE orders SET total_cents = total_cents + $2 WHERE id = $1";
// Columns: order_id, price_cents. $1 ticket.
inline constexpr char kExchangeTicket[] = "SELECT order_id, price_cents FROM tickets WHERE id = $1";
// The old ticket's void: the refund's, with its own reason. $1 ticket, $2 order, $3 at.
// Columns: seat_id, section_id, price_cents.
inline constexpr char kVoidExchangedTicket[] =
    "UPDATE tickets SET voided_at = $3, void_reason = 'exchanged' WHERE id = $1 "
    "AND order_id = $2 AND voided_at IS NULL AND checked_in_at IS NULL "
    "RETURNING seat_id, section_id, price_cents";
// A numbered seat of the event. Columns: section_id, price_cents. $1 seat, $2 event.
inline constexpr char kExchangeSeat[] =
    "SELECT s.section_id, c.price_cents FROM seats s JOIN sections c ON c.id = s.section_id "
    "WHERE s.id = $1 AND s.event_id = $2 AND c.kind = 'seated'";
// A general-admission section of the event. Columns: price_cents. $1 section, $2 event.
inline constexpr char kExchangeSection[] =
    "SELECT price_cents FROM sections WHERE id = $1 AND event_id = $2 AND kind = 'general'";
// THE take: one conditional update of the new place's row, as a hold's (free, or held by a hold
// that has expired), so exchanges and holds race on it alone. Sold under the order's hold.
// $1 seat, $2 the order's hold, $3 now. Columns: id.
#define BILHETERIA_PLACE_FREE "(state = 'free' OR (state = 'held' AND hold_expires_at <= $3))"
inline constexpr char kTakeSeat[] =
    "UPDATE seats SET state = 'sold', hold_id = $2, hold_expires_at = NULL "
    "WHERE id = $1 AND " BILHETERIA_PLACE_FREE " RETURNING id";
// Any free place of a general-admission section. $1 section, $2 the order's hold, $3 now.
// Columns: id.
inline constexpr char kTakeGeneralPlace[] =
    "UPDATE seats SET state = 'sold', hold_id = $2, hold_expires_at = NULL "
    "WHERE id = (SELECT id FROM seats WHERE section_id = $1 AND " BILHETERIA_PLACE_FREE
    " ORDER BY id LIMIT 1) AND " BILHETERIA_PLACE_FREE " RETURNING id";
#undef BILHETERIA_PLACE_FREE
// The new place's section counter, on the order's shard. $1 section, $2 shard, $3 count.
inline constexpr char kAddSold[] =
    "UPDATE section_sales SET sold = sold + $3 WHERE section_id = $1 AND shard = $2";
// $1 order, $2 event, $3 customer, $4 section, $5 seat, $6 price, $7 code. Returns id.
inline constexpr char kInsertExchangedTicket[] =
    "INSERT INTO tickets (order_id, event_id, customer_id, section_id, seat_id, price_cents, "
    "code) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
// $1 order, $2 old ticket, $3 new ticket, $4 difference, $5 actor, $6 at, $7 old price, $8 new
// price, $9 currency, $10 top-up method, $11 top-up amount, $12 brand, $13 last4, $14 change,
// $15 top-up reference (the top-up's five NULL without one), $16 refund (NULL: none). Returns
// id.
inline constexpr char kInsertExchange[] =
    "INSERT INTO exchanges (order_id, old_ticket_id, new_ticket_id, difference_cents, actor_id, "
    "created_at, old_price_cents, new_price_cents, currency, topup_method, topup_amount_cents, "
    "topup_brand, topup_last4, topup_change_cents, topup_reference, refund_id) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id";
// $1 actor, $2 key, $3 request hash, $4 order, $5 exchange, $6 at.
inline constexpr char kInsertExchangeKey[] =
    "INSERT INTO exchange_keys (actor_id, key, request_hash, order_id, exchange_id, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (actor_id, key) DO NOTHING";
// Columns: order_id, request_hash, exchange_id. $1 actor, $2 key.
inline constexpr char kExchangeKey[] = "SELECT order_id, request_hash, exchange_id "
                                       "FROM exchange_keys WHERE actor_id = $1 AND key = $2";
// Columns: id, order_id, old_ticket_id, new_ticket_id, difference_cents, created_at,
// old_price_cents, new_price_cents, currency, topup_method, topup_amount_cents, topup_brand,
// topup_last4, topup_change_cents, refund_id.
inline constexpr char kExchangeById[] =
    "SELECT id, order_id, old_ticket_id, new_ticket_id, difference_cents, created_at, "
    "old_price_cents, new_price_cents, currency, topup_method, topup_amount_cents, topup_brand, "
    "topup_last4, topup_change_cents, refund_id FROM exchanges WHERE id = $1";

} // namespace bilheteria::sql
