// Accounts: registration, login with optional TOTP, sessions and logout. Passwords are kept
// only as Argon2id hashes and tokens only as SHA-256 hashes.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "server/core/clock.h"
#include "server/core/hashinglane.h"
#include "server/core/store/accountstore.h"
#include "shared/crypto/crypto.h"

namespace bilheteria {

struct AccountSettings {
    std::chrono::seconds tokenLifetime{std::chrono::hours{12}};
    // Sliding renewal: a session used in the second half of its lifetime is renewed to a full
    // tokenLifetime from then, but never past this long after its sign-in. Zero: no renewal, a
    // session ends tokenLifetime after its sign-in. At least tokenLifetime otherwise.
    std::chrono::seconds sessionMaxAge{std::chrono::days{30}};
    crypto::Argon2Params argon2{};
    std::string totpIssuer = "Bilheteria";
};

struct LoginResult {
    std::string token;
    TimePoint expiresAt{};
    User user;
};

// A request's authenticated session: whose it is and, after any renewal, until when it lasts.
struct AuthenticatedSession {
    User user;
    TimePoint expiresAt{};
};

struct TotpEnrollment {
    std::string secret; // base32
    std::string otpauthUri;
};

class AccountService {
public:
    // The Argon2id work runs on `lane` (nullptr: on the calling thread); when the lane is full,
    // login and registration answer its `unavailable`.
    AccountService(AccountStore& store, const Clock& clock, AccountSettings settings = {},
                   HashingLane* lane = nullptr);

    // Self-registration: always a buyer.
    Result<User> registerBuyer(std::string_view email, std::string_view password,
                               std::string_view name);
    // Any role; for the command line and for admins.
    Result<User> addUser(std::string_view email, std::string_view password, std::string_view name,
                         Role role);

    // invalid_credentials for an unknown email or a wrong password alike, in similar time;
    // totp_required / totp_invalid for accounts with 2FA.
    Result<LoginResult> login(std::string_view email, std::string_view password,
                              const std::optional<std::string>& totpCode);
    Result<void> logout(const std::string& token);
    // The user behind a bearer token; unauthenticated when it is unknown, expired or revoked.
    // Renews the session when it is due (AccountSettings::sessionMaxAge).
    Result<User> authenticate(const std::string& token);
    // The same, with the session's expiry after any renewal.
    Result<AuthenticatedSession> authenticateSession(const std::string& token);

    Result<TotpEnrollment> beginTotp(const User& user);
    Result<void> confirmTotp(const User& user, std::string_view code);

    static std::string normalizeEmail(std::string_view email);
    // What names a token's session in the store and to the live streams: its SHA-256.
    static std::string sessionKey(const std::string& token);

private:
    Result<User> createAccount(std::string_view email, std::string_view password,
                               std::string_view name, Role role);
    // The time step `code` matches within ±1 step of now, if any.
    Result<bool> verifyPassword(std::string_view password, const std::string& encoded);
    std::optional<std::int64_t> matchTotp(const std::string& base32Secret,
                                          std::string_view code) const;
    // The expiry `session` is to be renewed to at `now`, or nothing when no renewal is due.
    std::optional<TimePoint> renewalFor(const SessionUser& session, TimePoint now) const;

    AccountStore& m_store;
    const Clock& m_clock;
    AccountSettings m_settings;
    HashingLane* m_lane;
    std::string m_dummyHash; // verified against for unknown emails, to even out timing
};

} // namespace bilheteria
