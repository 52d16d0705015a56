// Live notifications through the HTTP contract, black-box: GET /api/v1/events/{id}/stream on
// the real server binary over HTTPS, on both stores — seat changes, availability, private order
// events, reconnecting with Last-Event-ID, errors, heartbeats, streams that must not take the
// workers, shutdown with streams open, streams ended by their session's logout — and two server
// processes sharing one PostgreSQL.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "shared/protocol.h"
#include "tests/support/builders.h"
#include "tests/support/eventstreamclient.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

constexpr auto kWait = 15s;

json cardPayment() {
    return cardPurchaseBody();
}

std::string eventPath(const json& id, const std::string& suffix = "") {
    return "/api/v1/events/" + std::to_string(id.get<Id>()) + suffix;
}

// A seats event in `state` that names every one of `seats`.
std::function<bool(const StreamEvent&)> seatsEvent(const std::string& state,
                                                   std::vector<Id> seats) {
    return [state, seats](const StreamEvent& event) {
        if (event.type != "seats") return false;
        const json data = dataOf(event);
        if (data.value("state", "") != state) return false;
        std::set<Id> named;
        for (const auto& id : data["seat_ids"])
            named.insert(id.get<Id>());
        for (Id seat : seats)
            if (!named.contains(seat)) return false;
        return true;
    };
}

std::function<bool(const StreamEvent&)> availability(Id section, std::int64_t available) {
    return [section, available](const StreamEvent& event) {
        if (event.type != "availability") return false;
        const json data = dataOf(event);
        return data.value("section_id", Id{0}) == section &&
               data.value("available", std::int64_t{-1}) == available;
    };
}

bool isOrder(const StreamEvent& event) {
    return event.type == "order";
}

class LiveApiTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { start(GetParam()); }

    void start(Backend backend, std::vector<std::string> extraArgs = {}) {
        m_database = std::make_unique<TestDatabase>(backend);
        const std::string& url = m_database->url();
        addUser(url, "organizer@example.com", "Olga Organizer", "organizer", kTestPassword);
        addUser(url, "ana@example.com", "Ana Buyer", "buyer", kTestPassword);
        addUser(url, "bia@example.com", "Bia Buyer", "buyer", kTestPassword);
        m_server = std::make_unique<ServerProcess>(url, serveArgs(extraArgs));
        m_client = std::make_unique<HttpsClient>(*m_server);
        m_organizer = client().login("organizer@example.com", kTestPassword);
        m_ana = client().login("ana@example.com", kTestPassword);
        m_bia = client().login("bia@example.com", kTestPassword);
        ASSERT_FALSE(m_organizer.empty() || m_ana.empty() || m_bia.empty());
    }

    static std::vector<std::string> serveArgs(const std::vector<std::string>& extra) {
        std::vector<std::string> args{"--no-rate-limits", "--stream-heartbeat-seconds", "1"};
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    }

    void TearDown() override {
        m_client.reset();
        if (m_server) {
            EXPECT_EQ(m_server->stop(), 0) << m_server->output();
        }
    }

    HttpsClient& client() { return *m_client; }

    std::unique_ptr<EventStreamClient> stream(const json& eventId,
                                              EventStreamClient::Options options = {},
                                              const ServerProcess* server = nullptr) {
        const ServerProcess& target = server ? *server : *m_server;
        return std::make_unique<EventStreamClient>(target.port(), target.caCertPath(),
                                                   eventPath(eventId, "/stream"), options);
    }

    // The demo event: Plateia (42 seats in rows A and B), Pista (500 places).
    json createEvent() {
        auto created = client().post("/api/v1/events", demoEventBody(), m_organizer);
        EXPECT_EQ(created.status, 201) << created.raw;
        return created.body["event"];
    }
    std::vector<Id> seatIds(const json& eventId) {
        auto reply = client().get(eventPath(eventId, "/seats"));
        EXPECT_EQ(reply.status, 200) << reply.raw;
        std::vector<Id> ids;
        for (const auto& seat : reply.body["seats"])
            ids.push_back(seat["id"].get<Id>());
        return ids;
    }
    json hold(const std::string& token, const json& eventId, const json& body) {
        auto reply = client().post(eventPath(eventId, "/holds"), body, token);
        EXPECT_EQ(reply.status, 201) << reply.raw;
        return reply.body["hold"];
    }
    json purchase(const std::string& token, const json& holdId, const std::string& key) {
        auto reply =
            client().post("/api/v1/holds/" + std::to_string(holdId.get<Id>()) + "/purchase",
                          cardPayment(), token, {{"Idempotency-Key", key}});
        EXPECT_EQ(reply.status, 201) << reply.raw;
        return reply.body["order"];
    }

    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<HttpsClient> m_client;
    std::string m_organizer, m_ana, m_bia;
};

TEST_P(LiveApiTest, AStreamSeesHoldsReleasesAndSalesAsTheyHappen) {
    const json event = createEvent();
    const Id plateia = event["sections"][0]["id"], pista = event["sections"][1]["id"];
    const auto seats = seatIds(event["id"]);
    auto watcher = stream(event["id"]);

    ASSERT_EQ(watcher->status(), 200);
    EXPECT_EQ(watcher->header("content-type"), "text/event-stream");
    EXPECT_EQ(watcher->header("cache-control"), "no-cache");
    EXPECT_EQ(watcher->header("x-accel-buffering"), "no");
    // The current figures first, one per section.
    ASSERT_TRUE(watcher->waitFor(availability(plateia, 42), kWait));
    ASSERT_TRUE(watcher->waitFor(availability(pista, 500), kWait));
    EXPECT_EQ(watcher->retryMs(), 3000);
    EXPECT_EQ(watcher->rawPrefix().rfind("retry: 3000\n\n", 0), 0u) << watcher->rawPrefix();

    std::size_t at = 0;
    const json held = hold(m_ana, event["id"], {{"seat_ids", {seats[0], seats[1]}}});
    ASSERT_TRUE(watcher->waitFor(seatsEvent("held", {seats[0], seats[1]}), kWait, 0, &at));
    ASSERT_TRUE(watcher->waitFor(availability(plateia, 40), kWait, at));

    EXPECT_EQ(client().del("/api/v1/holds/" + std::to_string(held["id"].get<Id>()), m_ana).status,
              204);
    ASSERT_TRUE(watcher->waitFor(seatsEvent("free", {seats[0], seats[1]}), kWait, at, &at));
    ASSERT_TRUE(watcher->waitFor(availability(plateia, 42), kWait, at));

    const json third = hold(m_ana, event["id"], {{"seat_ids", {seats[2]}}});
    purchase(m_ana, third["id"], "live-1");
    ASSERT_TRUE(watcher->waitFor(seatsEvent("sold", {seats[2]}), kWait, at, &at));
    ASSERT_TRUE(watcher->waitFor(availability(plateia, 41), kWait, at));

    // General admission: availability only, its places have no public ids.
    hold(m_bia, event["id"], {{"section_id", pista}, {"quantity", 3}});
    ASSERT_TRUE(watcher->waitFor(availability(pista, 497), kWait, at, &at));
    for (const auto& received : watcher->events())
        if (received.type == "seats") {
            EXPECT_FALSE(dataOf(received)["seat_ids"].empty());
        }
    // An anonymous stream never carries anyone's orders.
    EXPECT_FALSE(watcher->waitFor(isOrder, 300ms));
    const std::string lastId = watcher->lastEventId();
    EXPECT_FALSE(lastId.empty());
    EXPECT_EQ(lastId.find_first_not_of("0123456789"), std::string::npos) << lastId;
}

TEST_P(LiveApiTest, OrderEventsReachOnlyTheirOwner) {
    const json event = createEvent();
    const auto seats = seatIds(event["id"]);
    auto anas = stream(event["id"], {m_ana, ""});
    auto bias = stream(event["id"], {m_bia, ""});
    auto anonymous = stream(event["id"]);
    ASSERT_EQ(anas->status(), 200);
    ASSERT_EQ(bias->status(), 200);
    ASSERT_EQ(anonymous->status(), 200);

    const json held = hold(m_ana, event["id"], {{"seat_ids", {seats[5]}}});
    const json order = purchase(m_ana, held["id"], "owner-1");
    auto own = anas->waitFor(isOrder, kWait);
    ASSERT_TRUE(own);
    EXPECT_EQ(dataOf(*own), json({{"order_id", order["id"]}, {"status", "paid"}}));
    for (auto* other : {bias.get(), anonymous.get()}) {
        ASSERT_TRUE(other->waitFor(seatsEvent("sold", {seats[5]}), kWait));
        EXPECT_FALSE(other->waitFor(isOrder, 500ms));
    }
}

// A customer watching a queued event hears their own place when they join and the moment
// they are admitted; nobody else hears either.
TEST_P(LiveApiTest, QueueEventsTellTheCustomerTheirPlaceAndAdmission) {
    json body = demoEventBody("Queued");
    body["queue"] = {{"enabled", true}, {"admit_per_minute", 120}}; // two a second
    auto created = client().post("/api/v1/events", body, m_organizer);
    ASSERT_EQ(created.status, 201) << created.raw;
    const json eventId = created.body["event"]["id"];
    auto anas = stream(eventId, {m_ana, ""});
    auto bias = stream(eventId, {m_bia, ""});
    ASSERT_EQ(anas->status(), 200);
    ASSERT_EQ(bias->status(), 200);

    auto isQueue = [](const StreamEvent& event) { return event.type == "queue"; };
    auto admitted = [](const StreamEvent& event) {
        return event.type == "queue" && dataOf(event).value("admitted", false);
    };
    ASSERT_EQ(client().post(eventPath(eventId, "/queue"), json::object(), m_bia).status, 200);
    ASSERT_EQ(client().post(eventPath(eventId, "/queue"), json::object(), m_ana).status, 200);
    std::size_t at = 0;
    auto joined = anas->waitFor(isQueue, kWait, 0, &at);
    ASSERT_TRUE(joined);
    EXPECT_EQ(dataOf(*joined), json({{"position", 2}, {"admitted", false}}));
    auto letIn = anas->waitFor(admitted, kWait, at + 1);
    ASSERT_TRUE(letIn);
    EXPECT_EQ(dataOf(*letIn), json({{"position", 2}, {"admitted", true}}));
    // Bia's own events say place 1, never Ana's place.
    ASSERT_TRUE(bias->waitFor(admitted, kWait));
    for (const auto& event : bias->events())
        if (event.type == "queue") {
            EXPECT_EQ(dataOf(event)["position"], 1) << event.data;
        }
}

TEST_P(LiveApiTest, AReconnectWithLastEventIdReplaysWhatItMissedOnce) {
    const json event = createEvent();
    const auto seats = seatIds(event["id"]);
    // Stays open throughout: once it has seen the last change, so has the server's hub, and
    // the reconnect below is a replay rather than a live batch.
    auto observer = stream(event["id"]);
    std::string lastId;
    {
        auto first = stream(event["id"], {m_ana, ""});
        // Subscribed (its first figures came) before the hold, or the hold could come first.
        ASSERT_TRUE(first->waitFor(availability(event["sections"][0]["id"].get<Id>(), 42), kWait));
        hold(m_ana, event["id"], {{"seat_ids", {seats[0]}}});
        ASSERT_TRUE(first->waitFor(seatsEvent("held", {seats[0]}), kWait));
        lastId = first->lastEventId();
        ASSERT_FALSE(lastId.empty());
    }
    // Missed while away: a hold, its release, a sale with its order.
    const json second = hold(m_ana, event["id"], {{"seat_ids", {seats[1]}}});
    ASSERT_EQ(client().del("/api/v1/holds/" + std::to_string(second["id"].get<Id>()), m_ana).status,
              204);
    const json third = hold(m_ana, event["id"], {{"seat_ids", {seats[2], seats[3]}}});
    const json order = purchase(m_ana, third["id"], "replay-1");
    ASSERT_TRUE(observer->waitFor(seatsEvent("sold", {seats[2], seats[3]}), kWait));

    auto resumed = stream(event["id"], {m_ana, lastId});
    ASSERT_EQ(resumed->status(), 200);
    ASSERT_TRUE(resumed->waitFor(availability(event["sections"][0]["id"].get<Id>(), 39), kWait));
    std::vector<std::pair<std::string, json>> replayed;
    for (const auto& received : resumed->events())
        if (received.type != "availability") replayed.emplace_back(received.type, dataOf(received));
    const std::vector<std::pair<std::string, json>> expected{
        {"seats", {{"seat_ids", {seats[1]}}, {"state", "held"}}},
        {"seats", {{"seat_ids", {seats[1]}}, {"state", "free"}}},
        {"seats", {{"seat_ids", {seats[2], seats[3]}}, {"state", "held"}}},
        {"seats", {{"seat_ids", {seats[2], seats[3]}}, {"state", "sold"}}},
        {"order", {{"order_id", order["id"]}, {"status", "paid"}}}};
    EXPECT_EQ(replayed, expected);
    EXPECT_GT(std::stoll(resumed->lastEventId()), std::stoll(lastId));

    // Then live, and nothing of the above again.
    const std::size_t before = resumed->events().size();
    hold(m_bia, event["id"], {{"seat_ids", {seats[4]}}});
    std::size_t at = 0;
    ASSERT_TRUE(resumed->waitFor(seatsEvent("held", {seats[4]}), kWait, before, &at));
    const auto all = resumed->events();
    for (std::size_t i = before; i < all.size(); ++i)
        if (all[i].type == "seats") {
            EXPECT_EQ(dataOf(all[i])["seat_ids"], json({seats[4]}));
        }

    // From the newest id there is nothing to replay.
    auto current = stream(event["id"], {"", resumed->lastEventId()});
    ASSERT_TRUE(current->waitFor(availability(event["sections"][1]["id"].get<Id>(), 500), kWait));
    for (const auto& received : current->events())
        EXPECT_EQ(received.type, "availability");
}

TEST_P(LiveApiTest, BadRequestsAreRefusedAndQuietStreamsGetHeartbeats) {
    const json event = createEvent();
    auto unknown = stream(json(987654));
    EXPECT_EQ(unknown->status(), 404);
    EXPECT_EQ(unknown->errorBody()["error"]["code"], "not_found");

    auto badToken = stream(event["id"], {"not-a-token", ""});
    EXPECT_EQ(badToken->status(), 401);
    EXPECT_EQ(badToken->errorBody()["error"]["code"], "unauthenticated");

    auto badId = stream(event["id"], {"", "yesterday"});
    EXPECT_EQ(badId->status(), 400);
    const json error = badId->errorBody()["error"];
    EXPECT_EQ(error["code"], "invalid_request");
    EXPECT_EQ(error["details"]["field"], "Last-Event-ID");

    // --stream-heartbeat-seconds 1: a quiet stream sends ": ping" comments.
    auto quiet = stream(event["id"]);
    ASSERT_EQ(quiet->status(), 200);
    const auto deadline = SteadyClock::now() + 5s;
    while (quiet->comments() < 2 && SteadyClock::now() < deadline)
        std::this_thread::sleep_for(100ms);
    EXPECT_GE(quiet->comments(), 2u);
}

bool isAvailability(const StreamEvent& event) {
    return event.type == "availability";
}

// The reason of a stream's last event when it is session_ended ("" otherwise).
std::string sessionEndReason(EventStreamClient& stream) {
    const auto events = stream.events();
    if (events.empty() || events.back().type != "session_ended") return "";
    return dataOf(events.back()).value("reason", "");
}

// Logging out ends the streams opened with that token at once, with a last session_ended
// event: neither the next heartbeat nor the periodic session check (an hour away, both) does
// it. The account's other session and the public streams go on.
TEST_P(LiveApiTest, LoggingOutEndsThatTokensStreamsAtOnce) {
    m_client.reset();
    ASSERT_EQ(m_server->stop(), 0) << m_server->output();
    m_server = std::make_unique<ServerProcess>(
        m_database->url(),
        std::vector<std::string>{"--no-rate-limits", "--stream-heartbeat-seconds", "3600",
                                 "--stream-session-check-seconds", "3600"});
    m_client = std::make_unique<HttpsClient>(*m_server);
    const json event = createEvent();
    const auto seats = seatIds(event["id"]);
    const std::string anaPhone = client().login("ana@example.com", kTestPassword);
    auto first = stream(event["id"], {m_ana, ""});
    auto second = stream(event["id"], {m_ana, ""});
    auto phone = stream(event["id"], {anaPhone, ""});
    auto anonymous = stream(event["id"]);
    for (auto* open : {first.get(), second.get(), phone.get(), anonymous.get()}) {
        ASSERT_EQ(open->status(), 200);
        ASSERT_TRUE(open->waitFor(isAvailability, kWait));
    }

    auto out = client().post("/api/v1/auth/logout", json::object(), m_ana);
    ASSERT_EQ(out.status, 204) << out.raw;
    for (auto* ended : {first.get(), second.get()}) {
        EXPECT_TRUE(ended->waitForEnd(kWait)) << "the stream outlived its session";
        EXPECT_EQ(sessionEndReason(*ended), "logged_out");
    }
    EXPECT_EQ(client().get("/api/v1/me", m_ana).status, 401);
    EXPECT_EQ(stream(event["id"], {m_ana, ""})->status(), 401);

    hold(m_bia, event["id"], {{"seat_ids", {seats[0]}}});
    for (auto* open : {phone.get(), anonymous.get()}) {
        EXPECT_TRUE(open->waitFor(seatsEvent("held", {seats[0]}), kWait));
        EXPECT_EQ(sessionEndReason(*open), "");
    }
}

TEST_P(LiveApiTest, SigtermWithStreamsOpenStillExitsCleanlyAndPromptly) {
    const json event = createEvent();
    std::vector<std::unique_ptr<EventStreamClient>> streams;
    for (int i = 0; i < 5; ++i) {
        streams.push_back(stream(event["id"], {i == 0 ? m_ana : "", ""}));
        ASSERT_EQ(streams.back()->status(), 200);
    }
    m_client.reset();
    const auto start = SteadyClock::now();
    EXPECT_EQ(m_server->stop(), 0) << m_server->output();
    EXPECT_LT(SteadyClock::now() - start, 5s);
    for (auto& open : streams)
        EXPECT_TRUE(open->waitForEnd(5s));
    m_server.reset();
}

// Clients that made ordinary requests keep their connections open (keep-alive, here for up to
// 600 s) beside an open stream: SIGTERM closes them and exits cleanly instead of waiting them out
// (cpp-httplib alone waited up to the keep-alive timeout for each idle connection).
TEST_P(LiveApiTest, SigtermWithIdleKeepAliveClientsStillExitsCleanlyAndPromptly) {
    m_client.reset();
    ASSERT_EQ(m_server->stop(), 0) << m_server->output();
    m_server = std::make_unique<ServerProcess>(
        m_database->url(), serveArgs({"--keep-alive-timeout", "600", "--threads", "8"}));
    m_client = std::make_unique<HttpsClient>(*m_server);
    const json event = createEvent();
    std::vector<std::unique_ptr<HttpsClient>> idle;
    for (int i = 0; i < 4; ++i) {
        idle.push_back(std::make_unique<HttpsClient>(*m_server));
        EXPECT_EQ(idle.back()->get(eventPath(event["id"], "")).status, 200);
    }
    auto open = stream(event["id"]);
    ASSERT_EQ(open->status(), 200);
    const auto start = SteadyClock::now();
    EXPECT_EQ(m_server->stop(), 0) << m_server->output();
    EXPECT_LT(SteadyClock::now() - start, 20s); // the keep-alive alone would be 600 s
    EXPECT_TRUE(open->waitForEnd(5s));
    m_server.reset();
}

INSTANTIATE_TEST_SUITE_P(Stores, LiveApiTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

// Two workers and room for six streams: the streams must not take the workers.
class LiveWorkersTest : public LiveApiTest {
protected:
    void SetUp() override { start(Backend::Sqlite, {"--threads", "2", "--max-streams", "6"}); }
};

TEST_F(LiveWorkersTest, OpenStreamsLeaveTheWorkersToOrdinaryRequests) {
    const json event = createEvent();
    std::vector<std::unique_ptr<EventStreamClient>> streams;
    for (int i = 0; i < 6; ++i) {
        streams.push_back(stream(event["id"]));
        ASSERT_EQ(streams.back()->status(), 200) << "stream " << i;
    }
    // Each on a connection of its own: with fixed workers they would wait for the streams.
    for (int i = 0; i < 5; ++i) {
        HttpsClient fresh(*m_server);
        const auto start = SteadyClock::now();
        EXPECT_EQ(fresh.get(eventPath(event["id"])).status, 200);
        EXPECT_LT(SteadyClock::now() - start, 3s);
    }
    // A seventh stream is one too many.
    auto excess = stream(event["id"]);
    EXPECT_EQ(excess->status(), 503);
    EXPECT_EQ(excess->errorBody()["error"]["code"], "unavailable");

    // Once streams close (the server notices at its next heartbeat), there is room again.
    streams.resize(3);
    const auto deadline = SteadyClock::now() + 10s;
    int status = 0;
    while (SteadyClock::now() < deadline) {
        auto again = stream(event["id"]);
        status = again->status();
        if (status == 200) break;
        std::this_thread::sleep_for(200ms);
    }
    EXPECT_EQ(status, 200);
}

// Two server processes on one PostgreSQL database.
class TwoInstancesTest : public LiveApiTest {
protected:
    void SetUp() override {
        start(Backend::Postgres);
        m_second = std::make_unique<ServerProcess>(m_database->url(), serveArgs({}));
        m_secondClient = std::make_unique<HttpsClient>(*m_second);
    }
    void TearDown() override {
        m_secondClient.reset();
        if (m_second) {
            EXPECT_EQ(m_second->stop(), 0) << m_second->output();
        }
        LiveApiTest::TearDown();
    }

    std::unique_ptr<ServerProcess> m_second;
    std::unique_ptr<HttpsClient> m_secondClient;
};

TEST_F(TwoInstancesTest, AHoldOnOneInstanceReachesAStreamOnTheOther) {
    const json event = createEvent();
    const auto seats = seatIds(event["id"]);
    auto onSecond = stream(event["id"], {m_ana, ""}, m_second.get());
    ASSERT_EQ(onSecond->status(), 200);
    ASSERT_TRUE(onSecond->waitFor(availability(event["sections"][0]["id"].get<Id>(), 42), kWait));

    // Made on the first instance, seen on the second's stream.
    const auto start = SteadyClock::now();
    const json held = hold(m_ana, event["id"], {{"seat_ids", {seats[0], seats[1]}}});
    ASSERT_TRUE(onSecond->waitFor(seatsEvent("held", {seats[0], seats[1]}), kWait));
    EXPECT_LT(SteadyClock::now() - start, 3s) << "too slow for a notification";
    const json order = purchase(m_ana, held["id"], "two-1");
    auto own = onSecond->waitFor(isOrder, kWait);
    ASSERT_TRUE(own);
    EXPECT_EQ(dataOf(*own)["order_id"], order["id"]);
    const std::string lastId = onSecond->lastEventId();
    onSecond->close();

    // A change made on the second instance while away, replayed by the first from the second's id.
    HttpReply released =
        m_secondClient->post(eventPath(event["id"], "/holds"), {{"seat_ids", {seats[7]}}}, m_bia);
    ASSERT_EQ(released.status, 201) << released.raw;
    auto onFirst = stream(event["id"], {m_ana, lastId});
    ASSERT_EQ(onFirst->status(), 200);
    ASSERT_TRUE(onFirst->waitFor(seatsEvent("held", {seats[7]}), kWait));
    for (const auto& received : onFirst->events()) {
        EXPECT_NE(received.type, "order") << "the order came before Last-Event-ID";
        if (received.type == "seats") {
            EXPECT_EQ(dataOf(received)["seat_ids"], json({seats[7]}));
        }
    }
}

// A logout on one instance ends the token's stream on the other at that instance's next session
// check (every 2 s by default): it looks the stream's session up in the shared database.
TEST_F(TwoInstancesTest, ALogoutOnOneInstanceEndsTheTokensStreamOnTheOther) {
    const json event = createEvent();
    auto onSecond = stream(event["id"], {m_ana, ""}, m_second.get());
    auto bias = stream(event["id"], {m_bia, ""}, m_second.get());
    for (auto* open : {onSecond.get(), bias.get()}) {
        ASSERT_EQ(open->status(), 200);
        ASSERT_TRUE(open->waitFor(isAvailability, kWait));
    }
    auto out = client().post("/api/v1/auth/logout", json::object(), m_ana);
    ASSERT_EQ(out.status, 204) << out.raw;
    EXPECT_TRUE(onSecond->waitForEnd(kWait)) << "the stream on the other instance went on";
    EXPECT_EQ(sessionEndReason(*onSecond), "logged_out");
    EXPECT_FALSE(bias->waitForEnd(0ms)) << "another session's stream ended too";
}

} // namespace
} // namespace bilheteria::testing
