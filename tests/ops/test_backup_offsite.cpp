// The off-site copy drill (docs/operations.md): PostgreSQL archives its WAL with
// pgBackRest to two repositories — repo1 on the machine's own disk, repo2 encrypted in an
// S3-compatible object store (Ceph's radosgw, started here, objects in its GLACIER storage
// class). The server sells, a full backup goes to repo2, it sells more; then the machine and
// repo1 are lost, and a new cluster restored from repo2 alone holds every sale, passes `check`
// and `audit verify`, and serves again. The object store never holds the data in plain text.
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/builders.h"
#include "tests/support/postgrescluster.h"
#include "tests/support/s3server.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testkeys.h"

namespace bilheteria::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kStanza = "bilheteria";
const std::string kBucket = "bilheteria-offsite";
// Two buyers with a card each: a customer, and a card, may buy at most 4 tickets of an event.
const std::string kBuyers[] = {"ana.offsite@example.com", "bruno.offsite@example.com"};
const std::string kCards[] = {"4111111111111111", "5555555555554444"};
const std::string kOrganizer = "organizer@example.com";

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A pgBackRest configuration only the cluster's owner reads (it holds the cipher passphrase and
// the S3 secret).
void writeOwnerOnly(const std::string& path, const std::string& content) {
    {
        std::ofstream out(path);
        out << content;
    }
    ::chmod(path.c_str(), 0600);
    const passwd* owner = ::geteuid() == 0 ? ::getpwnam("postgres") : nullptr;
    if (owner) {
        ASSERT_EQ(::chown(path.c_str(), owner->pw_uid, owner->pw_gid), 0) << path;
    }
}

// The repo2 block: the bucket on `s3`, encrypted with `passphrase`, small files bundled.
std::string offsiteRepository(const S3Server& s3, const std::string& passphrase) {
    std::ostringstream block;
    block << "repo2-type=s3\n"
          << "repo2-path=/pgbackrest\n"
          << "repo2-s3-bucket=" << kBucket << "\n"
          << "repo2-s3-endpoint=" << s3.host() << "\n"
          << "repo2-storage-port=" << s3.port() << "\n"
          << "repo2-storage-ca-file=" << s3.caFile() << "\n"
          << "repo2-s3-uri-style=path\n"
          << "repo2-s3-region=" << s3.region() << "\n"
          << "repo2-s3-key=" << s3.accessKey() << "\n"
          << "repo2-s3-key-secret=" << s3.secretKey() << "\n"
          << "repo2-cipher-type=aes-256-cbc\n"
          << "repo2-cipher-pass=" << passphrase << "\n"
          << "repo2-bundle=y\n"
          << "repo2-retention-full=2\n";
    return block.str();
}

// Settings of every pgBackRest run here. No compression: the plain-text check below must see
// that encryption, not compression, hides the data.
std::string globalSettings(const PostgresCluster& cluster) {
    return "log-path=" + cluster.folder() + "/pgbackrest-log\n" + "lock-path=" + cluster.folder() +
           "/pgbackrest-lock\n" + "spool-path=" + cluster.folder() + "/pgbackrest-spool\n" +
           "compress-type=none\nstart-fast=y\narchive-timeout=60\nlog-level-console=warn\n";
}

std::string stanzaSettings(const PostgresCluster& cluster) {
    return "[" + kStanza + "]\npg1-path=" + cluster.dataDir() +
           "\npg1-port=" + std::to_string(cluster.port()) +
           "\npg1-socket-path=" + cluster.socketDir() + "\n";
}

class OffsiteBackupTest : public ::testing::Test {
protected:
    // pgBackRest as the cluster's owner: its exit status, and its output in `output`.
    static int runPgbackrest(const PostgresCluster& cluster, const std::string& config,
                             const std::vector<std::string>& args, std::string* output) {
        std::vector<std::string> command{"pgbackrest", "--config=" + config, "--stanza=" + kStanza};
        command.insert(command.end(), args.begin(), args.end());
        return cluster.runAsOwner(command, output);
    }

    // pgBackRest as the cluster's owner, which must succeed; its output in `printed` (when
    // given) and in the failure message.
    bool pgbackrest(const PostgresCluster& cluster, const std::string& config,
                    const std::vector<std::string>& args, std::string* printed = nullptr) {
        std::string output;
        const auto started = std::chrono::steady_clock::now();
        if (runPgbackrest(cluster, config, args, &output) != 0) {
            ADD_FAILURE() << "pgbackrest " << args.back() << ":\n"
                          << output << "\n"
                          << cluster.log();
            return false;
        }
        std::cout << "[ timing ] pgbackrest " << args.back() << ": "
                  << std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - started)
                         .count()
                  << " ms\n";
        if (args.back() == "info") std::cout << output;
        if (printed) *printed = output;
        return true;
    }

    // Holds one seat of `eventId` for the buyer and buys it by card; the order's id.
    std::int64_t sellOne(HttpsClient& client, const std::string& token, const std::string& card,
                         const json& eventId, const json& seatId, int key) {
        auto held = client.post(path("/api/v1/events/", eventId, "/holds"),
                                {{"seat_ids", {seatId}}}, token);
        EXPECT_EQ(held.status, 201) << held.raw;
        auto bought = client.post(path("/api/v1/holds/", held.body["hold"]["id"], "/purchase"),
                                  cardPurchaseBody(card), token,
                                  {{"Idempotency-Key", "offsite-" + std::to_string(key)}});
        EXPECT_EQ(bought.status, 201) << bought.raw;
        return bought.body["order"].value("id", std::int64_t{-1});
    }

    static std::set<std::int64_t> orderIds(HttpsClient& client, const std::string& token) {
        auto listed = client.get("/api/v1/orders", token);
        EXPECT_EQ(listed.status, 200) << listed.raw;
        std::set<std::int64_t> ids;
        for (const auto& order : listed.body["orders"])
            ids.insert(order.value("id", std::int64_t{-1}));
        return ids;
    }
};

TEST_F(OffsiteBackupTest, RestoresFromTheEncryptedObjectStoreAlone) {
    const auto started = std::chrono::steady_clock::now();
    S3Server s3;
    const auto s3Ready = std::chrono::steady_clock::now();
    std::cout << "[ timing ] S3 server (Ceph mon + OSD + radosgw) ready in "
              << std::chrono::duration_cast<std::chrono::milliseconds>(s3Ready - started).count()
              << " ms\n";
    s3.createBucket(kBucket);
    // Proof that the plain-text check below can see plain text: an object written in clear.
    const std::string canary = "plain-canary-" + std::to_string(::getpid());
    s3.putObject(kBucket, "canary.txt", canary);

    const std::string passphrase = "offsite-drill-passphrase-" + std::to_string(::getpid());
    PostgresCluster primary;
    const std::string config = primary.folder() + "/pgbackrest.conf";
    const std::string repo1 = primary.folder() + "/repo1";
    writeOwnerOnly(config, "[global]\nrepo1-path=" + repo1 + "\nrepo1-retention-full=2\n" +
                               offsiteRepository(s3, passphrase) + globalSettings(primary) +
                               stanzaSettings(primary));
    primary.configure({"wal_level = replica", "archive_mode = on",
                       "archive_command = 'pgbackrest --config=" + config + " --stanza=" + kStanza +
                           " archive-push %p'"});
    primary.start();
    ASSERT_TRUE(pgbackrest(primary, config, {"stanza-create"}));
    primary.query("CREATE DATABASE bilheteria");
    const std::string url = primary.url("bilheteria");
    addUser(url, kOrganizer, "Olga Organizer", "organizer", kTestPassword);
    addUser(url, kBuyers[0], "Ana Offsite", "buyer", kTestPassword);
    addUser(url, kBuyers[1], "Bruno Offsite", "buyer", kTestPassword);

    const std::string eventName = "Offsite Drill Night " + std::to_string(::getpid());
    std::set<std::int64_t> sold[2]; // by buyer
    json eventId, seatIds;
    int key = 0;
    {
        ServerProcess server(url, {"--no-rate-limits"});
        HttpsClient client(server);
        const std::string organizer = client.login(kOrganizer, kTestPassword);
        const std::string buyers[] = {client.login(kBuyers[0], kTestPassword),
                                      client.login(kBuyers[1], kTestPassword)};
        auto created = client.post("/api/v1/events", demoEventBody(eventName), organizer);
        ASSERT_EQ(created.status, 201) << created.raw;
        eventId = created.body["event"]["id"];
        auto seats = client.get(path("/api/v1/events/", eventId, "/seats"));
        ASSERT_EQ(seats.status, 200) << seats.raw;
        seatIds = seats.body["seats"];
        for (int i = 0; i < 3; ++i)
            sold[i % 2].insert(
                sellOne(client, buyers[i % 2], kCards[i % 2], eventId, seatIds[i]["id"], ++key));

        ASSERT_TRUE(pgbackrest(primary, config, {"--repo=2", "--type=full", "backup"}));

        // Sold after the backup: they reach repo2 only as archived WAL.
        for (int i = 3; i < 6; ++i)
            sold[i % 2].insert(
                sellOne(client, buyers[i % 2], kCards[i % 2], eventId, seatIds[i]["id"], ++key));
        for (int b = 0; b < 2; ++b)
            EXPECT_EQ(orderIds(client, buyers[b]), sold[b]);
        EXPECT_EQ(server.stop(), 0) << server.output();
    }
    for (const auto& orders : sold) {
        ASSERT_EQ(orders.size(), 3u);
        ASSERT_FALSE(orders.contains(-1));
    }
    // Switches to a new WAL segment and waits until both repositories hold it: every sale above
    // is archived.
    ASSERT_TRUE(pgbackrest(primary, config, {"check"}));
    std::string info;
    ASSERT_TRUE(pgbackrest(primary, config, {"--repo=2", "info"}, &info));
    EXPECT_NE(info.find("cipher: aes-256-cbc"), std::string::npos) << info;

    // The machine dies, and its disk with repo1.
    std::string repo1Bytes;
    for (const auto& entry : fs::recursive_directory_iterator(repo1))
        if (entry.is_regular_file()) repo1Bytes += readFile(entry.path());
    primary.kill();
    fs::remove_all(repo1);

    // A new machine knows only repo2 (and the passphrase, kept apart from the backups).
    PostgresCluster restored{PostgresCluster::Init::Empty};
    const std::string restoreConfig = restored.folder() + "/pgbackrest.conf";
    // Without the passphrase repo2 cannot be read at all.
    writeOwnerOnly(restoreConfig, "[global]\n" + offsiteRepository(s3, passphrase + "-wrong") +
                                      globalSettings(restored) + stanzaSettings(restored));
    std::string refused;
    EXPECT_NE(runPgbackrest(restored, restoreConfig, {"--repo=2", "restore"}, &refused), 0);
    EXPECT_NE(refused.find("unable to load info file"), std::string::npos) << refused;
    writeOwnerOnly(restoreConfig, "[global]\n" + offsiteRepository(s3, passphrase) +
                                      globalSettings(restored) + stanzaSettings(restored));
    ASSERT_TRUE(pgbackrest(restored, restoreConfig, {"--repo=2", "restore"}));
    // The restored settings would archive into the old machine's repositories.
    restored.configure({"archive_mode = off"});
    restored.start();
    std::string recovering = "t";
    for (int attempt = 0; attempt < 600 && recovering != "f"; ++attempt) {
        recovering = restored.query("SELECT pg_is_in_recovery()");
        if (recovering != "f") std::this_thread::sleep_for(std::chrono::milliseconds{100});
    }
    ASSERT_EQ(recovering, "f") << restored.log();

    const std::string restoredUrl = restored.url("bilheteria");
    expectCheckAndAuditPass(restoredUrl);
    {
        ServerProcess server(restoredUrl, {"--no-rate-limits"});
        HttpsClient client(server);
        for (int b = 0; b < 2; ++b) {
            const std::string buyer = client.login(kBuyers[b], kTestPassword);
            ASSERT_FALSE(buyer.empty());
            EXPECT_EQ(orderIds(client, buyer), sold[b]);
            // And it sells again.
            if (b == 1) {
                EXPECT_GT(sellOne(client, buyer, kCards[b], eventId, seatIds[6]["id"], ++key), 0);
            }
        }
        EXPECT_EQ(server.stop(), 0) << server.output();
    }

    // What the store holds: pgBackRest's files, all in the Glacier-like class...
    const auto objects = s3.listObjects(kBucket);
    bool archiveInfo = false, backupInfo = false;
    for (const auto& object : objects) {
        EXPECT_EQ(object.storageClass, S3Server::kStorageClass) << object.key;
        archiveInfo |= object.key == "pgbackrest/archive/" + kStanza + "/archive.info";
        backupInfo |= object.key == "pgbackrest/backup/" + kStanza + "/backup.info";
    }
    EXPECT_TRUE(archiveInfo && backupInfo) << objects.size() << " objects";
    // ...and none of the data in plain text, read beneath the S3 API. repo1 (not encrypted,
    // not compressed either) held each of these in clear.
    const std::string stored = s3.storedData();
    EXPECT_NE(stored.find(canary), std::string::npos);
    // (Not the buyers' e-mails: the server seals those itself before they reach the database.)
    for (const std::string& secret :
         {eventName, std::string{"Plateia"}, std::string{"hold_places"}}) {
        EXPECT_NE(repo1Bytes.find(secret), std::string::npos) << secret << " not in repo1";
        EXPECT_EQ(stored.find(secret), std::string::npos) << secret << " in the object store";
    }
    std::cout << "[ timing ] whole drill: "
              << std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - started)
                     .count()
              << " ms; " << objects.size() << " objects, " << stored.size()
              << " bytes in the store\n";
}

} // namespace
} // namespace bilheteria::testing
