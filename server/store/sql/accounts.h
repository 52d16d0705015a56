// The accounts part's statements that both dialects run unchanged (docs/storage.md, "One text
// for both dialects"): PostgreSQL prepares them as they are, SQLite through sqlite::numbered().
// The rest of the part's SQL is in store/sqlite/accounts.cpp and store/postgres/accounts.cpp.
#pragma once

namespace bilheteria::sql {

// Columns: id, email, name, role, password_hash, totp_secret, totp_pending, totp_last_step.
inline constexpr char kUserByEmail[] =
    "SELECT id, email, name, role, password_hash, totp_secret, totp_pending, totp_last_step "
    "FROM users WHERE email = $1";
inline constexpr char kUserById[] =
    "SELECT id, email, name, role, password_hash, totp_secret, totp_pending, totp_last_step "
    "FROM users WHERE id = $1";

// $1 user, $2 secret.
inline constexpr char kSetTotpPending[] = "UPDATE users SET totp_pending = $2 WHERE id = $1";
// Only with a pending secret: moving a NULL would silently switch 2FA off. $1 user, $2 step.
inline constexpr char kConfirmTotp[] =
    "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = $2 "
    "WHERE id = $1 AND totp_pending IS NOT NULL";
// One conditional UPDATE: the row lock makes concurrent claims of one step serialise, and the
// second sees the first's step and changes nothing. $1 user, $2 step.
inline constexpr char kClaimTotpStep[] = "UPDATE users SET totp_last_step = $2 WHERE id = $1 "
                                         "AND (totp_last_step IS NULL OR totp_last_step < $2)";

// $1 token hash, $2 user, $3 created at, $4 expires at.
inline constexpr char kInsertSession[] =
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";
// Columns: id, email, name, role. $1 token hash, $2 now.
inline constexpr char kSessionUser[] =
    "SELECT u.id, u.email, u.name, u.role FROM sessions s JOIN users u ON u.id = s.user_id "
    "WHERE s.token_hash = $1 AND s.expires_at > $2";
inline constexpr char kDeleteSession[] = "DELETE FROM sessions WHERE token_hash = $1";
// The same boundary as kSessionUser: a session is expired from expires_at on.
inline constexpr char kDeleteExpiredSessions[] = "DELETE FROM sessions WHERE expires_at <= $1";

} // namespace bilheteria::sql
