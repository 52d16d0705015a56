// The notification outbox's statements that both dialects run unchanged (docs/storage.md):
// PostgreSQL prepares them as they are, SQLite through sqlite::Connection::prepare (which numbers
// them). The writers run inside the transaction of what they announce (a sale, a refund, a
// cancellation); the claim, which differs (FOR UPDATE SKIP LOCKED), is in each store's
// notifications.cpp.
#pragma once

namespace bilheteria::sql {

// purchase.confirmed for order $1, at $2.
inline constexpr char kNotifyPurchase[] =
    "INSERT INTO notifications (kind, event_id, customer_id, order_id, next_attempt_at, "
    "created_at) SELECT 'purchase.confirmed', event_id, customer_id, id, $2, $2 FROM orders "
    "WHERE id = $1";
// refund.done for refund $1, at $2.
inline constexpr char kNotifyRefund[] =
    "INSERT INTO notifications (kind, event_id, customer_id, order_id, refund_id, "
    "next_attempt_at, created_at) SELECT 'refund.done', r.event_id, o.customer_id, r.order_id, "
    "r.id, $2, $2 FROM refunds r JOIN orders o ON o.id = r.order_id WHERE r.id = $1";
// event.cancelled for each order of event $1 with a valid ticket, at $2 (before the
// cancellation's refunds void them).
inline constexpr char kNotifyCancellation[] =
    "INSERT INTO notifications (kind, event_id, customer_id, order_id, next_attempt_at, "
    "created_at) SELECT 'event.cancelled', o.event_id, o.customer_id, o.id, $2, $2 FROM orders o "
    "WHERE o.event_id = $1 AND EXISTS (SELECT 1 FROM tickets t WHERE t.order_id = o.id AND "
    "t.voided_at IS NULL) ORDER BY o.id";
// purchase.refused for hold $1 with details $2, at $3.
inline constexpr char kNotifyRefusal[] =
    "INSERT INTO notifications (kind, event_id, customer_id, hold_id, details, next_attempt_at, "
    "created_at) SELECT 'purchase.refused', event_id, customer_id, id, $2, $3, $3 FROM holds "
    "WHERE id = $1";
// hold.expiring for each active hold expiring in ($1, $2] not warned yet, at $1; the unique
// index notifications_hold_warning drops a second one a racing server writes.
inline constexpr char kNotifyExpiringHolds[] =
    "INSERT INTO notifications (kind, event_id, customer_id, hold_id, next_attempt_at, "
    "created_at) SELECT 'hold.expiring', h.event_id, h.customer_id, h.id, $1, $1 FROM holds h "
    "WHERE h.status = 'active' AND h.expires_at > $1 AND h.expires_at <= $2 AND NOT EXISTS "
    "(SELECT 1 FROM notifications n WHERE n.hold_id = h.id AND n.kind = 'hold.expiring') "
    "ORDER BY h.id ON CONFLICT DO NOTHING";

// What a claim returns, in Notification's order: id, uid, kind, event, customer, order, hold,
// refund, details, attempts, email_sent_attempt, webhook_sent_attempt, created_at.
inline constexpr char kNotificationColumns[] =
    "id, uid, kind, event_id, customer_id, order_id, hold_id, refund_id, details, attempts, "
    "email_sent_attempt, webhook_sent_attempt, created_at";

// The outcome of claim $2 (the attempt) of row $1; nothing when the row was claimed again.
inline constexpr char kMarkEmailSent[] =
    "UPDATE notifications SET email_sent_attempt = $2 WHERE id = $1 AND attempts = $2";
inline constexpr char kMarkWebhookSent[] =
    "UPDATE notifications SET webhook_sent_attempt = $2 WHERE id = $1 AND attempts = $2";
// $3 delivered at.
inline constexpr char kMarkDelivered[] =
    "UPDATE notifications SET status = 'delivered', delivered_at = $3, last_error = NULL "
    "WHERE id = $1 AND attempts = $2 AND status = 'pending'";
// $3 the error, $4 when it is due again (NULL: given up).
inline constexpr char kMarkFailed[] =
    "UPDATE notifications SET last_error = $3, next_attempt_at = coalesce($4, next_attempt_at), "
    "status = CASE WHEN $4 IS NULL THEN 'failed' ELSE 'pending' END "
    "WHERE id = $1 AND attempts = $2 AND status = 'pending'";
// Pending and failed, through notifications_undelivered (the delivered rows, nearly all of
// them, are never counted: a metrics scrape reads this).
inline constexpr char kCountNotifications[] =
    "SELECT (SELECT count(*) FROM notifications WHERE status = 'pending'), "
    "(SELECT count(*) FROM notifications WHERE status = 'failed')";

} // namespace bilheteria::sql
