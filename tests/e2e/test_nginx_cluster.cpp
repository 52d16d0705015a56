// Several server instances on one PostgreSQL database behind nginx, running the shipped site
// configuration (installer/nginx/bilheteria.conf): what production looks like, on loopback.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/builders.h"
#include "tests/support/eventstreamclient.h"
#include "tests/support/nginxprocess.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using nlohmann::json;

const std::string& kPassword = kTestPassword;

// The sum of bilheteria_http_requests_total over the lines of `route` (any status).
double requestsServed(const std::string& metrics, const std::string& route) {
    return metricSum(metrics, "bilheteria_http_requests_total", "route=\"" + route + "\"");
}

class NginxClusterTest : public ::testing::Test {
protected:
    void startCluster(const std::vector<std::string>& extraArgs = {}) {
        m_database = std::make_unique<TestDatabase>(Backend::Postgres);
        addUser(url(), "organizer@example.com", "Olga Organizer", "organizer", kPassword);
        // Every instance trusts X-Forwarded-For from nginx on loopback, as deployed.
        std::vector<std::string> args{"--trusted-proxy", "127.0.0.1"};
        args.insert(args.end(), extraArgs.begin(), extraArgs.end());
        m_a = std::make_unique<ServerProcess>(url(), args);
        // B serves with A's certificate: nginx trusts the one certificate of the instances.
        std::vector<std::string> argsB = args;
        argsB.insert(argsB.end(), {"--tls-cert", m_a->caCertPath(), "--tls-key",
                                   m_a->dataDir() + "/tls/server.key"});
        m_b = std::make_unique<ServerProcess>(url(), argsB);
        m_nginx = std::make_unique<NginxProcess>(
            std::vector<int>{m_a->port(), m_b->port()}, m_a->caCertPath(),
            m_a->dataDir() + "/tls/server.key", m_a->caCertPath());
        m_client = std::make_unique<HttpsClient>(m_nginx->port(), m_a->caCertPath());
    }

    void TearDown() override {
        m_client.reset();
        m_nginx.reset();
        for (auto* server : {&m_a, &m_b})
            if (*server) {
                EXPECT_EQ((*server)->stop(), 0) << (*server)->output();
            }
        m_a.reset();
        m_b.reset();
        m_database.reset();
    }

    const std::string& url() const { return m_database->url(); }
    HttpsClient& client() { return *m_client; }
    HttpsClient viaNginx() { return HttpsClient(m_nginx->port(), m_a->caCertPath()); }

    // Registers and logs in a buyer whose requests come from `address` (as a browser behind
    // its own network would: nginx appends the peer, the instances take the hop before it).
    std::string buyer(HttpsClient& http, const std::string& email, const std::string& address) {
        auto registered = http.post("/api/v1/auth/register",
                                    {{"email", email}, {"password", kPassword}, {"name", "Buyer"}},
                                    {}, {{"X-Forwarded-For", address}});
        EXPECT_EQ(registered.status, 201) << registered.raw;
        auto login = http.post("/api/v1/auth/login", {{"email", email}, {"password", kPassword}},
                               {}, {{"X-Forwarded-For", address}});
        EXPECT_EQ(login.status, 200) << login.raw;
        return login.body.value("token", "");
    }

    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<ServerProcess> m_a;
    std::unique_ptr<ServerProcess> m_b;
    std::unique_ptr<NginxProcess> m_nginx;
    std::unique_ptr<HttpsClient> m_client;
};

TEST_F(NginxClusterTest, BuyersRacingThroughNginxNeverOversell) {
    startCluster();
    const std::string organizer = client().login("organizer@example.com", kPassword);
    json body = demoEventBody("Cluster Night");
    // Room for the two contested seats and three rounds of two places: a buyer who wins the
    // seats and keeps winning places must never meet the limit, or the race would be flaky.
    body["max_tickets_per_customer"] = 8;
    body["max_tickets_per_card"] = 1000; // everyone pays with the one sandbox card here
    body["sections"] = json::parse(R"([
        {"name": "Plateia", "price_cents": 25000, "rows": [{"label": "A", "seats": 8}]},
        {"name": "Pista", "price_cents": 15000, "capacity": 30}])");
    const CreatedEvent created = createEventWithSeats(client(), organizer, body);
    ASSERT_EQ(created.seatIds.size(), 8u);
    const Id eventId = created.id;
    const Id pista = created.event["sections"][1]["id"].get<Id>();
    const json contested = {created.seatIds[0], created.seatIds[1]};

    constexpr int kBuyers = 16;
    std::vector<std::string> tokens;
    for (int i = 0; i < kBuyers; ++i) {
        tokens.push_back(buyer(client(), "racer" + std::to_string(i) + "@example.com",
                               "198.51.100." + std::to_string(i + 1)));
        ASSERT_FALSE(tokens.back().empty());
    }

    std::atomic<int> seatWinners{0};
    std::atomic<int> generalTickets{0};
    std::mutex mutex;
    std::vector<std::string> unexpected;
    std::vector<std::thread> threads;
    for (int i = 0; i < kBuyers; ++i)
        threads.emplace_back([&, i] {
            HttpsClient http = viaNginx();
            const std::string& token = tokens[static_cast<std::size_t>(i)];
            const std::string address = "198.51.100." + std::to_string(i + 1);
            const std::map<std::string, std::string> from{{"X-Forwarded-For", address}};
            const std::string holds = "/api/v1/events/" + std::to_string(eventId) + "/holds";
            auto pay = [&](const json& hold, const std::string& key) {
                auto paid =
                    http.post("/api/v1/holds/" + std::to_string(hold["id"].get<Id>()) + "/purchase",
                              cardPurchaseBody("4111111111111111", "Racer"), token,
                              {{"Idempotency-Key", key}, {"X-Forwarded-For", address}});
                return paid;
            };
            // Everyone wants the same two seats: one buyer gets them.
            auto seated = http.post(holds, {{"seat_ids", contested}}, token, from);
            if (seated.status == 201) {
                auto paid = pay(seated.body["hold"], "seats-" + std::to_string(i));
                if (paid.status == 201) ++seatWinners;
            } else if (seated.body["error"].value("code", "") != "seats_unavailable") {
                std::lock_guard lock(mutex);
                unexpected.push_back(seated.raw);
            }
            // Then two places at a time from a section of 30, until it is sold out.
            for (int round = 0; round < 3; ++round) {
                auto general =
                    http.post(holds, {{"section_id", pista}, {"quantity", 2}}, token, from);
                if (general.status != 201) {
                    if (general.body["error"].value("code", "") != "sold_out") {
                        std::lock_guard lock(mutex);
                        unexpected.push_back(general.raw);
                    }
                    return;
                }
                auto paid = pay(general.body["hold"],
                                "ga-" + std::to_string(i) + "-" + std::to_string(round));
                if (paid.status == 201) {
                    generalTickets += 2;
                } else {
                    std::lock_guard lock(mutex);
                    unexpected.push_back(paid.raw);
                }
            }
        });
    for (auto& thread : threads)
        thread.join();

    EXPECT_EQ(unexpected, std::vector<std::string>{});
    EXPECT_EQ(seatWinners.load(), 1);
    EXPECT_EQ(generalTickets.load(), 30);
    auto event = client().get("/api/v1/events/" + std::to_string(eventId));
    ASSERT_EQ(event.status, 200) << event.raw;
    EXPECT_EQ(event.body["event"]["sections"][1]["available"], 0);
    EXPECT_EQ(event.body["event"]["sections"][0]["available"], 6);

    // nginx spread the sale over both instances.
    HttpsClient directA(*m_a);
    HttpsClient directB(m_b->port(), m_a->caCertPath()); // B serves A's certificate
    const auto onA = requestsServed(directA.get("/metrics").raw, "/api/v1/events/{id}/holds");
    const auto onB = requestsServed(directB.get("/metrics").raw, "/api/v1/events/{id}/holds");
    EXPECT_GT(onA, 0) << "instance A served no holds";
    EXPECT_GT(onB, 0) << "instance B served no holds; nginx said:\n" << m_nginx->errorLog();
    // The metrics are the instances' own: nginx does not hand them to the public.
    EXPECT_EQ(client().get("/metrics").status, 404);

    std::string output;
    EXPECT_EQ(runServerCommand({"check", "--database", url()}, "", &output), 0) << output;
}

// Both instances pace the waiting room from its one row in the database: positions follow the
// order of joins whichever instance took them, and admissions follow positions.
TEST_F(NginxClusterTest, TheWaitingRoomKeepsOneOrderAcrossInstances) {
    startCluster({"--no-rate-limits"});
    const std::string organizer = client().login("organizer@example.com", kPassword);
    json body = demoEventBody("Queued Night");
    body["queue"] = {{"enabled", true}, {"admit_per_minute", 240}}; // four a second
    auto created = client().post("/api/v1/events", body, organizer);
    ASSERT_EQ(created.status, 201) << created.raw;
    const std::string queue =
        "/api/v1/events/" + std::to_string(created.body["event"]["id"].get<Id>()) + "/queue";

    constexpr int kPeople = 12;
    std::vector<std::string> tokens;
    for (int i = 0; i < kPeople; ++i) {
        tokens.push_back(buyer(client(), "queued" + std::to_string(i) + "@example.com",
                               "192.0.2." + std::to_string(i + 1)));
        ASSERT_FALSE(tokens.back().empty());
    }
    // One after the other, each on a new connection (so nginx spreads them over A and B).
    for (int i = 0; i < kPeople; ++i) {
        HttpsClient http = viaNginx();
        auto joined = http.post(queue, json::object(), tokens[static_cast<std::size_t>(i)]);
        ASSERT_EQ(joined.status, 200) << joined.raw;
        EXPECT_EQ(joined.body["position"], i + 1) << joined.raw;
    }
    // Read from the back of the queue to the front each round: a later place is never admitted
    // while an earlier one is not, and admission times follow the places.
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds{30};
    std::vector<json> answers(kPeople);
    bool all = false;
    while (!all && std::chrono::steady_clock::now() < until) {
        for (int i = kPeople - 1; i >= 0; --i) {
            auto reply = client().get(queue, tokens[static_cast<std::size_t>(i)]);
            ASSERT_EQ(reply.status, 200) << reply.raw;
            answers[static_cast<std::size_t>(i)] = reply.body;
        }
        for (int i = 1; i < kPeople; ++i)
            if (answers[static_cast<std::size_t>(i)].value("admitted", false)) {
                EXPECT_TRUE(answers[static_cast<std::size_t>(i) - 1].value("admitted", false))
                    << "place " << i + 1 << " went before place " << i;
            }
        all = std::all_of(answers.begin(), answers.end(),
                          [](const json& a) { return a.value("admitted", false); });
        std::this_thread::sleep_for(std::chrono::milliseconds{100});
    }
    ASSERT_TRUE(all) << "not everyone was admitted within 30 s";
    for (int i = 1; i < kPeople; ++i)
        EXPECT_LE(answers[static_cast<std::size_t>(i) - 1]["admitted_until"].get<std::string>(),
                  answers[static_cast<std::size_t>(i)]["admitted_until"].get<std::string>());

    // Both instances run the pacing; each reports the admissions it made in /metrics, and
    // together they admitted everyone once.
    HttpsClient directA(*m_a);
    HttpsClient directB(m_b->port(), m_a->caCertPath());
    const std::string ofEvent =
        "event=\"" + std::to_string(created.body["event"]["id"].get<Id>()) + "\"";
    long long total = 0;
    for (HttpsClient* direct : {&directA, &directB})
        total += static_cast<long long>(
            metricSum(direct->get("/metrics").raw, "bilheteria_queue_admissions_total", ofEvent));
    EXPECT_EQ(total, kPeople) << "every person admitted exactly once, by one instance or the other";

    std::string output;
    EXPECT_EQ(runServerCommand({"check", "--database", url()}, "", &output), 0) << output;
}

// A stream opened through nginx (on whichever instance nginx picked) sees seats taken on either
// instance at once: nginx passes events unbuffered, and the instances share changes through the
// database.
TEST_F(NginxClusterTest, AStreamThroughNginxSeesChangesMadeOnEitherInstance) {
    startCluster({"--no-rate-limits"});
    const std::string organizer = client().login("organizer@example.com", kPassword);
    const std::string buyerToken = buyer(client(), "watcher@example.com", "192.0.2.50");
    const CreatedEvent created =
        createEventWithSeats(client(), organizer, demoEventBody("Streamed Night"));
    ASSERT_GE(created.seatIds.size(), 2u);
    const std::string base = "/api/v1/events/" + std::to_string(created.id);

    EventStreamClient stream(m_nginx->port(), m_a->caCertPath(), base + "/stream");
    ASSERT_EQ(stream.status(), 200);
    EXPECT_EQ(stream.header("content-type"), "text/event-stream");
    ASSERT_TRUE(stream.waitFor([](const StreamEvent& e) { return e.type == "availability"; },
                               std::chrono::seconds{10}));

    HttpsClient directA(*m_a);
    HttpsClient directB(m_b->port(), m_a->caCertPath()); // B serves A's certificate
    const std::vector<std::pair<HttpsClient*, Id>> holds{{&directA, created.seatIds[0]},
                                                         {&directB, created.seatIds[1]}};
    for (const auto& [direct, seat] : holds) {
        const auto start = std::chrono::steady_clock::now();
        auto held = direct->post(base + "/holds", {{"seat_ids", {seat}}}, buyerToken);
        ASSERT_EQ(held.status, 201) << held.raw;
        const Id wanted = seat;
        auto seen = stream.waitFor(
            [wanted](const StreamEvent& e) {
                if (e.type != "seats") return false;
                const json data = json::parse(e.data, nullptr, false);
                return data.value("state", "") == "held" &&
                       data.value("seat_ids", json::array()) == json::array({wanted});
            },
            std::chrono::seconds{10});
        ASSERT_TRUE(seen) << "seat " << wanted << " held, never seen through nginx";
        EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds{3});
    }
}

TEST_F(NginxClusterTest, RateLimitsSeeTheBuyersAddressThroughNginx) {
    // Two registrations per address, then none for a long while.
    startCluster({"--limit-register-address", "0.001:2"});
    auto registerFrom = [&](const std::string& email, const std::string& address) {
        return client().post("/api/v1/auth/register",
                             {{"email", email}, {"password", kPassword}, {"name", "Reg"}}, {},
                             {{"X-Forwarded-For", address}});
    };
    // Here the instances' own limits (the second line, per process) are below the shipped
    // site's: an address's bucket is per instance, so each of the two may let two through.
    // Past four, every request is refused whichever instance nginx picks.
    int created = 0, limited = 0;
    for (int i = 0; i < 8; ++i) {
        auto reply = registerFrom("same" + std::to_string(i) + "@example.com", "203.0.113.7");
        if (reply.status == 201) ++created;
        if (reply.status == 429) {
            ++limited;
            EXPECT_EQ(reply.body["error"]["code"], "rate_limited") << reply.raw;
            EXPECT_FALSE(reply.header("retry-after").empty());
        }
    }
    EXPECT_GE(created, 2);
    EXPECT_LE(created, 4);
    EXPECT_EQ(created + limited, 8);
    // Another buyer's address has buckets of its own: nginx passed the real address along.
    EXPECT_EQ(registerFrom("other@example.com", "203.0.113.8").status, 201);
}

// One address gets one budget across the instances, not one per instance: the shipped site's
// limit_req counts it in nginx, before either instance sees the request. Registrations: 20 at
// once from an address (then one a minute), where the instances' own limits (20 an hour each)
// would let 40 through. nginx's refusal has the contract's shape and a Retry-After.
TEST_F(NginxClusterTest, AnAddressGetsOneBudgetAcrossInstances) {
    startCluster();
    constexpr int kBudget = 20; // the register zone's burst=19, and the first request
    constexpr int kSent = 2 * kBudget + 4;
    auto registerFrom = [&](const std::string& email, const std::string& address) {
        return client().post("/api/v1/auth/register",
                             {{"email", email}, {"password", kPassword}, {"name", "Reg"}}, {},
                             {{"X-Forwarded-For", address}});
    };
    int created = 0, limited = 0;
    for (int i = 0; i < kSent; ++i) {
        auto reply = registerFrom("budget" + std::to_string(i) + "@example.com", "203.0.113.9");
        if (reply.status == 201) {
            ++created;
        } else if (reply.status == 429) {
            ++limited;
            EXPECT_EQ(reply.body["error"]["code"], "rate_limited") << reply.raw;
            EXPECT_FALSE(reply.body["error"].value("message", "").empty()) << reply.raw;
            EXPECT_EQ(reply.body["error"]["details"]["retry_after_seconds"], 60) << reply.raw;
            EXPECT_EQ(reply.header("retry-after"), "60");
            EXPECT_EQ(reply.header("content-type"), "application/json");
        } else {
            ADD_FAILURE() << reply.raw;
        }
    }
    // One more may pass if a minute went by (the zone's rate): never the instances' 2 x 20.
    EXPECT_GE(created, kBudget);
    EXPECT_LE(created, kBudget + 1);
    EXPECT_EQ(created + limited, kSent);

    // Both instances registered some, and only what nginx let through reached them.
    HttpsClient directA(*m_a);
    HttpsClient directB(m_b->port(), m_a->caCertPath());
    const auto onA = requestsServed(directA.get("/metrics").raw, "/api/v1/auth/register");
    const auto onB = requestsServed(directB.get("/metrics").raw, "/api/v1/auth/register");
    EXPECT_GT(onA, 0);
    EXPECT_GT(onB, 0) << "nginx sent every registration to one instance";
    EXPECT_EQ(onA + onB, created);

    // Another address has a budget of its own.
    EXPECT_EQ(registerFrom("elsewhere@example.com", "203.0.113.10").status, 201);
}

// The shipped site caches the seat maps' public answers (docs/operations-nginxcache.md): a
// versioned layout is fetched from an instance once, then served by nginx, byte for byte what
// the instance says; the current layout and the full states are micro-cached; the changes since
// a position and every private answer always go to an instance.
TEST_F(NginxClusterTest, NginxCachesTheSeatMapsAndNothingPrivate) {
    startCluster({"--no-rate-limits"});
    const std::string organizer = client().login("organizer@example.com", kPassword);
    const CreatedEvent created =
        createEventWithSeats(client(), organizer, demoEventBody("Cached Night"));
    ASSERT_FALSE(created.seatIds.empty());
    const std::string base = "/api/v1/events/" + std::to_string(created.id);
    HttpsClient directA(*m_a);
    HttpsClient directB(m_b->port(), m_a->caCertPath()); // B serves A's certificate
    // The requests of `route` both instances served, once they count at least `expected` (an
    // instance counts a request just after answering it) or after 10 s.
    auto servedUpstream = [&](const std::string& route, double expected = 0) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds{10};
        for (;;) {
            const double served = requestsServed(directA.get("/metrics").raw, route) +
                                  requestsServed(directB.get("/metrics").raw, route);
            if (served >= expected || std::chrono::steady_clock::now() > until) return served;
            std::this_thread::sleep_for(std::chrono::milliseconds{50});
        }
    };

    // The versioned layout: one request reaches an instance, the rest are nginx's copy, for
    // anyone, with or without a token.
    auto current = client().get(base + "/layout");
    ASSERT_EQ(current.status, 200) << current.raw;
    EXPECT_EQ(current.header("x-cache-status"), "MISS");
    const std::string versioned =
        base + "/layout/" + current.body["layout"]["version"].get<std::string>();
    const std::string buyerToken = buyer(client(), "cached@example.com", "192.0.2.60");
    auto first = client().get(versioned);
    ASSERT_EQ(first.status, 200) << first.raw;
    EXPECT_EQ(first.header("x-cache-status"), "MISS");
    for (const std::string& token : {std::string{}, buyerToken}) {
        auto again = viaNginx().get(versioned, token);
        ASSERT_EQ(again.status, 200) << again.raw;
        EXPECT_EQ(again.header("x-cache-status"), "HIT");
        EXPECT_EQ(again.raw, first.raw);
        EXPECT_EQ(again.header("cache-control"), "public, max-age=31536000, immutable");
    }
    EXPECT_EQ(servedUpstream("/api/v1/events/{id}/layout/{version}", 1), 1);
    auto fromInstance = directA.get(versioned);
    ASSERT_EQ(fromInstance.status, 200) << fromInstance.raw;
    EXPECT_EQ(first.raw, fromInstance.raw);
    EXPECT_EQ(first.body["layout"], current.body["layout"]);
    // A client that takes no gzip gets the plain body, not the gzipped copy (the answers vary
    // by Accept-Encoding, and nginx keeps one copy per variant).
    auto plain = client().get(versioned, {}, {{"Accept-Encoding", "identity"}});
    ASSERT_EQ(plain.status, 200) << plain.raw;
    EXPECT_TRUE(plain.header("content-encoding").empty());
    EXPECT_EQ(plain.raw, fromInstance.raw);
    // Another version is the instance's 404, never cached.
    for (int i = 0; i < 2; ++i) {
        auto other = client().get(base + "/layout/0123456789abcdef0123456789abcdef");
        EXPECT_EQ(other.status, 404) << other.raw;
        EXPECT_NE(other.header("x-cache-status"), "HIT");
    }

    // The full states, micro-cached for a second: back to back, some answers are nginx's copy,
    // and the instances see exactly the others. The changes since a position always pass.
    const std::string states = base + "/seat-states";
    const double statesBefore = servedUpstream("/api/v1/events/{id}/seat-states");
    int hits = 0, fetched = 0;
    for (int i = 0; i < 20; ++i) {
        auto reply = client().get(states);
        ASSERT_EQ(reply.status, 200) << reply.raw;
        const std::string cache = reply.header("x-cache-status");
        if (cache == "HIT") {
            ++hits;
        } else {
            EXPECT_TRUE(cache == "MISS" || cache == "EXPIRED") << cache;
            ++fetched;
        }
    }
    EXPECT_GT(hits, 0);
    for (int i = 0; i < 3; ++i) {
        auto since = client().get(states + "?since=0");
        ASSERT_EQ(since.status, 200) << since.raw;
        EXPECT_EQ(since.header("x-cache-status"), "BYPASS");
        ++fetched;
    }
    EXPECT_EQ(servedUpstream("/api/v1/events/{id}/seat-states", statesBefore + fetched) -
                  statesBefore,
              fetched);
    // A seat taken shows in the states through nginx once the copy expires.
    const std::string before = client().get(states).body["states"]["states"].get<std::string>();
    auto held = client().post(base + "/holds", {{"seat_ids", {created.seatIds[0]}}}, buyerToken,
                              {{"X-Forwarded-For", "192.0.2.60"}});
    ASSERT_EQ(held.status, 201) << held.raw;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds{10};
    std::string after = before;
    while (after == before && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds{200});
        after = client().get(states).body["states"]["states"].get<std::string>();
    }
    EXPECT_NE(after, before) << "the held seat never showed in the states through nginx";

    // A private answer is never kept: each buyer's orders come from an instance, every time.
    auto paid = client().post("/api/v1/holds/" + std::to_string(held.body["hold"]["id"].get<Id>()) +
                                  "/purchase",
                              cardPurchaseBody("4111111111111111", "Cached"), buyerToken,
                              {{"Idempotency-Key", "cached-1"}, {"X-Forwarded-For", "192.0.2.60"}});
    ASSERT_EQ(paid.status, 201) << paid.raw;
    const std::string otherToken = buyer(client(), "other-cached@example.com", "192.0.2.61");
    const double ordersBefore = servedUpstream("/api/v1/orders");
    for (int i = 0; i < 2; ++i) {
        auto mine = client().get("/api/v1/orders", buyerToken);
        ASSERT_EQ(mine.status, 200) << mine.raw;
        EXPECT_EQ(mine.body["orders"].size(), 1u) << mine.raw;
        EXPECT_TRUE(mine.header("x-cache-status").empty());
        auto theirs = client().get("/api/v1/orders", otherToken);
        ASSERT_EQ(theirs.status, 200) << theirs.raw;
        EXPECT_EQ(theirs.body["orders"].size(), 0u) << theirs.raw;
        EXPECT_TRUE(theirs.header("x-cache-status").empty());
    }
    EXPECT_EQ(servedUpstream("/api/v1/orders", ordersBefore + 4) - ordersBefore, 4);
}

} // namespace
} // namespace bilheteria::testing
