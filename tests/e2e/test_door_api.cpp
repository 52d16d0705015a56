// The door through the HTTP contract, black-box: the real server binary over HTTPS on both
// stores. Tokens verified offline with nothing but the published key; 32 gates racing on one
// ticket; forged tokens; a void ticket refused online and revoked in the bundle; 10,000 offline
// scans from three scanners reconciled exactly once, and sent again without effect; `check`.
#include <gtest/gtest.h>

#include <latch>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "shared/jsonmapping.h"
#include "shared/protocol.h"
#include "shared/ticketqr.h"
#include "shared/timeformat.h"
#include "tests/support/apitest.h"
#include "tests/support/builders.h"
#include "tests/support/eventstreamclient.h"
#include "tests/support/rawdatabase.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

const std::string& kPassword = kTestPassword;

class DoorApiTest : public ApiTest {
protected:
    void SetUp() override {
        // The door role too, through the command line.
        createDatabase({kOrganizer, kAna, kClerk, kDoor});
        m_raw = std::make_unique<RawDatabase>(GetParam(), url());
        startServer();
        auto me = client().get("/api/v1/me", m_door);
        ASSERT_EQ(me.status, 200) << me.raw;
        EXPECT_EQ(me.body["user"]["role"], "door");
    }

    json createEvent(std::int64_t generalCapacity = 500) {
        json body = demoEventBody("Door Night");
        body["sections"][1]["capacity"] = generalCapacity;
        auto created = client().post("/api/v1/events", body, m_organizer);
        EXPECT_EQ(created.status, 201) << created.raw;
        return created.body["event"];
    }
    // `quantity` general-admission tickets sold at the counter for cash, in one order.
    json sellGeneral(const json& event, std::int64_t quantity) {
        auto held = client().post(
            path("/api/v1/events/", event["id"], "/holds"),
            {{"section_id", event["sections"][1]["id"]}, {"quantity", quantity}}, m_clerk);
        EXPECT_EQ(held.status, 201) << held.raw;
        auto paid = client().post(
            path("/api/v1/holds/", held.body["hold"]["id"], "/purchase"),
            {{"payment", {{"method", "cash"}, {"tendered_cents", 15'000 * quantity}}}}, m_clerk,
            {{"Idempotency-Key", "sale-" + std::to_string(++m_sales)}});
        EXPECT_EQ(paid.status, 201) << paid.raw;
        return paid.body["order"];
    }
    json sellSeats(const json& event, int count) {
        auto seats = client().get(path("/api/v1/events/", event["id"], "/seats"));
        json ids = json::array();
        for (int i = 0; i < count; ++i)
            ids.push_back(seats.body["seats"][m_seatsSold++]["id"]);
        auto held = client().post(path("/api/v1/events/", event["id"], "/holds"),
                                  {{"seat_ids", ids}}, m_ana);
        EXPECT_EQ(held.status, 201) << held.raw;
        auto paid =
            client().post(path("/api/v1/holds/", held.body["hold"]["id"], "/purchase"),
                          {{"payment",
                            {{"method", "card"},
                             {"card_number", "4111111111111111"},
                             {"exp_month", 12},
                             {"exp_year", 2035},
                             {"cvc", "123"},
                             {"holder_name", "Ana Souza"}}}},
                          m_ana, {{"Idempotency-Key", "seats-" + std::to_string(++m_sales)}});
        EXPECT_EQ(paid.status, 201) << paid.raw;
        return paid.body["order"];
    }
    std::vector<PublicKeyInfo> publishedKeys(const json& eventId) {
        auto reply = client().get(path("/api/v1/events/", eventId, "/keys")); // anyone
        EXPECT_EQ(reply.status, 200) << reply.raw;
        std::vector<PublicKeyInfo> keys;
        for (const auto& key : reply.body["keys"]) {
            EXPECT_EQ(key["algorithm"], "Ed25519");
            keys.push_back({key["key_id"], key["algorithm"], key["public_key"]});
        }
        return keys;
    }
    void expectCommandsPass() { expectCheckAndAuditPass(url()); }

    std::unique_ptr<RawDatabase> m_raw;
    int m_sales = 0;
    std::size_t m_seatsSold = 0;
};

TEST_P(DoorApiTest, TicketsCarryTokensTheLoneKeyVerifiesOffline) {
    const json event = createEvent();
    const json order = sellSeats(event, 2);
    const auto keys = publishedKeys(event["id"]);
    ASSERT_EQ(keys.size(), 1u);
    EXPECT_EQ(keys[0].publicKey.size(), 43u);
    for (const auto& ticket : order["tickets"]) {
        EXPECT_EQ(ticket["status"], "valid");
        const std::string qr = ticket.value("qr", "");
        auto claims = verifyTicketToken(qr, keys);
        ASSERT_TRUE(claims) << qr;
        EXPECT_EQ(claims->ticketId, ticket["id"].get<Id>());
        EXPECT_EQ(claims->code, ticket["code"]);
        EXPECT_EQ(claims->eventId, event["id"].get<Id>());
        EXPECT_EQ(claims->row, ticket["row"].get<std::string>());
        EXPECT_EQ(claims->number, ticket["number"].get<int>());
        EXPECT_EQ(formatRfc3339(claims->issuedAt), order["created_at"]);
        // One byte changed: refused.
        std::string changed = qr;
        changed[changed.size() / 2] = changed[changed.size() / 2] == 'Q' ? 'R' : 'Q';
        EXPECT_FALSE(verifyTicketToken(changed, keys));
    }
    // Another event's key refuses this event's tokens.
    const json other = createEvent();
    const auto otherKeys = publishedKeys(other["id"]);
    ASSERT_EQ(otherKeys.size(), 1u);
    EXPECT_NE(otherKeys[0].publicKey, keys[0].publicKey);
    EXPECT_FALSE(verifyTicketToken(order["tickets"][0]["qr"].get<std::string>(), otherKeys));
    // The same order read back has the same tokens.
    auto read = client().get(path("/api/v1/orders/", order["id"]), m_ana);
    ASSERT_EQ(read.status, 200) << read.raw;
    EXPECT_EQ(read.body["order"]["tickets"], order["tickets"]);
    expectApiError(client().get("/api/v1/events/987654/keys"), 404, "not_found");
}

TEST_P(DoorApiTest, ThirtyTwoGatesRacingOnOneTicketAdmitItOnce) {
    const json event = createEvent();
    const json order = sellGeneral(event, 1);
    const std::string code = order["tickets"][0]["code"];
    constexpr int kGates = 32;
    std::vector<HttpReply> replies(kGates);
    {
        std::vector<std::unique_ptr<HttpsClient>> clients;
        for (int i = 0; i < kGates; ++i)
            clients.push_back(std::make_unique<HttpsClient>(*m_server));
        std::latch start(kGates);
        std::vector<std::thread> gates;
        for (int i = 0; i < kGates; ++i)
            gates.emplace_back([&, i] {
                start.arrive_and_wait();
                replies[i] = clients[i]->post(
                    "/api/v1/checkins", {{"code", code}, {"gate", "gate " + std::to_string(i)}},
                    m_door);
            });
        for (auto& gate : gates)
            gate.join();
    }
    int admitted = 0;
    std::string winner, winnerTime;
    for (const auto& reply : replies)
        if (reply.status == 200) {
            ++admitted;
            EXPECT_EQ(reply.body["result"], "admitted") << reply.raw;
            EXPECT_EQ(reply.body["ticket"]["status"], "checked_in") << reply.raw;
            winner = reply.body["gate"];
            winnerTime = reply.body["checked_in_at"];
        }
    ASSERT_EQ(admitted, 1);
    int refused = 0;
    for (const auto& reply : replies) {
        if (reply.status == 200) continue;
        expectApiError(reply, 409, "already_checked_in");
        EXPECT_EQ(reply.body["error"]["details"]["gate"], winner) << reply.raw;
        EXPECT_EQ(reply.body["error"]["details"]["checked_in_at"], winnerTime) << reply.raw;
        ++refused;
    }
    EXPECT_EQ(refused, kGates - 1);
    EXPECT_EQ(m_raw->count("SELECT count(*) FROM checkins"), 1);
    expectCommandsPass();
}

TEST_P(DoorApiTest, ForgedTokensAndVoidTicketsAreRefused) {
    const json event = createEvent();
    const json order = sellSeats(event, 3);
    const json& tickets = order["tickets"];
    const std::string qr = tickets[0]["qr"];

    std::string forged = qr;
    forged[forged.find('.') + 4] = forged[forged.find('.') + 4] == 'a' ? 'b' : 'a';
    expectApiError(client().post("/api/v1/checkins", {{"qr", forged}, {"gate", "G1"}}, m_door), 404,
                   "not_found");
    expectApiError(client().post("/api/v1/checkins", {{"qr", "BLH1.x.y"}, {"gate", "G1"}}, m_door),
                   404, "not_found");
    expectApiError(client().post("/api/v1/checkins",
                                 {{"code", "no-such-ticket-code-xxxx"}, {"gate", "G1"}}, m_door),
                   404, "not_found");

    auto admitted = client().post("/api/v1/checkins", {{"qr", qr}, {"gate", "G1"}}, m_door);
    ASSERT_EQ(admitted.status, 200) << admitted.raw;
    EXPECT_EQ(admitted.body["ticket"]["id"], tickets[0]["id"]);
    EXPECT_EQ(admitted.body["gate"], "G1");

    auto refunded = client().post(path("/api/v1/orders/", order["id"], "/refunds"),
                                  {{"ticket_ids", {tickets[1]["id"]}}}, m_clerk,
                                  {{"Idempotency-Key", "void-1"}});
    ASSERT_EQ(refunded.status, 201) << refunded.raw;
    auto refused = client().post("/api/v1/checkins", {{"code", tickets[1]["code"]}, {"gate", "G2"}},
                                 m_clerk); // counter staff scan too
    expectApiError(refused, 409, "ticket_void");
    EXPECT_EQ(refused.body["error"]["details"]["reason"], "refunded") << refused.raw;

    auto bundle =
        client().get(path("/api/v1/events/", event["id"], "/checkin-bundle?tickets=1"), m_door);
    ASSERT_EQ(bundle.status, 200) << bundle.raw;
    EXPECT_EQ(bundle.body["event_id"], event["id"]);
    EXPECT_EQ(bundle.body["revoked"], json::array({tickets[1]["id"]}));
    ASSERT_EQ(bundle.body["keys"].size(), 1u);
    ASSERT_EQ(bundle.body["tickets"].size(), 3u);
    EXPECT_EQ(bundle.body["tickets"][0]["status"], "checked_in");
    EXPECT_EQ(bundle.body["tickets"][1]["status"], "refunded");
    EXPECT_EQ(bundle.body["tickets"][2]["status"], "valid");
    const std::string since = bundle.body["since"];
    auto next = client().get(path("/api/v1/events/", event["id"], "/checkin-bundle?since=" + since),
                             m_door);
    ASSERT_EQ(next.status, 200) << next.raw;
    EXPECT_FALSE(next.body.contains("tickets"));

    // Who may, and bodies that name their bad field.
    expectApiError(
        client().post("/api/v1/checkins", {{"code", tickets[2]["code"]}, {"gate", "G1"}}, m_ana),
        403, "forbidden");
    expectApiError(
        client().post("/api/v1/checkins", {{"code", tickets[2]["code"]}, {"gate", "G1"}}), 401,
        "unauthenticated");
    expectInvalidField(client().post("/api/v1/checkins", {{"code", tickets[2]["code"]}}, m_door),
                       "gate");
    expectInvalidField(client().post("/api/v1/checkins", {{"gate", "G1"}}, m_door), "code");
    expectInvalidField(
        client().post("/api/v1/checkins", {{"code", "x"}, {"qr", qr}, {"gate", "G1"}}, m_door),
        "qr");
    expectInvalidField(client().postRaw("/api/v1/checkins", "{", "application/json", m_door),
                       "body");
    expectInvalidField(
        client().post("/api/v1/checkins", {{"code", "x"}, {"gate", "G\x01"}}, m_door), "gate");
    // A code no ticket can have (codes are base64url) never reaches the database.
    expectApiError(client().post("/api/v1/checkins",
                                 {{"code", std::string("ab\0cd'\"", 7)}, {"gate", "G1"}}, m_door),
                   404, "not_found");
    expectInvalidField(
        client().get(path("/api/v1/events/", event["id"], "/checkin-bundle?since=yesterday"),
                     m_door),
        "since");
    expectApiError(client().get(path("/api/v1/events/", event["id"], "/checkin-bundle"), m_ana),
                   403, "forbidden");
    expectInvalidField(
        client().post(path("/api/v1/events/", event["id"], "/checkins/sync"),
                      {{"scanner_id", "s1"},
                       {"scans", {{{"code", "x"}, {"gate", "G1"}, {"scanned_at", "soon"}}}}},
                      m_door),
        "scans[0].scanned_at");
    // The sales report counts who is inside.
    auto sales = client().get(path("/api/v1/events/", event["id"], "/sales"), m_organizer);
    ASSERT_EQ(sales.status, 200) << sales.raw;
    EXPECT_EQ(sales.body["sales"]["sections"][0]["admitted"], 1) << sales.raw;
    EXPECT_EQ(sales.body["sales"]["sections"][1]["admitted"], 0) << sales.raw;
    expectCommandsPass();
}

TEST_P(DoorApiTest, TenThousandOfflineScansFromThreeScannersCountOnce) {
    constexpr int kTickets = 2'000;
    constexpr int kScans[3] = {3'334, 3'333, 3'333};
    const json event = createEvent(kTickets);
    std::vector<std::string> codes;
    for (int sale = 0; sale < 2; ++sale) {
        const json order = sellGeneral(event, kTickets / 2);
        for (const auto& ticket : order["tickets"])
            codes.push_back(ticket["code"]);
    }
    ASSERT_EQ(codes.size(), static_cast<std::size_t>(kTickets));

    // Every scan has a time of its own; each scanner meets tickets the others met too.
    const TimePoint base = TimePoint{std::chrono::seconds{1'900'000'000}};
    struct Winner {
        TimePoint at{TimePoint::max()};
        std::string gate;
    };
    std::map<std::string, Winner> expected;
    json batches[3];
    for (int s = 0; s < 3; ++s) {
        json scans = json::array();
        for (int i = 0; i < kScans[s]; ++i) {
            const std::string& code = codes[(i * 7 + s * 601) % kTickets];
            const TimePoint at = base + std::chrono::seconds{(kScans[0] - i) * 3 + s};
            const std::string gate = "gate-" + std::to_string(s);
            scans.push_back({{"code", code}, {"gate", gate}, {"scanned_at", formatRfc3339(at)}});
            if (at < expected[code].at) expected[code] = {at, gate};
        }
        batches[s] = {{"scanner_id", "scanner-" + std::to_string(s)}, {"scans", std::move(scans)}};
    }
    const std::string syncPath = path("/api/v1/events/", event["id"], "/checkins/sync");

    // The three scanners sync at once.
    HttpReply first[3];
    {
        std::vector<std::unique_ptr<HttpsClient>> clients;
        for (int s = 0; s < 3; ++s)
            clients.push_back(std::make_unique<HttpsClient>(*m_server));
        std::latch start(3);
        std::vector<std::thread> scanners;
        for (int s = 0; s < 3; ++s)
            scanners.emplace_back([&, s] {
                start.arrive_and_wait();
                first[s] = clients[s]->post(syncPath, batches[s], m_door);
            });
        for (auto& scanner : scanners)
            scanner.join();
    }
    for (int s = 0; s < 3; ++s) {
        ASSERT_EQ(first[s].status, 200) << first[s].raw.substr(0, 500);
        ASSERT_EQ(first[s].body["results"].size(), static_cast<std::size_t>(kScans[s]));
    }

    // Each scanned ticket is checked in once, at its earliest scan.
    EXPECT_EQ(m_raw->count("SELECT count(*) FROM tickets WHERE checked_in_at IS NOT NULL"),
              static_cast<std::int64_t>(expected.size()));
    EXPECT_EQ(m_raw->count("SELECT count(*) FROM checkins"), 10'000);
    for (const auto& row : m_raw->query("SELECT code, checked_in_at, checked_in_gate FROM tickets "
                                        "WHERE checked_in_at IS NOT NULL")) {
        const auto it = expected.find(row[0]);
        ASSERT_NE(it, expected.end()) << row[0];
        EXPECT_EQ(std::stoll(row[1]), it->second.at.time_since_epoch().count()) << row[0];
        EXPECT_EQ(row[2], it->second.gate) << row[0];
    }

    // Sending the batches again changes nothing; the answers now agree: one admitted scan per
    // ticket, its earliest, and every other scan a duplicate naming it.
    const auto logged = m_raw->count("SELECT count(*) FROM checkins");
    const auto audits = m_raw->count("SELECT count(*) FROM audit_log");
    const auto changes = m_raw->count("SELECT count(*) FROM event_changes");
    std::map<std::string, int> admittedPerCode;
    for (int s = 0; s < 3; ++s) {
        auto again = client().post(syncPath, batches[s], m_door);
        ASSERT_EQ(again.status, 200) << again.raw.substr(0, 500);
        const json& results = again.body["results"];
        ASSERT_EQ(results.size(), static_cast<std::size_t>(kScans[s]));
        for (std::size_t i = 0; i < results.size(); ++i) {
            const json& scan = batches[s]["scans"][i];
            const Winner& winner = expected[scan["code"]];
            const json& result = results[i];
            EXPECT_EQ(result["checked_in_at"], formatRfc3339(winner.at)) << result;
            EXPECT_EQ(result["gate"], winner.gate) << result;
            if (result["result"] == "admitted") {
                ++admittedPerCode[scan["code"]];
                EXPECT_EQ(scan["scanned_at"], formatRfc3339(winner.at));
            } else {
                EXPECT_EQ(result["result"], "duplicate") << result;
                EXPECT_EQ(result["scan_gate"], scan["gate"]) << result;
            }
        }
        // And once more: the same answer.
        auto third = client().post(syncPath, batches[s], m_door);
        ASSERT_EQ(third.status, 200);
        EXPECT_EQ(third.body, again.body);
    }
    EXPECT_EQ(admittedPerCode.size(), expected.size());
    for (const auto& [code, count] : admittedPerCode)
        EXPECT_EQ(count, 1) << code;
    EXPECT_EQ(m_raw->count("SELECT count(*) FROM checkins"), logged);
    EXPECT_EQ(m_raw->count("SELECT count(*) FROM audit_log"), audits);
    EXPECT_EQ(m_raw->count("SELECT count(*) FROM event_changes"), changes);

    // Online, a scanned ticket is a duplicate of its offline entry.
    const std::string someCode = expected.begin()->first;
    auto online =
        client().post("/api/v1/checkins", {{"code", someCode}, {"gate", "online"}}, m_door);
    expectApiError(online, 409, "already_checked_in");
    EXPECT_EQ(online.body["error"]["details"]["gate"], expected.begin()->second.gate);

    // One batch past the limit is refused whole.
    json tooMany = batches[0];
    while (tooMany["scans"].size() <= 10'000)
        tooMany["scans"].push_back(tooMany["scans"][0]);
    expectApiError(client().post(syncPath, tooMany, m_door), 413, "payload_too_large");
    EXPECT_EQ(m_raw->count("SELECT count(*) FROM checkins"), logged);

    auto sales = client().get(path("/api/v1/events/", event["id"], "/sales"), m_organizer);
    ASSERT_EQ(sales.status, 200) << sales.raw;
    EXPECT_EQ(sales.body["sales"]["sections"][1]["admitted"],
              static_cast<std::int64_t>(expected.size()));
    expectCommandsPass();
}

TEST_P(DoorApiTest, AnEventThatAllowsReentryLetsATicketOutAndIn) {
    json body = demoEventBody("Festival");
    body["allow_reentry"] = true;
    auto created = client().post("/api/v1/events", body, m_organizer);
    ASSERT_EQ(created.status, 201) << created.raw;
    const json event = created.body["event"];
    EXPECT_EQ(event["allow_reentry"], true);
    EXPECT_EQ(createEvent()["allow_reentry"], false); // the default
    const std::string code = sellGeneral(event, 1)["tickets"][0]["code"];
    const auto scan = [&](const std::string& gate, const char* direction) {
        return client().post("/api/v1/checkins",
                             {{"code", code}, {"gate", gate}, {"direction", direction}}, m_door);
    };
    ASSERT_EQ(scan("North", "entry").status, 200);
    auto out = scan("North", "exit");
    ASSERT_EQ(out.status, 200) << out.raw;
    EXPECT_EQ(out.body["result"], "exited");
    EXPECT_EQ(out.body["ticket"]["status"], "valid");
    expectApiError(scan("North", "exit"), 409, "conflict");
    auto back = scan("South", "entry");
    ASSERT_EQ(back.status, 200) << back.raw;
    EXPECT_EQ(back.body["gate"], "South");
    expectApiError(scan("South", "entry"), 409, "already_checked_in");
    expectInvalidField(scan("South", "sideways"), "direction");
    expectCommandsPass();
}

TEST_P(DoorApiTest, TheLiveStreamCountsWhoIsInside) {
    const json event = createEvent();
    const json order = sellGeneral(event, 2);
    const json sectionId = event["sections"][1]["id"];
    EventStreamClient stream(m_server->port(), m_server->caCertPath(),
                             path("/api/v1/events/", event["id"], "/stream"));
    ASSERT_EQ(stream.status(), 200);
    const auto admitted = [&](std::int64_t count) {
        return [&, count](const StreamEvent& e) {
            if (e.type != "checkin") return false;
            const json data = json::parse(e.data, nullptr, false);
            return data.is_object() && data["section_id"] == sectionId && data["admitted"] == count;
        };
    };
    for (std::int64_t i = 0; i < 2; ++i) {
        auto reply = client().post("/api/v1/checkins",
                                   {{"code", order["tickets"][i]["code"]}, {"gate", "G1"}}, m_door);
        ASSERT_EQ(reply.status, 200) << reply.raw;
        EXPECT_TRUE(stream.waitFor(admitted(i + 1), 10s)) << "no checkin event with " << i + 1;
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, DoorApiTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
