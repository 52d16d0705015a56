// AccountStore over both backends: users (created, found, duplicate and concurrent emails, bad
// data), two-factor secrets and the replay guard on TOTP steps, and sessions until they expire,
// with their renewal (never a revival, never shorter).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <latch>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/storagefixture.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using namespace std::chrono_literals;

// A 64-character token hash, distinct per n.
std::string tokenHash(int n) {
    std::string hash(64, '0');
    const std::string digits = std::to_string(n);
    std::copy(digits.begin(), digits.end(), hash.end() - static_cast<long>(digits.size()));
    return hash;
}

class AccountStoreTest : public StorageTest {};

// --- users ---------------------------------------------------------------------------------

TEST_P(AccountStoreTest, CreatesAndFindsUsers) {
    auto created = storage().accounts().createUser(
        NewUser{"ana@example.com", "Ana Souza", Role::Organizer, kPasswordHash});
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_GT(created->id, 0);
    EXPECT_EQ(created->email, "ana@example.com");
    EXPECT_EQ(created->name, "Ana Souza");
    EXPECT_EQ(created->role, Role::Organizer);

    auto byEmail = storage().accounts().findUserByEmail("ana@example.com");
    ASSERT_TRUE(byEmail) << byEmail.error().message;
    EXPECT_EQ(byEmail->user.id, created->id);
    EXPECT_EQ(byEmail->user.name, "Ana Souza");
    EXPECT_EQ(byEmail->user.role, Role::Organizer);
    EXPECT_EQ(byEmail->passwordHash, kPasswordHash);
    EXPECT_FALSE(byEmail->totpSecret);
    EXPECT_FALSE(byEmail->totpPending);
    EXPECT_FALSE(byEmail->totpLastStep);

    auto byId = storage().accounts().findUserById(created->id);
    ASSERT_TRUE(byId) << byId.error().message;
    EXPECT_EQ(byId->user.email, "ana@example.com");

    const User other = addUser("bia@example.com", Role::Admin);
    EXPECT_NE(other.id, created->id);
    EXPECT_EQ(storage().accounts().findUserById(other.id)->user.role, Role::Admin);
}

TEST_P(AccountStoreTest, UnknownUserIsNotFound) {
    auto byEmail = storage().accounts().findUserByEmail("nobody@example.com");
    ASSERT_FALSE(byEmail);
    EXPECT_EQ(byEmail.error().code, ErrorCode::NotFound);
    auto byId = storage().accounts().findUserById(424242);
    ASSERT_FALSE(byId);
    EXPECT_EQ(byId.error().code, ErrorCode::NotFound);
}

TEST_P(AccountStoreTest, DuplicateEmailIsEmailTaken) {
    addUser("dup@example.com");
    auto again = storage().accounts().createUser(
        NewUser{"dup@example.com", "Other", Role::Clerk, kPasswordHash});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::EmailTaken);
    expectNoDatabaseText(again.error());
    // The store is still usable after the failed insert.
    EXPECT_TRUE(storage().accounts().createUser(
        NewUser{"new@example.com", "New", Role::Buyer, kPasswordHash}));
}

TEST_P(AccountStoreTest, ConcurrentRegistrationsOfOneEmailHaveOneWinner) {
    constexpr int kThreads = 8;
    for (int round = 0; round < 3; ++round) {
        const std::string email = "race" + std::to_string(round) + "@example.com";
        std::latch start{kThreads};
        std::atomic<int> won{0}, taken{0}, other{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < kThreads; ++i)
            threads.emplace_back([&, i] {
                start.arrive_and_wait();
                auto user = storage().accounts().createUser(
                    NewUser{email, "Racer " + std::to_string(i), Role::Buyer, kPasswordHash});
                if (user)
                    ++won;
                else if (user.error().code == ErrorCode::EmailTaken)
                    ++taken;
                else {
                    ++other;
                    ADD_FAILURE() << errorCodeName(user.error().code) << ": "
                                  << user.error().message;
                }
            });
        for (auto& thread : threads)
            thread.join();
        EXPECT_EQ(won.load(), 1);
        EXPECT_EQ(taken.load(), kThreads - 1);
        EXPECT_EQ(other.load(), 0);
    }
}

TEST_P(AccountStoreTest, BadUserDataIsAnErrorNotACrash) {
    // What validation would have stopped: a non-normalised email, a hash that is not Argon2id.
    auto upper = storage().accounts().createUser(
        NewUser{"UP@example.com", "Up", Role::Buyer, kPasswordHash});
    EXPECT_FALSE(upper);
    auto plain = storage().accounts().createUser(
        NewUser{"plain@example.com", "Plain", Role::Buyer, "secret"});
    ASSERT_FALSE(plain);
    EXPECT_NE(plain.error().code, ErrorCode::EmailTaken);
    expectNoDatabaseText(plain.error());
    EXPECT_EQ(storage().accounts().findUserByEmail("plain@example.com").error().code,
              ErrorCode::NotFound);
}

// --- two-factor authentication --------------------------------------------------------------

TEST_P(AccountStoreTest, TotpPendingThenConfirmed) {
    const User user = addUser("totp@example.com");
    ASSERT_TRUE(storage().accounts().setTotpPending(user.id, "JBSWY3DPEHPK3PXP"));
    auto pending = storage().accounts().findUserById(user.id);
    ASSERT_TRUE(pending);
    EXPECT_EQ(pending->totpPending, "JBSWY3DPEHPK3PXP");
    EXPECT_FALSE(pending->totpSecret);

    ASSERT_TRUE(storage().accounts().confirmTotp(user.id, 60'000'000));
    auto confirmed = storage().accounts().findUserById(user.id);
    ASSERT_TRUE(confirmed);
    EXPECT_EQ(confirmed->totpSecret, "JBSWY3DPEHPK3PXP");
    EXPECT_FALSE(confirmed->totpPending);
    EXPECT_EQ(confirmed->totpLastStep, 60'000'000);

    // Re-enrolment keeps the active secret until the new one is confirmed.
    ASSERT_TRUE(storage().accounts().setTotpPending(user.id, "KRSXG5CTMVRXEZLU"));
    auto reenrolling = storage().accounts().findUserById(user.id);
    EXPECT_EQ(reenrolling->totpSecret, "JBSWY3DPEHPK3PXP");
    EXPECT_EQ(reenrolling->totpPending, "KRSXG5CTMVRXEZLU");

    EXPECT_FALSE(storage().accounts().setTotpPending(999'999, "JBSWY3DPEHPK3PXP"));
}

TEST_P(AccountStoreTest, ConfirmWithoutPendingKeepsTheSecret) {
    const User user = addUser("keep@example.com");
    ASSERT_TRUE(storage().accounts().setTotpPending(user.id, "JBSWY3DPEHPK3PXP"));
    ASSERT_TRUE(storage().accounts().confirmTotp(user.id, 100));
    // A second confirmation (a double submit) has nothing to move: an error, and the secret
    // must survive it.
    EXPECT_FALSE(storage().accounts().confirmTotp(user.id, 101));
    auto after = storage().accounts().findUserById(user.id);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->totpSecret, "JBSWY3DPEHPK3PXP");
}

TEST_P(AccountStoreTest, ClaimTotpStepRejectsReplays) {
    const User user = addUser("claim@example.com");
    ASSERT_TRUE(storage().accounts().setTotpPending(user.id, "JBSWY3DPEHPK3PXP"));
    ASSERT_TRUE(storage().accounts().confirmTotp(user.id, 1000));
    EXPECT_EQ(storage().accounts().claimTotpStep(user.id, 1000), false); // used when confirming
    EXPECT_EQ(storage().accounts().claimTotpStep(user.id, 999), false);  // older
    EXPECT_EQ(storage().accounts().claimTotpStep(user.id, 1001), true);
    EXPECT_EQ(storage().accounts().claimTotpStep(user.id, 1001), false); // replay
    EXPECT_EQ(storage().accounts().claimTotpStep(user.id, 1003), true);
    EXPECT_EQ(storage().accounts().findUserById(user.id)->totpLastStep, 1003);

    // Without any step recorded yet, the first claim wins.
    const User fresh = addUser("fresh@example.com");
    EXPECT_EQ(storage().accounts().claimTotpStep(fresh.id, 5), true);
    EXPECT_EQ(storage().accounts().claimTotpStep(fresh.id, 5), false);
}

TEST_P(AccountStoreTest, ConcurrentClaimsOfOneStepHaveOneWinner) {
    const User user = addUser("concurrent@example.com");
    constexpr int kThreads = 8;
    for (std::int64_t step = 500; step < 510; ++step) {
        std::latch start{kThreads};
        std::atomic<int> won{0}, lost{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < kThreads; ++i)
            threads.emplace_back([&] {
                start.arrive_and_wait();
                auto claimed = storage().accounts().claimTotpStep(user.id, step);
                if (!claimed)
                    ADD_FAILURE() << claimed.error().message;
                else if (*claimed)
                    ++won;
                else
                    ++lost;
            });
        for (auto& thread : threads)
            thread.join();
        EXPECT_EQ(won.load(), 1) << "step " << step;
        EXPECT_EQ(lost.load(), kThreads - 1) << "step " << step;
    }
}

// --- sessions ---------------------------------------------------------------------------------

TEST_P(AccountStoreTest, SessionsAreFoundUntilTheyExpire) {
    const User user = addUser("session@example.com", Role::Clerk);
    ASSERT_TRUE(
        storage().accounts().createSession(SessionRecord{tokenHash(1), user.id, kNow, kNow + 1h}));

    auto found = storage().accounts().findSessionUser(tokenHash(1), kNow + 10min);
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->user.id, user.id);
    EXPECT_EQ(found->user.email, "session@example.com");
    EXPECT_EQ(found->user.role, Role::Clerk);
    // The times come with the user: the core decides on a renewal without a second lookup.
    EXPECT_EQ(found->createdAt, kNow);
    EXPECT_EQ(found->expiresAt, kNow + 1h);

    EXPECT_TRUE(storage().accounts().findSessionUser(tokenHash(1), kNow + 1h - 1s));
    auto expired = storage().accounts().findSessionUser(tokenHash(1), kNow + 1h);
    ASSERT_FALSE(expired);
    EXPECT_EQ(expired.error().code, ErrorCode::Unauthenticated);

    auto unknown = storage().accounts().findSessionUser(tokenHash(2), kNow);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ErrorCode::Unauthenticated);
}

TEST_P(AccountStoreTest, DeletedSessionIsGone) {
    const User user = addUser("logout@example.com");
    ASSERT_TRUE(
        storage().accounts().createSession(SessionRecord{tokenHash(7), user.id, kNow, kNow + 1h}));
    ASSERT_TRUE(storage().accounts().deleteSession(tokenHash(7)));
    auto after = storage().accounts().findSessionUser(tokenHash(7), kNow);
    ASSERT_FALSE(after);
    EXPECT_EQ(after.error().code, ErrorCode::Unauthenticated);
    EXPECT_TRUE(storage().accounts().deleteSession(tokenHash(7))); // logging out twice is harmless
}

TEST_P(AccountStoreTest, FindSessionsAnswersTheOnesThatExistInOneCall) {
    const User ana = addUser("streams@example.com");
    const User bia = addUser("streams2@example.com");
    ASSERT_TRUE(
        storage().accounts().createSession(SessionRecord{tokenHash(1), ana.id, kNow, kNow + 1h}));
    ASSERT_TRUE(
        storage().accounts().createSession(SessionRecord{tokenHash(2), bia.id, kNow, kNow + 1min}));
    ASSERT_TRUE(
        storage().accounts().createSession(SessionRecord{tokenHash(3), ana.id, kNow, kNow + 2h}));
    ASSERT_TRUE(storage().accounts().deleteSession(tokenHash(3)));

    auto found =
        storage().accounts().findSessions({tokenHash(1), tokenHash(2), tokenHash(3), tokenHash(4)});
    ASSERT_TRUE(found) << found.error().message;
    std::map<std::string, SessionRecord> byHash;
    for (const auto& session : *found)
        byHash[session.tokenHash] = session;
    ASSERT_EQ(byHash.size(), 2u) << "the logged-out and the unknown session are not there";
    EXPECT_EQ(byHash[tokenHash(1)].userId, ana.id);
    EXPECT_EQ(byHash[tokenHash(1)].createdAt, kNow);
    EXPECT_EQ(byHash[tokenHash(1)].expiresAt, kNow + 1h);
    // Expired ones too, with their expiry: the caller tells expired from logged out.
    EXPECT_EQ(byHash[tokenHash(2)].userId, bia.id);
    EXPECT_EQ(byHash[tokenHash(2)].expiresAt, kNow + 1min);

    auto none = storage().accounts().findSessions({});
    ASSERT_TRUE(none) << none.error().message;
    EXPECT_TRUE(none->empty());
}

TEST_P(AccountStoreTest, DeleteExpiredSessionsRemovesOnlyExpiredOnes) {
    const User user = addUser("expiry@example.com");
    ASSERT_TRUE(storage().accounts().createSession(
        SessionRecord{tokenHash(1), user.id, kNow, kNow + 1min}));
    ASSERT_TRUE(storage().accounts().createSession(
        SessionRecord{tokenHash(2), user.id, kNow, kNow + 2min}));
    ASSERT_TRUE(
        storage().accounts().createSession(SessionRecord{tokenHash(3), user.id, kNow, kNow + 1h}));

    auto removed = storage().accounts().deleteExpiredSessions(kNow + 10min);
    ASSERT_TRUE(removed) << removed.error().message;
    EXPECT_EQ(*removed, 2);
    EXPECT_TRUE(storage().accounts().findSessionUser(tokenHash(3), kNow + 10min));
    // Gone, not merely expired: still absent if asked about an earlier time.
    EXPECT_FALSE(storage().accounts().findSessionUser(tokenHash(1), kNow));
    EXPECT_EQ(storage().accounts().deleteExpiredSessions(kNow + 10min), 0);
}

// The session's expiry as the store has it (nullopt: no such row), read through findSessions,
// which also answers expired ones.
std::optional<TimePoint> storedExpiry(Storage& storage, const std::string& hash) {
    auto found = storage.accounts().findSessions({hash});
    EXPECT_TRUE(found) << found.error().message;
    if (!found || found->empty()) return std::nullopt;
    return found->front().expiresAt;
}

TEST_P(AccountStoreTest, RenewSessionMovesALiveSessionsExpiryLater) {
    const User user = addUser("renew@example.com");
    ASSERT_TRUE(
        storage().accounts().createSession(SessionRecord{tokenHash(1), user.id, kNow, kNow + 1h}));

    auto renewed = storage().accounts().renewSession(tokenHash(1), kNow + 40min, kNow + 100min);
    ASSERT_TRUE(renewed) << renewed.error().message;
    EXPECT_TRUE(*renewed);
    EXPECT_EQ(storedExpiry(storage(), tokenHash(1)), kNow + 100min);

    // Valid past its first expiry now, and still dated from its sign-in.
    auto found = storage().accounts().findSessionUser(tokenHash(1), kNow + 90min);
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->user.id, user.id);
    EXPECT_EQ(found->createdAt, kNow);
    EXPECT_EQ(found->expiresAt, kNow + 100min);
    EXPECT_FALSE(storage().accounts().findSessionUser(tokenHash(1), kNow + 100min));
}

TEST_P(AccountStoreTest, RenewSessionNeverShortensOne) {
    const User user = addUser("shorten@example.com");
    ASSERT_TRUE(
        storage().accounts().createSession(SessionRecord{tokenHash(1), user.id, kNow, kNow + 2h}));
    for (const TimePoint earlier : {kNow + 1h, kNow + 2h}) {
        auto renewed = storage().accounts().renewSession(tokenHash(1), kNow + 10min, earlier);
        ASSERT_TRUE(renewed) << renewed.error().message;
        EXPECT_FALSE(*renewed);
    }
    EXPECT_EQ(storedExpiry(storage(), tokenHash(1)), kNow + 2h);
}

TEST_P(AccountStoreTest, RenewSessionDoesNotReviveALoggedOutSession) {
    const User user = addUser("revive@example.com");
    ASSERT_TRUE(
        storage().accounts().createSession(SessionRecord{tokenHash(1), user.id, kNow, kNow + 1h}));
    // The core found the session valid, then the logout committed before its renewal.
    ASSERT_TRUE(storage().accounts().findSessionUser(tokenHash(1), kNow + 40min));
    ASSERT_TRUE(storage().accounts().deleteSession(tokenHash(1)));

    auto renewed = storage().accounts().renewSession(tokenHash(1), kNow + 40min, kNow + 100min);
    ASSERT_TRUE(renewed) << renewed.error().message;
    EXPECT_FALSE(*renewed);
    EXPECT_FALSE(storedExpiry(storage(), tokenHash(1)).has_value());
    EXPECT_FALSE(storage().accounts().findSessionUser(tokenHash(1), kNow + 41min));
    // Nor a session that never was.
    auto unknown = storage().accounts().renewSession(tokenHash(2), kNow, kNow + 1h);
    ASSERT_TRUE(unknown) << unknown.error().message;
    EXPECT_FALSE(*unknown);
}

TEST_P(AccountStoreTest, RenewSessionDoesNotReviveAnExpiredSession) {
    const User user = addUser("expired@example.com");
    ASSERT_TRUE(
        storage().accounts().createSession(SessionRecord{tokenHash(1), user.id, kNow, kNow + 1h}));
    // Not yet purged, but expired at `now`: from expires_at on, as findSessionUser counts it.
    for (const TimePoint now : {kNow + 1h, kNow + 2h}) {
        auto renewed = storage().accounts().renewSession(tokenHash(1), now, now + 1h);
        ASSERT_TRUE(renewed) << renewed.error().message;
        EXPECT_FALSE(*renewed);
    }
    EXPECT_EQ(storedExpiry(storage(), tokenHash(1)), kNow + 1h);
    EXPECT_FALSE(storage().accounts().findSessionUser(tokenHash(1), kNow + 1h));
}

TEST_P(AccountStoreTest, ConcurrentRenewalsKeepTheLatestExpiry) {
    const User user = addUser("racing@example.com");
    ASSERT_TRUE(
        storage().accounts().createSession(SessionRecord{tokenHash(1), user.id, kNow, kNow + 1h}));
    // Requests of one token in flight together: each renews to its own now + lifetime, in any
    // order; whichever commits last must not pull the expiry back.
    constexpr int kThreads = 8;
    std::latch start(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i)
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            const TimePoint now = kNow + 40min + std::chrono::seconds{i};
            auto renewed = storage().accounts().renewSession(tokenHash(1), now, now + 1h);
            if (!renewed) ADD_FAILURE() << renewed.error().message;
        });
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(storedExpiry(storage(), tokenHash(1)),
              kNow + 100min + std::chrono::seconds{kThreads - 1});
}

TEST_P(AccountStoreTest, SessionForUnknownUserIsAnError) {
    auto created =
        storage().accounts().createSession(SessionRecord{tokenHash(9), 777'777, kNow, kNow + 1h});
    ASSERT_FALSE(created);
    expectNoDatabaseText(created.error());
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountStoreTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
