// Refunds through the HTTP contract, black-box: the real server binary over HTTPS on both
// stores. A buyer inside and outside the event's refund window, a cash order the buyer may not
// refund online, staff refunds, Idempotency-Key replays and mismatches, bad bodies naming their
// field, the seats on sale again, and `check` passing afterwards.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/apitest.h"
#include "tests/support/builders.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using nlohmann::json;

const std::string& kPassword = kTestPassword;

class RefundsApiTest : public ApiTest {
protected:
    void SetUp() override {
        createDatabase({kOrganizer, kAna, kBia, kClerk, kDoor, kOtherOrganizer});
        startServer();
    }

    // The demo event; buyers may refund until `refundsUntil` when given.
    json createEvent(const std::optional<std::string>& refundsUntil, bool queue = false) {
        json body = demoEventBody("Refund Night");
        body["queue"]["enabled"] = queue;
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
    json buyByCash(const json& event, int count) {
        const json hold = holdSeats(event, count, m_clerk);
        auto paid =
            client().post(path("/api/v1/holds/", hold["id"], "/purchase"),
                          {{"payment", {{"method", "cash"}, {"tendered_cents", 100'000}}}}, m_clerk,
                          {{"Idempotency-Key", "sale-" + std::to_string(++m_sales)}});
        EXPECT_EQ(paid.status, 201) << paid.raw;
        return paid.body["order"];
    }
    HttpReply lookUp(const std::string& ticket, const std::string& token) {
        return client().get("/api/v1/orders?ticket=" + ticket, token);
    }
    HttpReply cancel(const json& event, const json& body, const std::string& token) {
        return client().post(path("/api/v1/events/", event["id"], "/cancel"), body, token);
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

TEST_P(RefundsApiTest, StaffFindAnOrderByATicketsCodeOrToken) {
    const json event = createEvent(std::nullopt);
    const json order = buyByCard(event, 2, m_ana);
    const std::string code = order["tickets"][1]["code"];
    const std::string qr = order["tickets"][1]["qr"];

    for (const std::string& token : {m_door, m_clerk, m_organizer, m_ana}) {
        for (const std::string& ticket : {code, qr}) {
            auto found = lookUp(ticket, token);
            ASSERT_EQ(found.status, 200) << found.raw;
            ASSERT_EQ(found.body["orders"].size(), 1u) << found.raw;
            EXPECT_EQ(found.body["orders"][0]["id"], order["id"]);
            EXPECT_EQ(found.body["orders"][0]["tickets"].size(), 2u);
            EXPECT_TRUE(found.body["orders"][0]["tickets"][0].contains("qr"));
        }
    }
    // Another buyer, an unknown code, a forged token: an empty list. The forgery changes a
    // character inside the signature: the last ones carry padding bits, and a change there can
    // decode to the very same signature.
    std::string forged = qr;
    char& changed = forged[forged.size() - 10];
    changed = changed == 'A' ? 'B' : 'A';
    for (const auto& [ticket, token] :
         std::vector<std::pair<std::string, std::string>>{{code, m_bia},
                                                          {std::string(22, 'A'), m_clerk},
                                                          {forged, m_door},
                                                          {"BLH1.e30.AAAA", m_door}}) {
        auto none = lookUp(ticket, token);
        ASSERT_EQ(none.status, 200) << none.raw;
        EXPECT_EQ(none.body["orders"], json::array()) << ticket;
    }
    expectInvalidField(lookUp("", m_clerk), "ticket");
    expectInvalidField(lookUp(std::string(2000, 'A'), m_clerk), "ticket");
    expectApiError(lookUp(code, ""), 401, "unauthenticated");
    // Without the parameter: the caller's own orders, as before.
    auto own = client().get("/api/v1/orders", m_clerk);
    ASSERT_EQ(own.status, 200) << own.raw;
    EXPECT_EQ(own.body["orders"], json::array());
}

TEST_P(RefundsApiTest, TheShiftCountsTheCallersRefunds) {
    const json event = createEvent(std::nullopt);
    const json cash = buyByCash(event, 1);
    const json card = buyByCard(event, 2, m_ana);
    ASSERT_EQ(refund(cash, json::object(), m_clerk, "s1").status, 201);
    ASSERT_EQ(refund(card, {{"ticket_ids", {card["tickets"][0]["id"]}}}, m_clerk, "s2").status,
              201);

    auto shift = client().get("/api/v1/me/shift?since=2020-01-01T00:00:00Z", m_clerk);
    ASSERT_EQ(shift.status, 200) << shift.raw;
    const json& s = shift.body["shift"];
    EXPECT_EQ(s["refunds"], 2);
    ASSERT_EQ(s["totals"].size(), 1u) << shift.raw;
    const json& brl = s["totals"][0];
    EXPECT_EQ(brl["refunds"], 2);
    EXPECT_EQ(brl["refunded_cents"], 50'000);
    EXPECT_EQ(brl["cash_refunded_cents"], 25'000);
    EXPECT_EQ(brl["card_refunded_cents"], 25'000);
    EXPECT_EQ(brl["cash_cents"], 25'000); // the drawer: cash_cents - cash_refunded_cents = 0

    auto ana = client().get("/api/v1/me/shift?since=2020-01-01T00:00:00Z", m_ana);
    ASSERT_EQ(ana.status, 200) << ana.raw;
    EXPECT_EQ(ana.body["shift"]["refunds"], 0);
    EXPECT_EQ(ana.body["shift"]["totals"][0]["refunded_cents"], 0);
}

TEST_P(RefundsApiTest, CancellingAnEventRefundsEveryOrderAndClosesTheSale) {
    const json event = createEvent(std::nullopt, true);
    const json cash = buyByCash(event, 2);
    const json card = buyByCard(event, 1, m_clerk);
    const std::string code = card["tickets"][0]["code"];

    // Who may, and bad input: nothing changes.
    expectApiError(cancel(event, json::object(), m_clerk), 403, "forbidden");
    expectApiError(cancel(event, json::object(), m_other), 403, "forbidden");
    expectApiError(cancel(event, json::object(), ""), 401, "unauthenticated");
    expectApiError(cancel({{"id", 999'999}}, json::object(), m_organizer), 404, "not_found");
    expectInvalidField(cancel(event, {{"reason", 5}}, m_organizer), "reason");
    expectInvalidField(cancel(event, {{"reason", ""}}, m_organizer), "reason");
    expectInvalidField(client().postRaw(path("/api/v1/events/", event["id"], "/cancel"), "[1]",
                                        "application/json", m_organizer),
                       "body");
    auto before = client().get(path("/api/v1/events/", event["id"]));
    EXPECT_FALSE(before.body["event"].contains("cancelled_at")) << before.raw;

    auto done = cancel(event, {{"reason", "storm"}}, m_organizer);
    ASSERT_EQ(done.status, 200) << done.raw;
    EXPECT_EQ(done.body["refunded_orders"], 2);
    EXPECT_EQ(done.body["refunded_cents"], 75'000);
    ASSERT_TRUE(done.body["event"].contains("cancelled_at")) << done.raw;
    const json cancelledAt = done.body["event"]["cancelled_at"];

    // The event and the list say so; every order is refunded; the door refuses its tickets.
    auto read = client().get(path("/api/v1/events/", event["id"]));
    EXPECT_EQ(read.body["event"]["cancelled_at"], cancelledAt);
    auto list = client().get("/api/v1/events");
    for (const auto& summary : list.body["events"]) {
        if (summary["id"] == event["id"]) {
            EXPECT_EQ(summary["cancelled_at"], cancelledAt);
        }
    }
    for (const json& order : {cash, card}) {
        auto now = client().get(path("/api/v1/orders/", order["id"]), m_clerk);
        EXPECT_EQ(now.body["order"]["status"], "refunded") << now.raw;
        for (const auto& ticket : now.body["order"]["tickets"])
            EXPECT_EQ(ticket["status"], "refunded");
    }
    auto door = client().post("/api/v1/checkins", {{"code", code}, {"gate", "G1"}}, m_door);
    expectApiError(door, 409, "ticket_void");
    EXPECT_EQ(door.body["error"]["details"]["reason"], "cancelled") << door.raw;

    // The sale is closed: holds, purchases and the waiting room.
    auto seats = client().get(path("/api/v1/events/", event["id"], "/seats"));
    auto hold = client().post(path("/api/v1/events/", event["id"], "/holds"),
                              {{"seat_ids", {seats.body["seats"][30]["id"]}}}, m_clerk);
    expectApiError(hold, 409, "sale_closed");
    expectApiError(
        client().post(path("/api/v1/events/", event["id"], "/queue"), json::object(), m_bia), 409,
        "sale_closed");

    // Again: 200, nothing left to refund, the first time stays.
    auto again = client().postRaw(path("/api/v1/events/", event["id"], "/cancel"), "",
                                  "application/json", m_organizer);
    ASSERT_EQ(again.status, 200) << again.raw;
    EXPECT_EQ(again.body["refunded_orders"], 0);
    EXPECT_EQ(again.body["refunded_cents"], 0);
    EXPECT_EQ(again.body["event"]["cancelled_at"], cancelledAt);
    expectCommandsPass();
}

TEST_P(RefundsApiTest, StaffExchangeATicketForAnotherSeat) {
    const json event = createEvent(std::nullopt);
    const json order = buyByCard(event, 2, m_ana);
    const json old = order["tickets"][0];
    auto seats = client().get(path("/api/v1/events/", event["id"], "/seats"));
    const json freeSeat = seats.body["seats"][10]["id"];
    const json pista = event["sections"][1]["id"];
    auto exchange = [&](const json& body, const std::string& token, const std::string& key) {
        return client().post(path("/api/v1/orders/", order["id"], "/exchanges"), body, token,
                             {{"Idempotency-Key", key}});
    };

    // Bad input and the wrong caller change nothing.
    expectInvalidField(exchange({{"seat_id", freeSeat}}, m_clerk, "e0"), "ticket_id");
    expectInvalidField(exchange({{"ticket_id", old["id"]}}, m_clerk, "e0"), "seat_id");
    expectInvalidField(
        exchange({{"ticket_id", old["id"]}, {"seat_id", freeSeat}, {"section_id", pista}}, m_clerk,
                 "e0"),
        "section_id");
    expectInvalidField(exchange({{"ticket_id", old["id"]}, {"seat_id", -3}}, m_clerk, "e0"),
                       "seat_id");
    expectInvalidField(exchange({{"ticket_id", old["id"]}, {"seat_id", freeSeat}}, m_clerk, ""),
                       "Idempotency-Key");
    expectInvalidField(exchange({{"ticket_id", 999'999}, {"seat_id", freeSeat}}, m_clerk, "e1"),
                       "ticket_id");
    expectInvalidField(exchange({{"ticket_id", old["id"]}, {"seat_id", 999'999}}, m_clerk, "e2"),
                       "seat_id");
    expectApiError(exchange({{"ticket_id", old["id"]}, {"seat_id", freeSeat}}, m_ana, "e3"), 403,
                   "forbidden");
    // A cheaper place takes no payment: its difference is paid back.
    expectInvalidField(exchange({{"ticket_id", old["id"]},
                                 {"section_id", pista},
                                 {"payment", {{"method", "cash"}, {"tendered_cents", 1'000}}}},
                                m_clerk, "e4"),
                       "payment");
    expectApiError(exchange({{"ticket_id", old["id"]}, {"seat_id", order["tickets"][1]["seat_id"]}},
                            m_clerk, "e5"),
                   409, "seats_unavailable");

    auto done = exchange({{"ticket_id", old["id"]}, {"seat_id", freeSeat}}, m_clerk, "e6");
    ASSERT_EQ(done.status, 201) << done.raw;
    const json& x = done.body["exchange"];
    EXPECT_EQ(x["old_ticket_id"], old["id"]);
    EXPECT_EQ(x["difference_cents"], 0);
    EXPECT_TRUE(x.contains("id") && x.contains("new_ticket_id") && x.contains("created_at"));
    const json& tickets = done.body["order"]["tickets"];
    ASSERT_EQ(tickets.size(), 3u) << done.raw;
    EXPECT_EQ(tickets[0]["status"], "exchanged");
    EXPECT_EQ(tickets[2]["id"], x["new_ticket_id"]);
    EXPECT_EQ(tickets[2]["seat_id"], freeSeat);
    EXPECT_TRUE(tickets[2].contains("qr"));
    EXPECT_EQ(done.body["order"]["status"], "paid");
    auto replay = exchange({{"ticket_id", old["id"]}, {"seat_id", freeSeat}}, m_clerk, "e6");
    ASSERT_EQ(replay.status, 200) << replay.raw;
    EXPECT_EQ(replay.body["exchange"]["id"], x["id"]);

    // The old ticket is refused at the door, the new one admitted; the old seat sells again.
    auto refused =
        client().post("/api/v1/checkins", {{"code", old["code"]}, {"gate", "G"}}, m_door);
    expectApiError(refused, 409, "ticket_void");
    EXPECT_EQ(refused.body["error"]["details"]["reason"], "exchanged") << refused.raw;
    auto admitted =
        client().post("/api/v1/checkins", {{"qr", tickets[2]["qr"]}, {"gate", "G"}}, m_door);
    EXPECT_EQ(admitted.status, 200) << admitted.raw;
    const json again = buyByCard(event, 1, m_bia);
    EXPECT_EQ(again["tickets"][0]["seat_id"], old["seat_id"]);
    expectCommandsPass();
}

TEST_P(RefundsApiTest, StaffExchangeForADearerOrCheaperPlaceSettleTheDifference) {
    const json event = createEvent(std::nullopt);
    const json pista = event["sections"][1]["id"];
    const json order = buyByCard(event, 2, m_ana); // two Plateia seats, 25,000 each
    auto seats = client().get(path("/api/v1/events/", event["id"], "/seats"));
    const json seatA = seats.body["seats"][10]["id"];
    const json seatB = seats.body["seats"][11]["id"];
    auto exchange = [&](const json& body, const std::string& key) {
        return client().post(path("/api/v1/orders/", order["id"], "/exchanges"), body, m_clerk,
                             {{"Idempotency-Key", key}});
    };
    const json cash = {{"method", "cash"}, {"tendered_cents", 12'000}};

    // Cheaper (Plateia for Pista): the 10,000 goes back to the card as a refund.
    auto cheaper =
        exchange({{"ticket_id", order["tickets"][0]["id"]}, {"section_id", pista}}, "p1");
    ASSERT_EQ(cheaper.status, 201) << cheaper.raw;
    const json& down = cheaper.body["exchange"];
    EXPECT_EQ(down["old_price_cents"], 25'000);
    EXPECT_EQ(down["new_price_cents"], 15'000);
    EXPECT_EQ(down["difference_cents"], -10'000);
    EXPECT_EQ(down["currency"], "BRL");
    EXPECT_FALSE(down.contains("payment")) << cheaper.raw;
    ASSERT_TRUE(down.contains("refund")) << cheaper.raw;
    EXPECT_EQ(down["refund"]["amount_cents"], 10'000);
    EXPECT_EQ(down["refund"]["method"], "card");
    EXPECT_EQ(down["refund"]["reason"], "exchange");
    EXPECT_EQ(down["refund"]["ticket_ids"], json::array());
    EXPECT_EQ(down["refund"]["status"], "settled");
    EXPECT_EQ(cheaper.body["order"]["total_cents"], 40'000);
    const json pistaTicket = down["new_ticket_id"];

    // Dearer (Pista for Plateia) in cash: the payment is required and takes the difference.
    expectInvalidField(exchange({{"ticket_id", pistaTicket}, {"seat_id", seatA}}, "p2"), "payment");
    auto dearer =
        exchange({{"ticket_id", pistaTicket}, {"seat_id", seatA}, {"payment", cash}}, "p3");
    ASSERT_EQ(dearer.status, 201) << dearer.raw;
    const json& up = dearer.body["exchange"];
    EXPECT_EQ(up["difference_cents"], 10'000);
    EXPECT_EQ(up["payment"],
              (json{{"method", "cash"}, {"amount_cents", 10'000}, {"change_cents", 2'000}}))
        << dearer.raw;
    EXPECT_FALSE(up.contains("refund"));
    EXPECT_EQ(dearer.body["order"]["total_cents"], 50'000);
    // The same key and request: 200, the same exchange and payment, nothing taken twice.
    auto replay =
        exchange({{"ticket_id", pistaTicket}, {"seat_id", seatA}, {"payment", cash}}, "p3");
    ASSERT_EQ(replay.status, 200) << replay.raw;
    EXPECT_EQ(replay.body["exchange"], up);
    EXPECT_EQ(replay.body["order"]["total_cents"], 50'000);
    expectApiError(exchange({{"ticket_id", pistaTicket},
                             {"seat_id", seatA},
                             {"payment", {{"method", "cash"}, {"tendered_cents", 10'000}}}},
                            "p3"),
                   409, "idempotency_mismatch");

    // Dearer by card: declined changes nothing; then paid.
    auto second = exchange({{"ticket_id", order["tickets"][1]["id"]}, {"section_id", pista}}, "p4");
    ASSERT_EQ(second.status, 201) << second.raw;
    const json secondPista = second.body["exchange"]["new_ticket_id"];
    expectApiError(exchange({{"ticket_id", secondPista},
                             {"seat_id", seatB},
                             {"payment", cardPurchaseBody("4000000000000002")["payment"]}},
                            "p5"),
                   402, "payment_declined");
    auto byCard = exchange({{"ticket_id", secondPista},
                            {"seat_id", seatB},
                            {"payment", cardPurchaseBody()["payment"]}},
                           "p6");
    ASSERT_EQ(byCard.status, 201) << byCard.raw;
    EXPECT_EQ(byCard.body["exchange"]["payment"]["method"], "card");
    EXPECT_EQ(byCard.body["exchange"]["payment"]["amount_cents"], 10'000);
    EXPECT_EQ(byCard.body["exchange"]["payment"]["last4"], "1111");
    EXPECT_EQ(byCard.body["order"]["total_cents"], 50'000);
    EXPECT_EQ(byCard.body["order"]["status"], "paid");

    // The clerk's shift: two differences taken, two paid back; no sale of the clerk's.
    auto shift = client().get("/api/v1/me/shift?since=2020-01-01T00:00:00Z", m_clerk);
    ASSERT_EQ(shift.status, 200) << shift.raw;
    const json& s = shift.body["shift"];
    EXPECT_EQ(s["orders"], 0);
    EXPECT_EQ(s["refunds"], 2);
    ASSERT_EQ(s["totals"].size(), 1u) << shift.raw;
    const json& brl = s["totals"][0];
    EXPECT_EQ(brl["total_cents"], 0);
    EXPECT_EQ(brl["exchanges_paid"], 2);
    EXPECT_EQ(brl["exchange_paid_cents"], 20'000);
    EXPECT_EQ(brl["cash_exchange_paid_cents"], 10'000);
    EXPECT_EQ(brl["card_exchange_paid_cents"], 10'000);
    EXPECT_EQ(brl["card_refunded_cents"], 20'000);
    EXPECT_EQ(brl["cash_refunded_cents"], 0);

    // The order's refunds show the paid-back differences; a refund of the rest pays back the
    // tickets it holds now (50,000), within the sale's payment and the top-ups.
    auto rest = refund(order, json::object(), m_clerk, "p7");
    ASSERT_EQ(rest.status, 201) << rest.raw;
    EXPECT_EQ(rest.body["refund"]["amount_cents"], 50'000);
    EXPECT_EQ(rest.body["order"]["status"], "refunded");
    expectCommandsPass();
}

INSTANTIATE_TEST_SUITE_P(Backends, RefundsApiTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
