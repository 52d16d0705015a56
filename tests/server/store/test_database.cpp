// The root Storage over both backends: ping and backend name, migrations (idempotent, and from
// several processes at once), unknown and unreachable databases, many threads on a small pool,
// maintain() and SQLite's write-ahead log, and constraint violations that write nothing.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <latch>
#include <memory>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "server/store/storagefactory.h"
#include "tests/support/builders.h"
#include "tests/support/storagefixture.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using namespace std::chrono_literals;

class DatabaseTest : public StorageTest {};

// --- opening, migrations, ping -------------------------------------------------------------

TEST_P(DatabaseTest, PingAnswers) {
    EXPECT_TRUE(storage().ping());
    EXPECT_EQ(storage().backendName(), GetParam() == Backend::Sqlite ? "sqlite" : "postgresql");
}

TEST_P(DatabaseTest, MigrationsAreIdempotent) {
    const User user = addUser("kept@example.com");
    // A second store on the same database finds every migration applied and the data intact.
    // PostgreSQL's second store uses the other URL spelling libpq accepts.
    StorageOptions again = options();
    if (again.url.starts_with("postgresql://")) again.url.replace(0, 10, "postgres");
    auto second = openStorage(again);
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_TRUE((*second)->ping());
    auto found = (*second)->accounts().findUserByEmail("kept@example.com");
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->user.id, user.id);
    second->reset();
    m_storage.reset();
    auto third = openStorage(options());
    ASSERT_TRUE(third) << third.error().message;
    EXPECT_TRUE((*third)->accounts().findUserById(user.id));
}

TEST_P(DatabaseTest, MigrationsFromSeveralProcessesAtOnceDoNotRace) {
    // A fresh database opened by several stores at the same moment, as two servers starting.
    m_storage.reset();
    m_database = std::make_unique<TestDatabase>(GetParam());
    constexpr int kOpeners = 4;
    std::latch start{kOpeners};
    std::atomic<int> opened{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kOpeners; ++i)
        threads.emplace_back([&] {
            start.arrive_and_wait();
            auto store = openStorage(options(2));
            if (store && (*store)->ping())
                ++opened;
            else if (!store)
                ADD_FAILURE() << store.error().message;
        });
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(opened.load(), kOpeners);
}

TEST_P(DatabaseTest, UnknownUrlIsInvalid) {
    auto store = openStorage(StorageOptions{"mysql://localhost/db"});
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::InvalidRequest);
    EXPECT_EQ(store.error().details.value("field", ""), "database");
}

TEST_P(DatabaseTest, UnreachableDatabaseIsUnavailable) {
    StorageOptions options;
    options.url = GetParam() == Backend::Sqlite ? "sqlite:/nonexistent-folder/sub/store.sqlite"
                                                : "postgresql://postgres@127.0.0.1:1/nothing";
    options.cipher = testCipher();
    auto store = openStorage(options);
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::Unavailable) << store.error().message;
}

// --- connections and maintenance -----------------------------------------------------------

TEST_P(DatabaseTest, ManyThreadsShareASmallPool) {
    m_storage.reset();
    auto small = openStorage(options(2));
    ASSERT_TRUE(small) << small.error().message;
    m_storage = std::move(*small);
    const User user = addUser("pool@example.com");
    constexpr int kThreads = 12;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i)
        threads.emplace_back([&] {
            for (int n = 0; n < 40; ++n)
                if (!storage().accounts().findUserById(user.id)) ++failures;
        });
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(failures.load(), 0);
}

// SQLite checkpoints only when maintain() asks (never inside a request's write): after a
// checkpoint the write-ahead log starts over instead of growing with every write.
TEST_P(DatabaseTest, MaintainKeepsTheWriteAheadLogFromGrowing) {
    const auto walSize = [&] {
        const std::string path = m_database->url().substr(std::string("sqlite:").size()) + "-wal";
        std::error_code error;
        const auto size = std::filesystem::file_size(path, error);
        return error ? std::uintmax_t{0} : size;
    };
    const auto createBigEvent = [&](int n) {
        auto created = storage().events().createEvent(
            event("Big " + std::to_string(n), kNow + 24h, {seated("S", 5'000, {{"A", 5'000}})}));
        ASSERT_TRUE(created) << created.error().message;
    };
    ASSERT_TRUE(storage().maintain());
    createBigEvent(1);
    ASSERT_TRUE(storage().maintain());
    const auto afterOne = walSize();
    for (int n = 2; n <= 4; ++n) {
        createBigEvent(n);
        auto maintained = storage().maintain();
        ASSERT_TRUE(maintained) << maintained.error().message;
    }
    if (GetParam() != Backend::Sqlite) return; // PostgreSQL: nothing to do, and it says so
    ASSERT_GT(afterOne, 0u);
    // Four events' worth of log without checkpoints; about one with them.
    EXPECT_LT(walSize(), afterOne * 2) << "the log grew from " << afterOne;
}

// --- the schema's own checks ---------------------------------------------------------------

TEST_P(DatabaseTest, ConstraintViolationsAreErrorsAndWriteNothing) {
    auto kept = storage().events().createEvent(event("Kept", kNow + 24h, {general("GA", 100, 10)}));
    ASSERT_TRUE(kept);
    const auto before = events();

    auto expectRejected = [&](const char* what, const NewEvent& draft) {
        SCOPED_TRACE(what);
        auto result = storage().events().createEvent(draft);
        ASSERT_FALSE(result) << "accepted";
        expectNoDatabaseText(result.error());
        const auto after = events();
        ASSERT_EQ(after.size(), before.size()) << "half-written";
        EXPECT_EQ(after.front().id, before.front().id);
    };

    // Each bypasses validation; the schema must still refuse it, whole.
    expectRejected("negative price",
                   event("Neg", kNow + 24h, {seated("S", 100, {{"A", 5}}), general("G", -1, 10)}));
    NewEvent shortHold = event("Hold", kNow + 24h, {seated("S", 100, {{"A", 5}})});
    shortHold.holdSeconds = 5;
    expectRejected("hold_seconds 5", shortHold);
    NewEvent backwards = event("Window", kNow + 24h, {general("G", 100, 10)});
    backwards.saleEndsAt = backwards.saleStartsAt;
    expectRejected("empty sale window", backwards);
    expectRejected("duplicate section name",
                   event("Dup", kNow + 24h, {general("Same", 1, 10), general("Same", 2, 10)}));
    // Fails in the bulk seat insert, after the event and its sections went in.
    expectRejected(
        "row label too long",
        event("Label", kNow + 24h, {seated("S", 100, {{"A", 100}, {"ABCDEFGHIJKLMNOPQ", 3}})}));
    NewEvent noOrganizer = event("Orphan", kNow + 24h, {general("G", 1, 1)});
    noOrganizer.createdBy = 999'999;
    expectRejected("unknown organizer", noOrganizer);

    // The store carries on.
    EXPECT_TRUE(storage().ping());
    EXPECT_TRUE(
        storage().events().createEvent(event("After", kNow + 24h, {seated("S", 1, {{"A", 1}})})));
    EXPECT_EQ(events().size(), before.size() + 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
