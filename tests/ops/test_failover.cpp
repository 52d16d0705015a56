// The failover drill (docs/operations.md): a primary and a synchronous streaming replica
// made by pg_basebackup -R, the real server on a multi-host URL with
// target_session_attrs=read-write, and a flash sale from several client threads. The primary's
// machine dies (SIGKILL of the whole cluster) mid-sale and the replica is promoted by hand, as
// the runbook does. Then: every acknowledged order is on the new primary, no seat is sold twice,
// `check` and `audit verify` pass, the sale resumes on its own (the gap is printed), and the
// clients only ever got 200/201, or 503 with Retry-After. Last, the old primary is rewound
// (pg_rewind) into the new primary's synchronous replica.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/builders.h"
#include "tests/support/postgrescluster.h"
#include "tests/support/serverprocess.h"

namespace bilheteria::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kThreads = 6;
constexpr int kBuyersPerThread = 3;
// Seats one buyer may take before the thread moves to its next buyer: under the event's
// per-customer limit, counting the seats of holds a failover left behind.
constexpr int kSeatsPerBuyer = 90;
// Each thread buys one seat at a time with this pause between orders: a steady sale of about
// 100 orders a second that neither runs out of seats nor hides the gap in a flood.
constexpr auto kPause = std::chrono::milliseconds{50};
// How soon a client tries again after a 503 (a browser would honour Retry-After; the drill
// retries sooner so that the gap it measures is the server's, not the client's).
constexpr auto kRetryPause = std::chrono::milliseconds{100};
constexpr int kOrdersBeforeKill = 150;
constexpr int kOrdersAfterPromote = 150;
constexpr auto kResumeDeadline = std::chrono::seconds{60};

// A card number that passes Luhn, one per buyer, so the per-card limit never bites.
std::string cardNumber(int buyer) {
    std::string digits = "4111110000" + std::to_string(100000 + buyer);
    int sum = 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        int digit = digits[digits.size() - 1 - i] - '0';
        if (i % 2 == 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
        sum += digit;
    }
    return digits + std::to_string((10 - sum % 10) % 10);
}

// Makes `primary` wait for its standby at every commit and returns the standby's state once it
// reads "sync" (or after 10 s: then the state it had).
std::string makeStandbySynchronous(const PostgresCluster& primary) {
    // ALTER SYSTEM writes the primary's own postgresql.auto.conf: a replica copied before does
    // not have it, so once promoted it does not wait for a standby of its own.
    primary.query("ALTER SYSTEM SET synchronous_standby_names = '*'");
    primary.query("SELECT pg_reload_conf()");
    std::string state;
    for (int attempt = 0; attempt < 200 && state != "sync"; ++attempt) {
        state = primary.query("SELECT sync_state FROM pg_stat_replication");
        if (state != "sync") std::this_thread::sleep_for(std::chrono::milliseconds{50});
    }
    return state;
}

double secondsBetween(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double>(to - from).count();
}

struct Sale {
    Id orderId = 0;
    Id seatId = 0;
    Clock::time_point at;
};

// What every client thread saw, shared under a mutex.
struct Ledger {
    std::mutex mutex;
    std::vector<Sale> sales;             // every acknowledged order (201, or 200 replayed)
    std::vector<std::string> unexpected; // anything but 200/201 or 503 with Retry-After
    std::map<int, int> statuses;         // answers by status
    std::atomic<int> acknowledged{0};

    void answer(const HttpReply& reply, const std::string& what) {
        std::lock_guard lock{mutex};
        ++statuses[reply.status];
        const bool fine = reply.status == 200 || reply.status == 201 ||
                          (reply.status == 503 && !reply.header("retry-after").empty() &&
                           reply.body["error"].value("code", "") == "unavailable");
        if (!fine)
            unexpected.push_back(what + ": " + std::to_string(reply.status) + " " + reply.raw);
    }
    void sold(Id orderId, Id seatId) {
        std::lock_guard lock{mutex};
        sales.push_back({orderId, seatId, Clock::now()});
        ++acknowledged;
    }
};

class FailoverDrill : public ::testing::Test {
protected:
    // The primary, a synchronous streaming replica of it, and the server on both.
    void SetUp() override {
        m_primary = std::make_unique<PostgresCluster>();
        // wal_log_hints and the kept WAL: pg_rewind, at the end, needs both on the old primary.
        m_primary->configure({"wal_level = replica", "max_wal_senders = 4", "max_connections = 100",
                              "wal_log_hints = on", "wal_keep_size = 256MB"});
        m_primary->start();
        m_primary->query("CREATE DATABASE bilheteria");

        m_replica = std::make_unique<PostgresCluster>(PostgresCluster::Init::Empty);
        std::string output;
        ASSERT_EQ(m_replica->runAsOwner({"pg_basebackup", "-d", m_primary->url(), "-D",
                                         m_replica->dataDir(), "-R", "-X", "stream", "-c", "fast"},
                                        &output),
                  0)
            << output;
        m_replica->start();
        // Only now: a primary waiting for a standby that does not exist yet commits nothing.
        ASSERT_EQ(makeStandbySynchronous(*m_primary), "sync");

        m_url = "postgresql://postgres@127.0.0.1:" + std::to_string(m_primary->port()) +
                ",127.0.0.1:" + std::to_string(m_replica->port()) +
                "/bilheteria?target_session_attrs=read-write&connect_timeout=2";
        addUser(m_url, "organizer@example.com", "Olga Organizer", "organizer", kTestPassword);
        m_server =
            std::make_unique<ServerProcess>(m_url, std::vector<std::string>{"--no-rate-limits"});
    }

    void TearDown() override {
        if (m_server) {
            EXPECT_EQ(m_server->stop(), 0) << m_server->output();
        }
        m_server.reset();
        m_replica.reset();
        m_primary.reset();
    }

    std::unique_ptr<PostgresCluster> m_primary;
    std::unique_ptr<PostgresCluster> m_replica;
    std::string m_url;
    std::unique_ptr<ServerProcess> m_server;
};

TEST_F(FailoverDrill, TheSaleSurvivesThePrimaryDyingAndResumesOnThePromotedReplica) {
    const auto drillStarted = Clock::now();
    HttpsClient http{*m_server};
    const std::string organizer = http.login("organizer@example.com", kTestPassword);
    json body = demoEventBody("Failover Night");
    body["max_tickets_per_customer"] = 100;
    body["sections"] = json::array();
    json rows = json::array();
    for (int row = 0; row < 20; ++row)
        rows.push_back({{"label", "R" + std::to_string(row + 1)}, {"seats", 100}});
    body["sections"].push_back({{"name", "Plateia"}, {"price_cents", 25000}, {"rows", rows}});
    const CreatedEvent created = createEventWithSeats(http, organizer, body);
    const Id eventId = created.id;
    const std::vector<Id>& seats = created.seatIds;
    ASSERT_EQ(seats.size(), 2000u);

    // Every thread's buyers, registered and logged in before the sale.
    std::vector<std::vector<std::string>> tokens(kThreads);
    for (int t = 0; t < kThreads; ++t)
        for (int b = 0; b < kBuyersPerThread; ++b) {
            const std::string email =
                "buyer" + std::to_string(t) + "-" + std::to_string(b) + "@example.com";
            auto registered =
                http.post("/api/v1/auth/register",
                          {{"email", email}, {"password", kTestPassword}, {"name", "Buyer"}});
            ASSERT_EQ(registered.status, 201) << registered.raw;
            tokens[static_cast<std::size_t>(t)].push_back(http.login(email, kTestPassword));
        }

    Ledger ledger;
    std::atomic<bool> stop{false};
    const std::string holdsPath = path("/api/v1/events/", eventId, "/holds");
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            HttpsClient client{*m_server};
            // The thread's own seats: no two threads want the same one, so every answer but a
            // failover's 503 is a success.
            std::size_t next = static_cast<std::size_t>(t);
            int buyer = 0;
            int taken = 0; // seats the current buyer asked for
            int orderNumber = 0;
            while (!stop && next < seats.size() && buyer < kBuyersPerThread) {
                const std::string& token =
                    tokens[static_cast<std::size_t>(t)][static_cast<std::size_t>(buyer)];
                const Id seat = seats[next];
                next += kThreads;
                if (++taken == kSeatsPerBuyer) {
                    ++buyer;
                    taken = 0;
                }
                auto hold = client.post(holdsPath, {{"seat_ids", {seat}}}, token);
                ledger.answer(hold, "hold");
                if (hold.status != 201) {
                    // The hold may have committed before the connection broke: the seat is
                    // left to expire and the buyer goes on with the next one.
                    std::this_thread::sleep_for(kRetryPause);
                    continue;
                }
                const std::string purchase =
                    path("/api/v1/holds/", hold.body["hold"]["id"], "/purchase");
                const std::string key =
                    "drill-" + std::to_string(t) + "-" + std::to_string(++orderNumber);
                const json card = cardPurchaseBody(cardNumber(t * kBuyersPerThread + buyer));
                // A purchase answered 503 may or may not have committed: the same key again
                // answers with its order if it did, and buys the hold if it did not.
                const auto deadline = Clock::now() + kResumeDeadline;
                while (Clock::now() < deadline) {
                    auto paid = client.post(purchase, card, token, {{"Idempotency-Key", key}});
                    ledger.answer(paid, "purchase");
                    if (paid.status == 200 || paid.status == 201) {
                        const auto& order = paid.body["order"];
                        EXPECT_EQ(order["tickets"].size(), 1u) << paid.raw;
                        ledger.sold(order["id"].get<Id>(),
                                    order["tickets"][0].value("seat_id", Id{0}));
                        break;
                    }
                    if (paid.status != 503) break;
                    std::this_thread::sleep_for(kRetryPause);
                }
                std::this_thread::sleep_for(kPause);
            }
        });

    auto waitFor = [&](int count) {
        const auto deadline = Clock::now() + kResumeDeadline;
        while (ledger.acknowledged < count && Clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds{10});
        return ledger.acknowledged >= count;
    };
    const bool soldBefore = waitFor(kOrdersBeforeKill);

    // The primary's machine dies mid-sale; the operator promotes the replica.
    const auto killedAt = Clock::now();
    const int acknowledgedAtKill = ledger.acknowledged;
    m_primary->kill();
    // No host takes writes now (the replica is still a standby): the instance says it is down.
    auto down = http.get("/healthz");
    EXPECT_EQ(down.status, 503) << down.raw;
    EXPECT_FALSE(down.header("retry-after").empty());
    m_replica->promote();
    const auto promotedAt = Clock::now();
    const int acknowledgedAtPromote = ledger.acknowledged;
    const bool soldAfter = waitFor(ledger.acknowledged + kOrdersAfterPromote);
    stop = true;
    for (auto& thread : threads)
        thread.join();
    EXPECT_TRUE(soldBefore) << "the sale did not start";
    EXPECT_TRUE(soldAfter) << "the sale did not resume after the promotion";
    EXPECT_EQ(ledger.unexpected, std::vector<std::string>{});

    // The gap: the longest the sale went without an acknowledged order once the primary died
    // (a sale in flight at the kill may still be acknowledged just after it).
    std::vector<Clock::time_point> times;
    for (const auto& sale : ledger.sales)
        times.push_back(sale.at);
    std::sort(times.begin(), times.end());
    double gap = 0;
    for (std::size_t i = 1; i < times.size(); ++i)
        if (times[i] > killedAt) gap = std::max(gap, secondsBetween(times[i - 1], times[i]));
    const auto resumed = std::upper_bound(times.begin(), times.end(), promotedAt);
    ASSERT_NE(resumed, times.end());
    std::string answers;
    for (const auto& [status, count] : ledger.statuses)
        answers += " " + std::to_string(status) + ": " + std::to_string(count);
    std::printf("failover drill: %zu orders acknowledged (%d before the kill, %d more until the "
                "promotion); kill to promoted %.2f s, promoted to the first sale after %.2f s; "
                "sale gap %.2f s (the longest without an acknowledged order); answers%s\n",
                ledger.sales.size(), acknowledgedAtKill, acknowledgedAtPromote - acknowledgedAtKill,
                secondsBetween(killedAt, promotedAt), secondsBetween(promotedAt, *resumed), gap,
                answers.c_str());
    RecordProperty("failover_gap_ms", static_cast<int>(gap * 1000));

    // Every acknowledged order is on the new primary with the seat it was acknowledged with,
    // and no seat was acknowledged twice.
    std::map<Id, Id> seatOfOrder;
    for (const auto& row : [&] {
             std::vector<std::string> lines;
             std::string text = m_replica->query("SELECT o.id || '|' || t.seat_id FROM orders o "
                                                 "JOIN tickets t ON t.order_id = o.id",
                                                 "bilheteria");
             std::size_t start = 0;
             while (start < text.size()) {
                 auto end = text.find('\n', start);
                 if (end == std::string::npos) end = text.size();
                 if (end > start) lines.push_back(text.substr(start, end - start));
                 start = end + 1;
             }
             return lines;
         }()) {
        const auto bar = row.find('|');
        seatOfOrder[std::stoll(row.substr(0, bar))] = std::stoll(row.substr(bar + 1));
    }
    std::set<Id> seatsAcknowledged;
    int lost = 0;
    for (const auto& sale : ledger.sales) {
        EXPECT_TRUE(seatsAcknowledged.insert(sale.seatId).second)
            << "seat " << sale.seatId << " acknowledged twice";
        const auto found = seatOfOrder.find(sale.orderId);
        if (found == seatOfOrder.end()) {
            ++lost;
            ADD_FAILURE() << "acknowledged order " << sale.orderId << " is not on the new primary";
        } else {
            EXPECT_EQ(found->second, sale.seatId) << "order " << sale.orderId;
        }
    }
    EXPECT_EQ(lost, 0);
    EXPECT_EQ(
        m_replica->query("SELECT count(*) - count(DISTINCT seat_id) FROM tickets", "bilheteria"),
        "0");
    EXPECT_EQ(m_replica->query("SELECT pg_is_in_recovery()"), "f");
    // A purchase the kill cut between its commit and the card's capture is captured by the
    // server's payment capture recovery (every 30 s), which `check` would otherwise report.
    const auto captureDeadline = Clock::now() + std::chrono::seconds{90};
    std::string authorized;
    while (
        (authorized = m_replica->query("SELECT count(*) FROM payments WHERE status = 'authorized'",
                                       "bilheteria")) != "0" &&
        Clock::now() < captureDeadline)
        std::this_thread::sleep_for(std::chrono::milliseconds{500});
    EXPECT_EQ(authorized, "0") << "payments left uncaptured after the failover";
    // The commands work on the multi-host URL too: they land on the new primary.
    expectCheckAndAuditPass(m_url);
    auto up = http.get("/healthz");
    EXPECT_EQ(up.status, 200) << up.raw;

    // The runbook's last step: the old primary, rewound, becomes the new primary's synchronous
    // replica. The checkpoint puts the new timeline in the control file pg_rewind reads.
    m_replica->query("CHECKPOINT");
    std::string output;
    ASSERT_EQ(m_primary->runAsOwner({"pg_rewind", "-D", m_primary->dataDir(), "--source-server",
                                     m_replica->url(), "-R"},
                                    &output),
              0)
        << output;
    m_primary->start();
    EXPECT_EQ(m_primary->query("SELECT pg_is_in_recovery()"), "t");
    EXPECT_EQ(makeStandbySynchronous(*m_replica), "sync");
    // A sale after it is on both.
    auto hold = http.post(holdsPath, {{"seat_ids", {seats.back()}}}, organizer);
    ASSERT_EQ(hold.status, 201) << hold.raw;
    auto paid = http.post(path("/api/v1/holds/", hold.body["hold"]["id"], "/purchase"),
                          cardPurchaseBody(cardNumber(999)), organizer,
                          {{"Idempotency-Key", "after-rewind"}});
    ASSERT_EQ(paid.status, 201) << paid.raw;
    const std::string order = std::to_string(paid.body["order"]["id"].get<Id>());
    EXPECT_EQ(m_primary->query("SELECT count(*) FROM orders WHERE id = " + order, "bilheteria"),
              "1");
    std::printf("failover drill: %.1f s in all\n", secondsBetween(drillStarted, Clock::now()));
}

// Without target_session_attrs (libpq's default, "any") the server lands on the standby once the
// primary is gone: writes there fail with SQLSTATE 25006 and must answer 503, not 500, and the
// health check must count a standby as down, until the promotion makes the same host writable.
TEST_F(FailoverDrill, AServerThatLandsOnTheStandbyAnswers503UntilItIsPromoted) {
    const std::string anyHost =
        "postgresql://postgres@127.0.0.1:" + std::to_string(m_primary->port()) +
        ",127.0.0.1:" + std::to_string(m_replica->port()) + "/bilheteria";
    ServerProcess server{anyHost, {"--no-rate-limits"}};
    HttpsClient http{server};
    const std::string organizer = http.login("organizer@example.com", kTestPassword);
    auto created = http.post("/api/v1/events", demoEventBody("Standby Night"), organizer);
    ASSERT_EQ(created.status, 201) << created.raw;
    const std::string holds = path("/api/v1/events/", created.body["event"]["id"], "/holds");
    const json pista = {{"section_id", created.body["event"]["sections"][1]["id"]},
                        {"quantity", 1}};
    ASSERT_EQ(http.post(holds, pista, organizer).status, 201);

    m_primary->kill();
    for (int attempt = 0; attempt < 3; ++attempt) {
        auto refused = http.post(holds, pista, organizer);
        EXPECT_EQ(refused.status, 503) << refused.raw;
        EXPECT_EQ(refused.body["error"].value("code", ""), "unavailable") << refused.raw;
        EXPECT_FALSE(refused.header("retry-after").empty());
    }
    auto health = http.get("/healthz");
    EXPECT_EQ(health.status, 503) << health.raw;
    EXPECT_NE(health.raw.find("standby"), std::string::npos) << health.raw;

    m_replica->promote();
    auto hold = http.post(holds, pista, organizer);
    ASSERT_EQ(hold.status, 201) << hold.raw;
    auto paid = http.post(path("/api/v1/holds/", hold.body["hold"]["id"], "/purchase"),
                          cardPurchaseBody(), organizer, {{"Idempotency-Key", "promoted"}});
    EXPECT_EQ(paid.status, 201) << paid.raw;
    EXPECT_EQ(http.get("/healthz").status, 200);
    EXPECT_EQ(server.stop(), 0) << server.output();
    expectCheckAndAuditPass(anyHost);
}

} // namespace
} // namespace bilheteria::testing
