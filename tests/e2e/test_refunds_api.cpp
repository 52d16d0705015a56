// Refunds through the HTTP contract, black-box: the real server binary over HTTPS on both
// stores. A buyer inside and outside the event's refund window, a cash order the buyer may not
// refund online, staff refunds, Idempotency-Key replays and mismatches, bad bodies naming their
// field, the seats on sale again, and `check` passing afterwards.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/builders.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using nlohmann::json;

const std::string& kPassword = kTestPassword;

class RefundsApiTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        m_database = std::make_unique<TestDatabase>(GetParam());
        const std::string& url = m_database->url();
        addUser(url, "organizer@example.com", "Olga Organizer", "organizer", kPassword);
        addUser(url, "ana@example.com", "Ana Buyer", "buyer", kPassword);
        addUser(url, "bia@example.com", "Bia Buyer", "buyer", kPassword);
        addUser(url, "clerk@example.com", "Caio Clerk", "clerk", kPassword);
        m_server =
            std::make_unique<ServerProcess>(url, std::vector<std::string>{"--no-rate-limits"});
        m_client = std::make_unique<HttpsClient>(*m_server);
        m_organizer = client().login("organizer@example.com", kPassword);
        m_ana = client().login("ana@example.com", kPassword);
        m_bia = client().login("bia@example.com", kPassword);
        m_clerk = client().login("clerk@example.com", kPassword);
        ASSERT_FALSE(m_organizer.empty() || m_ana.empty() || m_bia.empty() || m_clerk.empty());
    }
    void TearDown() override {
        m_client.reset();
        if (m_server) {
            EXPECT_EQ(m_server->stop(), 0) << m_server->output();
        }
    }

    HttpsClient& client() { return *m_client; }

    // The demo event; buyers may refund until `refundsUntil` when given.
    json createEvent(const std::optional<std::string>& refundsUntil) {
        json body = demoEventBody("Refund Night");
        if (refundsUntil) body["refunds_until"] = *refundsUntil;
        auto created = client().post("/api/v1/events", body, m_organizer);
        EXPECT_EQ(created.status, 201) << created.raw;
        return created.body["event"];
    }
    json holdSeats(const json& event, int count, const std::string& token) {
        auto seats = client().get(path("/api/v1/events/", event["id"], "/seats"));
        json ids = json::array();
        for (const auto& seat : seats.body["seats"]) {
            if (seat["state"] != "free") continue;
            ids.push_back(seat["id"]);
            if (static_cast<int>(ids.size()) == count) break;
        }
        auto held = client().post(path("/api/v1/events/", event["id"], "/holds"),
                                  {{"seat_ids", ids}}, token);
        EXPECT_EQ(held.status, 201) << held.raw;
        return held.body["hold"];
    }
    json buyByCard(const json& event, int count, const std::string& token) {
        const json hold = holdSeats(event, count, token);
        auto paid =
            client().post(path("/api/v1/holds/", hold["id"], "/purchase"), cardPurchaseBody(),
                          token, {{"Idempotency-Key", "sale-" + std::to_string(++m_sales)}});
        EXPECT_EQ(paid.status, 201) << paid.raw;
        return paid.body["order"];
    }
    HttpReply refund(const json& order, const json& body, const std::string& token,
                     const std::string& key) {
        return client().post(path("/api/v1/orders/", order["id"], "/refunds"), body, token,
                             {{"Idempotency-Key", key}});
    }
    void expectCommandsPass() {
        for (const std::vector<std::string>& command :
             {std::vector<std::string>{"check", "--database", m_database->url()},
              std::vector<std::string>{"audit", "verify", "--database", m_database->url()}}) {
            std::string output;
            EXPECT_EQ(runServerCommand(command, "", &output), 0) << command[0] << ":\n" << output;
        }
    }

    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<HttpsClient> m_client;
    std::string m_organizer, m_ana, m_bia, m_clerk;
    int m_sales = 0;
};

TEST_P(RefundsApiTest, EventsTakeARefundWindow) {
    const json open = createEvent("2030-12-01T00:00:00Z");
    EXPECT_EQ(open["refunds_until"], "2030-12-01T00:00:00Z");
    EXPECT_FALSE(createEvent(std::nullopt).contains("refunds_until"));
    json late = demoEventBody("Too late");
    late["refunds_until"] = "2031-01-01T00:00:00Z"; // after the show
    expectInvalidField(client().post("/api/v1/events", late, m_organizer), "refunds_until");
    late["refunds_until"] = "soon";
    expectInvalidField(client().post("/api/v1/events", late, m_organizer), "refunds_until");
}

TEST_P(RefundsApiTest, ABuyerRefundsTheirOwnOrderInsideTheWindow) {
    const json event = createEvent("2030-12-01T00:00:00Z");
    const json order = buyByCard(event, 2, m_ana);
    const json first = order["tickets"][0]["id"];

    // Bia may not even see it.
    expectApiError(refund(order, json::object(), m_bia, "bia-1"), 404, "not_found");

    auto partial = refund(order, {{"ticket_ids", {first}}, {"reason", "cannot go"}}, m_ana, "r1");
    ASSERT_EQ(partial.status, 201) << partial.raw;
    EXPECT_EQ(partial.body["order"]["status"], "partially_refunded");
    EXPECT_EQ(partial.body["order"]["tickets"][0]["status"], "refunded");
    EXPECT_EQ(partial.body["order"]["tickets"][1]["status"], "valid");
    const json& r = partial.body["refund"];
    EXPECT_EQ(r["amount_cents"], 25'000);
    EXPECT_EQ(r["method"], "card");
    EXPECT_TRUE(r.contains("id") && r.contains("created_at")) << partial.raw;

    // The seat is free again at once.
    auto seats = client().get(path("/api/v1/events/", event["id"], "/seats"));
    for (const auto& seat : seats.body["seats"]) {
        if (seat["id"] == order["tickets"][0]["seat_id"]) {
            EXPECT_EQ(seat["state"], "free");
        }
    }

    // The same key again: the same refund, 200; another request with it: 409.
    auto replay = refund(order, {{"ticket_ids", {first}}, {"reason", "cannot go"}}, m_ana, "r1");
    ASSERT_EQ(replay.status, 200) << replay.raw;
    EXPECT_EQ(replay.body["refund"]["id"], r["id"]);
    expectApiError(refund(order, json::object(), m_ana, "r1"), 409, "idempotency_mismatch");

    // The rest (no body at all means every valid ticket); then nothing is left.
    auto rest = client().postRaw(path("/api/v1/orders/", order["id"], "/refunds"), "",
                                 "application/json", m_ana);
    expectInvalidField(rest, "Idempotency-Key");
    auto all = refund(order, json::object(), m_ana, "r2");
    ASSERT_EQ(all.status, 201) << all.raw;
    EXPECT_EQ(all.body["order"]["status"], "refunded");
    expectApiError(refund(order, json::object(), m_ana, "r3"), 409, "ticket_void");

    auto read = client().get(path("/api/v1/orders/", order["id"]), m_ana);
    ASSERT_EQ(read.status, 200) << read.raw;
    EXPECT_EQ(read.body["order"]["status"], "refunded");
    expectCommandsPass();
}

TEST_P(RefundsApiTest, OutsideTheWindowOnlyStaffRefund) {
    const json closed = createEvent("2020-01-01T00:00:00Z");
    const json none = createEvent(std::nullopt);
    const json a = buyByCard(closed, 1, m_ana);
    const json b = buyByCard(none, 1, m_ana);
    expectApiError(refund(a, json::object(), m_ana, "a"), 403, "forbidden");
    expectApiError(refund(b, json::object(), m_ana, "b"), 403, "forbidden");

    auto byClerk = refund(a, json::object(), m_clerk, "a");
    ASSERT_EQ(byClerk.status, 201) << byClerk.raw;
    EXPECT_EQ(byClerk.body["order"]["status"], "refunded");
    auto byOrganizer = refund(b, {{"reason", "moved"}}, m_organizer, "b");
    ASSERT_EQ(byOrganizer.status, 201) << byOrganizer.raw;

    // The freed seat sells to someone else.
    const json again = buyByCard(closed, 1, m_bia);
    EXPECT_EQ(again["tickets"][0]["seat_id"], a["tickets"][0]["seat_id"]);
    expectCommandsPass();
}

TEST_P(RefundsApiTest, ACashOrderGoesBackAtTheCounterOnly) {
    const json event = createEvent("2030-12-01T00:00:00Z");
    const json hold = holdSeats(event, 1, m_ana);
    auto paid = client().post(path("/api/v1/holds/", hold["id"], "/purchase"),
                              {{"payment", {{"method", "cash"}, {"tendered_cents", 30'000}}}},
                              m_clerk, {{"Idempotency-Key", "cash-sale"}});
    ASSERT_EQ(paid.status, 201) << paid.raw;
    const json order = paid.body["order"];

    expectApiError(refund(order, json::object(), m_ana, "cash-1"), 403, "forbidden");
    auto counter = refund(order, json::object(), m_clerk, "cash-1");
    ASSERT_EQ(counter.status, 201) << counter.raw;
    EXPECT_EQ(counter.body["refund"]["method"], "cash");
    EXPECT_EQ(counter.body["refund"]["amount_cents"], 25'000);
    expectCommandsPass();
}

TEST_P(RefundsApiTest, BadBodiesNameTheirField) {
    const json event = createEvent("2030-12-01T00:00:00Z");
    const json order = buyByCard(event, 1, m_ana);
    expectInvalidField(refund(order, {{"ticket_ids", "all"}}, m_clerk, "k1"), "ticket_ids");
    expectInvalidField(refund(order, {{"ticket_ids", json::array()}}, m_clerk, "k2"), "ticket_ids");
    expectInvalidField(refund(order, {{"ticket_ids", {-1}}}, m_clerk, "k3"), "ticket_ids[0]");
    const json id = order["tickets"][0]["id"];
    expectInvalidField(refund(order, {{"ticket_ids", {id, id}}}, m_clerk, "k4"), "ticket_ids");
    expectInvalidField(refund(order, {{"ticket_ids", {999'999}}}, m_clerk, "k5"), "ticket_ids");
    expectInvalidField(refund(order, {{"reason", 5}}, m_clerk, "k6"), "reason");
    expectInvalidField(refund(order, json::object(), m_clerk, ""), "Idempotency-Key");
    expectApiError(client().post(path("/api/v1/orders/", order["id"], "/refunds"), json::object(),
                                 "", {{"Idempotency-Key", "k7"}}),
                   401, "unauthenticated");
    expectApiError(refund({{"id", 999'999}}, json::object(), m_clerk, "k8"), 404, "not_found");
    expectCommandsPass();
}

INSTANTIATE_TEST_SUITE_P(Backends, RefundsApiTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
