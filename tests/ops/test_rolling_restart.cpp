// The restart drill (issue 14): two instances on one PostgreSQL behind nginx (the shipped site
// configuration), a rush of buyers in the waiting room and buying, and in the middle of it one
// instance stopped with SIGTERM and started again, then the other killed with SIGKILL and
// started again, each on its port. No acknowledged sale is lost, no seat is sold twice, every
// buyer keeps their place in the waiting room, and clients see only answers of the contract or
// 502/503 answers (no answer at all, at worst) that a retry turns into the real answer.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/builders.h"
#include "tests/support/loopback.h"
#include "tests/support/nginxprocess.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

constexpr int kBuyers = 20;
constexpr int kRows = 10;
constexpr int kSeatsPerRow = 40;

// What a client may be told while an instance restarts: nginx's 502 (the instance went away
// with the request), 503 or 504, or no answer at all. Each is retried; nothing else is.
bool retryable(const HttpReply& reply) {
    return reply.status == 0 || reply.status == 502 || reply.status == 503 || reply.status == 504;
}

struct Sale {
    int buyer = 0;
    Id order = 0;
    Id seat = 0;
};

class RollingRestartTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_database = std::make_unique<TestDatabase>(Backend::Postgres);
        addUser(url(), "organizer@example.com", "Olga Organizer", "organizer", kTestPassword);
        m_ports = {freeLoopbackPort(), freeLoopbackPort()};
        // The first instance makes the certificate; every instance, restarted ones included,
        // serves a copy of it kept apart from the instances' data folders.
        m_a = std::make_unique<ServerProcess>(url(), commonArgs(m_ports[0]));
        m_tlsDir = std::filesystem::temp_directory_path() /
                   ("bilheteria-rolling-" + std::to_string(::getpid()));
        std::filesystem::create_directories(m_tlsDir);
        for (const char* file : {"server.crt", "server.key"})
            std::filesystem::copy_file(std::filesystem::path(m_a->dataDir()) / "tls" / file,
                                       m_tlsDir / file,
                                       std::filesystem::copy_options::overwrite_existing);
        m_b = start(1);
        m_nginx = std::make_unique<NginxProcess>(m_ports, certificate(), key(), certificate());
    }

    void TearDown() override {
        m_nginx.reset();
        for (auto* server : {&m_a, &m_b})
            if (*server) {
                EXPECT_EQ((*server)->stop(), 0) << (*server)->output();
            }
        m_a.reset();
        m_b.reset();
        std::error_code ignored;
        std::filesystem::remove_all(m_tlsDir, ignored);
        m_database.reset();
    }

    const std::string& url() const { return m_database->url(); }
    std::string certificate() const { return (m_tlsDir / "server.crt").string(); }
    std::string key() const { return (m_tlsDir / "server.key").string(); }

    static std::vector<std::string> commonArgs(int port) {
        return {"--listen", "127.0.0.1:" + std::to_string(port), "--trusted-proxy", "127.0.0.1",
                "--no-rate-limits"};
    }
    // Instance `index` on its port, with the shared certificate: as an operator restarts it.
    std::unique_ptr<ServerProcess> start(std::size_t index) {
        auto args = commonArgs(m_ports[index]);
        args.insert(args.end(), {"--tls-cert", certificate(), "--tls-key", key()});
        return std::make_unique<ServerProcess>(url(), args);
    }

    HttpsClient viaNginx() { return HttpsClient(m_nginx->port(), certificate()); }

    // `send` again while the answer is retryable, 250 ms apart, for up to 30 s.
    HttpReply withRetries(const std::function<HttpReply()>& send) {
        HttpReply reply = send();
        for (int attempt = 0; retryable(reply) && attempt < 120; ++attempt) {
            ++m_retries;
            {
                std::lock_guard lock(m_mutex);
                ++m_retriedStatuses[reply.status];
                ++m_retriedByPhase[m_phase];
            }
            std::this_thread::sleep_for(250ms);
            reply = send();
        }
        return reply;
    }

    void unexpected(const std::string& what) {
        std::lock_guard lock(m_mutex);
        m_unexpected.push_back(what);
    }

    std::unique_ptr<TestDatabase> m_database;
    std::vector<int> m_ports;
    std::filesystem::path m_tlsDir;
    std::unique_ptr<ServerProcess> m_a;
    std::unique_ptr<ServerProcess> m_b;
    std::unique_ptr<NginxProcess> m_nginx;

    std::atomic<int> m_retries{0};
    std::mutex m_mutex;
    std::vector<std::string> m_unexpected;
    std::vector<Sale> m_sales;
    std::map<int, int> m_retriedStatuses; // answers retried, by status (0: none came)
    // 0 before the drill, 1 A stopping until nginx uses it again, 2 between, 3 B killed until
    // nginx uses it again, 4 after.
    std::atomic<int> m_phase{0};
    std::map<int, int> m_retriedByPhase;
};

TEST_F(RollingRestartTest, RestartsDuringARushLoseNoSaleAndNoPlaceInTheWaitingRoom) {
    HttpsClient client = viaNginx();
    const std::string organizer = client.login("organizer@example.com", kTestPassword);
    json body = demoEventBody("Restart Night");
    body["max_tickets_per_customer"] = 100;
    body["max_tickets_per_card"] = 1000; // everyone pays with the sandbox card
    // One a second: admissions go on through both restarts.
    body["queue"] = {{"enabled", true}, {"admit_per_minute", 60}};
    json rows = json::array();
    for (int r = 0; r < kRows; ++r)
        rows.push_back(
            {{"label", std::string(1, static_cast<char>('A' + r))}, {"seats", kSeatsPerRow}});
    body["sections"] = json::array({{{"name", "Plateia"}, {"price_cents", 10000}, {"rows", rows}}});
    const CreatedEvent created = createEventWithSeats(client, organizer, body);
    const std::string eventPath = "/api/v1/events/" + std::to_string(created.id);
    const std::vector<Id>& seats = created.seatIds;
    ASSERT_EQ(seats.size(), std::size_t{kRows * kSeatsPerRow});

    // Each buyer comes from an address of their own (named in X-Forwarded-For, which the test's
    // nginx takes from loopback), so that the site's per-address limits count them apart.
    std::vector<std::map<std::string, std::string>> from;
    std::vector<std::string> tokens;
    for (int i = 0; i < kBuyers; ++i) {
        from.push_back({{"X-Forwarded-For", "198.51.100." + std::to_string(i + 1)}});
        const std::string email = "rush" + std::to_string(i) + "@example.com";
        auto registered = client.post(
            "/api/v1/auth/register", {{"email", email}, {"password", kTestPassword}, {"name", "R"}},
            {}, from.back());
        ASSERT_EQ(registered.status, 201) << registered.raw;
        auto login = client.post("/api/v1/auth/login",
                                 {{"email", email}, {"password", kTestPassword}}, {}, from.back());
        ASSERT_EQ(login.status, 200) << login.raw;
        tokens.push_back(login.body.value("token", ""));
        ASSERT_FALSE(tokens.back().empty());
    }

    // The rush: each buyer joins the waiting room, waits to be admitted (the place must never
    // change), then holds and buys one seat after another until told to stop, on seats others
    // want too.
    std::atomic<bool> stop{false};
    std::atomic<int> salesMade{0};
    std::atomic<int> waiting{0}; // buyers in the queue, not admitted yet
    std::vector<long long> positions(kBuyers, 0);
    std::vector<std::thread> rush;
    for (int i = 0; i < kBuyers; ++i)
        rush.emplace_back([&, i] {
            HttpsClient http = viaNginx();
            const std::string& token = tokens[static_cast<std::size_t>(i)];
            const auto& address = from[static_cast<std::size_t>(i)];
            auto joined = withRetries(
                [&] { return http.post(eventPath + "/queue", json::object(), token, address); });
            if (joined.status != 200) return unexpected("join: " + joined.raw);
            const long long position = joined.body["position"].get<long long>();
            positions[static_cast<std::size_t>(i)] = position;
            bool admitted = joined.body.value("admitted", false);
            if (!admitted) ++waiting;
            std::vector<Id> wanted = seats;
            std::rotate(wanted.begin(), wanted.begin() + (i * 13) % static_cast<int>(wanted.size()),
                        wanted.end());
            std::size_t next = 0;
            while (!stop && next < wanted.size()) {
                if (!admitted) {
                    auto place = withRetries([&] { return http.get(eventPath + "/queue", token); });
                    if (place.status != 200) return unexpected("queue: " + place.raw);
                    if (place.body["position"].get<long long>() != position)
                        return unexpected("buyer " + std::to_string(i) + " was at " +
                                          std::to_string(position) + ", now " + place.raw);
                    admitted = place.body.value("admitted", false);
                    if (admitted) --waiting;
                    if (!admitted) std::this_thread::sleep_for(200ms);
                    continue;
                }
                const Id seat = wanted[next++];
                auto held = withRetries([&] {
                    return http.post(eventPath + "/holds", {{"seat_ids", {seat}}}, token, address);
                });
                // Taken by someone else (or by this buyer's own hold whose answer was lost: it
                // lapses unbought).
                if (held.status == 409 &&
                    held.body["error"].value("code", "") == "seats_unavailable")
                    continue;
                if (held.status != 201) return unexpected("hold: " + held.raw);
                const std::string holdPath = "/api/v1/holds/" +
                                             std::to_string(held.body["hold"]["id"].get<Id>()) +
                                             "/purchase";
                const std::string idempotencyKey =
                    "rush-" + std::to_string(i) + "-" + std::to_string(seat);
                auto paid = withRetries([&] {
                    return http.post(holdPath, cardPurchaseBody("4111111111111111", "Rush"), token,
                                     {{"Idempotency-Key", idempotencyKey},
                                      {"X-Forwarded-For", address.at("X-Forwarded-For")}});
                });
                if (paid.status != 201 && paid.status != 200)
                    return unexpected("purchase: " + paid.raw);
                {
                    std::lock_guard lock(m_mutex);
                    m_sales.push_back({i, paid.body["order"]["id"].get<Id>(), seat});
                }
                ++salesMade;
                std::this_thread::sleep_for(300ms);
            }
        });

    // However the drill below ends (a failed assertion, an instance that would not start), the
    // rush stops and its threads are joined before the test returns.
    struct JoinRush {
        std::atomic<bool>& stop;
        std::vector<std::thread>& threads;
        ~JoinRush() {
            stop = true;
            for (auto& thread : threads)
                if (thread.joinable()) thread.join();
        }
    } joinRush{stop, rush};

    auto waitForSales = [&](int count) {
        const auto deadline = SteadyClock::now() + 30s;
        while (salesMade < count && SteadyClock::now() < deadline)
            std::this_thread::sleep_for(50ms);
        return salesMade >= count;
    };
    // Requests nginx passed to instance `index` since it started (its own /metrics aside).
    auto servedThroughNginx = [&](std::size_t index) {
        HttpsClient direct(m_ports[index], certificate());
        const std::string metrics = direct.get("/metrics").raw;
        return metricSum(metrics, "bilheteria_http_requests_total") -
               metricSum(metrics, "bilheteria_http_requests_total", "route=\"/metrics\"");
    };
    // As the runbook says: the next instance is touched only once nginx sends requests to the
    // restarted one again (it holds an instance it could not reach out for fail_timeout, 5 s).
    auto waitUntilServing = [&](std::size_t index) {
        const auto deadline = SteadyClock::now() + 30s;
        while (servedThroughNginx(index) == 0 && SteadyClock::now() < deadline)
            std::this_thread::sleep_for(200ms);
        return servedThroughNginx(index) > 0;
    };
    const auto drillStart = SteadyClock::now();
    bool drilled = waitForSales(3);
    EXPECT_TRUE(drilled) << "the rush did not start";
    if (drilled) {
        // A: SIGTERM, as systemctl stop or restart does, then started again on its port.
        m_phase = 1;
        std::printf("SIGTERM to A with %d buyers still waiting in the queue\n", waiting.load());
        EXPECT_GT(waiting, 0);
        m_a->terminate();
        const auto exited = m_a->waitForExit(8s);
        ASSERT_TRUE(exited.has_value()) << "A still runs 8 s after SIGTERM:\n" << m_a->output();
        EXPECT_EQ(*exited, 0) << m_a->output();
        EXPECT_NE(m_a->output().find("stopped cleanly"), std::string::npos) << m_a->output();
        ASSERT_NO_THROW(m_a = start(0));
        drilled = waitUntilServing(0);
        EXPECT_TRUE(drilled) << "nginx sends nothing to A after its restart";
        m_phase = 2;
        drilled = drilled && waitForSales(salesMade + 3);
        EXPECT_TRUE(drilled) << "no sales after A came back";
    }
    if (drilled) {
        // B: SIGKILL (a crash, the OOM killer), then started again on its port.
        m_phase = 3;
        std::printf("SIGKILL to B with %d buyers still waiting in the queue\n", waiting.load());
        m_b->kill();
        std::this_thread::sleep_for(500ms);
        ASSERT_NO_THROW(m_b = start(1));
        EXPECT_TRUE(waitUntilServing(1)) << "nginx sends nothing to B after its restart";
        m_phase = 4;
        EXPECT_TRUE(waitForSales(salesMade + 3)) << "no sales after B came back";
    }
    std::this_thread::sleep_for(1s);
    stop = true;
    for (auto& thread : rush)
        thread.join();
    const auto drillSeconds =
        std::chrono::duration<double>(SteadyClock::now() - drillStart).count();
    std::printf("drill: %d sales, %d retried answers, %.1f s\n", salesMade.load(), m_retries.load(),
                drillSeconds);
    for (const auto& [status, count] : m_retriedStatuses)
        std::printf("  retried %d answers of status %d\n", count, status);
    for (const auto& [phase, count] : m_retriedByPhase)
        std::printf("  retried %d answers in phase %d\n", count, phase);
    RecordProperty("sales", salesMade.load());
    RecordProperty("retries", m_retries.load());

    EXPECT_EQ(m_unexpected, std::vector<std::string>{}) << "nginx said:\n" << m_nginx->errorLog();

    // Every buyer kept their place: the same position as at the first join, through the
    // restarts, and joining again gives it back. Places are one sequence 1..kBuyers.
    std::set<long long> places;
    for (int i = 0; i < kBuyers; ++i) {
        const std::string& token = tokens[static_cast<std::size_t>(i)];
        auto place = withRetries([&] { return client.get(eventPath + "/queue", token); });
        ASSERT_EQ(place.status, 200) << place.raw;
        EXPECT_EQ(place.body["position"], positions[static_cast<std::size_t>(i)]) << place.raw;
        auto again = withRetries([&] {
            return client.post(eventPath + "/queue", json::object(), token,
                               from[static_cast<std::size_t>(i)]);
        });
        EXPECT_EQ(again.body["position"], positions[static_cast<std::size_t>(i)]) << again.raw;
        places.insert(positions[static_cast<std::size_t>(i)]);
    }
    EXPECT_EQ(places.size(), std::size_t{kBuyers});
    EXPECT_EQ(*places.begin(), 1);
    EXPECT_EQ(*places.rbegin(), kBuyers);

    // Every acknowledged sale is in its buyer's orders, paid, with its seat; no seat is in two
    // orders; and the seats sold are exactly the acknowledged ones (no sale the buyer never
    // heard of).
    std::map<Id, Id> seatOfOrder;
    std::multiset<Id> ticketSeats;
    for (int i = 0; i < kBuyers; ++i) {
        auto orders = withRetries(
            [&] { return client.get("/api/v1/orders", tokens[static_cast<std::size_t>(i)]); });
        ASSERT_EQ(orders.status, 200) << orders.raw;
        for (const auto& order : orders.body["orders"]) {
            EXPECT_EQ(order["status"], "paid") << order;
            for (const auto& ticket : order["tickets"]) {
                ticketSeats.insert(ticket["seat_id"].get<Id>());
                seatOfOrder[order["id"].get<Id>()] = ticket["seat_id"].get<Id>();
            }
        }
    }
    std::set<Id> acknowledged;
    for (const Sale& sale : m_sales) {
        ASSERT_TRUE(seatOfOrder.contains(sale.order))
            << "buyer " << sale.buyer << " was told order " << sale.order
            << " was paid; it is gone";
        EXPECT_EQ(seatOfOrder[sale.order], sale.seat);
        acknowledged.insert(sale.seat);
    }
    EXPECT_EQ(acknowledged.size(), m_sales.size()) << "a seat acknowledged twice";
    EXPECT_EQ(ticketSeats, std::multiset<Id>(acknowledged.begin(), acknowledged.end()));
    auto after = withRetries([&] { return client.get(eventPath + "/seats"); });
    ASSERT_EQ(after.status, 200) << after.raw;
    std::size_t sold = 0;
    for (const auto& seat : after.body["seats"])
        if (seat["state"] == "sold") ++sold;
    EXPECT_EQ(sold, acknowledged.size());

    expectCheckAndAuditPass(url());
}

} // namespace
} // namespace bilheteria::testing
