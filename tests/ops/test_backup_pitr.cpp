// The backup and point-in-time recovery drill (docs/operations.md), with the shipped files
// of installer/pgbackrest/: a PostgreSQL cluster archives its WAL to a pgBackRest repository,
// the real server sells at the counter over HTTPS between a full and an incremental backup, a
// time is noted between two sales, and the repository is restored into new clusters — to that
// time (exactly the sales before it come back) and to the end of the archive (every sale comes
// back). On each restored cluster the server starts, and `check` and `audit verify` pass. The
// shipped systemd units pass systemd-analyze.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/builders.h"
#include "tests/support/postgrescluster.h"
#include "tests/support/serverprocess.h"

#ifndef BILHETERIA_SOURCE_DIR
#error "BILHETERIA_SOURCE_DIR must name the source tree"
#endif

namespace bilheteria::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using Seconds = std::chrono::duration<double>;

const std::string kShipped = BILHETERIA_SOURCE_DIR "/installer/pgbackrest";
const std::string kStanza = "bilheteria";
const std::string kDatabase = "bilheteria";
// demoEventBody: 42 seats and 500 general places.
constexpr int kPlaces = 542;

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> result;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        result.push_back(line);
    return result;
}

// A query's rows, a line each (no empty lines).
std::vector<std::string> rows(const PostgresCluster& cluster, const std::string& sql,
                              const std::string& database = "postgres") {
    std::vector<std::string> result;
    for (const std::string& line : lines(cluster.query(sql, database)))
        if (!line.empty()) result.push_back(line);
    return result;
}

// The shipped pgbackrest.conf with the drill's folders for the production ones, its own cluster
// for the stanza's, a backup that forces its checkpoint (the drill would otherwise wait for the
// next scheduled one) and only warnings on the console (the drill fails on any). Everything
// else — asynchronous archiving, retention, bundles, lz4, process-max, archive-copy — is as
// shipped. Fails the test if the shipped file lacks a setting the drill replaces.
std::string drillConfiguration(const std::string& folder, const PostgresCluster& cluster) {
    std::map<std::string, std::string> replaced{
        {"repo1-path", folder + "/repo"},
        {"spool-path", folder + "/spool"},
        {"log-path", folder + "/log"},
        {"log-level-console", "warn"},
        {"start-fast", "y"},
        {"pg1-path", cluster.dataDir()},
        {"pg1-port", std::to_string(cluster.port())},
        {"pg1-socket-path", cluster.socketDir()},
    };
    std::set<std::string> seen;
    std::ostringstream out;
    for (const std::string& line : lines(readFile(kShipped + "/pgbackrest.conf"))) {
        const auto equals = line.find('=');
        const std::string key = line.starts_with('#') || equals == std::string::npos
                                    ? std::string{}
                                    : line.substr(0, equals);
        if (replaced.contains(key)) {
            out << key << '=' << replaced.at(key) << '\n';
            seen.insert(key);
        } else {
            out << line << '\n';
        }
        // Locks in the drill's folder too (the shipped file keeps pgBackRest's /tmp/pgbackrest).
        if (line == "[global]") out << "lock-path=" << folder << "/lock\n";
    }
    for (const auto& [key, value] : replaced)
        EXPECT_TRUE(seen.contains(key)) << "installer/pgbackrest/pgbackrest.conf sets no " << key;
    return out.str();
}

// The shipped postgresql-archiving.conf's settings, archive_command told where the drill's
// pgbackrest.conf is.
std::vector<std::string> archivingSettings(const std::string& configFile) {
    std::vector<std::string> settings;
    const std::string pushed = "'pgbackrest ";
    for (std::string line : lines(readFile(kShipped + "/postgresql-archiving.conf"))) {
        if (line.empty() || line.starts_with('#')) continue;
        if (line.starts_with("archive_command")) {
            const auto at = line.find(pushed);
            EXPECT_NE(at, std::string::npos) << line;
            if (at != std::string::npos)
                line.insert(at + pushed.size(), "--config=" + configFile + " ");
        }
        settings.push_back(line);
    }
    return settings;
}

// One sale at the counter.
struct Sale {
    json orderId;
    std::vector<std::string> ticketCodes;
};

class BackupDrill : public ::testing::Test {
protected:
    void SetUp() override {
        m_primary = std::make_unique<PostgresCluster>(PostgresCluster::Init::Initdb);
        // The repository, its logs, locks and spool, and the configuration: in the primary's
        // folder, which the cluster's owner may write.
        m_folder = m_primary->folder() + "/pgbackrest";
        // pgBackRest makes the repository but not its log folder (Debian's package ships
        // /var/log/pgbackrest), and the archiver and restore need the spool and lock folders.
        runAsOwner(*m_primary,
                   {"mkdir", "-p", m_folder + "/log", m_folder + "/spool", m_folder + "/lock"});
        m_config = m_folder + "/pgbackrest.conf";
        std::ofstream(m_config) << drillConfiguration(m_folder, *m_primary);
        m_primary->configure(archivingSettings(m_config));
        m_primary->start();
        pgbackrest(*m_primary, {"stanza-create"});
        pgbackrest(*m_primary, {"check"});
    }

    // Runs a program as `cluster`'s owner; fails the test with its output if it fails.
    std::string runAsOwner(const PostgresCluster& cluster, const std::vector<std::string>& args) {
        std::string output;
        const int status = cluster.runAsOwner(args, &output);
        std::string line;
        for (const auto& arg : args)
            line += arg + ' ';
        EXPECT_EQ(status, 0) << line << "\n" << output;
        return output;
    }

    // `pgbackrest --config=<the drill's> --stanza=bilheteria ARGS...` as the cluster's owner;
    // the shipped file draws no warning.
    std::string pgbackrest(const PostgresCluster& cluster, std::vector<std::string> args) {
        args.insert(args.begin(), {"pgbackrest", "--config=" + m_config, "--stanza=" + kStanza});
        const std::string output = runAsOwner(cluster, args);
        EXPECT_EQ(output.find("WARN"), std::string::npos) << output;
        return output;
    }

    // The organizer's event and the counter's clerk, on a server over `url`.
    void openSales(const std::string& url) {
        m_primary->query("CREATE DATABASE " + kDatabase);
        addUser(url, "organizer@example.com", "Olga Organizer", "organizer", kTestPassword);
        addUser(url, "clerk@example.com", "Caio Clerk", "clerk", kTestPassword);
        m_server =
            std::make_unique<ServerProcess>(url, std::vector<std::string>{"--no-rate-limits"});
        m_client = std::make_unique<HttpsClient>(*m_server);
        const std::string organizer = m_client->login("organizer@example.com", kTestPassword);
        m_clerk = m_client->login("clerk@example.com", kTestPassword);
        auto created = m_client->post("/api/v1/events", demoEventBody("Restored Night"), organizer);
        ASSERT_EQ(created.status, 201) << created.raw;
        m_event = created.body["event"];
    }

    // The clerk sells `count` orders of two general places each, paid in cash.
    std::vector<Sale> sell(int count) {
        std::vector<Sale> sales;
        for (int i = 0; i < count; ++i) {
            auto held = m_client->post(
                path("/api/v1/events/", m_event["id"], "/holds"),
                {{"section_id", m_event["sections"][1]["id"]}, {"quantity", 2}}, m_clerk);
            EXPECT_EQ(held.status, 201) << held.raw;
            auto paid = m_client->post(
                path("/api/v1/holds/", held.body["hold"]["id"], "/purchase"),
                {{"payment", {{"method", "cash"}, {"tendered_cents", 30'000}}}}, m_clerk,
                {{"Idempotency-Key", "drill-sale-" + std::to_string(++m_sold)}});
            EXPECT_EQ(paid.status, 201) << paid.raw;
            Sale sale{paid.body["order"]["id"], {}};
            for (const auto& ticket : paid.body["order"]["tickets"])
                sale.ticketCodes.push_back(ticket["code"]);
            EXPECT_EQ(sale.ticketCodes.size(), 2u) << paid.raw;
            sales.push_back(sale);
        }
        return sales;
    }

    // Restores the repository into a new cluster with `restoreArgs` (a target, or none for the
    // end of the archive), starts it and waits until it is a primary; prints how long it took.
    std::unique_ptr<PostgresCluster> restore(const std::vector<std::string>& restoreArgs,
                                             const std::string& what) {
        const auto started = std::chrono::steady_clock::now();
        auto cluster = std::make_unique<PostgresCluster>(PostgresCluster::Init::Empty);
        // A drill's copy must not archive into the production repository: its new timeline
        // there would be followed by the next restore. (A real recovery that replaces the
        // primary keeps archiving on; docs/operations.md.)
        std::vector<std::string> args{"--pg1-path=" + cluster->dataDir(), "--archive-mode=off"};
        args.insert(args.end(), restoreArgs.begin(), restoreArgs.end());
        args.push_back("restore");
        pgbackrest(*cluster, args);
        const auto restored = std::chrono::steady_clock::now();
        cluster->start();
        const auto deadline = std::chrono::steady_clock::now() + 60s;
        const auto promotedYet = [&cluster] {
            try {
                return rows(*cluster, "SELECT pg_is_in_recovery()") ==
                       std::vector<std::string>{"f"};
            } catch (const std::exception&) {
                return false; // not accepting connections yet
            }
        };
        while (!promotedYet()) {
            if (std::chrono::steady_clock::now() > deadline) {
                ADD_FAILURE() << "recovery did not end within 60 s\n"
                              << readFile(cluster->dataDir() + "/postgresql.auto.conf") << "\n"
                              << cluster->log();
                break;
            }
            std::this_thread::sleep_for(100ms);
        }
        const auto promoted = std::chrono::steady_clock::now();
        EXPECT_EQ(rows(*cluster, "SHOW archive_mode"), std::vector<std::string>{"off"});
        std::cout << std::fixed << std::setprecision(2) << "[ figures  ] restore " << what << ": "
                  << Seconds(promoted - started).count() << " s (pgbackrest restore "
                  << Seconds(restored - started).count() << " s, recovery and promotion "
                  << Seconds(promoted - restored).count() << " s)" << std::endl;
        return cluster;
    }

    // On a restored cluster: the server starts over it, `check` and `audit verify` pass, and
    // exactly `kept` of every sale in `all` is there — by SQL and through the API.
    void expectExactly(PostgresCluster& cluster, const std::vector<Sale>& kept,
                       const std::vector<Sale>& all) {
        const std::string url = cluster.url(kDatabase);
        expectCheckAndAuditPass(url);

        std::vector<std::string> orders;
        std::set<std::string> codes;
        for (const Sale& sale : kept) {
            orders.push_back(sale.orderId.dump());
            codes.insert(sale.ticketCodes.begin(), sale.ticketCodes.end());
        }
        EXPECT_EQ(rows(cluster, "SELECT id FROM orders ORDER BY id", kDatabase), orders);
        const auto restoredCodes = rows(cluster, "SELECT code FROM tickets", kDatabase);
        EXPECT_EQ(std::set<std::string>(restoredCodes.begin(), restoredCodes.end()), codes);
        EXPECT_EQ(restoredCodes.size(), codes.size());

        ServerProcess server(url, {"--no-rate-limits"});
        HttpsClient client(server);
        const std::string clerk = client.login("clerk@example.com", kTestPassword);
        std::set<std::string> keptIds;
        for (const Sale& sale : kept)
            keptIds.insert(sale.orderId.dump());
        for (const Sale& sale : all) {
            const bool expected = keptIds.contains(sale.orderId.dump());
            auto order = client.get(path("/api/v1/orders/", sale.orderId), clerk);
            EXPECT_EQ(order.status, expected ? 200 : 404) << sale.orderId << ": " << order.raw;
            auto found = client.get("/api/v1/orders?ticket=" + sale.ticketCodes.front(), clerk);
            ASSERT_EQ(found.status, 200) << found.raw;
            EXPECT_EQ(found.body["orders"].size(), expected ? 1u : 0u) << found.raw;
        }
        auto event = client.get(path("/api/v1/events/", m_event["id"]));
        ASSERT_EQ(event.status, 200) << event.raw;
        EXPECT_EQ(event.body["event"]["available"], kPlaces - 2 * static_cast<int>(kept.size()));
        EXPECT_EQ(server.stop(), 0) << server.output();
    }

    std::unique_ptr<PostgresCluster> m_primary;
    std::string m_folder;
    std::string m_config;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<HttpsClient> m_client;
    std::string m_clerk;
    json m_event;
    int m_sold = 0;
};

TEST_F(BackupDrill, RestoresExactlyTheSalesBeforeATimeAndEverySaleToTheEnd) {
    const auto drillStarted = std::chrono::steady_clock::now();
    ASSERT_NO_FATAL_FAILURE(openSales(m_primary->url(kDatabase)));
    std::vector<Sale> beforeT = sell(3);
    pgbackrest(*m_primary, {"--type=full", "backup"});
    for (const Sale& sale : sell(3))
        beforeT.push_back(sale);
    pgbackrest(*m_primary, {"--type=incr", "backup"});
    for (const Sale& sale : sell(3))
        beforeT.push_back(sale);
    // T by the database's clock, which also stamps the commits that recovery compares with it:
    // this transaction starts after the last sale before T was acknowledged (so after its
    // commit) and ends before the first sale after T begins. No wait is needed either side.
    const std::string target = m_primary->query("SELECT now()");
    const std::vector<Sale> afterT = sell(3);
    EXPECT_EQ(m_server->stop(), 0) << m_server->output();
    // `check` closes the current WAL segment and waits until it is archived: the sales after T
    // are in the archive, so recovery finds the first commit past T and stops there.
    pgbackrest(*m_primary, {"check"});
    ASSERT_FALSE(HasFailure());

    // The repository holds one full backup and one incremental on top of it.
    const json info = json::parse(pgbackrest(*m_primary, {"--output=json", "info"}))[0];
    ASSERT_EQ(info["backup"].size(), 2u) << info.dump(2);
    EXPECT_EQ(info["backup"][0]["type"], "full");
    EXPECT_EQ(info["backup"][1]["type"], "incr");
    EXPECT_EQ(info["backup"][1]["reference"][0], info["backup"][0]["label"]);
    std::cout << "[ figures  ] full backup " << info["backup"][0]["info"]["repository"]["delta"]
              << " bytes in the repository, incremental "
              << info["backup"][1]["info"]["repository"]["delta"] << " bytes; "
              << beforeT.size() + afterT.size() << " sales" << std::endl;

    std::vector<Sale> all = beforeT;
    all.insert(all.end(), afterT.begin(), afterT.end());
    {
        SCOPED_TRACE("restored to " + target);
        auto atT =
            restore({"--type=time", "--target=" + target, "--target-action=promote"}, "to a time");
        expectExactly(*atT, beforeT, all);
    }
    {
        SCOPED_TRACE("restored to the end of the archive");
        auto latest = restore({}, "to the end of the archive");
        expectExactly(*latest, all, all);
    }
    std::cout << "[ figures  ] the whole drill: "
              << Seconds(std::chrono::steady_clock::now() - drillStarted).count() << " s"
              << std::endl;
}

// Runs `command` with sh; its exit status and output (stdout and stderr).
std::pair<int, std::string> run(const std::string& command) {
    std::string output;
    std::FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe) return {-1, output};
    char buffer[4096];
    while (std::size_t read = std::fread(buffer, 1, sizeof buffer, pipe))
        output.append(buffer, read);
    const int status = ::pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

TEST(ShippedBackupUnits, SystemdAcceptsTheServiceAndTheTimers) {
    const auto folder = std::filesystem::temp_directory_path() /
                        ("bilheteria-backup-units-" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder);
    for (const auto& name : {"bilheteria-backup@.service", "bilheteria-backup-full.timer",
                             "bilheteria-backup-incr.timer"})
        std::filesystem::copy_file(kShipped + "/" + name, folder / name);
    // The template's instances, as the timers start them.
    for (const auto& type : {"full", "incr"})
        std::filesystem::copy_file(kShipped + "/bilheteria-backup@.service",
                                   folder /
                                       ("bilheteria-backup@" + std::string(type) + ".service"));
    // systemd-analyze warns about unknown keys and bad values but still exits 0: no output is
    // the pass.
    const auto [status, output] =
        run("cd '" + folder.string() +
            "' && systemd-analyze verify ./bilheteria-backup@full.service "
            "./bilheteria-backup@incr.service ./bilheteria-backup-full.timer "
            "./bilheteria-backup-incr.timer");
    EXPECT_EQ(status, 0) << output;
    EXPECT_EQ(output, "");
    std::filesystem::remove_all(folder);
}

} // namespace
} // namespace bilheteria::testing
