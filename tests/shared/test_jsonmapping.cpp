// The protocol's JSON mapping (shared/jsonmapping.h) and error shape (shared/error.h): round
// trips, the contract's example body, and the exact field path every rejection names.
#include "shared/jsonmapping.h"
#include "shared/timeformat.h"
#include "tests/support/errorfield.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace bilheteria {
namespace {

using nlohmann::json;
using namespace std::chrono;

constexpr TimePoint at(std::int64_t unixSeconds) {
    return TimePoint{seconds{unixSeconds}};
}

const char* const kContractExample = R"({
    "name": "Rock Night", "venue": "Arena",
    "starts_at": "2026-12-31T22:00:00Z",
    "sale_starts_at": "2026-11-01T12:00:00Z", "sale_ends_at": "2026-12-31T21:00:00Z",
    "currency": "BRL", "max_tickets_per_customer": 4, "hold_seconds": 600,
    "queue": {"enabled": false, "admit_per_minute": 600},
    "sections": [
        {"name": "Plateia", "price_cents": 25000,
         "rows": [{"label": "A", "seats": 20}, {"label": "B", "seats": 22}]},
        {"name": "Pista", "price_cents": 15000, "capacity": 50000}
    ]
})";

json contractExample() {
    return json::parse(kContractExample);
}

using testing::failedField;
using testing::fieldOf;

void expectSameUser(const User& a, const User& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.email, b.email);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.role, b.role);
}

void expectSameSummary(const EventSummary& a, const EventSummary& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.venue, b.venue);
    EXPECT_EQ(a.startsAt, b.startsAt);
    EXPECT_EQ(a.saleStartsAt, b.saleStartsAt);
    EXPECT_EQ(a.saleEndsAt, b.saleEndsAt);
    EXPECT_EQ(a.capacity, b.capacity);
    EXPECT_EQ(a.available, b.available);
    EXPECT_EQ(a.minPriceCents, b.minPriceCents);
    EXPECT_EQ(a.currency, b.currency);
    EXPECT_EQ(a.queueEnabled, b.queueEnabled);
}

void expectSameSeat(const Seat& a, const Seat& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.sectionId, b.sectionId);
    EXPECT_EQ(a.row, b.row);
    EXPECT_EQ(a.number, b.number);
    EXPECT_EQ(a.state, b.state);
}

void expectSameDraft(const EventDraft& a, const EventDraft& b) {
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.venue, b.venue);
    EXPECT_EQ(a.startsAt, b.startsAt);
    EXPECT_EQ(a.saleStartsAt, b.saleStartsAt);
    EXPECT_EQ(a.saleEndsAt, b.saleEndsAt);
    EXPECT_EQ(a.currency, b.currency);
    EXPECT_EQ(a.maxTicketsPerCustomer, b.maxTicketsPerCustomer);
    EXPECT_EQ(a.maxTicketsPerCard, b.maxTicketsPerCard);
    EXPECT_EQ(a.holdSeconds, b.holdSeconds);
    EXPECT_EQ(a.queueEnabled, b.queueEnabled);
    EXPECT_EQ(a.admitPerMinute, b.admitPerMinute);
    EXPECT_EQ(a.queuePowBits, b.queuePowBits);
    ASSERT_EQ(a.sections.size(), b.sections.size());
    for (std::size_t i = 0; i < a.sections.size(); ++i) {
        SCOPED_TRACE("section " + std::to_string(i));
        const auto &x = a.sections[i], &y = b.sections[i];
        EXPECT_EQ(x.name, y.name);
        EXPECT_EQ(x.priceCents, y.priceCents);
        EXPECT_EQ(x.capacity, y.capacity);
        ASSERT_EQ(x.rows.size(), y.rows.size());
        for (std::size_t j = 0; j < x.rows.size(); ++j) {
            EXPECT_EQ(x.rows[j].label, y.rows[j].label);
            EXPECT_EQ(x.rows[j].seats, y.rows[j].seats);
        }
    }
}

EventSummary sampleSummary() {
    EventSummary s;
    s.id = 7;
    s.name = "Rock Night";
    s.venue = "Arena";
    s.startsAt = at(1'798'754'400);     // 2026-12-31T22:00:00Z
    s.saleStartsAt = at(1'793'534'400); // 2026-11-01T12:00:00Z
    s.saleEndsAt = at(1'798'750'800);   // 2026-12-31T21:00:00Z
    s.capacity = 50'042;
    s.available = 49'990;
    s.minPriceCents = 15'000;
    s.currency = "USD";
    s.queueEnabled = true;
    return s;
}

// ---- Users, summaries, events and seats -------------------------------------------------------

TEST(UserJson, HasTheContractKeys) {
    const json out = toJson(User{42, "ana@example.com", "Ana Souza", Role::Organizer});
    EXPECT_EQ(out, json::parse(R"({"id": 42, "email": "ana@example.com", "name": "Ana Souza",
                                   "role": "organizer"})"));
}

TEST(UserJson, RoundTripsEveryRole) {
    for (Role role : {Role::Buyer, Role::Clerk, Role::Organizer, Role::Admin}) {
        const User user{9'007'199'254'740'993, "zé@exemplo.com.br", "José \"Zé\" Silva", role};
        const auto parsed = parseUser(toJson(user));
        ASSERT_TRUE(parsed) << parsed.error().message;
        expectSameUser(*parsed, user);
    }
}

TEST(UserJson, RoleNamesAreTheContractStrings) {
    EXPECT_EQ(toJson(User{1, "a@b.c", "A", Role::Buyer})["role"], "buyer");
    EXPECT_EQ(toJson(User{1, "a@b.c", "A", Role::Clerk})["role"], "clerk");
    EXPECT_EQ(toJson(User{1, "a@b.c", "A", Role::Organizer})["role"], "organizer");
    EXPECT_EQ(toJson(User{1, "a@b.c", "A", Role::Admin})["role"], "admin");
    EXPECT_EQ(toJson(User{1, "a@b.c", "A", Role::Door})["role"], "door");
    EXPECT_EQ(roleFromName("door"), Role::Door);
}

TEST(DoorJson, CheckinRequestsNameTheirBadField) {
    auto byCode = parseCheckinRequest(json::parse(R"({"code": "abc", "gate": "North 1"})"));
    ASSERT_TRUE(byCode) << byCode.error().message;
    EXPECT_EQ(byCode->code, "abc");
    EXPECT_FALSE(byCode->qr);
    EXPECT_EQ(byCode->direction, ScanDirection::Entry);
    auto exit = parseCheckinRequest(
        json::parse(R"({"qr": "BLH1.a.b", "gate": "North 1", "direction": "exit"})"));
    ASSERT_TRUE(exit) << exit.error().message;
    EXPECT_EQ(exit->qr, "BLH1.a.b");
    EXPECT_EQ(exit->direction, ScanDirection::Exit);

    EXPECT_EQ(failedField(parseCheckinRequest(json::parse(R"({"gate": "G"})"))), "code");
    EXPECT_EQ(
        failedField(parseCheckinRequest(json::parse(R"({"code": "a", "qr": "b", "gate": "G"})"))),
        "qr");
    EXPECT_EQ(failedField(parseCheckinRequest(json::parse(R"({"code": "a"})"))), "gate");
    EXPECT_EQ(failedField(parseCheckinRequest(json::parse(R"({"code": "a", "gate": ""})"))),
              "gate");
    EXPECT_EQ(failedField(parseCheckinRequest(json::parse(R"({"code": 7, "gate": "G"})"))), "code");
    EXPECT_EQ(failedField(parseCheckinRequest(
                  json::parse(R"({"code": "a", "gate": "G", "direction": "up"})"))),
              "direction");
    EXPECT_EQ(failedField(parseCheckinRequest(json::array())), "body");
}

TEST(DoorJson, SyncRequestsNameTheScanAndField) {
    auto sync = parseSyncRequest(json::parse(R"({"scanner_id": "s1", "scans": [
        {"code": "a", "gate": "G", "scanned_at": "2026-12-06T20:00:00Z"},
        {"qr": "BLH1.a.b", "gate": "H", "scanned_at": "2026-12-06T20:00:01+00:00"}]})"));
    ASSERT_TRUE(sync) << sync.error().message;
    EXPECT_EQ(sync->scannerId, "s1");
    ASSERT_EQ(sync->scans.size(), 2u);
    EXPECT_EQ(sync->scans[1].qr, "BLH1.a.b");
    EXPECT_EQ(sync->scans[1].scannedAt, *parseRfc3339("2026-12-06T20:00:01Z"));
    EXPECT_EQ(failedField(parseSyncRequest(json::parse(R"({"scans": []})"))), "scanner_id");
    EXPECT_EQ(failedField(parseSyncRequest(json::parse(R"({"scanner_id": "s"})"))), "scans");
    EXPECT_EQ(failedField(parseSyncRequest(
                  json::parse(R"({"scanner_id": "s", "scans": [{"code": "a", "gate": "G"}]})"))),
              "scans[0].scanned_at");
    EXPECT_EQ(failedField(parseSyncRequest(json::parse(R"({"scanner_id": "s", "scans": [7]})"))),
              "scans[0]");
}

TEST(UserJson, RejectsBadFields) {
    json user = toJson(User{1, "ana@example.com", "Ana", Role::Buyer});
    user["role"] = "superuser";
    EXPECT_EQ(failedField(parseUser(user)), "user.role");
    user["role"] = "Buyer"; // names are case-sensitive
    EXPECT_EQ(failedField(parseUser(user)), "user.role");
    user.erase("role");
    EXPECT_EQ(failedField(parseUser(user)), "user.role");
    user = toJson(User{1, "ana@example.com", "Ana", Role::Buyer});
    user["id"] = "1";
    EXPECT_EQ(failedField(parseUser(user)), "user.id");
    user["id"] = 1.5;
    EXPECT_EQ(failedField(parseUser(user)), "user.id");
    user["id"] = 1;
    user.erase("email");
    EXPECT_EQ(failedField(parseUser(user)), "user.email");
    EXPECT_EQ(failedField(parseUser(json::array())), "user");
}

TEST(EventSummaryJson, HasTheContractKeys) {
    const json out = toJson(sampleSummary());
    EXPECT_EQ(out, json::parse(R"({"id": 7, "name": "Rock Night", "venue": "Arena",
        "starts_at": "2026-12-31T22:00:00Z", "sale_starts_at": "2026-11-01T12:00:00Z",
        "sale_ends_at": "2026-12-31T21:00:00Z", "capacity": 50042, "available": 49990,
        "min_price_cents": 15000, "currency": "USD", "queue_enabled": true})"));
}

TEST(EventSummaryJson, RoundTrips) {
    const EventSummary summary = sampleSummary();
    const auto parsed = parseEventSummary(toJson(summary));
    ASSERT_TRUE(parsed) << parsed.error().message;
    expectSameSummary(*parsed, summary);

    EventSummary other = summary;
    other.queueEnabled = false;
    other.available = 0;
    other.startsAt = at(0);
    const auto parsedOther = parseEventSummary(toJson(other));
    ASSERT_TRUE(parsedOther) << parsedOther.error().message;
    expectSameSummary(*parsedOther, other);
}

TEST(EventSummaryJson, NamesBadFieldsUnderEvent) {
    json body = toJson(sampleSummary());
    body["starts_at"] = "2026-02-30T12:00:00Z";
    EXPECT_EQ(failedField(parseEventSummary(body)), "event.starts_at");
    body = toJson(sampleSummary());
    body["queue_enabled"] = 1;
    EXPECT_EQ(failedField(parseEventSummary(body)), "event.queue_enabled");
    body = toJson(sampleSummary());
    body.erase("min_price_cents");
    EXPECT_EQ(failedField(parseEventSummary(body)), "event.min_price_cents");
}

TEST(EventJson, RoundTripsWithSections) {
    Event event;
    event.summary = sampleSummary();
    event.maxTicketsPerCustomer = 4;
    event.maxTicketsPerCard = 8;
    event.holdSeconds = 900;
    event.admitPerMinute = 1'200;
    event.queuePowBits = 12;
    event.sections.push_back({11, "Plateia", SectionKind::Seated, 25'000, 42, 40});
    event.sections.push_back({12, "Pista", SectionKind::General, 15'000, 50'000, 49'950});

    const json out = toJson(event);
    EXPECT_EQ(out["max_tickets_per_customer"], 4);
    EXPECT_EQ(out["max_tickets_per_card"], 8);
    EXPECT_EQ(out["hold_seconds"], 900);
    EXPECT_EQ(out["queue"],
              json::parse(R"({"enabled": true, "admit_per_minute": 1200, "pow_bits": 12})"));
    EXPECT_EQ(out["sections"][0], json::parse(R"({"id": 11, "name": "Plateia", "kind": "seated",
                              "price_cents": 25000, "capacity": 42, "available": 40})"));
    EXPECT_EQ(out["sections"][1]["kind"], "general");

    const auto parsed = parseEvent(out);
    ASSERT_TRUE(parsed) << parsed.error().message;
    expectSameSummary(parsed->summary, event.summary);
    EXPECT_EQ(parsed->maxTicketsPerCustomer, 4);
    EXPECT_EQ(parsed->maxTicketsPerCard, 8);
    EXPECT_EQ(parsed->holdSeconds, 900);
    EXPECT_EQ(parsed->admitPerMinute, 1'200);
    EXPECT_EQ(parsed->queuePowBits, 12);
    ASSERT_EQ(parsed->sections.size(), 2u);

    // From a server that predates queue.pow_bits: no proof of work.
    json older = out;
    older["queue"].erase("pow_bits");
    const auto parsedOlder = parseEvent(older);
    ASSERT_TRUE(parsedOlder) << parsedOlder.error().message;
    EXPECT_EQ(parsedOlder->queuePowBits, 0);
    for (std::size_t i = 0; i < 2; ++i) {
        const auto &a = parsed->sections[i], &b = event.sections[i];
        EXPECT_EQ(a.id, b.id);
        EXPECT_EQ(a.name, b.name);
        EXPECT_EQ(a.kind, b.kind);
        EXPECT_EQ(a.priceCents, b.priceCents);
        EXPECT_EQ(a.capacity, b.capacity);
        EXPECT_EQ(a.available, b.available);
    }
}

TEST(EventJson, NamesBadSectionFieldsWithTheirIndex) {
    Event event;
    event.summary = sampleSummary();
    event.sections.push_back({11, "Plateia", SectionKind::Seated, 25'000, 42, 40});
    event.sections.push_back({12, "Pista", SectionKind::General, 15'000, 50'000, 49'950});
    json body = toJson(event);
    body["sections"][1]["available"] = "lots";
    EXPECT_EQ(failedField(parseEvent(body)), "event.sections[1].available");
    body = toJson(event);
    body["sections"][0] = 3;
    EXPECT_EQ(failedField(parseEvent(body)), "event.sections[0]");
    body = toJson(event);
    body.erase("hold_seconds");
    EXPECT_EQ(failedField(parseEvent(body)), "event.hold_seconds");
}

Event sampleEvent() {
    Event event;
    event.summary = sampleSummary();
    event.sections.push_back({11, "Plateia", SectionKind::Seated, 25'000, 42, 40});
    return event;
}

TEST(EventJson, RejectsAnUnknownSectionKind) {
    // The contract's kinds are "seated" and "general"; like unknown roles and seat states, any
    // other value is a bad field rather than silently a seated section.
    json body = toJson(sampleEvent());
    body["sections"][0]["kind"] = "balcony";
    EXPECT_EQ(failedField(parseEvent(body)), "event.sections[0].kind");
}

TEST(EventJson, RejectsAWronglyTypedAdmitPerMinuteWithoutThrowing) {
    json body = toJson(sampleEvent());
    body["queue"]["admit_per_minute"] = "fast";
    Result<Event> parsed = fail(Error::internal("not parsed"));
    EXPECT_NO_THROW(parsed = parseEvent(body));
    EXPECT_EQ(failedField(parsed), "event.queue.admit_per_minute");
}

TEST(EventJson, RejectsIntSettingsBeyondIntInsteadOfWrapping) {
    // 2^32 + 600 would wrap to 600 in an int.
    json body = toJson(sampleEvent());
    body["hold_seconds"] = (std::int64_t{1} << 32) + 600;
    const auto parsed = parseEvent(body);
    EXPECT_EQ(failedField(parsed), "event.hold_seconds")
        << "hold_seconds read as " << (parsed ? parsed->holdSeconds : 0);
}

TEST(EventJson, NamesABadCardLimitAndDefaultsAnAbsentOne) {
    json body = toJson(sampleEvent());
    body["max_tickets_per_card"] = "many";
    EXPECT_EQ(failedField(parseEvent(body)), "event.max_tickets_per_card");
    body["max_tickets_per_card"] = (std::int64_t{1} << 32) + 6;
    EXPECT_EQ(failedField(parseEvent(body)), "event.max_tickets_per_card");

    // A server that predates the setting: one card may buy what one customer may.
    body.erase("max_tickets_per_card");
    const auto parsed = parseEvent(body);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->maxTicketsPerCard, parsed->maxTicketsPerCustomer);
}

TEST(EventDraftJson, ReadsTheCardLimit) {
    json body = contractExample();
    body["max_tickets_per_card"] = 2;
    const auto draft = parseEventDraft(body);
    ASSERT_TRUE(draft) << draft.error().message;
    EXPECT_EQ(draft->maxTicketsPerCard, 2);
    EXPECT_EQ(toJson(*draft)["max_tickets_per_card"], 2);
}

TEST(EventDraftJson, ReadsTheRefundWindowAndNamesABadOne) {
    json body = contractExample();
    EXPECT_FALSE(parseEventDraft(body)->refundsUntil);
    body["refunds_until"] = "2026-12-30T12:00:00Z";
    const auto draft = parseEventDraft(body);
    ASSERT_TRUE(draft) << draft.error().message;
    ASSERT_TRUE(draft->refundsUntil);
    EXPECT_EQ(formatRfc3339(*draft->refundsUntil), "2026-12-30T12:00:00Z");
    EXPECT_EQ(toJson(*draft)["refunds_until"], "2026-12-30T12:00:00Z");
    body["refunds_until"] = "tomorrow";
    EXPECT_EQ(failedField(parseEventDraft(body)), "refunds_until");
}

TEST(EventJson, ShowsTheRefundWindowOnlyWhenSet) {
    Event event;
    event.summary = sampleSummary();
    EXPECT_FALSE(toJson(event).contains("refunds_until"));
    EXPECT_FALSE(parseEvent(toJson(event))->refundsUntil);
    event.refundsUntil = event.summary.startsAt;
    const json out = toJson(event);
    EXPECT_EQ(out["refunds_until"], formatRfc3339(event.summary.startsAt));
    const auto parsed = parseEvent(out);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->refundsUntil, event.refundsUntil);
}

TEST(SeatJson, HasTheContractKeys) {
    EXPECT_EQ(toJson(Seat{5, 11, "B", 17, SeatState::Held}),
              json::parse(R"({"id": 5, "section_id": 11, "row": "B", "number": 17,
                              "state": "held"})"));
}

TEST(SeatJson, RoundTripsEveryState) {
    for (SeatState state : {SeatState::Free, SeatState::Held, SeatState::Sold}) {
        const Seat seat{123'456'789'012, 77, "AA", 204, state};
        const auto parsed = parseSeat(toJson(seat));
        ASSERT_TRUE(parsed) << parsed.error().message;
        expectSameSeat(*parsed, seat);
    }
}

TEST(SeatJson, RejectsUnknownState) {
    json seat = toJson(Seat{1, 2, "A", 3, SeatState::Free});
    seat["state"] = "reserved";
    EXPECT_EQ(failedField(parseSeat(seat)), "seat.state");
    seat["state"] = "free";
    seat["number"] = "3";
    EXPECT_EQ(failedField(parseSeat(seat)), "seat.number");
}

TEST(SeatJson, RejectsANumberBeyondIntInsteadOfWrapping) {
    // 2^32 + 7 would wrap to seat number 7 in an int.
    json seat = toJson(Seat{1, 2, "A", 3, SeatState::Free});
    seat["number"] = (std::int64_t{1} << 32) + 7;
    const auto parsed = parseSeat(seat);
    EXPECT_EQ(failedField(parsed), "seat.number")
        << "number read as " << (parsed ? parsed->number : 0);
}

// ---- appendSeatJson ---------------------------------------------------------------------------

// Control characters and an embedded NUL, which the writer must escape.
constexpr char kControlLabel[] = "tab\tnewline\ncontrol\x01nul\0end";

TEST(AppendSeatJson, EqualsToJson) {
    const std::vector<Seat> seats{
        {1, 2, "A", 1, SeatState::Free},
        {std::numeric_limits<Id>::max(), std::numeric_limits<Id>::min(), "", 0, SeatState::Sold},
        {3, 4, "say \"hi\"", -5, SeatState::Held},
        {5, 6, R"(back\slash)", 2'147'483'647, SeatState::Free},
        {7, 8, "Fila Ç – 座席 🎫", 9, SeatState::Sold},
        {9, 10, std::string(kControlLabel, sizeof kControlLabel - 1), 1, SeatState::Held},
        {11, 12, "</script>", 1, SeatState::Free},
    };
    for (const Seat& seat : seats) {
        std::string out;
        appendSeatJson(out, seat);
        const json parsed = json::parse(out, nullptr, /*allow_exceptions=*/false);
        ASSERT_FALSE(parsed.is_discarded()) << "not valid JSON: " << out;
        EXPECT_EQ(parsed, toJson(seat)) << out;
        EXPECT_EQ(parsed["row"].get<std::string>(), seat.row);
        EXPECT_EQ(out.find('\n'), std::string::npos) << "output is not compact: " << out;
    }
}

TEST(AppendSeatJson, AppendsWithoutTouchingWhatIsThere) {
    const Seat a{1, 2, "A", 1, SeatState::Free}, b{2, 2, "\"B\"", 2, SeatState::Sold};
    std::string out = "[";
    appendSeatJson(out, a);
    out += ",";
    appendSeatJson(out, b);
    out += "]";
    EXPECT_EQ(json::parse(out), json::array({toJson(a), toJson(b)}));
}

// ---- parseEventDraft --------------------------------------------------------------------------

TEST(EventDraftJson, ReadsTheContractExample) {
    const auto draft = parseEventDraft(contractExample());
    ASSERT_TRUE(draft) << draft.error().message;
    EXPECT_EQ(draft->name, "Rock Night");
    EXPECT_EQ(draft->venue, "Arena");
    EXPECT_EQ(draft->startsAt, at(1'798'754'400));
    EXPECT_EQ(draft->saleStartsAt, at(1'793'534'400));
    EXPECT_EQ(draft->saleEndsAt, at(1'798'750'800));
    EXPECT_EQ(draft->currency, "BRL");
    EXPECT_EQ(draft->maxTicketsPerCustomer, 4);
    EXPECT_EQ(draft->holdSeconds, 600);
    EXPECT_EQ(draft->queueEnabled, false);
    EXPECT_EQ(draft->admitPerMinute, 600);
    ASSERT_EQ(draft->sections.size(), 2u);

    const auto& plateia = draft->sections[0];
    EXPECT_EQ(plateia.name, "Plateia");
    EXPECT_EQ(plateia.priceCents, 25'000);
    EXPECT_EQ(plateia.capacity, std::nullopt);
    ASSERT_EQ(plateia.rows.size(), 2u);
    EXPECT_EQ(plateia.rows[0].label, "A");
    EXPECT_EQ(plateia.rows[0].seats, 20);
    EXPECT_EQ(plateia.rows[1].label, "B");
    EXPECT_EQ(plateia.rows[1].seats, 22);

    const auto& pista = draft->sections[1];
    EXPECT_EQ(pista.name, "Pista");
    EXPECT_EQ(pista.priceCents, 15'000);
    EXPECT_EQ(pista.capacity, 50'000);
    EXPECT_TRUE(pista.rows.empty());
}

TEST(EventDraftJson, LeavesAbsentOptionalFieldsUnset) {
    const auto draft = parseEventDraft(json::parse(R"({
        "name": "Jazz", "venue": "Club", "starts_at": "2026-06-01T20:00:00-03:00",
        "sections": [{"name": "Floor", "price_cents": 0, "capacity": 1}]})"));
    ASSERT_TRUE(draft) << draft.error().message;
    EXPECT_EQ(draft->startsAt, *parseRfc3339("2026-06-01T23:00:00Z"));
    EXPECT_EQ(draft->saleStartsAt, std::nullopt);
    EXPECT_EQ(draft->saleEndsAt, std::nullopt);
    EXPECT_EQ(draft->currency, std::nullopt);
    EXPECT_EQ(draft->maxTicketsPerCustomer, std::nullopt);
    EXPECT_EQ(draft->maxTicketsPerCard, std::nullopt);
    EXPECT_EQ(draft->holdSeconds, std::nullopt);
    EXPECT_EQ(draft->queueEnabled, std::nullopt);
    EXPECT_EQ(draft->admitPerMinute, std::nullopt);
}

TEST(EventDraftJson, TreatsNullOptionalFieldsAsAbsent) {
    json body = contractExample();
    body["sale_starts_at"] = nullptr;
    body["hold_seconds"] = nullptr;
    body["queue"] = {{"enabled", nullptr}, {"admit_per_minute", 30}};
    const auto draft = parseEventDraft(body);
    ASSERT_TRUE(draft) << draft.error().message;
    EXPECT_EQ(draft->saleStartsAt, std::nullopt);
    EXPECT_EQ(draft->holdSeconds, std::nullopt);
    EXPECT_EQ(draft->queueEnabled, std::nullopt);
    EXPECT_EQ(draft->admitPerMinute, 30);
}

TEST(EventDraftJson, AcceptsTheInt64Extremes) {
    json body = contractExample();
    body["sections"][1]["capacity"] = std::numeric_limits<std::int64_t>::max();
    body["sections"][0]["price_cents"] = std::numeric_limits<std::int64_t>::min();
    const auto draft = parseEventDraft(body);
    ASSERT_TRUE(draft) << draft.error().message;
    EXPECT_EQ(draft->sections[1].capacity, std::numeric_limits<std::int64_t>::max());
    EXPECT_EQ(draft->sections[0].priceCents, std::numeric_limits<std::int64_t>::min());
}

// One rejected body: what changes in the contract example and the field the error must name.
struct DraftCase {
    const char* label;
    std::function<void(json&)> mutate;
    const char* field;
};

void PrintTo(const DraftCase& c, std::ostream* out) {
    *out << c.label;
}

class EventDraftRejection : public ::testing::TestWithParam<DraftCase> {};

TEST_P(EventDraftRejection, NamesTheField) {
    json body = contractExample();
    GetParam().mutate(body);
    const auto draft = parseEventDraft(body);
    ASSERT_FALSE(draft) << "accepted: " << body.dump();
    EXPECT_EQ(draft.error().code, ErrorCode::InvalidRequest);
    EXPECT_EQ(failedField(draft), GetParam().field) << body.dump();
    EXPECT_NE(draft.error().message.find(GetParam().field), std::string::npos)
        << "the message should name the field: " << draft.error().message;
}

// 2^63, one past int64's maximum: nlohmann keeps it as an unsigned integer.
const json kTooBig = json::parse("9223372036854775808");

INSTANTIATE_TEST_SUITE_P(
    TopLevel, EventDraftRejection,
    ::testing::Values(
        DraftCase{"name missing", [](json& b) { b.erase("name"); }, "name"},
        DraftCase{"name null", [](json& b) { b["name"] = nullptr; }, "name"},
        DraftCase{"name a number", [](json& b) { b["name"] = 5; }, "name"},
        DraftCase{"name too long", [](json& b) { b["name"] = std::string(201, 'x'); }, "name"},
        DraftCase{"venue missing", [](json& b) { b.erase("venue"); }, "venue"},
        DraftCase{"venue an array", [](json& b) { b["venue"] = json::array({"Arena"}); }, "venue"},
        DraftCase{"starts_at missing", [](json& b) { b.erase("starts_at"); }, "starts_at"},
        DraftCase{"starts_at unix time", [](json& b) { b["starts_at"] = 1'798'754'400; },
                  "starts_at"},
        DraftCase{"starts_at not a time", [](json& b) { b["starts_at"] = "tomorrow"; },
                  "starts_at"},
        DraftCase{"starts_at without zone", [](json& b) { b["starts_at"] = "2026-12-31T22:00:00"; },
                  "starts_at"},
        DraftCase{"sale_starts_at impossible date",
                  [](json& b) { b["sale_starts_at"] = "2026-02-30T12:00:00Z"; }, "sale_starts_at"},
        DraftCase{"sale_ends_at a boolean", [](json& b) { b["sale_ends_at"] = false; },
                  "sale_ends_at"},
        DraftCase{"currency a number", [](json& b) { b["currency"] = 986; }, "currency"},
        DraftCase{"max_tickets a float", [](json& b) { b["max_tickets_per_customer"] = 4.5; },
                  "max_tickets_per_customer"},
        DraftCase{"max_tickets a whole float",
                  [](json& b) { b["max_tickets_per_customer"] = json::parse("4.0"); },
                  "max_tickets_per_customer"},
        DraftCase{"max_tickets a string", [](json& b) { b["max_tickets_per_customer"] = "4"; },
                  "max_tickets_per_customer"},
        DraftCase{"max_tickets a boolean", [](json& b) { b["max_tickets_per_customer"] = true; },
                  "max_tickets_per_customer"},
        DraftCase{"max_tickets_per_card a float", [](json& b) { b["max_tickets_per_card"] = 2.5; },
                  "max_tickets_per_card"},
        DraftCase{"max_tickets_per_card a string", [](json& b) { b["max_tickets_per_card"] = "2"; },
                  "max_tickets_per_card"},
        DraftCase{"max_tickets_per_card beyond int64",
                  [](json& b) { b["max_tickets_per_card"] = kTooBig; }, "max_tickets_per_card"},
        DraftCase{"hold_seconds beyond int64", [](json& b) { b["hold_seconds"] = kTooBig; },
                  "hold_seconds"},
        DraftCase{"hold_seconds uint64 max",
                  [](json& b) { b["hold_seconds"] = std::numeric_limits<std::uint64_t>::max(); },
                  "hold_seconds"},
        DraftCase{"hold_seconds an exponent",
                  [](json& b) { b["hold_seconds"] = json::parse("6e2"); }, "hold_seconds"},
        DraftCase{"hold_seconds an object", [](json& b) { b["hold_seconds"] = json::object(); },
                  "hold_seconds"}));

INSTANTIATE_TEST_SUITE_P(
    Queue, EventDraftRejection,
    ::testing::Values(
        DraftCase{"queue a boolean", [](json& b) { b["queue"] = true; }, "queue"},
        DraftCase{"queue an array", [](json& b) { b["queue"] = json::array(); }, "queue"},
        DraftCase{"queue.enabled a string", [](json& b) { b["queue"]["enabled"] = "yes"; },
                  "queue.enabled"},
        DraftCase{"queue.enabled a number", [](json& b) { b["queue"]["enabled"] = 1; },
                  "queue.enabled"},
        DraftCase{"queue.admit_per_minute a string",
                  [](json& b) { b["queue"]["admit_per_minute"] = "600"; },
                  "queue.admit_per_minute"},
        DraftCase{"queue.admit_per_minute a float",
                  [](json& b) { b["queue"]["admit_per_minute"] = 1.5; }, "queue.admit_per_minute"},
        DraftCase{"queue.admit_per_minute beyond int64",
                  [](json& b) { b["queue"]["admit_per_minute"] = kTooBig; },
                  "queue.admit_per_minute"},
        DraftCase{"queue.pow_bits a string", [](json& b) { b["queue"]["pow_bits"] = "20"; },
                  "queue.pow_bits"},
        DraftCase{"queue.pow_bits a float", [](json& b) { b["queue"]["pow_bits"] = 2.5; },
                  "queue.pow_bits"}));

INSTANTIATE_TEST_SUITE_P(
    Sections, EventDraftRejection,
    ::testing::Values(
        DraftCase{"sections missing", [](json& b) { b.erase("sections"); }, "sections"},
        DraftCase{"sections null", [](json& b) { b["sections"] = nullptr; }, "sections"},
        DraftCase{"sections an object", [](json& b) { b["sections"] = json::object(); },
                  "sections"},
        DraftCase{"section a string", [](json& b) { b["sections"][1] = "Pista"; }, "sections[1]"},
        DraftCase{"section name missing", [](json& b) { b["sections"][0].erase("name"); },
                  "sections[0].name"},
        DraftCase{"section name a number", [](json& b) { b["sections"][1]["name"] = 2; },
                  "sections[1].name"},
        DraftCase{"price_cents a string",
                  [](json& b) { b["sections"][0]["price_cents"] = "25000"; },
                  "sections[0].price_cents"},
        DraftCase{"price_cents a float", [](json& b) { b["sections"][1]["price_cents"] = 150.50; },
                  "sections[1].price_cents"},
        DraftCase{"price_cents missing", [](json& b) { b["sections"][1].erase("price_cents"); },
                  "sections[1].price_cents"},
        DraftCase{"capacity a string", [](json& b) { b["sections"][1]["capacity"] = "50000"; },
                  "sections[1].capacity"},
        DraftCase{"capacity a float", [](json& b) { b["sections"][1]["capacity"] = 50000.5; },
                  "sections[1].capacity"},
        DraftCase{"capacity beyond int64", [](json& b) { b["sections"][1]["capacity"] = kTooBig; },
                  "sections[1].capacity"},
        DraftCase{"both rows and capacity", [](json& b) { b["sections"][0]["capacity"] = 10; },
                  "sections[0]"},
        DraftCase{"neither rows nor capacity", [](json& b) { b["sections"][1].erase("capacity"); },
                  "sections[1]"},
        DraftCase{"rows a string", [](json& b) { b["sections"][0]["rows"] = "A"; },
                  "sections[0].rows"},
        DraftCase{"row a number", [](json& b) { b["sections"][0]["rows"][1] = 22; },
                  "sections[0].rows[1]"},
        DraftCase{"row seats a string",
                  [](json& b) { b["sections"][0]["rows"][1]["seats"] = "22"; },
                  "sections[0].rows[1].seats"},
        DraftCase{"row seats missing", [](json& b) { b["sections"][0]["rows"][1].erase("seats"); },
                  "sections[0].rows[1].seats"},
        DraftCase{"row seats a float", [](json& b) { b["sections"][0]["rows"][0]["seats"] = 20.0; },
                  "sections[0].rows[0].seats"},
        DraftCase{"row label a number", [](json& b) { b["sections"][0]["rows"][0]["label"] = 1; },
                  "sections[0].rows[0].label"},
        DraftCase{"row label missing", [](json& b) { b["sections"][0]["rows"][1].erase("label"); },
                  "sections[0].rows[1].label"},
        DraftCase{"row label too long",
                  [](json& b) { b["sections"][0]["rows"][0]["label"] = std::string(17, 'A'); },
                  "sections[0].rows[0].label"}));

TEST(EventDraftJson, RowLabelLimitCountsCharactersNotBytes) {
    // docs/api.md: row labels have 1–16 characters.
    json body = contractExample();
    body["sections"][0]["rows"][0]["label"] = "Galeria Ímpar Ç1"; // 16 characters, 18 bytes
    EXPECT_EQ(failedField(parseEventDraft(body)), "<accepted>");
    body["sections"][0]["rows"][0]["label"] = "Galeria Ímpar Ç12"; // 17 characters
    EXPECT_EQ(failedField(parseEventDraft(body)), "sections[0].rows[0].label");
}

TEST(EventDraftJson, NameLimitCountsCharactersNotBytes) {
    // The message says "longer than 200 characters", and the stores check characters.
    json body = contractExample();
    std::string name;
    for (int i = 0; i < 200; ++i)
        name += "é"; // 200 characters, 400 bytes
    body["name"] = name;
    EXPECT_EQ(failedField(parseEventDraft(body)), "<accepted>");
    body["name"] = name + "é";
    EXPECT_EQ(failedField(parseEventDraft(body)), "name");
}

TEST(EventDraftJson, RejectsANonObjectBodyAsBody) {
    for (const json& body : {json::array(), json(42), json("text"), json(nullptr)}) {
        const auto draft = parseEventDraft(body);
        EXPECT_EQ(failedField(draft), "body") << body.dump();
    }
}

TEST(EventDraftJson, NamesTheFirstBadFieldInDocumentOrder) {
    json body = contractExample();
    body["sections"][0]["rows"][0]["seats"] = "x";
    body["sections"][1]["capacity"] = "y";
    EXPECT_EQ(failedField(parseEventDraft(body)), "sections[0].rows[0].seats");
}

TEST(EventDraftJson, RoundTripsTheContractExample) {
    const auto first = parseEventDraft(contractExample());
    ASSERT_TRUE(first) << first.error().message;
    const json out = toJson(*first);
    EXPECT_EQ(out, contractExample());
    const auto second = parseEventDraft(out);
    ASSERT_TRUE(second) << second.error().message;
    expectSameDraft(*second, *first);
}

TEST(EventDraftJson, RoundTripsAMinimalDraftWithoutInventingFields) {
    EventDraft draft;
    draft.name = "Jazz";
    draft.venue = "Club";
    draft.startsAt = at(1'800'000'000);
    draft.sections.push_back({"Floor", 0, {}, 300});

    const json out = toJson(draft);
    for (const char* key :
         {"sale_starts_at", "sale_ends_at", "currency", "max_tickets_per_customer",
          "max_tickets_per_card", "hold_seconds", "queue"})
        EXPECT_FALSE(out.contains(key)) << key << " in " << out.dump();
    EXPECT_FALSE(out["sections"][0].contains("rows")) << out.dump();

    const auto parsed = parseEventDraft(out);
    ASSERT_TRUE(parsed) << parsed.error().message;
    expectSameDraft(*parsed, draft);
}

TEST(EventDraftJson, RoundTripsEveryOptionalField) {
    EventDraft draft;
    draft.name = "Ópera \"Carmen\"";
    draft.venue = "Theatro Municipal";
    draft.startsAt = at(1'800'000'000);
    draft.saleStartsAt = at(1'790'000'000);
    draft.saleEndsAt = at(1'799'999'000);
    draft.currency = "EUR";
    draft.maxTicketsPerCustomer = 10;
    draft.maxTicketsPerCard = 20;
    draft.holdSeconds = 1'800;
    draft.queueEnabled = true;
    draft.admitPerMinute = 42;
    draft.queuePowBits = 20;
    draft.sections.push_back({"Frisas", 99'900, {{"F1", 6}, {"F\\2", 8}, {"Fila \"3\"", 4}}, {}});
    draft.sections.push_back({"Galeria", 1'000, {}, 700});

    const auto parsed = parseEventDraft(toJson(draft));
    ASSERT_TRUE(parsed) << parsed.error().message;
    expectSameDraft(*parsed, draft);
}

TEST(EventDraftJson, RoundTripsAQueueWithOnlyOneField) {
    EventDraft draft;
    draft.name = "Jazz";
    draft.venue = "Club";
    draft.startsAt = at(1'800'000'000);
    draft.admitPerMinute = 5;
    draft.sections.push_back({"Floor", 0, {}, 300});
    const auto parsed = parseEventDraft(toJson(draft));
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->queueEnabled, std::nullopt);
    EXPECT_EQ(parsed->admitPerMinute, 5);

    draft.admitPerMinute.reset();
    draft.queueEnabled = false; // present though false: it must survive as a value
    const auto parsedEnabled = parseEventDraft(toJson(draft));
    ASSERT_TRUE(parsedEnabled) << parsedEnabled.error().message;
    EXPECT_EQ(parsedEnabled->queueEnabled, false);
    EXPECT_EQ(parsedEnabled->admitPerMinute, std::nullopt);
}

// ---- The waiting room ---------------------------------------------------------------------------

TEST(QueueStatusJson, WaitingHasAnEstimateAndNoAdmission) {
    QueueStatus status;
    status.position = 12;
    status.ahead = 7;
    status.estimatedWaitSeconds = 42;
    const json out = toJson(status);
    EXPECT_EQ(out, json::parse(R"({"position": 12, "ahead": 7, "admitted": false,
                                   "lapsed": false, "estimated_wait_seconds": 42})"));
    const auto parsed = parseQueueStatus(out);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->position, 12);
    EXPECT_EQ(parsed->ahead, 7);
    EXPECT_FALSE(parsed->admitted);
    EXPECT_EQ(parsed->admittedUntil, std::nullopt);
    EXPECT_EQ(parsed->estimatedWaitSeconds, 42);
}

TEST(QueueStatusJson, AProvisionalPlaceCarriesItsOpeningDraw) {
    QueueStatus status;
    status.position = 5;
    status.ahead = 4;
    status.estimatedWaitSeconds = 630;
    status.draw = QueueDraw{at(1'800'000'600), 20, 600, 660};
    const json out = toJson(status);
    EXPECT_EQ(out["draw_at"], "2027-01-15T08:10:00Z");
    EXPECT_EQ(out["draw_entrants"], 20);
    EXPECT_EQ(out["estimated_wait_min_seconds"], 600);
    EXPECT_EQ(out["estimated_wait_max_seconds"], 660);
    const auto parsed = parseQueueStatus(out);
    ASSERT_TRUE(parsed) << parsed.error().message;
    ASSERT_TRUE(parsed->draw);
    EXPECT_EQ(parsed->draw->at, at(1'800'000'600));
    EXPECT_EQ(parsed->draw->entrants, 20);
    EXPECT_EQ(parsed->draw->waitMinSeconds, 600);
    EXPECT_EQ(parsed->draw->waitMaxSeconds, 660);
    EXPECT_EQ(parsed->estimatedWaitSeconds, 630);

    // A draw time without the rest is a broken answer, named by its missing field.
    json partial = out;
    partial.erase("estimated_wait_max_seconds");
    const auto broken = parseQueueStatus(partial);
    ASSERT_FALSE(broken);
    EXPECT_NE(broken.error().message.find("estimated_wait_max_seconds"), std::string::npos)
        << broken.error().message;
    // Once drawn the fields are gone, and so is the draw.
    status.draw.reset();
    EXPECT_FALSE(toJson(status).contains("draw_at"));
    EXPECT_FALSE(parseQueueStatus(toJson(status))->draw);
}

TEST(QueueStatusJson, AdmittedAndLapsedCarryTheEnd) {
    QueueStatus status;
    status.position = 3;
    status.admitted = true;
    status.admittedUntil = at(1'800'000'600);
    const json out = toJson(status);
    EXPECT_EQ(out["admitted_until"], "2027-01-15T08:10:00Z");
    EXPECT_FALSE(out.contains("estimated_wait_seconds"));
    const auto parsed = parseQueueStatus(out);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_TRUE(parsed->admitted);
    EXPECT_EQ(parsed->admittedUntil, at(1'800'000'600));

    status.admitted = false;
    status.lapsed = true;
    EXPECT_EQ(toJson(status)["lapsed"], true);
    EXPECT_TRUE(parseQueueStatus(toJson(status))->lapsed);
}

TEST(QueueStatusJson, ContractOnlyBodiesParseAndBadFieldsAreNamed) {
    const auto minimal = parseQueueStatus(json::parse(R"({"position": 1, "ahead": 0,
                                                          "admitted": false})"));
    ASSERT_TRUE(minimal) << minimal.error().message;
    EXPECT_FALSE(minimal->lapsed);
    EXPECT_EQ(failedField(parseQueueStatus(json::parse(R"({"position": "1", "ahead": 0,
                                                          "admitted": false})"))),
              "queue.position");
    EXPECT_EQ(failedField(parseQueueStatus(json::parse(R"({"position": 1, "ahead": 0,
                          "admitted": true, "admitted_until": "soon"})"))),
              "queue.admitted_until");
}

// ---- Reports -----------------------------------------------------------------------------------

// The brief's example: the desktop client reads exactly this.
const char* const kSalesExample = R"({
    "event_id": 1, "currency": "BRL", "generated_at": "2026-11-22T10:00:30Z",
    "capacity": 1000, "sold": 120, "held": 8, "available": 872,
    "orders": 50, "revenue_cents": 3000000,
    "by_payment": {"card_cents": 2000000, "cash_cents": 1000000, "card_orders": 30,
                   "cash_orders": 20},
    "sections": [{"section_id": 3, "name": "Plateia", "kind": "seated", "price_cents": 25000,
                  "capacity": 500, "sold": 100, "held": 4, "available": 396,
                  "revenue_cents": 2500000, "admitted": 37},
                 {"section_id": 4, "name": "Pista", "kind": "general", "price_cents": 25000,
                  "capacity": 500, "sold": 20, "held": 4, "available": 476,
                  "revenue_cents": 500000, "admitted": 0}],
    "timeline": [{"at": "2026-11-22T10:00:00Z", "tickets": 12, "orders": 5,
                  "revenue_cents": 300000}],
    "bucket_seconds": 60})";

const char* const kShiftExample = R"({
    "since": "2026-11-22T08:00:00Z", "until": "2026-11-22T16:00:00Z", "orders": 7, "tickets": 15,
    "refunds": 2,
    "totals": [{"currency": "BRL", "orders": 7, "tickets": 15, "total_cents": 330000,
                "cash_cents": 200000, "card_cents": 130000, "cash_orders": 4, "card_orders": 3,
                "change_cents": 4500, "refunds": 2, "refunded_cents": 40000,
                "cash_refunded_cents": 25000, "card_refunded_cents": 15000,
                "exchanges_paid": 1, "exchange_paid_cents": 6000,
                "cash_exchange_paid_cents": 6000, "card_exchange_paid_cents": 0}],
    "by_event": [{"event_id": 1, "name": "Rock Night", "orders": 7, "tickets": 15,
                  "total_cents": 330000, "currency": "BRL"}]})";

TEST(SalesReportJson, ReadsTheExampleAndWritesItBack) {
    const json example = json::parse(kSalesExample);
    const auto parsed = parseSalesReport(example);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->eventId, 1);
    EXPECT_EQ(parsed->generatedAt, *parseRfc3339("2026-11-22T10:00:30Z"));
    EXPECT_EQ(parsed->byPayment, (PaymentSplit{2'000'000, 1'000'000, 30, 20}));
    ASSERT_EQ(parsed->sections.size(), 2u);
    EXPECT_EQ(parsed->sections[0], (SalesSection{3, "Plateia", SectionKind::Seated, 25'000, 500,
                                                 100, 4, 396, 2'500'000, 37}));
    EXPECT_EQ(parsed->sections[1].kind, SectionKind::General);
    EXPECT_EQ(parsed->timeline,
              (std::vector<SalesBucket>{{*parseRfc3339("2026-11-22T10:00:00Z"), 12, 5, 300'000}}));
    EXPECT_EQ(parsed->bucketSeconds, 60);
    EXPECT_EQ(toJson(*parsed), example);
}

TEST(SalesReportJson, RoundTripsAnEmptyReport) {
    SalesReport report;
    report.eventId = 9;
    report.currency = "USD";
    report.generatedAt = at(1'800'000'000);
    report.bucketSeconds = 86'400;
    const json out = toJson(report);
    EXPECT_EQ(out["sections"], json::array());
    EXPECT_EQ(out["timeline"], json::array());
    const auto parsed = parseSalesReport(out);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(*parsed, report);
}

TEST(SalesReportJson, NamesBadFields) {
    auto broken = [](const std::function<void(json&)>& change) {
        json body = json::parse(kSalesExample);
        change(body);
        return failedField(parseSalesReport(body));
    };
    EXPECT_EQ(failedField(parseSalesReport(json::array())), "sales");
    EXPECT_EQ(broken([](json& b) { b.erase("revenue_cents"); }), "sales.revenue_cents");
    EXPECT_EQ(broken([](json& b) { b["by_payment"]["cash_orders"] = "20"; }),
              "sales.by_payment.cash_orders");
    EXPECT_EQ(broken([](json& b) { b["sections"][1]["kind"] = "standing"; }),
              "sales.sections[1].kind");
    EXPECT_EQ(broken([](json& b) { b["sections"][0] = 3; }), "sales.sections[0]");
    EXPECT_EQ(broken([](json& b) { b["timeline"][0]["at"] = "10:00"; }), "sales.timeline[0].at");
    EXPECT_EQ(broken([](json& b) { b["bucket_seconds"] = 0; }), "sales.bucket_seconds");
}

TEST(ShiftSummaryJson, ReadsTheExampleAndWritesItBack) {
    const json example = json::parse(kShiftExample);
    const auto parsed = parseShiftSummary(example);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->since, *parseRfc3339("2026-11-22T08:00:00Z"));
    EXPECT_EQ(parsed->until, *parseRfc3339("2026-11-22T16:00:00Z"));
    EXPECT_EQ(parsed->orders, 7);
    EXPECT_EQ(parsed->tickets, 15);
    EXPECT_EQ(parsed->refunds, 2);
    EXPECT_EQ(parsed->totals, (std::vector<ShiftTotals>{
                                  {"BRL", 7, 15, 330'000, PaymentSplit{130'000, 200'000, 3, 4},
                                   4'500, 2, 40'000, 25'000, 15'000, 1, 6'000, 6'000, 0}}));
    EXPECT_EQ(parsed->byEvent, (std::vector<ShiftEvent>{{1, "Rock Night", 7, 15, 330'000, "BRL"}}));
    EXPECT_EQ(toJson(*parsed), example);

    // A server from before the refunds' figures leaves them out: none.
    json older = example;
    older.erase("refunds");
    for (const char* key : {"refunds", "refunded_cents", "cash_refunded_cents",
                            "card_refunded_cents", "exchanges_paid", "exchange_paid_cents",
                            "cash_exchange_paid_cents", "card_exchange_paid_cents"})
        older["totals"][0].erase(key);
    const auto old = parseShiftSummary(older);
    ASSERT_TRUE(old) << old.error().message;
    EXPECT_EQ(old->refunds, 0);
    EXPECT_EQ(old->totals.at(0).refundedCents, 0);
    EXPECT_EQ(old->totals.at(0).exchangePaidCents, 0);
}

TEST(ShiftSummaryJson, RoundTripsSeveralCurrenciesAndNamesBadFields) {
    ShiftSummary shift;
    shift.since = at(1'800'000'000);
    shift.until = at(1'800'028'800);
    shift.orders = 3;
    shift.tickets = 6;
    shift.totals = {{"BRL", 2, 3, 30'000, PaymentSplit{10'000, 20'000, 1, 1}, 5'000, 1, 4'000,
                     4'000, 0, 2, 7'000, 5'000, 2'000},
                    {"USD", 1, 3, 15'000, PaymentSplit{0, 15'000, 0, 1}, 1'000}};
    shift.byEvent = {{4, "Show", 2, 3, 30'000, "BRL"}, {5, "Fair", 1, 3, 15'000, "USD"}};
    const json out = toJson(shift);
    const auto parsed = parseShiftSummary(out);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(*parsed, shift);

    json bad = out;
    bad["totals"][1].erase("change_cents");
    EXPECT_EQ(failedField(parseShiftSummary(bad)), "shift.totals[1].change_cents");
    bad = out;
    bad["by_event"][0]["currency"] = "REAL";
    EXPECT_EQ(failedField(parseShiftSummary(bad)), "shift.by_event[0].currency");
    bad = out;
    bad["until"] = 5;
    EXPECT_EQ(failedField(parseShiftSummary(bad)), "shift.until");
}

// ---- Requests and bodies ----------------------------------------------------------------------

TEST(ParseJsonObject, AcceptsAnObject) {
    const auto parsed = parseJsonObject(R"({"a": [1, 2], "b": {"c": null}})");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(*parsed, json::parse(R"({"a": [1, 2], "b": {"c": null}})"));
    EXPECT_TRUE(parseJsonObject("{}"));
    EXPECT_TRUE(parseJsonObject(" \n{}\t"));
}

TEST(ParseJsonObject, RejectsInvalidJsonAsBody) {
    for (const char* text : {"", " ", "{", "}", "{\"a\":}", "{\"a\" 1}", "{'a': 1}", "{\"a\": 1,}",
                             "{} {}", "{\"a\": tru}", "nul", "\xff\xfe{}"}) {
        const auto parsed = parseJsonObject(text);
        EXPECT_EQ(failedField(parsed), "body") << "'" << text << "'";
    }
}

TEST(ParseJsonObject, RejectsNonObjectsAsBody) {
    for (const char* text : {"[]", "[{}]", "42", "-1.5", "\"{}\"", "true", "null"}) {
        const auto parsed = parseJsonObject(text);
        EXPECT_EQ(failedField(parsed), "body") << text;
    }
}

TEST(LoginRequestJson, ReadsTheOptionalCode) {
    const auto withCode = parseLoginRequest(
        json::parse(R"({"email": "a@b.co", "password": "pw", "totp_code": "123456"})"));
    ASSERT_TRUE(withCode) << withCode.error().message;
    EXPECT_EQ(withCode->email, "a@b.co");
    EXPECT_EQ(withCode->password, "pw");
    EXPECT_EQ(withCode->totpCode, "123456");

    const auto withoutCode =
        parseLoginRequest(json::parse(R"({"email": "a@b.co", "password": "pw"})"));
    ASSERT_TRUE(withoutCode) << withoutCode.error().message;
    EXPECT_EQ(withoutCode->totpCode, std::nullopt);

    EXPECT_EQ(failedField(parseLoginRequest(json::parse(R"({"email": "a@b.co"})"))), "password");
    EXPECT_EQ(failedField(parseLoginRequest(
                  json::parse(R"({"email": "a@b.co", "password": "pw", "totp_code": 123456})"))),
              "totp_code");
}

TEST(RequireStringField, NamesTheMissingKey) {
    EXPECT_EQ(requireStringField(json::parse(R"({"code": "123456"})"), "code"), "123456");
    EXPECT_EQ(failedField(requireStringField(json::object(), "code")), "code");
    EXPECT_EQ(failedField(requireStringField(json::parse(R"({"code": 1})"), "code")), "code");
    EXPECT_EQ(failedField(requireStringField(json::parse(R"({"code": "12345"})"), "code", 4)),
              "code");
}

// ---- Errors -----------------------------------------------------------------------------------

struct CodeName {
    ErrorCode code;
    const char* name;
};

// Every code of the contract and of its documented extensions (docs/api.md), as spelled on
// the wire.
const std::vector<CodeName> kAllCodes{
    {ErrorCode::InvalidRequest, "invalid_request"},
    {ErrorCode::Unauthenticated, "unauthenticated"},
    {ErrorCode::InvalidCredentials, "invalid_credentials"},
    {ErrorCode::TotpRequired, "totp_required"},
    {ErrorCode::TotpInvalid, "totp_invalid"},
    {ErrorCode::PaymentDeclined, "payment_declined"},
    {ErrorCode::Forbidden, "forbidden"},
    {ErrorCode::NotFound, "not_found"},
    {ErrorCode::SeatsUnavailable, "seats_unavailable"},
    {ErrorCode::SoldOut, "sold_out"},
    {ErrorCode::QuotaExceeded, "quota_exceeded"},
    {ErrorCode::HoldExpired, "hold_expired"},
    {ErrorCode::HoldNotActive, "hold_not_active"},
    {ErrorCode::NotOnSale, "not_on_sale"},
    {ErrorCode::QueueRequired, "queue_required"},
    {ErrorCode::EmailTaken, "email_taken"},
    {ErrorCode::IdempotencyMismatch, "idempotency_mismatch"},
    {ErrorCode::AlreadyCheckedIn, "already_checked_in"},
    {ErrorCode::TicketVoid, "ticket_void"},
    {ErrorCode::CardLimitExceeded, "card_limit_exceeded"},
    {ErrorCode::ChallengeRequired, "challenge_required"},
    {ErrorCode::ChallengeInvalid, "challenge_invalid"},
    {ErrorCode::SaleClosed, "sale_closed"},
    {ErrorCode::PriceDiffers, "price_differs"},
    {ErrorCode::Conflict, "conflict"},
    {ErrorCode::PayloadTooLarge, "payload_too_large"},
    {ErrorCode::RateLimited, "rate_limited"},
    {ErrorCode::Unavailable, "unavailable"},
    {ErrorCode::Internal, "internal"},
};

TEST(ErrorCodeNames, MatchTheContractBothWays) {
    std::set<std::string_view> seen;
    for (const auto& [code, name] : kAllCodes) {
        EXPECT_EQ(errorCodeName(code), name);
        EXPECT_EQ(errorCodeFromName(name), code) << name;
        EXPECT_TRUE(seen.insert(errorCodeName(code)).second) << "duplicate name " << name;
    }
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(ErrorCode::Internal) + 1)
        << "a code is missing from this table";
}

TEST(ErrorCodeNames, UnknownNamesAreInternal) {
    EXPECT_EQ(errorCodeFromName("no_such_code"), ErrorCode::Internal);
    EXPECT_EQ(errorCodeFromName(""), ErrorCode::Internal);
    EXPECT_EQ(errorCodeFromName("Seats_Unavailable"), ErrorCode::Internal);
    EXPECT_EQ(errorCodeFromName("seats_unavailable "), ErrorCode::Internal);
}

TEST(ErrorBody, HasTheContractShape) {
    Error error{ErrorCode::SeatsUnavailable, "2 seats were taken", {{"seat_ids", {3, 4}}}};
    EXPECT_EQ(errorBody(error), json::parse(R"({"error": {"code": "seats_unavailable",
        "message": "2 seats were taken", "details": {"seat_ids": [3, 4]}}})"));
}

TEST(ErrorBody, OmitsEmptyDetails) {
    const json body = errorBody(Error{ErrorCode::NotFound, "no such event"});
    EXPECT_EQ(body, json::parse(R"({"error": {"code": "not_found",
                                               "message": "no such event"}})"));
    EXPECT_FALSE(body["error"].contains("details"));
}

TEST(ErrorBody, RoundTripsEveryCode) {
    for (const auto& [code, name] : kAllCodes) {
        const Error error{
            code, std::string("message for ") + name, {{"field", "sections[0].name"}, {"n", 3}}};
        const auto back = errorFromBody(errorBody(error));
        ASSERT_TRUE(back) << name;
        EXPECT_EQ(back->code, code) << name;
        EXPECT_EQ(back->message, error.message);
        EXPECT_EQ(back->details, error.details);

        const auto bare = errorFromBody(errorBody(Error{code, "bare"}));
        ASSERT_TRUE(bare) << name;
        EXPECT_EQ(bare->code, code);
        EXPECT_EQ(bare->details, json::object());
    }
}

TEST(ErrorBody, InvalidFieldRoundTripsItsField) {
    const Error error = Error::invalidField("queue.admit_per_minute", "must be 1–1000000");
    EXPECT_EQ(error.code, ErrorCode::InvalidRequest);
    const auto back = errorFromBody(errorBody(error));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->code, ErrorCode::InvalidRequest);
    EXPECT_EQ(back->details["field"], "queue.admit_per_minute");
    EXPECT_EQ(back->message, "must be 1–1000000");
}

TEST(ErrorBody, ReadsOnlyTheErrorShape) {
    for (const char* text : {"{}", "[]", "null", "\"error\"", R"({"error": "boom"})",
                             R"({"error": ["seats_unavailable"]})", R"({"message": "x"})"})
        EXPECT_EQ(errorFromBody(json::parse(text)), std::nullopt) << text;
    const auto unknown = errorFromBody(json::parse(R"({"error": {"code": "brand_new",
                                                                 "message": "later"}})"));
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->code, ErrorCode::Internal);
    EXPECT_EQ(unknown->message, "later");
}

TEST(ErrorBody, AWronglyTypedCodeIsNotAnErrorShape) {
    // errorFromBody reads server answers on the client: a malformed one must not throw.
    for (const char* text : {R"({"error": {"code": 5, "message": "x"}})",
                             R"({"error": {"code": "not_found", "message": ["x"]}})"}) {
        std::optional<Error> error;
        EXPECT_NO_THROW(error = errorFromBody(json::parse(text))) << text;
        EXPECT_TRUE(!error || error->code == ErrorCode::Internal) << text;
    }
}

// What a client writes, the server's parser reads back unchanged.
TEST(RequestBodies, RoundTripThroughTheServersParsers) {
    const auto login = parseLoginRequest(toJson(LoginRequest{"a@b.co", "pw", "123456"}));
    ASSERT_TRUE(login) << login.error().message;
    EXPECT_EQ(login->totpCode, "123456");

    const auto registration = parseRegisterRequest(toJson(RegisterRequest{"a@b.co", "pw", "Ana"}));
    ASSERT_TRUE(registration) << registration.error().message;
    EXPECT_EQ(registration->name, "Ana");

    const auto seated = parseHoldRequest(toJson(HoldRequest{{4, 5}, std::nullopt, 0}));
    ASSERT_TRUE(seated) << seated.error().message;
    EXPECT_EQ(seated->seatIds, (std::vector<Id>{4, 5}));
    EXPECT_FALSE(seated->sectionId);
    const auto general = parseHoldRequest(toJson(HoldRequest{{}, Id{7}, 3}));
    ASSERT_TRUE(general) << general.error().message;
    EXPECT_EQ(general->sectionId, Id{7});
    EXPECT_EQ(general->quantity, 3);

    const auto card = parsePurchaseRequest(
        purchaseRequestJson(CardPayment{"4111 1111 1111 1111", 12, 2030, "123", "Ana Souza"}));
    ASSERT_TRUE(card) << card.error().message;
    ASSERT_TRUE(std::holds_alternative<CardPayment>(*card));
    EXPECT_EQ(std::get<CardPayment>(*card).holderName, "Ana Souza");
    EXPECT_EQ(std::get<CardPayment>(*card).expYear, 2030);

    const auto cash = parsePurchaseRequest(purchaseRequestJson(CashPayment{5000}));
    ASSERT_TRUE(cash) << cash.error().message;
    EXPECT_EQ(std::get<CashPayment>(*cash).tenderedCents, 5000);
}

TEST(DoorJson, WhatAScannerSendsAndReadsBackRoundTrips) {
    CheckinRequest checkin;
    checkin.qr = "BLH1.payload.signature";
    checkin.gate = "North";
    const auto request = parseCheckinRequest(toJson(checkin));
    ASSERT_TRUE(request) << request.error().message;
    EXPECT_EQ(request->qr, checkin.qr);
    EXPECT_FALSE(request->code);
    EXPECT_EQ(request->gate, "North");

    SyncRequest sync{"term-1",
                     {{"abc", std::nullopt, "East", at(1'800'000'000)},
                      {std::nullopt, "BLH1.p.s", "East", at(1'800'000'060)}}};
    const auto scans = parseSyncRequest(toJson(sync));
    ASSERT_TRUE(scans) << scans.error().message;
    EXPECT_EQ(scans->scannerId, "term-1");
    ASSERT_EQ(scans->scans.size(), 2u);
    EXPECT_EQ(scans->scans[0].code, "abc");
    EXPECT_EQ(scans->scans[1].qr, "BLH1.p.s");
    EXPECT_EQ(scans->scans[1].scannedAt, at(1'800'000'060));

    Checkin admitted;
    admitted.ticket.id = 9;
    admitted.ticket.code = "abc";
    admitted.ticket.sectionId = 3;
    admitted.ticket.section = "Plateia";
    admitted.ticket.row = "A";
    admitted.ticket.number = 4;
    admitted.ticket.status = "checked_in";
    admitted.checkedInAt = at(1'800'000'000);
    admitted.gate = "North";
    const auto read = parseCheckin(toJson(admitted));
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_EQ(read->result, "admitted");
    EXPECT_EQ(read->ticket.id, 9);
    EXPECT_EQ(read->ticket.row, "A");
    EXPECT_EQ(read->ticket.status, "checked_in");
    EXPECT_EQ(read->checkedInAt, at(1'800'000'000));
    EXPECT_EQ(read->gate, "North");

    const ScanResult duplicate{"duplicate", Id{9}, at(1'800'000'000), "West", "East", {}};
    const auto verdict = parseScanResult(toJson(duplicate));
    ASSERT_TRUE(verdict) << verdict.error().message;
    EXPECT_EQ(*verdict, duplicate);
    const ScanResult unknown{"not_found", {}, {}, {}, {}, {}};
    EXPECT_EQ(parseScanResult(toJson(unknown)).value(), unknown);

    CheckinBundle bundle;
    bundle.eventId = 4;
    bundle.keys = {{"e4g1-abc", "Ed25519", "AAAA"}};
    bundle.revoked = {7, 8};
    bundle.tickets = std::vector<BundleTicket>{
        {9, "abc", 3, "A", 4, "valid"}, {10, "def", 5, std::nullopt, std::nullopt, "refunded"}};
    bundle.since = "v1.1800000000";
    bundle.generatedAt = at(1'800'000'000);
    const auto back = parseCheckinBundle(toJson(bundle));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->eventId, 4);
    EXPECT_EQ(back->keys, bundle.keys);
    EXPECT_EQ(back->revoked, bundle.revoked);
    ASSERT_TRUE(back->tickets);
    ASSERT_EQ(back->tickets->size(), 2u);
    EXPECT_EQ((*back->tickets)[0].row, "A");
    EXPECT_EQ((*back->tickets)[0].number, 4);
    EXPECT_FALSE((*back->tickets)[1].row);
    EXPECT_EQ((*back->tickets)[1].status, "refunded");
    EXPECT_EQ(back->since, bundle.since);
    EXPECT_EQ(back->generatedAt, bundle.generatedAt);
    auto broken = toJson(bundle);
    broken["revoked"][1] = "eight";
    EXPECT_EQ(parseCheckinBundle(broken).error().details["field"], "revoked[1]");
}

TEST(RefundJson, ARefundReadsBackAsItWasWritten) {
    Refund refund;
    refund.id = 5;
    refund.orderId = 12;
    refund.amountCents = 25000;
    refund.method = "cash";
    refund.status = "settled";
    refund.ticketIds = {31, 32};
    refund.reason = "changed plans";
    refund.createdAt = at(1'800'000'000);
    const auto back = parseRefund(toJson(refund));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->id, 5);
    EXPECT_EQ(back->orderId, 12);
    EXPECT_EQ(back->amountCents, 25000);
    EXPECT_EQ(back->currency, "BRL");
    EXPECT_EQ(back->method, "cash");
    EXPECT_EQ(back->status, "settled");
    EXPECT_EQ(back->ticketIds, (std::vector<Id>{31, 32}));
    EXPECT_EQ(back->reason, "changed plans");
    EXPECT_EQ(back->createdAt, at(1'800'000'000));
}

TEST(ExchangeJson, ADearerPlacesTopUpReadsBackAsItWasWritten) {
    Exchange exchange;
    exchange.id = 3;
    exchange.orderId = 12;
    exchange.oldTicketId = 31;
    exchange.newTicketId = 40;
    exchange.oldPriceCents = 10'000;
    exchange.newPriceCents = 15'000;
    exchange.differenceCents = 5'000;
    exchange.payment = ExchangePayment{"cash", 5'000, std::nullopt, std::nullopt, 1'000};
    exchange.createdAt = at(1'800'000'000);
    const auto back = parseExchange(toJson(exchange));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->newTicketId, 40);
    EXPECT_EQ(back->oldPriceCents, 10'000);
    EXPECT_EQ(back->newPriceCents, 15'000);
    EXPECT_EQ(back->differenceCents, 5'000);
    ASSERT_TRUE(back->payment);
    EXPECT_EQ(back->payment->method, "cash");
    EXPECT_EQ(back->payment->amountCents, 5'000);
    EXPECT_EQ(back->payment->changeCents, 1'000);
    EXPECT_FALSE(back->refund);
}

TEST(ExchangeJson, ACheaperPlacesRefundReadsBackAndAnOlderServersAnswerStillReads) {
    Exchange exchange;
    exchange.id = 4;
    exchange.orderId = 12;
    exchange.oldPriceCents = 15'000;
    exchange.newPriceCents = 10'000;
    exchange.differenceCents = -5'000;
    Refund refund;
    refund.id = 9;
    refund.orderId = 12;
    refund.amountCents = 5'000;
    refund.method = "card";
    refund.status = "pending";
    refund.reason = "exchange";
    exchange.refund = refund;
    const auto back = parseExchange(toJson(exchange));
    ASSERT_TRUE(back) << back.error().message;
    ASSERT_TRUE(back->refund);
    EXPECT_EQ(back->refund->amountCents, 5'000);
    EXPECT_EQ(back->refund->reason, "exchange");
    EXPECT_FALSE(back->payment);

    json older = toJson(exchange);
    older.erase("old_price_cents");
    older.erase("new_price_cents");
    older.erase("refund");
    older["difference_cents"] = 0;
    const auto old = parseExchange(older);
    ASSERT_TRUE(old) << old.error().message;
    EXPECT_EQ(old->differenceCents, 0);
    older["payment"] = json{{"method", "card"}};
    EXPECT_EQ(failedField(parseExchange(older)), "exchange.payment.amount_cents");
}

TEST(EventCancellationJson, TheAnswerReadsBackAndNamesAMissingFigure) {
    EventCancellation cancellation;
    cancellation.event.summary.id = 7;
    cancellation.event.summary.name = "Rock Night";
    cancellation.event.summary.cancelledAt = at(1'800'000'000);
    cancellation.refundedOrders = 5'000;
    cancellation.refundedCents = 50'000'000;
    const auto back = parseEventCancellation(toJson(cancellation));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->event.summary.id, 7);
    EXPECT_EQ(back->event.summary.cancelledAt, at(1'800'000'000));
    EXPECT_EQ(back->refundedOrders, 5'000);
    EXPECT_EQ(back->refundedCents, 50'000'000);
    json bad = toJson(cancellation);
    bad.erase("refunded_cents");
    EXPECT_EQ(failedField(parseEventCancellation(bad)), "refunded_cents");
}

TEST(ExchangeRequestJson, APaymentTravelsWithTheRequestAndItsBadFieldsAreNamed) {
    ExchangeRequest request;
    request.ticketId = 31;
    request.seatId = 77;
    request.payment = PaymentRequest{CashPayment{6'000}};
    const auto back = parseExchangeRequest(toJson(request));
    ASSERT_TRUE(back) << back.error().message;
    ASSERT_TRUE(back->payment);
    EXPECT_EQ(std::get<CashPayment>(*back->payment).tenderedCents, 6'000);

    json bad = toJson(request);
    bad["payment"]["method"] = "cheque";
    EXPECT_EQ(failedField(parseExchangeRequest(bad)), "payment.method");
    bad["payment"] = json{{"method", "cash"}, {"tendered_cents", -1}};
    EXPECT_EQ(failedField(parseExchangeRequest(bad)), "payment.tendered_cents");
    bad["payment"] = "cash";
    EXPECT_EQ(failedField(parseExchangeRequest(bad)), "payment");
    request.payment.reset();
    EXPECT_FALSE(parseExchangeRequest(toJson(request))->payment);
}

} // namespace
} // namespace bilheteria
