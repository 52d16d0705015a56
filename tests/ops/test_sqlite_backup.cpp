// `bilheteria-server backup` and `restore` of a SQLite database through the real binary
// (docs/operations.md). The drill: a server sells from several threads while a
// backup is taken, slowly, page by page; the backup restored into a fresh place serves again,
// passes `check` and `audit verify`, holds every sale acknowledged before the backup began and
// no place sold twice. Then every way a restore must refuse, leaving the database as it was.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "server/store/sqlite/databaselock.h"
#include "server/store/storagefactory.h"
#include "tests/support/builders.h"
#include "tests/support/rawdatabase.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"
#include "tests/support/testkeys.h"

namespace bilheteria::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;

// A SQLite database that is not Bilheteria's.
void makeForeignDatabase(const std::string& file) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, "CREATE TABLE t (a)", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

class SqliteBackupTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = (fs::temp_directory_path() / "bilheteria-backup-XXXXXX").string();
        ASSERT_TRUE(mkdtemp(m_dir.data()));
        m_db = m_dir + "/bilheteria.sqlite3";
        addUser(url(), "organizer@example.com", "Olga Organizer", "organizer", kTestPassword);
    }
    void TearDown() override { fs::remove_all(m_dir); }

    std::string url() const { return "sqlite:" + m_db; }
    // The exit status of `bilheteria-server ARGS...`; its output in `m_output`.
    int run(const std::vector<std::string>& args) { return runServerCommand(args, "", &m_output); }
    int backup(const std::string& to, std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"backup", "--database", url(), "--to", to};
        args.insert(args.end(), extra.begin(), extra.end());
        return run(args);
    }
    int restore(const std::string& database, const std::string& from,
                std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"restore", "--database", "sqlite:" + database, "--from",
                                      from};
        args.insert(args.end(), extra.begin(), extra.end());
        return run(args);
    }
    std::int64_t users(const std::string& file) {
        return RawDatabase(Backend::Sqlite, "sqlite:" + file).count("SELECT count(*) FROM users");
    }
    // Expects `restore --from from` over the test's database to refuse, saying `why`, and to
    // leave the database and its folder as they were.
    void expectRefused(const std::string& from, const std::string& why, int status = 1,
                       std::vector<std::string> extra = {}) {
        const auto before = folder();
        EXPECT_EQ(restore(m_db, from, extra), status) << m_output;
        EXPECT_TRUE(contains(m_output, "restore refused, " + m_db + " is unchanged")) << m_output;
        EXPECT_TRUE(contains(m_output, why)) << m_output;
        EXPECT_EQ(folder(), before) << "the restore left files behind or moved some";
        EXPECT_EQ(users(m_db), 1);
    }
    std::set<std::string> folder() const {
        std::set<std::string> names;
        for (const auto& entry : fs::directory_iterator(m_dir))
            names.insert(entry.path().filename().string());
        return names;
    }

    std::string m_dir;
    std::string m_db;
    std::string m_output;
};

// The drill. The backup copies one page per step with a pause between steps, so it lasts
// seconds while the sales commit beside it; it must finish all the same, from one snapshot.
TEST_F(SqliteBackupTest, BackupWhileSellingRestoresEverySaleAcknowledgedBeforeIt) {
    auto server =
        std::make_unique<ServerProcess>(url(), std::vector<std::string>{"--no-rate-limits"});
    HttpsClient client(*server);
    const std::string organizer = client.login("organizer@example.com", kTestPassword);
    // Every buyer pays with the one sandbox card: 1000 tickets per card and event at most,
    // 100 per customer; each thread sells up to 225 single tickets over its own 3 buyers.
    constexpr int kThreads = 4;
    constexpr int kBuyersPerThread = 3;
    constexpr int kSalesPerThread = 225;
    json body = demoEventBody("Backup Night");
    body["max_tickets_per_customer"] = 100;
    body["max_tickets_per_card"] = 1000;
    // Numbered seats, so that a place sold twice shows as one seat id in two tickets.
    json rows = json::array();
    for (const char* label : {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J"})
        rows.push_back({{"label", label}, {"seats", 100}});
    body["sections"] = json::array({{{"name", "Plateia"}, {"price_cents", 1000}, {"rows", rows}}});
    const CreatedEvent created = createEventWithSeats(client, organizer, body);
    const Id eventId = created.id;
    const std::vector<Id>& seatIds = created.seatIds;
    ASSERT_EQ(seatIds.size(), 1000u);

    std::vector<std::string> tokens;
    for (int i = 0; i < kThreads * kBuyersPerThread; ++i) {
        const std::string email = "buyer" + std::to_string(i) + "@example.com";
        auto registered =
            client.post("/api/v1/auth/register",
                        {{"email", email}, {"password", kTestPassword}, {"name", "B"}});
        ASSERT_EQ(registered.status, 201) << registered.raw;
        tokens.push_back(client.login(email, kTestPassword));
    }

    struct Sale {
        std::string token;
        Id orderId;
        std::vector<Id> seats;
    };
    std::mutex mutex;
    std::vector<Sale> sales; // in the order they were acknowledged
    std::vector<std::string> unexpected;
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            HttpsClient mine(server->port(), server->caCertPath());
            for (int i = 0; i < kSalesPerThread && !stop; ++i) {
                const std::string& token =
                    tokens[static_cast<std::size_t>(t * kBuyersPerThread + i % kBuyersPerThread)];
                // The threads take the seats in turns: each seat is asked for once.
                const Id seat = seatIds[static_cast<std::size_t>(i * kThreads + t)];
                auto held = mine.post(path("/api/v1/events/", eventId, "/holds"),
                                      {{"seat_ids", {seat}}}, token);
                auto paid =
                    held.status != 201
                        ? held
                        : mine.post(path("/api/v1/holds/", held.body["hold"]["id"], "/purchase"),
                                    cardPurchaseBody(), token,
                                    {{"Idempotency-Key",
                                      "backup-" + std::to_string(t) + "-" + std::to_string(i)}});
                std::lock_guard lock(mutex);
                if (paid.status != 201) {
                    unexpected.push_back(paid.raw);
                    return;
                }
                Sale sale{token, paid.body["order"]["id"].get<Id>(), {}};
                for (const auto& ticket : paid.body["order"]["tickets"])
                    sale.seats.push_back(ticket["seat_id"].get<Id>());
                sales.push_back(std::move(sale));
            }
        });
    const auto soldSoFar = [&] {
        std::lock_guard lock(mutex);
        return sales.size();
    };
    const auto warmUp = std::chrono::steady_clock::now() + 30s;
    while (soldSoFar() < 50 && std::chrono::steady_clock::now() < warmUp)
        std::this_thread::sleep_for(5ms);

    const std::string backupFile = m_dir + "/backup.sqlite3";
    const std::size_t acknowledgedBefore = soldSoFar();
    const int status = backup(backupFile, {"--pages-per-step", "1", "--step-pause-ms", "5"});
    const std::size_t acknowledgedAfter = soldSoFar();
    const std::string backupOutput = m_output;
    stop = true;
    for (auto& thread : threads)
        thread.join();
    ASSERT_EQ(status, 0) << backupOutput;
    EXPECT_EQ(unexpected, std::vector<std::string>{});
    std::cout << "backup: " << backupOutput
              << "sales acknowledged before it began: " << acknowledgedBefore
              << ", during it: " << acknowledgedAfter - acknowledgedBefore << "\n";
    EXPECT_GE(acknowledgedBefore, 50u) << "the sales were too slow to start";
    EXPECT_GT(acknowledgedAfter, acknowledgedBefore) << "no sale committed during the backup";
    EXPECT_TRUE(contains(backupOutput, "integrity_check ok")) << backupOutput;
    {
        // A server on the database refuses the restore, saying why.
        ServerProcess probe(url(), {"--no-rate-limits"});
        EXPECT_EQ(restore(m_db, backupFile), 1) << m_output;
        EXPECT_TRUE(contains(m_output, "is in use")) << m_output;
        EXPECT_EQ(probe.stop(), 0) << probe.output();
    }
    EXPECT_EQ(server->stop(), 0) << server->output();
    server.reset();

    // Restored into a fresh place, it serves.
    const std::string restoredDb = m_dir + "/restored/bilheteria.sqlite3";
    fs::create_directories(m_dir + "/restored");
    ASSERT_EQ(restore(restoredDb, backupFile), 0) << m_output;
    EXPECT_TRUE(contains(m_output, "there was no database before")) << m_output;
    const std::string restoredUrl = "sqlite:" + restoredDb;
    ServerProcess restored(restoredUrl, {"--no-rate-limits"});
    HttpsClient again(restored);

    // Sales in flight at backup time may wait for their capture: the server's recovery
    // finishes them soon after it starts; then `check` and `audit verify` pass.
    std::string check;
    int checkStatus = -1;
    const auto recovery = std::chrono::steady_clock::now() + 40s;
    while (std::chrono::steady_clock::now() < recovery) {
        checkStatus = runServerCommand({"check", "--database", restoredUrl}, "", &check);
        if (checkStatus == 0) break;
        std::this_thread::sleep_for(200ms);
    }
    EXPECT_EQ(checkStatus, 0) << check;
    expectCheckAndAuditPass(restoredUrl);

    // Every sale acknowledged before the backup began is there, paid, on its places.
    std::set<Id> seats;
    for (std::size_t i = 0; i < acknowledgedBefore; ++i) {
        const Sale& sale = sales[i];
        auto order = again.get("/api/v1/orders/" + std::to_string(sale.orderId), sale.token);
        ASSERT_EQ(order.status, 200) << "order " << sale.orderId << ": " << order.raw;
        EXPECT_EQ(order.body["order"]["status"], "paid") << order.raw;
        std::set<Id> theirs;
        for (const auto& ticket : order.body["order"]["tickets"])
            theirs.insert(ticket["seat_id"].get<Id>());
        EXPECT_EQ(theirs, std::set<Id>(sale.seats.begin(), sale.seats.end())) << order.raw;
        for (Id seat : sale.seats)
            EXPECT_TRUE(seats.insert(seat).second) << "place " << seat << " sold twice";
    }
    RawDatabase raw(Backend::Sqlite, restoredUrl);
    EXPECT_EQ(raw.count("SELECT count(*) FROM (SELECT seat_id FROM tickets WHERE voided_at IS "
                        "NULL GROUP BY seat_id HAVING count(*) > 1)"),
              0);
    EXPECT_GE(raw.count("SELECT count(*) FROM orders"),
              static_cast<std::int64_t>(acknowledgedBefore));

    // And it sells on.
    ASSERT_FALSE(sales.empty());
    auto held = again.post(path("/api/v1/events/", eventId, "/holds"),
                           {{"seat_ids", {seatIds.back()}}}, sales.front().token);
    ASSERT_EQ(held.status, 201) << held.raw;
    auto paid =
        again.post(path("/api/v1/holds/", held.body["hold"]["id"], "/purchase"), cardPurchaseBody(),
                   sales.front().token, {{"Idempotency-Key", "after-restore"}});
    EXPECT_EQ(paid.status, 201) << paid.raw;
    EXPECT_EQ(restored.stop(), 0) << restored.output();
}

// Restoring over a database keeps the one it replaces beside it, whole.
TEST_F(SqliteBackupTest, RestoreOverADatabaseKeepsTheOldOneAside) {
    const std::string backupFile = m_dir + "/backup.sqlite3";
    ASSERT_EQ(backup(backupFile), 0) << m_output;
    // A second backup into the same file needs --force.
    EXPECT_EQ(backup(backupFile), 1) << m_output;
    EXPECT_TRUE(contains(m_output, "exists already (pass --force to replace it)")) << m_output;
    ASSERT_EQ(backup(backupFile, {"--force"}), 0) << m_output;
    EXPECT_EQ(fs::status(backupFile).permissions(), fs::perms::owner_read | fs::perms::owner_write);
    // The restored file gets the mode of the one it replaces, not the backup's.
    fs::permissions(m_db, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);

    addUser(url(), "later@example.com", "Lia Later", "buyer", kTestPassword);
    ASSERT_EQ(users(m_db), 2);
    ASSERT_EQ(restore(m_db, backupFile), 0) << m_output;
    EXPECT_EQ(users(m_db), 1);
    EXPECT_EQ(fs::status(m_db).permissions(),
              fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    std::string aside;
    for (const auto& name : folder())
        if (name.starts_with("bilheteria.sqlite3.before-restore-") && !name.ends_with("-wal"))
            aside = m_dir + "/" + name;
    ASSERT_FALSE(aside.empty()) << m_output;
    EXPECT_TRUE(contains(m_output, "the database it replaced is kept as " + aside)) << m_output;
    EXPECT_EQ(users(aside), 2);
    for (const auto& name : folder())
        EXPECT_FALSE(contains(name, ".restoring-")) << name;
    expectCheckAndAuditPass(url());
}

TEST_F(SqliteBackupTest, BackupRefusesWhatItCannotCopy) {
    EXPECT_EQ(
        run({"backup", "--database", "postgresql://localhost/bilheteria", "--to", m_dir + "/x"}),
        2);
    EXPECT_TRUE(contains(m_output, "pgBackRest")) << m_output;
    EXPECT_EQ(
        run({"backup", "--database", "sqlite:" + m_dir + "/none.sqlite3", "--to", m_dir + "/x"}),
        1);
    EXPECT_TRUE(contains(m_output, "there is no database at")) << m_output;
    EXPECT_EQ(run({"backup", "--database", url()}), 106) << m_output; // CLI11: --to is required
    EXPECT_TRUE(contains(m_output, "--to is required")) << m_output;
    const std::string foreign = m_dir + "/foreign.sqlite3";
    makeForeignDatabase(foreign);
    EXPECT_EQ(run({"backup", "--database", "sqlite:" + foreign, "--to", m_dir + "/x"}), 1);
    EXPECT_TRUE(contains(m_output, "holds no Bilheteria database")) << m_output;
    EXPECT_EQ(backup(m_dir + "/no/such/folder/backup.sqlite3"), 1) << m_output;
    EXPECT_FALSE(fs::exists(m_dir + "/x"));
}

TEST_F(SqliteBackupTest, RestoreRefusesABadBackupAndLeavesTheDatabase) {
    expectRefused(m_dir + "/missing.sqlite3", "there is no backup file");

    const std::string garbage = m_dir + "/garbage.sqlite3";
    std::ofstream(garbage) << std::string(8192, 'x');
    expectRefused(garbage, garbage + " is not a SQLite database");

    const std::string foreign = m_dir + "/foreign.sqlite3";
    makeForeignDatabase(foreign);
    expectRefused(foreign, "no Bilheteria one");

    const std::string newer = m_dir + "/newer.sqlite3";
    ASSERT_EQ(backup(newer), 0) << m_output;
    RawDatabase(Backend::Sqlite, "sqlite:" + newer)
        .exec("INSERT INTO schema_migrations (version, description, applied_at) SELECT "
              "max(version) + 100, 'from the future', 0 FROM schema_migrations");
    expectRefused(newer, "comes from a newer bilheteria-server");

    // Damage in the middle of the file: SQLite's integrity check finds it.
    const std::string damaged = m_dir + "/damaged.sqlite3";
    ASSERT_EQ(backup(damaged), 0) << m_output;
    {
        std::fstream file(damaged, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(static_cast<std::streamoff>(fs::file_size(damaged) / 2));
        file << std::string(4 * 4096, '\x5a');
    }
    expectRefused(damaged, "damaged.sqlite3");

    // The personal data in it is sealed with keys the keys file given does not have.
    const std::string keys = m_dir + "/other-keys";
    ASSERT_EQ(run({"keys", "init", "--keys-file", keys}), 0) << m_output;
    const std::string good = m_dir + "/good.sqlite3";
    ASSERT_EQ(backup(good), 0) << m_output;
    expectRefused(good, "does not open with the keys file " + keys, 1, {"--keys-file", keys});

    // A store of this very process holds the database open.
    {
        StorageOptions options;
        options.url = url();
        options.poolSize = 1;
        options.cipher = testCipher();
        auto store = openStorage(options);
        ASSERT_TRUE(store) << store.error().message;
        expectRefused(good, "is in use");
    }
    EXPECT_EQ(restore(m_db, good), 0) << m_output;
}

// The lock that guards a restore: a server killed outright leaves none behind, and while a
// restore holds it nothing opens the database.
TEST_F(SqliteBackupTest, TheRestoreLockDiesWithItsHolderAndKeepsOthersOut) {
    const std::string backupFile = m_dir + "/backup.sqlite3";
    ASSERT_EQ(backup(backupFile), 0) << m_output;
    {
        ServerProcess server(url(), {"--no-rate-limits"});
        EXPECT_EQ(restore(m_db, backupFile), 1) << m_output;
        EXPECT_TRUE(contains(m_output, "is in use")) << m_output;
        server.kill();
    }
    EXPECT_EQ(restore(m_db, backupFile), 0) << m_output;

    auto restoring = sqlite::DatabaseLock::take(m_db, sqlite::DatabaseLock::Mode::Exclusive);
    ASSERT_TRUE(restoring) << restoring.error().message;
    EXPECT_EQ(run({"check", "--database", url()}), 1) << m_output;
    EXPECT_TRUE(contains(m_output, m_db + " is being restored")) << m_output;
    EXPECT_EQ(backup(m_dir + "/during.sqlite3"), 1) << m_output;
    EXPECT_TRUE(contains(m_output, "is being restored")) << m_output;
}

// A backup whose audit chain was tampered with fails `check`: refused unless the operator
// accepts it knowingly.
TEST_F(SqliteBackupTest, RestoreRefusesABackupThatFailsTheCheck) {
    const std::string tampered = m_dir + "/tampered.sqlite3";
    ASSERT_EQ(backup(tampered), 0) << m_output;
    // An entry slipped into the log by hand: its hash does not follow from its contents.
    RawDatabase(Backend::Sqlite, "sqlite:" + tampered)
        .exec("INSERT INTO audit_log (chain, seq, at, actor_id, action, subject, details, "
              "prev_hash, hash) VALUES (0, 1, 0, 1, 'sale', 'order 1', '{}', '', "
              "'" +
              std::string(64, 'f') + "')");
    expectRefused(tampered, "fails the check above (pass --accept-problems", 3);
    EXPECT_TRUE(contains(m_output, "PROBLEM: ")) << m_output;
    EXPECT_EQ(restore(m_db, tampered, {"--accept-problems"}), 0) << m_output;
}

} // namespace
} // namespace bilheteria::testing
