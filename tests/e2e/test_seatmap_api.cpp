// The compact seat map through the HTTP contract (docs/api.md "Seat maps"), black-box: the real
// server binary over HTTPS on both stores. The layout's ETag and 304 on If-None-Match, its
// immutable versioned URL, the packed states decoded by shared/seatmapformat into exactly the
// seat list GET /seats gives, gzip when the client takes it (and not otherwise), the changes
// since a position bringing old states up to date, and bad input in the contract's error shape.
#include <zlib.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>

#include "shared/jsonmapping.h"
#include "shared/seatmapformat.h"
#include "tests/support/apitest.h"
#include "tests/support/builders.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// What a raw request gives back: status, headers and the body's bytes as sent.
struct RawReply {
    int status = 0;
    httplib::Headers headers;
    std::string body;
    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? std::string{} : it->second;
    }
};

std::string gunzip(const std::string& data) {
    z_stream stream{};
    EXPECT_EQ(inflateInit2(&stream, 31), Z_OK);
    std::string out;
    char buffer[65536];
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    int result = Z_OK;
    while (result == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        result = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - stream.avail_out);
    }
    inflateEnd(&stream);
    EXPECT_EQ(result, Z_STREAM_END) << "not a whole gzip stream";
    return out;
}

class SeatMapApiTest : public ApiTest {
protected:
    void SetUp() override {
        createDatabase({kOrganizer, kAna, kBia});
        startServer();
        auto created = client().post("/api/v1/events", demoEventBody("Map Night"), m_organizer);
        ASSERT_EQ(created.status, 201) << created.raw;
        m_event = created.body["event"]["id"];
    }

    // A GET with exactly these headers, the body left as the server encoded it.
    RawReply raw(const std::string& target, httplib::Headers headers = {}) {
        httplib::SSLClient http("127.0.0.1", m_server->port());
        http.set_ca_cert_path(m_server->caCertPath().c_str());
        http.enable_server_certificate_verification(true);
        http.set_decompress(false);
        if (!headers.count("Accept-Encoding")) headers.emplace("Accept-Encoding", "identity");
        auto result = http.Get(target, headers);
        EXPECT_TRUE(result) << "GET " << target
                            << " failed: " << httplib::to_string(result.error());
        if (!result) return {};
        return {result->status, result->headers, result->body};
    }
    std::string eventPath(const std::string& tail) const {
        return path("/api/v1/events/", m_event, tail);
    }
    SeatLayout layout() {
        auto reply = raw(eventPath("/layout"));
        EXPECT_EQ(reply.status, 200) << reply.body;
        auto parsed = parseSeatLayout(json::parse(reply.body));
        EXPECT_TRUE(parsed) << parsed.error().message;
        return parsed ? *parsed : SeatLayout{};
    }
    PackedSeatStates states() {
        auto reply = raw(eventPath("/seat-states"));
        EXPECT_EQ(reply.status, 200) << reply.body;
        auto parsed = parsePackedSeatStates(json::parse(reply.body));
        EXPECT_TRUE(parsed) << parsed.error().message;
        return parsed ? *parsed : PackedSeatStates{};
    }
    std::vector<Seat> seatList() {
        auto reply = client().get(eventPath("/seats"));
        EXPECT_EQ(reply.status, 200) << reply.raw;
        std::vector<Seat> seats;
        for (const auto& seat : reply.body["seats"]) {
            auto parsed = parseSeat(seat);
            EXPECT_TRUE(parsed) << seat.dump();
            if (parsed) seats.push_back(*parsed);
        }
        return seats;
    }
    // Holds `count` free seats; the hold's id.
    json holdFree(int count, const std::string& token) {
        std::vector<Id> ids;
        for (const Seat& seat : seatList())
            if (seat.state == SeatState::Free && static_cast<int>(ids.size()) < count)
                ids.push_back(seat.id);
        auto held = client().post(eventPath("/holds"), {{"seat_ids", ids}}, token);
        EXPECT_EQ(held.status, 201) << held.raw;
        return held.body["hold"]["id"];
    }

    json m_event;
};

TEST_P(SeatMapApiTest, LayoutIsCacheableByVersion) {
    auto first = raw(eventPath("/layout"));
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(first.header("Content-Type"), "application/json");
    EXPECT_EQ(first.header("Cache-Control"), "public, no-cache");
    const SeatLayout parsed = *parseSeatLayout(json::parse(first.body));
    const std::string etag = first.header("ETag");
    EXPECT_EQ(etag, "\"" + parsed.version + "\"");
    EXPECT_EQ(parsed.eventId, m_event.get<Id>());
    EXPECT_EQ(parsed.sections.size(), 2u);

    // The same layout again, whatever sold meanwhile: the same version.
    holdFree(3, m_ana);
    auto again = raw(eventPath("/layout"));
    EXPECT_EQ(again.header("ETag"), etag);
    EXPECT_EQ(again.body, first.body);

    // If-None-Match with the version (also weak, also in a list): 304 without a body.
    for (const std::string& tag : {etag, "W/" + etag, "\"other\", " + etag}) {
        auto notModified = raw(eventPath("/layout"), {{"If-None-Match", tag}});
        EXPECT_EQ(notModified.status, 304) << tag;
        EXPECT_TRUE(notModified.body.empty());
        EXPECT_EQ(notModified.header("ETag"), etag);
    }
    EXPECT_EQ(raw(eventPath("/layout"), {{"If-None-Match", "\"other\""}}).status, 200);

    // The versioned URL: the same body, cacheable for ever.
    auto versioned = raw(eventPath("/layout/" + parsed.version));
    ASSERT_EQ(versioned.status, 200) << versioned.body;
    EXPECT_EQ(versioned.body, first.body);
    EXPECT_EQ(versioned.header("Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(versioned.header("ETag"), etag);
    EXPECT_EQ(raw(eventPath("/layout/" + parsed.version), {{"If-None-Match", etag}}).status, 304);

    // Another version is not this layout's.
    auto stale = raw(eventPath("/layout/0123456789abcdef0123456789abcdef"));
    EXPECT_EQ(stale.status, 404);
    expectApiError({stale.status,
                    json::parse(stale.body),
                    stale.body,
                    {{"content-type", stale.header("Content-Type")}}},
                   404, "not_found");
}

TEST_P(SeatMapApiTest, StatesDecodeToTheSeatList) {
    holdFree(4, m_ana);
    auto paid = client().post(path("/api/v1/holds/", holdFree(2, m_bia), "/purchase"),
                              cardPurchaseBody(), m_bia, {{"Idempotency-Key", "bia-1"}});
    EXPECT_EQ(paid.status, 201) << paid.raw;

    const SeatLayout map = layout();
    const PackedSeatStates packed = states();
    EXPECT_EQ(packed.layoutVersion, map.version);
    EXPECT_EQ(packed.seatCount, map.seatCount);
    auto seats = seatsOf(map, packed);
    ASSERT_TRUE(seats) << seats.error().message;
    const auto listed = seatList();
    ASSERT_EQ(seats->size(), listed.size());
    std::map<SeatState, int> counts;
    for (std::size_t i = 0; i < listed.size(); ++i) {
        EXPECT_EQ((*seats)[i].id, listed[i].id);
        EXPECT_EQ((*seats)[i].sectionId, listed[i].sectionId);
        EXPECT_EQ((*seats)[i].row, listed[i].row);
        EXPECT_EQ((*seats)[i].number, listed[i].number);
        EXPECT_EQ((*seats)[i].state, listed[i].state) << "seat " << listed[i].id;
        ++counts[listed[i].state];
    }
    EXPECT_EQ(counts[SeatState::Held], 4);
    EXPECT_EQ(counts[SeatState::Sold], 2);

    auto reply = raw(eventPath("/seat-states"));
    EXPECT_EQ(reply.header("Cache-Control"), "no-store");
}

TEST_P(SeatMapApiTest, GzipWhenTheClientTakesIt) {
    holdFree(2, m_ana);
    for (const std::string& target : {eventPath("/layout"), eventPath("/seat-states")}) {
        auto plain = raw(target);
        ASSERT_EQ(plain.status, 200);
        EXPECT_EQ(plain.header("Content-Encoding"), "");
        EXPECT_EQ(plain.header("Vary"), "Accept-Encoding");

        auto zipped = raw(target, {{"Accept-Encoding", "br;q=0.5, gzip"}});
        ASSERT_EQ(zipped.status, 200);
        EXPECT_EQ(zipped.header("Content-Encoding"), "gzip") << target;
        EXPECT_EQ(zipped.header("Vary"), "Accept-Encoding");
        EXPECT_EQ(zipped.header("Content-Length"), std::to_string(zipped.body.size()));
        const std::string body = gunzip(zipped.body);
        if (target.ends_with("/layout")) {
            EXPECT_EQ(body, plain.body);
        }
        EXPECT_TRUE(json::accept(body)) << target;

        EXPECT_EQ(raw(target, {{"Accept-Encoding", "gzip;q=0"}}).header("Content-Encoding"), "");
    }
}

TEST_P(SeatMapApiTest, ChangesSinceBringOldStatesUpToDate) {
    const SeatLayout map = layout();
    PackedSeatStates old = states();
    holdFree(3, m_ana);
    holdFree(2, m_bia);

    // The hub reads the outbox within milliseconds; the answer names what it has read.
    SeatStateChanges changes;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
        auto reply = raw(eventPath("/seat-states?since=" + std::to_string(old.position)));
        ASSERT_EQ(reply.status, 200) << reply.body;
        auto parsed = parseSeatStateChanges(json::parse(reply.body));
        ASSERT_TRUE(parsed) << parsed.error().message;
        changes = *parsed;
        if (!changes.seats.empty() && changes.seats[0].second.size() == 5) break;
        std::this_thread::sleep_for(50ms);
    }
    EXPECT_FALSE(changes.reset);
    EXPECT_EQ(changes.since, old.position);
    ASSERT_EQ(changes.seats.size(), 1u);
    EXPECT_EQ(changes.seats[0].first, SeatState::Held);
    EXPECT_EQ(changes.seats[0].second.size(), 5u);
    ASSERT_TRUE(applySeatStateChanges(map, old, changes));

    // A fresh read (shared for up to 250 ms) shows the same seats.
    auto fresh = seatsOf(map, states());
    auto applied = seatsOf(map, old);
    ASSERT_TRUE(fresh && applied);
    const auto listed = seatList();
    ASSERT_EQ(applied->size(), listed.size());
    for (std::size_t i = 0; i < listed.size(); ++i) {
        EXPECT_EQ((*applied)[i].id, listed[i].id);
        EXPECT_EQ((*applied)[i].state, listed[i].state) << "seat " << listed[i].id;
    }

    // From the newest position: nothing new.
    auto none = raw(eventPath("/seat-states?since=" + std::to_string(changes.position)));
    ASSERT_EQ(none.status, 200);
    EXPECT_TRUE(parseSeatStateChanges(json::parse(none.body))->seats.empty());

    // A position far beyond anything handed out: a reset.
    auto far = raw(eventPath("/seat-states?since=999999999"));
    ASSERT_EQ(far.status, 200);
    EXPECT_EQ(parseSeatStateChanges(json::parse(far.body))->reset, "unknown_id");
}

TEST_P(SeatMapApiTest, BadInputGetsTheErrorShape) {
    auto expectError = [&](const std::string& target, int status, const std::string& code,
                           const std::string& field = {}) {
        auto reply = client().get(target);
        expectApiError(reply, status, code);
        if (!field.empty()) expectInvalidField(reply, field);
    };
    for (const char* since : {"abc", "-1", "", "1.5", "99999999999999999999999"})
        expectError(eventPath(std::string("/seat-states?since=") + since), 400, "invalid_request",
                    "since");
    for (const char* tail : {"/layout", "/seat-states", "/seat-states?since=0",
                             "/layout/0123456789abcdef0123456789abcdef"}) {
        expectError(std::string("/api/v1/events/987654") + tail, 404, "not_found");
        expectError(std::string("/api/v1/events/0") + tail, 404, "not_found");
        expectError(std::string("/api/v1/events/99999999999999999999999") + tail, 404, "not_found");
    }
    expectError(eventPath("/layout/NOT-HEX"), 404, "not_found");
    // The old seat list still answers as before.
    EXPECT_EQ(client().get(eventPath("/seats")).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, SeatMapApiTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
