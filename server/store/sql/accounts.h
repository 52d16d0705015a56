// The accounts part's statements that both dialects run unchanged (docs/storage.md, "One text
// for both dialects"): PostgreSQL prepares them as they are, SQLite through sqlite::numbered().
// The rest of the part's SQL is in store/sqlite/accounts.cpp and store/postgres/accounts.cpp.
#pragma once

namespace bilheteria::sql {

// users.email, name, totp_secret and totp_pending hold values sealed by the FieldCipher
// (server/store/sealedusers.h); an account is found by email_index, the e-mail's blind index.

// Columns: id, email, name, role, password_hash, totp_secret, totp_pending, totp_last_step,
// email_index.
#define BILHETERIA_USER_COLUMNS                                                                    \
    "SELECT id, email, name, role, password_hash, totp_secret, totp_pending, totp_last_step, "     \
    "email_index FROM users "
inline constexpr char kUserByEmail[] = BILHETERIA_USER_COLUMNS "WHERE email_index = $1";
inline constexpr char kUserById[] = BILHETERIA_USER_COLUMNS "WHERE id = $1";
#undef BILHETERIA_USER_COLUMNS

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
// Columns: id, email, name, role, email_index, created_at, expires_at. $1 token hash, $2 now.
inline constexpr char kSessionUser[] =
    "SELECT u.id, u.email, u.name, u.role, u.email_index, s.created_at, s.expires_at "
    "FROM sessions s JOIN users u ON u.id = s.user_id "
    "WHERE s.token_hash = $1 AND s.expires_at > $2";
// One conditional UPDATE: a row deleted (logout) or expired meanwhile matches nothing, and of
// two concurrent renewals the later expiry wins. $1 token hash, $2 now, $3 new expiry.
inline constexpr char kRenewSession[] =
    "UPDATE sessions SET expires_at = $3 "
    "WHERE token_hash = $1 AND expires_at > $2 AND expires_at < $3";
// Columns: token_hash, user_id, created_at, expires_at. $1 token hash.
inline constexpr char kSession[] =
    "SELECT token_hash, user_id, created_at, expires_at FROM sessions WHERE token_hash = $1";
inline constexpr char kDeleteSession[] = "DELETE FROM sessions WHERE token_hash = $1";
// The same boundary as kSessionUser: a session is expired from expires_at on.
inline constexpr char kDeleteExpiredSessions[] = "DELETE FROM sessions WHERE expires_at <= $1";

// Key checks (FieldKeyStore). $1 key id, $2 check value.
inline constexpr char kKeyChecks[] = "SELECT key_id, check_value FROM field_keys ORDER BY key_id";
inline constexpr char kInsertKeyCheck[] =
    "INSERT INTO field_keys (key_id, check_value) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING";
inline constexpr char kDeleteKeyCheck[] = "DELETE FROM field_keys WHERE key_id = $1";

// Columns: id, email_index, email, name, totp_secret, totp_pending. $1 after id, $2 limit.
// Without the rotation only the users stored before encryption. (PostgreSQL adds FOR UPDATE.)
inline constexpr char kUsersToReseal[] =
    "SELECT id, email_index, email, name, totp_secret, totp_pending FROM users "
    "WHERE id > $1 ORDER BY id LIMIT $2";
inline constexpr char kPlaintextUsersToReseal[] =
    "SELECT id, email_index, email, name, totp_secret, totp_pending FROM users "
    "WHERE id > $1 AND email_index IS NULL ORDER BY id LIMIT $2";
// $1 user, $2 email_index, $3 email, $4 name, $5 totp_secret, $6 totp_pending.
inline constexpr char kResealUser[] =
    "UPDATE users SET email_index = $2, email = $3, name = $4, totp_secret = $5, "
    "totp_pending = $6 WHERE id = $1";
// Columns: email_index, email, name, totp_secret, totp_pending.
inline constexpr char kSealedValues[] =
    "SELECT email_index, email, name, totp_secret, totp_pending FROM users";

} // namespace bilheteria::sql
