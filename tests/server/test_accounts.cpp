// AccountService (server/core/accounts.h) over a real SQLite store and a fake clock:
// registration rules, login and sessions with their sliding renewal, and TOTP enrollment,
// windows and replay.
#include "server/core/accounts.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "server/store/storagefactory.h"
#include "shared/crypto/crypto.h"
#include "tests/support/errorfield.h"
#include "tests/support/fakeclock.h"
#include "tests/support/testdatabase.h"
#include "tests/support/testkeys.h"

namespace bilheteria {
namespace {

using namespace std::chrono_literals;
using bilheteria::testing::Backend;
using bilheteria::testing::FakeClock;
using bilheteria::testing::TestDatabase;

constexpr std::string_view kPassword = "correct horse battery";

std::string repeat(std::string_view text, int times) {
    std::string out;
    for (int i = 0; i < times; ++i)
        out += text;
    return out;
}

std::string describe(const Error& error) {
    return std::string(errorCodeName(error.code)) + ": " + error.message + " " +
           error.details.dump();
}

using testing::failedField;
using testing::fieldOf;

template <typename T> ErrorCode codeOf(const Result<T>& result) {
    EXPECT_FALSE(result) << "expected a failure";
    return result ? ErrorCode::Internal : result.error().code;
}

// The real store, passed through, counting the session renewals the service writes; a test
// may also run something just before a renewal reaches the store (a logout racing it) or
// refuse it (the database failing).
class CountingAccountStore final : public AccountStore {
public:
    explicit CountingAccountStore(AccountStore& store)
        : m_store(store) {}

    int renewals = 0;
    std::function<void()> beforeRenewal;
    std::optional<Error> failRenewals;

    Result<User> createUser(const NewUser& user) override { return m_store.createUser(user); }
    Result<UserRecord> findUserByEmail(const std::string& email) override {
        return m_store.findUserByEmail(email);
    }
    Result<UserRecord> findUserById(Id id) override { return m_store.findUserById(id); }
    Result<void> setTotpPending(Id userId, const std::string& secret) override {
        return m_store.setTotpPending(userId, secret);
    }
    Result<void> confirmTotp(Id userId, std::int64_t step) override {
        return m_store.confirmTotp(userId, step);
    }
    Result<bool> claimTotpStep(Id userId, std::int64_t step) override {
        return m_store.claimTotpStep(userId, step);
    }
    Result<void> createSession(const SessionRecord& session) override {
        return m_store.createSession(session);
    }
    Result<SessionUser> findSessionUser(const std::string& tokenHash, TimePoint now) override {
        return m_store.findSessionUser(tokenHash, now);
    }
    Result<bool> renewSession(const std::string& tokenHash, TimePoint now,
                              TimePoint expiresAt) override {
        ++renewals;
        if (beforeRenewal) beforeRenewal();
        if (failRenewals) return fail(*failRenewals);
        return m_store.renewSession(tokenHash, now, expiresAt);
    }
    Result<void> deleteSession(const std::string& tokenHash) override {
        return m_store.deleteSession(tokenHash);
    }
    Result<std::vector<SessionRecord>>
    findSessions(const std::vector<std::string>& tokenHashes) override {
        return m_store.findSessions(tokenHashes);
    }
    Result<std::int64_t> deleteExpiredSessions(TimePoint now) override {
        return m_store.deleteExpiredSessions(now);
    }

private:
    AccountStore& m_store;
};

class AccountServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto opened = openStorage({.url = m_database.url(), .cipher = testing::testCipher()});
        ASSERT_TRUE(opened) << describe(opened.error());
        m_storage = std::move(*opened);
        m_store = std::make_unique<CountingAccountStore>(m_storage->accounts());
        m_accounts = std::make_unique<AccountService>(*m_store, m_clock, settings());
    }

    // Tokens last an hour, renewed while used up to three hours after the sign-in.
    static AccountSettings settings(std::chrono::seconds sessionMaxAge = 3h) {
        AccountSettings settings;
        settings.tokenLifetime = 1h;
        settings.sessionMaxAge = sessionMaxAge;
        // Small Argon2 parameters keep the suite fast; crypto's own tests run the defaults.
        settings.argon2 = {.timeCost = 1, .memoryKiB = 1024, .parallelism = 1};
        return settings;
    }

    User registerAna() {
        auto user = m_accounts->registerBuyer("ana@example.com", kPassword, "Ana");
        EXPECT_TRUE(user) << describe(user.error());
        return user.value_or(User{});
    }

    Result<LoginResult> loginAna(const std::optional<std::string>& code = std::nullopt) {
        return m_accounts->login("ana@example.com", kPassword, code);
    }

    UserRecord record(const std::string& email) {
        auto found = m_storage->accounts().findUserByEmail(email);
        EXPECT_TRUE(found) << describe(found.error());
        return found.value_or(UserRecord{});
    }

    std::int64_t currentStep() const {
        return crypto::totpStep(m_clock.now().time_since_epoch().count());
    }

    // The code an authenticator app shows for `step`.
    static std::string codeAt(const std::string& base32Secret, std::int64_t step) {
        const auto secret = crypto::base32Decode(base32Secret);
        EXPECT_TRUE(secret) << base32Secret;
        return crypto::totpCode(secret.value_or(""), step);
    }

    // Enrolls and confirms 2FA for `user` with the current step's code; returns the secret.
    std::string enableTotp(const User& user) {
        auto enrollment = m_accounts->beginTotp(user);
        EXPECT_TRUE(enrollment) << describe(enrollment.error());
        if (!enrollment) return {};
        auto confirmed = m_accounts->confirmTotp(user, codeAt(enrollment->secret, currentStep()));
        EXPECT_TRUE(confirmed) << describe(confirmed.error());
        return enrollment->secret;
    }

    TestDatabase m_database{Backend::Sqlite};
    // Mid-step, so a step boundary never falls between computing a code and checking it.
    FakeClock m_clock{TimePoint{std::chrono::seconds{1'800'000'015}}};
    std::unique_ptr<Storage> m_storage;
    std::unique_ptr<CountingAccountStore> m_store;
    std::unique_ptr<AccountService> m_accounts;
};

// ---- Registration -----------------------------------------------------------------------------

TEST_F(AccountServiceTest, RegisterNormalisesTheEmailAndMakesABuyer) {
    const auto user = m_accounts->registerBuyer("  Ana.Souza@Example.COM \t\n", kPassword, " Ana ");
    ASSERT_TRUE(user) << describe(user.error());
    EXPECT_GT(user->id, 0);
    EXPECT_EQ(user->email, "ana.souza@example.com");
    EXPECT_EQ(user->name, "Ana");
    EXPECT_EQ(user->role, Role::Buyer);

    const UserRecord stored = record("ana.souza@example.com");
    EXPECT_EQ(stored.user.id, user->id);
    EXPECT_EQ(stored.user.email, "ana.souza@example.com");
    EXPECT_EQ(stored.user.role, Role::Buyer);
    EXPECT_EQ(stored.totpSecret, std::nullopt);
}

TEST_F(AccountServiceTest, AddUserKeepsTheRole) {
    int n = 0;
    for (Role role : {Role::Buyer, Role::Clerk, Role::Organizer, Role::Admin}) {
        const std::string email = "user" + std::to_string(n++) + "@example.com";
        const auto user = m_accounts->addUser(email, kPassword, "Someone", role);
        ASSERT_TRUE(user) << describe(user.error());
        EXPECT_EQ(user->role, role);
        EXPECT_EQ(record(email).user.role, role);

        const auto login = m_accounts->login(email, kPassword, std::nullopt);
        ASSERT_TRUE(login) << describe(login.error());
        EXPECT_EQ(login->user.role, role);
        const auto me = m_accounts->authenticate(login->token);
        ASSERT_TRUE(me) << describe(me.error());
        EXPECT_EQ(me->role, role);
    }
}

TEST_F(AccountServiceTest, EmailsAreTakenCaseInsensitively) {
    const User ana = registerAna();
    const auto again = m_accounts->registerBuyer("  ANA@Example.Com", "another password", "Ana 2");
    EXPECT_EQ(codeOf(again), ErrorCode::EmailTaken);
    const auto asAdmin = m_accounts->addUser("Ana@EXAMPLE.com", kPassword, "Ana", Role::Admin);
    EXPECT_EQ(codeOf(asAdmin), ErrorCode::EmailTaken);
    // The first account is untouched: still a buyer with the first password.
    EXPECT_EQ(record("ana@example.com").user.id, ana.id);
    EXPECT_EQ(record("ana@example.com").user.role, Role::Buyer);
    EXPECT_TRUE(loginAna());
}

TEST_F(AccountServiceTest, PasswordLengthCountsCharacters) {
    struct Case {
        const char* label;
        std::string password;
        bool accepted;
    };
    const std::vector<Case> cases{
        {"empty", "", false},
        {"7 ASCII", "1234567", false},
        {"8 ASCII", "12345678", true},
        {"128 ASCII", std::string(128, 'a'), true},
        {"129 ASCII", std::string(129, 'a'), false},
        {"7 two-byte (14 bytes)", repeat("é", 7), false},
        {"8 two-byte", repeat("é", 8), true},
        {"100 two-byte (200 bytes)", repeat("é", 100), true},
        {"128 three-byte (384 bytes)", repeat("€", 128), true},
        {"129 three-byte", repeat("€", 129), false},
        {"7 four-byte (28 bytes)", repeat("🎫", 7), false},
        {"8 four-byte", repeat("🎫", 8), true},
        {"127 ASCII + 1 four-byte", std::string(127, 'a') + "🎫", true},
        {"128 ASCII + 1 two-byte", std::string(128, 'a') + "é", false},
    };
    int n = 0;
    for (const Case& c : cases) {
        SCOPED_TRACE(c.label);
        const std::string email = "pw" + std::to_string(n++) + "@example.com";
        const auto user = m_accounts->registerBuyer(email, c.password, "Pat");
        if (!c.accepted) {
            EXPECT_EQ(failedField(user), "password");
            EXPECT_EQ(codeOf(m_storage->accounts().findUserByEmail(email)), ErrorCode::NotFound);
            continue;
        }
        ASSERT_TRUE(user) << describe(user.error());
        EXPECT_TRUE(m_accounts->login(email, c.password, std::nullopt));
    }
}

TEST_F(AccountServiceTest, RejectsBadEmails) {
    const std::vector<std::string> emails{
        "",
        "   ",
        "ana.example.com",
        "@example.com",
        "ana@",
        "ana@@example.com",
        "ana@b@example.com",
        "ana@example",
        "ana@.example.com",
        "ana@example.com.",
        "ana souza@example.com",
        "ana@exa\tmple.com",
        std::string("ana\x01@example.com"),
        std::string("ana\0@example.com", 16),
        std::string(309, 'a') + "@example.com", // 321 characters
    };
    for (const std::string& email : emails) {
        const auto user = m_accounts->registerBuyer(email, kPassword, "Ana");
        EXPECT_EQ(failedField(user), "email") << "'" << email << "'";
    }
}

TEST_F(AccountServiceTest, AcceptsUsualEmails) {
    for (const char* email : {"a+tickets@sub.example.co", "first.last@example.com.br", "x@y.io"}) {
        const auto user = m_accounts->registerBuyer(email, kPassword, "Someone");
        ASSERT_TRUE(user) << email << ": " << describe(user.error());
        EXPECT_EQ(user->email, email);
    }
}

TEST_F(AccountServiceTest, RejectsABlankName) {
    EXPECT_EQ(failedField(m_accounts->registerBuyer("ana@example.com", kPassword, "")), "name");
    EXPECT_EQ(failedField(m_accounts->registerBuyer("ana@example.com", kPassword, " \t ")), "name");
}

TEST_F(AccountServiceTest, NameLengthCountsCharacters) {
    // docs/api.md: registration checks name (1–200 characters).
    const auto accented = m_accounts->registerBuyer("ze@example.com", kPassword, repeat("é", 200));
    EXPECT_EQ(failedField(accented), "<accepted>");
    EXPECT_EQ(
        failedField(m_accounts->registerBuyer("zy@example.com", kPassword, std::string(201, 'a'))),
        "name");
}

TEST_F(AccountServiceTest, StoresAnArgon2idHashNotThePassword) {
    registerAna();
    const UserRecord stored = record("ana@example.com");
    EXPECT_TRUE(stored.passwordHash.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"))
        << stored.passwordHash;
    EXPECT_EQ(stored.passwordHash.find(kPassword), std::string::npos);
    EXPECT_TRUE(crypto::verifyPassword(kPassword, stored.passwordHash));
    EXPECT_FALSE(crypto::verifyPassword("correct horse batterY", stored.passwordHash));

    // A random salt per account: the same password never gives the same hash.
    ASSERT_TRUE(m_accounts->registerBuyer("bia@example.com", kPassword, "Bia"));
    EXPECT_NE(record("bia@example.com").passwordHash, stored.passwordHash);
}

// ---- Login, sessions and logout ---------------------------------------------------------------

TEST_F(AccountServiceTest, LoginReturnsATokenForTheUser) {
    const User ana = registerAna();
    const auto login = loginAna();
    ASSERT_TRUE(login) << describe(login.error());
    EXPECT_GE(login->token.size(), 32u);
    EXPECT_EQ(login->expiresAt, m_clock.now() + 1h);
    EXPECT_EQ(login->user.id, ana.id);
    EXPECT_EQ(login->user.email, "ana@example.com");

    const auto me = m_accounts->authenticate(login->token);
    ASSERT_TRUE(me) << describe(me.error());
    EXPECT_EQ(me->id, ana.id);
    EXPECT_EQ(me->email, "ana@example.com");
    EXPECT_EQ(me->name, "Ana");
    EXPECT_EQ(me->role, Role::Buyer);
}

TEST_F(AccountServiceTest, LoginNormalisesTheEmailToo) {
    const User ana = registerAna();
    const auto login = m_accounts->login(" ANA@Example.com\n", kPassword, std::nullopt);
    ASSERT_TRUE(login) << describe(login.error());
    EXPECT_EQ(login->user.id, ana.id);
}

TEST_F(AccountServiceTest, EachLoginIsItsOwnSession) {
    registerAna();
    const auto first = loginAna();
    const auto second = loginAna();
    ASSERT_TRUE(first && second);
    EXPECT_NE(first->token, second->token);
    EXPECT_TRUE(m_accounts->authenticate(first->token));
    EXPECT_TRUE(m_accounts->authenticate(second->token));
}

TEST_F(AccountServiceTest, KeepsOnlyTheTokensHash) {
    registerAna();
    const auto login = loginAna();
    ASSERT_TRUE(login);
    EXPECT_TRUE(
        m_storage->accounts().findSessionUser(crypto::sha256Hex(login->token), m_clock.now()));
    EXPECT_FALSE(m_storage->accounts().findSessionUser(login->token, m_clock.now()));
}

// ---- Session lifetime and renewal -------------------------------------------------------------

TEST_F(AccountServiceTest, AnUnusedTokenExpiresAfterItsLifetime) {
    registerAna();
    const auto login = loginAna();
    ASSERT_TRUE(login);
    m_clock.advance(1h);
    EXPECT_EQ(m_clock.now(), login->expiresAt);
    EXPECT_EQ(codeOf(m_accounts->authenticate(login->token)), ErrorCode::Unauthenticated);
    m_clock.advance(24h);
    EXPECT_EQ(codeOf(m_accounts->authenticate(login->token)), ErrorCode::Unauthenticated);
    EXPECT_EQ(m_store->renewals, 0);
}

TEST_F(AccountServiceTest, WithoutRenewalATokenExpiresOneLifetimeAfterItsSignIn) {
    AccountService fixed(*m_store, m_clock, settings(0s));
    registerAna();
    const auto login = fixed.login("ana@example.com", kPassword, std::nullopt);
    ASSERT_TRUE(login);
    m_clock.advance(1h - 1s);
    const auto late = fixed.authenticateSession(login->token);
    ASSERT_TRUE(late) << describe(late.error());
    EXPECT_EQ(late->expiresAt, login->expiresAt);
    m_clock.advance(1s);
    EXPECT_EQ(m_clock.now(), login->expiresAt);
    EXPECT_EQ(codeOf(fixed.authenticate(login->token)), ErrorCode::Unauthenticated);
    EXPECT_EQ(m_store->renewals, 0);
}

TEST_F(AccountServiceTest, UseInTheFirstHalfOfTheLifetimeRenewsNothing) {
    registerAna();
    const auto login = loginAna();
    ASSERT_TRUE(login);
    for (int minute = 0; minute < 30; ++minute) {
        const auto session = m_accounts->authenticateSession(login->token);
        ASSERT_TRUE(session) << describe(session.error());
        EXPECT_EQ(session->expiresAt, login->expiresAt) << "minute " << minute;
        m_clock.advance(1min);
    }
    EXPECT_EQ(m_store->renewals, 0);
}

TEST_F(AccountServiceTest, UseInTheSecondHalfRenewsToAFullLifetime) {
    const User ana = registerAna();
    const auto login = loginAna();
    ASSERT_TRUE(login);
    m_clock.advance(40min);
    const auto renewed = m_accounts->authenticateSession(login->token);
    ASSERT_TRUE(renewed) << describe(renewed.error());
    EXPECT_EQ(renewed->user.id, ana.id);
    EXPECT_EQ(renewed->expiresAt, m_clock.now() + 1h);
    EXPECT_EQ(m_store->renewals, 1);

    // Past the expiry the sign-in gave it, the token still works.
    m_clock.set(login->expiresAt + 30min);
    const auto later = m_accounts->authenticateSession(login->token);
    ASSERT_TRUE(later) << describe(later.error());
    EXPECT_EQ(later->user.id, ana.id);
    // ...and, unused, ends a lifetime after its last renewal.
    m_clock.set(later->expiresAt);
    EXPECT_EQ(codeOf(m_accounts->authenticate(login->token)), ErrorCode::Unauthenticated);
}

TEST_F(AccountServiceTest, ATokenInUseIsWrittenAboutOncePerHalfLifetime) {
    registerAna();
    const auto login = loginAna();
    ASSERT_TRUE(login);
    // A request a minute for two hours: 120 lookups, and a renewal only when one is due, at
    // 30, 60 and 90 minutes.
    for (int minute = 0; minute < 120; ++minute) {
        const auto session = m_accounts->authenticateSession(login->token);
        ASSERT_TRUE(session) << "minute " << minute << ": " << describe(session.error());
        EXPECT_GT(session->expiresAt - m_clock.now(), 30min - 1s) << "minute " << minute;
        m_clock.advance(1min);
    }
    EXPECT_EQ(m_store->renewals, 3);
}

TEST_F(AccountServiceTest, TheMaximumAgeEndsATokenInUse) {
    registerAna();
    const auto login = loginAna();
    ASSERT_TRUE(login);
    const TimePoint signedIn = m_clock.now();
    TimePoint lastExpiry = login->expiresAt;
    // In use every ten minutes: renewed, but never past three hours after the sign-in.
    while (m_clock.now() + 10min < signedIn + 3h) {
        m_clock.advance(10min);
        const auto session = m_accounts->authenticateSession(login->token);
        ASSERT_TRUE(session) << describe(session.error());
        EXPECT_LE(session->expiresAt, signedIn + 3h);
        EXPECT_GE(session->expiresAt, lastExpiry) << "never shorter";
        lastExpiry = session->expiresAt;
    }
    EXPECT_EQ(lastExpiry, signedIn + 3h);
    const int renewals = m_store->renewals;
    m_clock.set(signedIn + 3h - 1s);
    EXPECT_TRUE(m_accounts->authenticate(login->token));
    EXPECT_EQ(m_store->renewals, renewals) << "at the cap nothing is left to write";
    m_clock.set(signedIn + 3h);
    EXPECT_EQ(codeOf(m_accounts->authenticate(login->token)), ErrorCode::Unauthenticated);

    // Signing in again starts a new session with a new maximum.
    const auto again = loginAna();
    ASSERT_TRUE(again);
    EXPECT_TRUE(m_accounts->authenticate(again->token));
}

TEST_F(AccountServiceTest, ALoggedOutTokenIsNotRenewed) {
    registerAna();
    const auto login = loginAna();
    ASSERT_TRUE(login);
    m_clock.advance(40min);
    ASSERT_TRUE(m_accounts->logout(login->token));
    EXPECT_EQ(codeOf(m_accounts->authenticate(login->token)), ErrorCode::Unauthenticated);
    EXPECT_EQ(m_store->renewals, 0);
}

TEST_F(AccountServiceTest, ALogoutJustBeforeTheRenewalWins) {
    registerAna();
    const auto login = loginAna();
    ASSERT_TRUE(login);
    m_clock.advance(40min);
    // Another request logs the token out between this one's lookup and its renewal.
    m_store->beforeRenewal = [&] { ASSERT_TRUE(m_accounts->logout(login->token)); };
    const auto racing = m_accounts->authenticateSession(login->token);
    ASSERT_TRUE(racing) << describe(racing.error());
    EXPECT_EQ(racing->expiresAt, login->expiresAt) << "not renewed";
    EXPECT_EQ(m_store->renewals, 1);
    m_store->beforeRenewal = nullptr;

    EXPECT_EQ(codeOf(m_accounts->authenticate(login->token)), ErrorCode::Unauthenticated);
    auto rows = m_storage->accounts().findSessions({AccountService::sessionKey(login->token)});
    ASSERT_TRUE(rows) << describe(rows.error());
    EXPECT_TRUE(rows->empty()) << "the session was not brought back";
}

TEST_F(AccountServiceTest, AFailedRenewalDoesNotFailTheRequest) {
    registerAna();
    const auto login = loginAna();
    ASSERT_TRUE(login);
    m_clock.advance(40min);
    m_store->failRenewals = Error{ErrorCode::Unavailable, "the database is unreachable"};
    const auto session = m_accounts->authenticateSession(login->token);
    ASSERT_TRUE(session) << describe(session.error());
    EXPECT_EQ(session->expiresAt, login->expiresAt);

    // The next request in the second half tries again.
    m_store->failRenewals.reset();
    m_clock.advance(1min);
    const auto renewed = m_accounts->authenticateSession(login->token);
    ASSERT_TRUE(renewed) << describe(renewed.error());
    EXPECT_EQ(renewed->expiresAt, m_clock.now() + 1h);
    EXPECT_EQ(m_store->renewals, 2);
}

TEST_F(AccountServiceTest, ALowerMaximumAgeNeverShortensASession) {
    // Signed in while tokens lasted four hours; since then the server restarted with a one-hour
    // lifetime and a two-hour maximum age, which this session is past already.
    AccountSettings before = settings(24h);
    before.tokenLifetime = 4h;
    AccountService longer(*m_store, m_clock, before);
    registerAna();
    const auto login = longer.login("ana@example.com", kPassword, std::nullopt);
    ASSERT_TRUE(login);
    AccountService restarted(*m_store, m_clock, settings(2h));
    m_clock.advance(3h + 45min);
    const auto session = restarted.authenticateSession(login->token);
    ASSERT_TRUE(session) << describe(session.error());
    EXPECT_EQ(session->expiresAt, login->expiresAt) << "neither renewed nor cut short";
    EXPECT_EQ(m_store->renewals, 0);
    m_clock.set(login->expiresAt - 1s);
    EXPECT_TRUE(restarted.authenticate(login->token));
}

TEST_F(AccountServiceTest, LogoutRevokesOnlyThatToken) {
    registerAna();
    const auto phone = loginAna();
    const auto laptop = loginAna();
    ASSERT_TRUE(phone && laptop);
    ASSERT_TRUE(m_accounts->logout(phone->token));
    EXPECT_EQ(codeOf(m_accounts->authenticate(phone->token)), ErrorCode::Unauthenticated);
    EXPECT_TRUE(m_accounts->authenticate(laptop->token));
}

TEST_F(AccountServiceTest, UnknownTokensAreUnauthenticated) {
    registerAna();
    ASSERT_TRUE(loginAna());
    for (const std::string& token :
         {std::string(), crypto::randomToken(32), std::string(300, 'a'), std::string("\0", 1)})
        EXPECT_EQ(codeOf(m_accounts->authenticate(token)), ErrorCode::Unauthenticated);
}

TEST_F(AccountServiceTest, WrongPasswordAndUnknownEmailLookAlike) {
    registerAna();
    const auto wrongPassword = m_accounts->login("ana@example.com", "wrong password", {});
    const auto unknownEmail = m_accounts->login("nobody@example.com", kPassword, {});
    ASSERT_FALSE(wrongPassword);
    ASSERT_FALSE(unknownEmail);
    EXPECT_EQ(wrongPassword.error().code, ErrorCode::InvalidCredentials);
    EXPECT_EQ(unknownEmail.error().code, ErrorCode::InvalidCredentials);
    EXPECT_EQ(wrongPassword.error().message, unknownEmail.error().message);
    EXPECT_EQ(wrongPassword.error().details, unknownEmail.error().details);
    EXPECT_EQ(codeOf(m_accounts->login("ana@example.com", "", {})), ErrorCode::InvalidCredentials);
}

// ---- TOTP -------------------------------------------------------------------------------------

TEST_F(AccountServiceTest, BeginTotpStoresAPendingSecret) {
    const User ana = registerAna();
    const auto enrollment = m_accounts->beginTotp(ana);
    ASSERT_TRUE(enrollment) << describe(enrollment.error());
    const auto raw = crypto::base32Decode(enrollment->secret);
    ASSERT_TRUE(raw);
    EXPECT_EQ(raw->size(), 20u);
    EXPECT_TRUE(enrollment->otpauthUri.starts_with("otpauth://totp/")) << enrollment->otpauthUri;
    EXPECT_NE(enrollment->otpauthUri.find("secret=" + enrollment->secret), std::string::npos)
        << enrollment->otpauthUri;
    EXPECT_NE(enrollment->otpauthUri.find("issuer=Bilheteria"), std::string::npos)
        << enrollment->otpauthUri;

    const UserRecord stored = record("ana@example.com");
    EXPECT_EQ(stored.totpPending, enrollment->secret);
    EXPECT_EQ(stored.totpSecret, std::nullopt);
    // Until it is confirmed, the account logs in without a code.
    EXPECT_TRUE(loginAna());
}

TEST_F(AccountServiceTest, ConfirmTotpActivatesTheSecret) {
    const User ana = registerAna();
    const std::string secret = enableTotp(ana);
    ASSERT_FALSE(secret.empty());
    const UserRecord stored = record("ana@example.com");
    EXPECT_EQ(stored.totpSecret, secret);
    EXPECT_EQ(stored.totpPending, std::nullopt);
    EXPECT_EQ(stored.totpLastStep, currentStep());
}

TEST_F(AccountServiceTest, ConfirmWithoutBeginFails) {
    const User ana = registerAna();
    const auto confirmed = m_accounts->confirmTotp(ana, "123456");
    ASSERT_FALSE(confirmed);
    EXPECT_EQ(confirmed.error().code, ErrorCode::Conflict) << describe(confirmed.error());
    EXPECT_EQ(record("ana@example.com").totpSecret, std::nullopt);
    EXPECT_TRUE(loginAna());
}

TEST_F(AccountServiceTest, ConfirmTwiceFails) {
    const User ana = registerAna();
    const std::string secret = enableTotp(ana);
    const auto again = m_accounts->confirmTotp(ana, codeAt(secret, currentStep() + 1));
    EXPECT_EQ(codeOf(again), ErrorCode::Conflict);
}

TEST_F(AccountServiceTest, ConfirmWithAWrongCodeKeepsTheEnrollmentPending) {
    const User ana = registerAna();
    const auto enrollment = m_accounts->beginTotp(ana);
    ASSERT_TRUE(enrollment);
    const std::int64_t now = currentStep();
    const std::string far = codeAt(enrollment->secret, now + 5);
    for (std::int64_t step = now - 1; step <= now + 1; ++step)
        ASSERT_NE(far, codeAt(enrollment->secret, step)) << "code collision; rerun";

    EXPECT_EQ(codeOf(m_accounts->confirmTotp(ana, far)), ErrorCode::TotpInvalid);
    EXPECT_EQ(codeOf(m_accounts->confirmTotp(ana, "abcdef")), ErrorCode::TotpInvalid);
    const UserRecord stored = record("ana@example.com");
    EXPECT_EQ(stored.totpPending, enrollment->secret);
    EXPECT_EQ(stored.totpSecret, std::nullopt);
    EXPECT_TRUE(loginAna());
    EXPECT_TRUE(m_accounts->confirmTotp(ana, codeAt(enrollment->secret, now)));
}

TEST_F(AccountServiceTest, ANewEnrollmentReplacesThePendingOne) {
    const User ana = registerAna();
    const auto first = m_accounts->beginTotp(ana);
    const auto second = m_accounts->beginTotp(ana);
    ASSERT_TRUE(first && second);
    ASSERT_NE(first->secret, second->secret);
    const std::int64_t now = currentStep();
    const std::string oldCode = codeAt(first->secret, now);
    for (std::int64_t step = now - 1; step <= now + 1; ++step)
        ASSERT_NE(oldCode, codeAt(second->secret, step)) << "code collision; rerun";
    EXPECT_EQ(codeOf(m_accounts->confirmTotp(ana, oldCode)), ErrorCode::TotpInvalid);
    EXPECT_TRUE(m_accounts->confirmTotp(ana, codeAt(second->secret, now)));
    EXPECT_EQ(record("ana@example.com").totpSecret, second->secret);
}

TEST_F(AccountServiceTest, ReEnrollingKeepsTheActiveSecretUntilConfirmed) {
    const User ana = registerAna();
    const std::string oldSecret = enableTotp(ana);
    const auto enrollment = m_accounts->beginTotp(ana);
    ASSERT_TRUE(enrollment) << describe(enrollment.error());
    const std::string newSecret = enrollment->secret;
    ASSERT_NE(newSecret, oldSecret);

    m_clock.advance(30s);
    std::int64_t now = currentStep();
    for (std::int64_t step = now - 1; step <= now + 1; ++step)
        ASSERT_NE(codeAt(newSecret, now), codeAt(oldSecret, step)) << "code collision; rerun";
    EXPECT_EQ(codeOf(loginAna(codeAt(newSecret, now))), ErrorCode::TotpInvalid);
    EXPECT_TRUE(loginAna(codeAt(oldSecret, now)));
    EXPECT_EQ(record("ana@example.com").totpSecret, oldSecret);

    ASSERT_TRUE(m_accounts->confirmTotp(ana, codeAt(newSecret, now)));
    m_clock.advance(30s);
    now = currentStep();
    for (std::int64_t step = now - 1; step <= now + 1; ++step)
        ASSERT_NE(codeAt(oldSecret, now), codeAt(newSecret, step)) << "code collision; rerun";
    EXPECT_EQ(codeOf(loginAna(codeAt(oldSecret, now))), ErrorCode::TotpInvalid);
    EXPECT_TRUE(loginAna(codeAt(newSecret, now)));
}

TEST_F(AccountServiceTest, LoginWithTotpNeedsACode) {
    const User ana = registerAna();
    enableTotp(ana);
    EXPECT_EQ(codeOf(loginAna()), ErrorCode::TotpRequired);
    EXPECT_EQ(codeOf(loginAna(std::string())), ErrorCode::TotpRequired);
}

TEST_F(AccountServiceTest, LoginRejectsMalformedAndWrongCodes) {
    const User ana = registerAna();
    const std::string secret = enableTotp(ana);
    const std::int64_t now = currentStep();
    const std::string next = codeAt(secret, now + 1);
    std::string wrong = next;
    wrong.back() = wrong.back() == '9' ? '0' : static_cast<char>(wrong.back() + 1);
    for (std::int64_t step = now - 1; step <= now + 1; ++step)
        ASSERT_NE(wrong, codeAt(secret, step)) << "code collision; rerun";

    for (const std::string& code : {wrong, std::string("abcdef"), next.substr(0, 5), next + "0",
                                    " " + next, next + " ", std::string("12 456")})
        EXPECT_EQ(codeOf(loginAna(code)), ErrorCode::TotpInvalid) << "'" << code << "'";
    // None of those spent the step: the real code still works.
    EXPECT_TRUE(loginAna(next));
}

TEST_F(AccountServiceTest, TheConfirmationCodeCannotBeReplayed) {
    const User ana = registerAna();
    const std::string secret = enableTotp(ana);
    EXPECT_EQ(codeOf(loginAna(codeAt(secret, currentStep()))), ErrorCode::TotpInvalid);
}

TEST_F(AccountServiceTest, ACodeWorksOnceThenIsAReplay) {
    const User ana = registerAna();
    const std::string secret = enableTotp(ana);
    const std::string next = codeAt(secret, currentStep() + 1);

    const auto login = loginAna(next);
    ASSERT_TRUE(login) << describe(login.error());
    EXPECT_EQ(login->user.id, ana.id);
    const auto me = m_accounts->authenticate(login->token);
    ASSERT_TRUE(me);
    EXPECT_EQ(me->id, ana.id);
    EXPECT_EQ(record("ana@example.com").totpLastStep, currentStep() + 1);

    EXPECT_EQ(codeOf(loginAna(next)), ErrorCode::TotpInvalid);
    m_clock.advance(30s); // now it is the current step's code, and still spent
    EXPECT_EQ(codeOf(loginAna(next)), ErrorCode::TotpInvalid);
}

TEST_F(AccountServiceTest, AcceptsOneStepOfDriftEitherWay) {
    const User ana = registerAna();
    const std::string secret = enableTotp(ana);
    m_clock.advance(10 * 30s);
    const std::int64_t now = currentStep();
    for (std::int64_t farStep : {now - 2, now + 2})
        for (std::int64_t step = now - 1; step <= now + 1; ++step)
            ASSERT_NE(codeAt(secret, farStep), codeAt(secret, step)) << "code collision; rerun";

    EXPECT_EQ(codeOf(loginAna(codeAt(secret, now - 2))), ErrorCode::TotpInvalid);
    EXPECT_EQ(codeOf(loginAna(codeAt(secret, now + 2))), ErrorCode::TotpInvalid);
    EXPECT_TRUE(loginAna(codeAt(secret, now - 1)));
    EXPECT_TRUE(loginAna(codeAt(secret, now + 1)));
    // The last accepted step only moves forward: an older code is a replay too.
    EXPECT_EQ(codeOf(loginAna(codeAt(secret, now))), ErrorCode::TotpInvalid);
}

TEST_F(AccountServiceTest, AcceptsTheCurrentStepsCode) {
    const User ana = registerAna();
    const std::string secret = enableTotp(ana);
    m_clock.advance(30s);
    EXPECT_TRUE(loginAna(codeAt(secret, currentStep())));
}

TEST_F(AccountServiceTest, WrongPasswordComesBeforeTheCode) {
    const User ana = registerAna();
    const std::string secret = enableTotp(ana);
    const std::string next = codeAt(secret, currentStep() + 1);
    // The password is checked first, so a guesser learns nothing about 2FA...
    EXPECT_EQ(codeOf(m_accounts->login("ana@example.com", "wrong password", std::nullopt)),
              ErrorCode::InvalidCredentials);
    EXPECT_EQ(codeOf(m_accounts->login("ana@example.com", "wrong password", next)),
              ErrorCode::InvalidCredentials);
    // ...and a failed attempt does not spend the code.
    EXPECT_TRUE(loginAna(next));
}

} // namespace
} // namespace bilheteria
