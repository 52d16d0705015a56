// Accounts and sessions: users with their password hash and two-factor state, and the bearer
// tokens' sessions (kept by the token's hash only). Used by AccountService (core/accounts.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria {

struct UserRecord {
    User user;
    std::string passwordHash;                 // Argon2id encoded string
    std::optional<std::string> totpSecret;    // base32, present once 2FA is confirmed
    std::optional<std::string> totpPending;   // base32, enrolled but not yet confirmed
    std::optional<std::int64_t> totpLastStep; // the last accepted time step, against replay
};

struct NewUser {
    std::string email; // already normalised (trimmed, lower case)
    std::string name;
    Role role = Role::Buyer;
    std::string passwordHash;
};

struct SessionRecord {
    std::string tokenHash; // SHA-256 hex of the bearer token: the token itself is never stored
    Id userId = 0;
    TimePoint createdAt{};
    TimePoint expiresAt{};
};

// A live session's user with its times: what the core needs to authenticate a request and to
// decide on a renewal, in the one lookup.
struct SessionUser {
    User user;
    TimePoint createdAt{}; // the sign-in
    TimePoint expiresAt{};
};

// Every method is one transaction (see core/store/storage.h).
class AccountStore {
public:
    virtual ~AccountStore() = default;

    // Emails are unique case-insensitively: createUser answers email_taken.
    virtual Result<User> createUser(const NewUser& user) = 0;
    virtual Result<UserRecord> findUserByEmail(const std::string& normalizedEmail) = 0;
    virtual Result<UserRecord> findUserById(Id id) = 0;
    virtual Result<void> setTotpPending(Id userId, const std::string& secret) = 0;
    // Moves the pending secret to the active one and records `step` as used.
    virtual Result<void> confirmTotp(Id userId, std::int64_t step) = 0;
    // Records `step` as the last used one only if it is newer than the last; false when the
    // code's step was used already (a replay), atomically across concurrent logins.
    virtual Result<bool> claimTotpStep(Id userId, std::int64_t step) = 0;

    // Sessions, keyed by the token's hash. createSession appends the login's audit entry.
    virtual Result<void> createSession(const SessionRecord& session) = 0;
    // The session's user and times while the session exists and has not expired at `now`;
    // else unauthenticated.
    virtual Result<SessionUser> findSessionUser(const std::string& tokenHash, TimePoint now) = 0;
    // Moves the session's expiry later, to `expiresAt`, only while the session exists, has not
    // expired at `now` and expires before `expiresAt`: it never revives a session logged out
    // or expired meanwhile, nor shortens one. False when it changed nothing.
    virtual Result<bool> renewSession(const std::string& tokenHash, TimePoint now,
                                      TimePoint expiresAt) = 0;
    virtual Result<void> deleteSession(const std::string& tokenHash) = 0;
    // The sessions among `tokenHashes` that exist, expired or not, in no particular order: the
    // live streams' periodic re-check, one call for all of them.
    virtual Result<std::vector<SessionRecord>>
    findSessions(const std::vector<std::string>& tokenHashes) = 0;
    // Removes sessions that expired before `now`; returns how many.
    virtual Result<std::int64_t> deleteExpiredSessions(TimePoint now) = 0;
};

} // namespace bilheteria
