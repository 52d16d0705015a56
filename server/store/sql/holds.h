// The holds' statements that both dialects run unchanged (docs/storage.md): PostgreSQL prepares
// them as they are, SQLite through sqlite::Connection::prepare (which numbers them).
#pragma once

namespace bilheteria::sql {

// Hold $1's expiry brought forward to $2, if it is active, unexpired at $3 and ends later.
inline constexpr char kShortenHold[] =
    "UPDATE holds SET expires_at = $2 WHERE id = $1 AND status = 'active' AND expires_at > $3 "
    "AND expires_at > $2";
// Hold $1's places follow it: a held place whose hold_expires_at has passed counts as free.
inline constexpr char kShortenHeldPlaces[] =
    "UPDATE seats SET hold_expires_at = $2 WHERE hold_id = $1 AND state = 'held'";

} // namespace bilheteria::sql
