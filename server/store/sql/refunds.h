// The refunds part's statements that both dialects run unchanged (docs/storage.md): PostgreSQL
// prepares them as they are, SQLite through sqlite::numbered(). PostgreSQL's lock of the order's
// row is in postgres/refunds.cpp.
#pragma once

namespace bilheteria::sql {

// Columns: event_id, customer_id, hold_id, currency, method, payment reference, amount_cents
// (what the payment took), refunded so far. $1 order.
inline constexpr char kRefundOrder[] =
    "SELECT o.event_id, o.customer_id, o.hold_id, o.currency, p.method, p.reference, "
    "p.amount_cents, (SELECT coalesce(sum(r.amount_cents), 0) FROM refunds r "
    "WHERE r.order_id = o.id) FROM orders o JOIN payments p ON p.order_id = o.id WHERE o.id = $1";

// Columns: id. The order's tickets not void, for a refund that names none. $1 order.
inline constexpr char kRefundableTickets[] =
    "SELECT id FROM tickets WHERE order_id = $1 AND voided_at IS NULL ORDER BY id";
// Columns: order_id. $1 ticket.
inline constexpr char kTicketOrder[] = "SELECT order_id FROM tickets WHERE id = $1";

// THE void: one conditional update of the ticket's row, the mirror of the check-in's, so a
// refund and a gate race on that row alone. $1 ticket, $2 order, $3 voided at. Columns:
// seat_id, section_id, price_cents.
inline constexpr char kVoidTicket[] =
    "UPDATE tickets SET voided_at = $3, void_reason = 'refunded' WHERE id = $1 AND order_id = $2 "
    "AND voided_at IS NULL AND checked_in_at IS NULL RETURNING seat_id, section_id, price_cents";
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
// Columns: id, method, payment reference, refund reference, amount_cents, currency.
inline constexpr char kUnsettledRefunds[] =
    "SELECT r.id, r.method, p.reference, r.reference, r.amount_cents, r.currency FROM refunds r "
    "JOIN payments p ON p.order_id = r.order_id WHERE r.status = 'pending' ORDER BY r.id";

} // namespace bilheteria::sql
