// The events part's statements that both dialects run unchanged (docs/storage.md): PostgreSQL
// prepares them as they are, SQLite through sqlite::numbered(). The rest of the part's SQL is in
// store/sqlite/events.cpp and store/postgres/events.cpp.
#pragma once

namespace bilheteria::sql {

// Returns the new event's id.
inline constexpr char kInsertEvent[] =
    "INSERT INTO events (name, venue, starts_at, sale_starts_at, sale_ends_at, currency, "
    "max_tickets_per_customer, hold_seconds, queue_enabled, admit_per_minute, created_by, "
    "created_at, max_tickets_per_card, queue_pow_bits, allow_reentry, refunds_until) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id";
// Returns the new section's id.
inline constexpr char kInsertSection[] =
    "INSERT INTO sections (event_id, position, name, kind, price_cents, capacity) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
inline constexpr char kEventExists[] = "SELECT 1 FROM events WHERE id = $1";

// The cancellation, the first time only. $1 event, $2 at, $3 by, $4 reason.
inline constexpr char kCancelEvent[] =
    "UPDATE events SET cancelled_at = $2, cancelled_by = $3, cancel_reason = $4 "
    "WHERE id = $1 AND cancelled_at IS NULL";
// A cancelled event's held places free again. $1 event. Columns: id, section_id, row_label
// (NULL: a general-admission place).
inline constexpr char kFreeEventHeldSeats[] =
    "UPDATE seats SET state = 'free', hold_id = NULL, hold_expires_at = NULL "
    "WHERE event_id = $1 AND state = 'held' RETURNING id, section_id, row_label";
// Its active holds end: expired when their time is up, released otherwise. $1 event, $2 at.
inline constexpr char kCloseEventHolds[] =
    "UPDATE holds SET status = CASE WHEN expires_at <= $2 THEN 'expired' ELSE 'released' END, "
    "closed_at = $2 WHERE event_id = $1 AND status = 'active'";

} // namespace bilheteria::sql
