// The sales part's statements that both dialects run unchanged (docs/storage.md): PostgreSQL
// prepares them as they are, SQLite through sqlite::numbered(). The rest of the part's SQL,
// the purchase's locking and counting above all, is in store/sqlite/sales.cpp and
// store/postgres/sales.cpp.
#pragma once

namespace bilheteria::sql {

// $1 order, $2 method, $3 reference, $4 amount, $5 currency, $6 brand, $7 last four, $8 change,
// $9 authorized at, $10 card fingerprint.
inline constexpr char kInsertPayment[] =
    "INSERT INTO payments (order_id, method, reference, amount_cents, currency, brand, last4, "
    "change_cents, status, authorized_at, card_fingerprint) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'authorized', $9, $10)";
// Columns: hold_id, request_hash, order_id. $1 customer, $2 key.
inline constexpr char kIdempotencyKey[] = "SELECT hold_id, request_hash, order_id FROM "
                                          "idempotency_keys WHERE customer_id = $1 AND key = $2";
// $1 order, $2 captured at.
inline constexpr char kCapturePayment[] = "UPDATE payments SET status = 'captured', captured_at = "
                                          "$2 WHERE order_id = $1 AND status = 'authorized'";
// Columns: order_id, method, reference, amount_cents, currency, brand, last4, change_cents.
inline constexpr char kUncapturedPayments[] =
    "SELECT order_id, method, reference, amount_cents, currency, brand, last4, change_cents "
    "FROM payments WHERE status = 'authorized' ORDER BY order_id";

} // namespace bilheteria::sql
