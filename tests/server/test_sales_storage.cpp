// Holds and sales over a real store: HoldService and SalesService with a fake clock and the
// sandbox gateways, run unchanged against each backend. The contract's "Holds" and "Purchase"
// rules, races between real threads, and the audit log's tamper evidence.
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <fstream>
#include <functional>
#include <future>
#include <iostream>
#include <iterator>
#include <latch>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "server/core/events.h"
#include "server/core/holds.h"
#include "server/core/queue.h"
#include "server/core/sales.h"
#include "server/crypto/crypto.h"
#include "server/payments/cashgateway.h"
#include "server/payments/sandboxcardgateway.h"
#include "server/store/storagefactory.h"
#include "tests/support/builders.h"
#include "tests/support/fakeclock.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using namespace std::chrono_literals;

const TimePoint kNow{std::chrono::seconds{1'800'000'000}}; // 2027-01-15
// The schema checks only the prefix: a cheap stand-in for a real Argon2id hash.
const std::string kPasswordHash = "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";
const std::string kVisa = "4111111111111111";
const std::string kMastercard = "5555555555554444";
const std::string kDeclinedCard = "4000000000000002";

CardPayment card(const std::string& number = kVisa, const std::string& holder = "Ana Souza") {
    return CardPayment{number, 12, 2030, "123", holder};
}

template <typename T> std::string why(const Result<T>& result) {
    if (result) return "succeeded";
    return std::string(errorCodeName(result.error().code)) + ": " + result.error().message + " " +
           result.error().details.dump();
}

template <typename T>::testing::AssertionResult failsWith(const Result<T>& result, ErrorCode code) {
    if (result)
        return ::testing::AssertionFailure() << "succeeded; expected " << errorCodeName(code);
    if (result.error().code != code)
        return ::testing::AssertionFailure()
               << "failed with " << why(result) << "; expected " << errorCodeName(code);
    return ::testing::AssertionSuccess();
}

// `details.field` of an invalid_request, or "" when absent.
std::string fieldOf(const Error& error) {
    return error.details.is_object() ? error.details.value("field", std::string{}) : std::string{};
}

std::vector<Id> sortedIds(const nlohmann::json& ids) {
    std::vector<Id> out;
    if (ids.is_array())
        for (const auto& id : ids)
            out.push_back(id.get<Id>());
    std::sort(out.begin(), out.end());
    return out;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines)
        out += "\n  " + line;
    return out;
}

// A connection of its own to the test database, beside the store's: to read what the store
// wrote and to tamper with it as someone with access to the database would.
class RawDatabase {
public:
    RawDatabase(Backend backend, const std::string& url)
        : m_backend(backend)
        , m_url(url) {
        if (backend == Backend::Sqlite) m_path = url.substr(url.find(':') + 1);
    }

    // Every row `sql` returns, each column as text (NULL as "").
    std::vector<std::vector<std::string>> query(const std::string& sql) const {
        std::vector<std::vector<std::string>> rows;
        if (m_backend == Backend::Postgres) {
            pqxx::connection connection{m_url};
            pqxx::work tx{connection};
            for (const auto& row : tx.exec(sql)) {
                std::vector<std::string> out;
                for (const auto& field : row)
                    out.emplace_back(field.is_null() ? "" : field.c_str());
                rows.push_back(std::move(out));
            }
            tx.commit();
            return rows;
        }
        sqlite3* db = nullptr;
        if (sqlite3_open_v2(m_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
            sqlite3_close(db);
            throw std::runtime_error("cannot open " + m_path);
        }
        sqlite3_busy_timeout(db, 5000);
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
            const std::string message = sqlite3_errmsg(db);
            sqlite3_close(db);
            throw std::runtime_error(message + " in " + sql);
        }
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            std::vector<std::string> out;
            for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
                const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
                out.emplace_back(text ? text : "");
            }
            rows.push_back(std::move(out));
        }
        const std::string message = sqlite3_errmsg(db);
        sqlite3_finalize(stmt);
        sqlite3_close(db);
        if (rc != SQLITE_DONE) throw std::runtime_error(message + " in " + sql);
        return rows;
    }

    void exec(const std::string& sql) const { (void)query(sql); }

    std::int64_t count(const std::string& sql) const {
        const auto rows = query(sql);
        return rows.empty() ? -1 : std::stoll(rows.front().front());
    }

    // Where `needle` occurs anywhere in the stored data: the SQLite files' bytes (the WAL
    // included), or any row of any PostgreSQL table as text. Empty when nowhere.
    std::vector<std::string> placesContaining(const std::string& needle) const {
        std::vector<std::string> found;
        if (m_backend == Backend::Sqlite) {
            for (const char* suffix : {"", "-wal", "-journal"}) {
                std::ifstream file(m_path + suffix, std::ios::binary);
                if (!file) continue;
                const std::string bytes{std::istreambuf_iterator<char>(file),
                                        std::istreambuf_iterator<char>()};
                if (bytes.find(needle) != std::string::npos) found.push_back(m_path + suffix);
            }
            return found;
        }
        for (const auto& table :
             query("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                   "'public' AND table_type = 'BASE TABLE'")) {
            const auto hits = count("SELECT count(*) FROM " + table[0] +
                                    " t WHERE t::text LIKE '%" + needle + "%'");
            if (hits != 0) found.push_back(table[0]);
        }
        return found;
    }

private:
    Backend m_backend;
    std::string m_url;
    std::string m_path;
};

struct EventOptions {
    int maxTickets = 6;
    // High unless a test is about it: most scenarios pay for many buyers' holds with one card.
    int maxTicketsPerCard = 1000;
    int holdSeconds = 600;
    bool queue = false;
    int admitPerMinute = 600;
    TimePoint saleStarts = kNow;
    TimePoint saleEnds = kNow + 24h * 30;
    std::string currency = "BRL";
};

class SalesTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        m_database = std::make_unique<TestDatabase>(GetParam());
        m_raw = std::make_unique<RawDatabase>(GetParam(), m_database->url());
        StorageOptions options;
        options.url = m_database->url();
        options.poolSize = 16;
        auto opened = openStorage(options);
        ASSERT_TRUE(opened) << why(opened);
        m_storage = std::move(*opened);
        auto key = m_storage->serverSecret("purchase-request-hash");
        ASSERT_TRUE(key) << why(key);
        m_gateways.add(m_card);
        m_gateways.add(m_cash);
        m_holds = std::make_unique<HoldService>(*m_storage, m_clock);
        // Wired as the app does: a card key of its own beside the request-hash key.
        auto cardKey = m_storage->serverSecret("card-fingerprint");
        ASSERT_TRUE(cardKey) << why(cardKey);
        m_cardKey = *cardKey;
        m_sales = std::make_unique<SalesService>(*m_storage, m_clock, m_gateways, *key, *cardKey);
        m_organizer = addUser("organizer@example.com", Role::Organizer);
    }

    // Every scenario must leave the database whole; the store goes before its database.
    void TearDown() override {
        if (m_storage && m_expectIntactAtEnd) expectIntact();
        m_sales.reset();
        m_holds.reset();
        m_storage.reset();
        m_database.reset();
    }

    Storage& storage() { return *m_storage; }
    HoldService& holds() { return *m_holds; }
    SalesService& sales() { return *m_sales; }
    const RawDatabase& raw() const { return *m_raw; }

    void expectIntact() {
        auto invariants = storage().checkInvariants(m_clock.now());
        ASSERT_TRUE(invariants) << why(invariants);
        EXPECT_TRUE(invariants->ok()) << joined(invariants->problems);
        auto audit = storage().verifyAudit();
        ASSERT_TRUE(audit) << why(audit);
        EXPECT_TRUE(audit->ok()) << joined(audit->problems);
    }

    User addUser(const std::string& email, Role role = Role::Buyer) {
        auto user = storage().createUser(NewUser{email, "Test User", role, kPasswordHash});
        EXPECT_TRUE(user) << email << ": " << why(user);
        return user.value_or(User{});
    }
    User buyer(const std::string& name) { return addUser(name + "@example.com"); }

    Event createEvent(std::vector<NewSection> sections, EventOptions options = {}) {
        static std::atomic<int> serial{0};
        NewEvent event;
        event.name = "Event " + std::to_string(++serial);
        event.venue = "Arena";
        event.startsAt = kNow + 24h * 60;
        event.saleStartsAt = options.saleStarts;
        event.saleEndsAt = options.saleEnds;
        event.maxTicketsPerCustomer = options.maxTickets;
        event.maxTicketsPerCard = options.maxTicketsPerCard;
        event.holdSeconds = options.holdSeconds;
        event.queueEnabled = options.queue;
        event.admitPerMinute = options.admitPerMinute;
        event.currency = options.currency;
        event.sections = std::move(sections);
        event.createdBy = m_organizer.id;
        event.createdAt = kNow;
        auto created = storage().createEvent(event);
        EXPECT_TRUE(created) << why(created);
        return created.value_or(Event{});
    }

    // The seated seats of an event (of one section when given), in creation order.
    std::vector<Id> seatIds(Id eventId, std::optional<Id> sectionId = std::nullopt) {
        std::vector<Id> ids;
        auto visited = storage().forEachSeat(eventId, m_clock.now(), [&](const Seat& seat) {
            if (!sectionId || seat.sectionId == *sectionId) ids.push_back(seat.id);
        });
        EXPECT_TRUE(visited) << why(visited);
        return ids;
    }

    std::map<Id, SeatState> seatStates(Id eventId) {
        std::map<Id, SeatState> states;
        auto visited = storage().forEachSeat(
            eventId, m_clock.now(), [&](const Seat& seat) { states[seat.id] = seat.state; });
        EXPECT_TRUE(visited) << why(visited);
        return states;
    }

    // Availability per section (capacity - held - sold, computed by the test) as every read
    // reports it: the event, its sections, the event list and, for seated sections, the
    // seat map's free seats.
    void expectAvailability(Id eventId, const std::vector<std::int64_t>& perSection) {
        auto event = storage().getEvent(eventId, m_clock.now());
        ASSERT_TRUE(event) << why(event);
        ASSERT_EQ(event->sections.size(), perSection.size());
        std::int64_t total = 0;
        std::map<Id, std::int64_t> freeSeats;
        auto visited = storage().forEachSeat(eventId, m_clock.now(), [&](const Seat& seat) {
            if (seat.state == SeatState::Free) ++freeSeats[seat.sectionId];
        });
        ASSERT_TRUE(visited) << why(visited);
        for (std::size_t i = 0; i < perSection.size(); ++i) {
            const SectionInfo& section = event->sections[i];
            EXPECT_EQ(section.available, perSection[i]) << "section " << section.name;
            if (section.kind == SectionKind::Seated) {
                EXPECT_EQ(freeSeats[section.id], perSection[i])
                    << "free seats of section " << section.name;
            }
            total += perSection[i];
        }
        EXPECT_EQ(event->summary.available, total);
        auto listed = storage().listEvents(m_clock.now());
        ASSERT_TRUE(listed) << why(listed);
        const auto it = std::find_if(listed->begin(), listed->end(),
                                     [&](const EventSummary& s) { return s.id == eventId; });
        ASSERT_NE(it, listed->end());
        EXPECT_EQ(it->available, total);
    }

    Result<Hold> holdSeats(const User& who, Id eventId, std::vector<Id> seats) {
        HoldRequest request;
        request.seatIds = std::move(seats);
        return holds().create(who, eventId, request);
    }
    Result<Hold> holdGeneral(const User& who, Id eventId, Id sectionId, std::int64_t quantity) {
        HoldRequest request;
        request.sectionId = sectionId;
        request.quantity = quantity;
        return holds().create(who, eventId, request);
    }
    Result<PurchaseResult> buyByCard(const User& who, Id holdId, const std::string& key,
                                     const CardPayment& payment = card()) {
        return sales().purchase(who, holdId, key, PaymentRequest{payment});
    }
    Result<PurchaseResult> buyByCash(const User& who, Id holdId, const std::string& key,
                                     Cents tendered) {
        return sales().purchase(who, holdId, key, PaymentRequest{CashPayment{tendered}});
    }

    HoldStatus statusOf(Id holdId) {
        auto hold = storage().findHold(holdId, m_clock.now());
        EXPECT_TRUE(hold) << why(hold);
        return hold ? hold->status : HoldStatus::Active;
    }

    // The status column as stored, before any reading "as of now".
    std::string storedStatus(Id holdId) {
        const auto rows =
            raw().query("SELECT status FROM holds WHERE id = " + std::to_string(holdId));
        return rows.empty() ? "" : rows.front().front();
    }

    // A little of everything the audit log records: an event, holds, a sale, a release and an
    // expiry. Leaves an intact log behind.
    void runAuditedFlow() {
        EventOptions options;
        options.holdSeconds = 60;
        const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}})}, options);
        const auto seats = seatIds(event.summary.id);
        const User ana = buyer("ana");
        auto sold = holdSeats(ana, event.summary.id, {seats[0], seats[1]});
        ASSERT_TRUE(sold) << why(sold);
        ASSERT_TRUE(buyByCard(ana, sold->id, "audit-1"));
        auto released = holdSeats(ana, event.summary.id, {seats[2]});
        ASSERT_TRUE(released && holds().release(ana, released->id));
        ASSERT_TRUE(holdSeats(ana, event.summary.id, {seats[3]}));
        m_clock.advance(60s);
        ASSERT_EQ(*holds().expireDue(), 1);
        auto report = storage().verifyAudit();
        ASSERT_TRUE(report) << why(report);
        EXPECT_TRUE(report->ok()) << joined(report->problems);
        EXPECT_GE(report->checkedItems, 7); // event, 3 holds, sale, release, expiry
        expectIntact();
    }

    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<RawDatabase> m_raw;
    std::unique_ptr<Storage> m_storage;
    FakeClock m_clock{kNow};
    SandboxCardGateway m_card;
    CashGateway m_cash;
    PaymentGateways m_gateways;
    std::unique_ptr<HoldService> m_holds;
    std::unique_ptr<SalesService> m_sales;
    User m_organizer;
    std::string m_cardKey;
    bool m_expectIntactAtEnd = true;
};

// True when some problem names audit chain `chain` and its entry `seq`.
::testing::AssertionResult namesEntry(const IntegrityReport& report, const std::string& chain,
                                      const std::string& seq) {
    const std::regex pattern("chain " + chain + "\\b.*\\bentry " + seq + "\\b");
    for (const auto& problem : report.problems)
        if (std::regex_search(problem, pattern)) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "no problem names chain " << chain << " entry " << seq
                                         << ":" << joined(report.problems);
}

void expectTicketCode(const std::string& code) {
    EXPECT_GE(code.size(), 22u) << code; // 128 random bits at least
    EXPECT_TRUE(
        std::all_of(code.begin(), code.end(),
                    [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; }))
        << "not fit for a URL or QR code: " << code;
}

// --- holds ------------------------------------------------------------------------------------

TEST_P(SalesTest, SeatedHoldIsAllOrNothing) {
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}, {"B", 10}})});
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    ASSERT_EQ(seats.size(), 20u);
    const User ana = buyer("ana"), bia = buyer("bia"), caio = buyer("caio");

    auto first = holdSeats(ana, eventId, {seats[2], seats[5]});
    ASSERT_TRUE(first) << why(first);
    EXPECT_GT(first->id, 0);
    EXPECT_EQ(first->eventId, eventId);
    EXPECT_EQ(first->customerId, ana.id);
    EXPECT_EQ(first->status, HoldStatus::Active);
    EXPECT_EQ(first->expiresAt, kNow + 600s);
    EXPECT_EQ(first->totalCents, 20'000);
    EXPECT_EQ(first->currency, "BRL");
    EXPECT_TRUE(first->general.empty());
    ASSERT_EQ(first->seats.size(), 2u);
    EXPECT_EQ(first->seats[0].id, seats[2]);
    EXPECT_EQ(first->seats[0].row, "A");
    EXPECT_EQ(first->seats[0].number, 3);
    EXPECT_EQ(first->seats[0].priceCents, 10'000);
    EXPECT_EQ(first->seats[1].number, 6);
    EXPECT_EQ(first->ticketCount(), 2);
    expectAvailability(eventId, {18});

    // Two of four seats taken: the answer names exactly those two, and nothing is held.
    auto clash = holdSeats(bia, eventId, {seats[1], seats[2], seats[5], seats[6]});
    ASSERT_TRUE(failsWith(clash, ErrorCode::SeatsUnavailable));
    EXPECT_EQ(sortedIds(clash.error().details["seat_ids"]), (std::vector<Id>{seats[2], seats[5]}))
        << clash.error().details.dump();
    auto states = seatStates(eventId);
    EXPECT_EQ(states[seats[1]], SeatState::Free);
    EXPECT_EQ(states[seats[6]], SeatState::Free);
    EXPECT_EQ(states[seats[2]], SeatState::Held);
    expectAvailability(eventId, {18});

    // The failed attempt counted nothing against bia's limit or the seats.
    auto rest = holdSeats(bia, eventId, {seats[1], seats[6], seats[10], seats[11]});
    ASSERT_TRUE(rest) << why(rest);
    expectAvailability(eventId, {14});

    // A sold seat is as taken as a held one.
    auto bought = buyByCard(ana, first->id, "all-or-nothing");
    ASSERT_TRUE(bought) << why(bought);
    auto sold = holdSeats(caio, eventId, {seats[5], seats[7]});
    ASSERT_TRUE(failsWith(sold, ErrorCode::SeatsUnavailable));
    EXPECT_EQ(sortedIds(sold.error().details["seat_ids"]), (std::vector<Id>{seats[5]}));
    EXPECT_EQ(seatStates(eventId)[seats[7]], SeatState::Free);
    expectAvailability(eventId, {14});
}

TEST_P(SalesTest, HoldAcrossSectionsAddsUpTheirPrices) {
    const Event event =
        createEvent({seated("Plateia", 10'000, {{"A", 5}}), seated("Balcao", 7'000, {{"C", 5}})});
    const Id eventId = event.summary.id;
    const auto plateia = seatIds(eventId, event.sections[0].id);
    const auto balcao = seatIds(eventId, event.sections[1].id);
    const User ana = buyer("ana");

    auto hold = holdSeats(ana, eventId, {balcao[1], plateia[0], balcao[0]});
    ASSERT_TRUE(hold) << why(hold);
    EXPECT_EQ(hold->totalCents, 24'000);
    ASSERT_EQ(hold->seats.size(), 3u);
    std::map<Id, Cents> prices;
    for (const HeldSeat& seat : hold->seats)
        prices[seat.id] = seat.priceCents;
    EXPECT_EQ(prices,
              (std::map<Id, Cents>{{plateia[0], 10'000}, {balcao[0], 7'000}, {balcao[1], 7'000}}));
    expectAvailability(eventId, {4, 3});

    auto bought = buyByCard(ana, hold->id, "two-sections");
    ASSERT_TRUE(bought) << why(bought);
    EXPECT_EQ(bought->order.totalCents, 24'000);
    std::multiset<std::string> sections;
    for (const Ticket& ticket : bought->order.tickets)
        sections.insert(ticket.section);
    EXPECT_EQ(sections, (std::multiset<std::string>{"Balcao", "Balcao", "Plateia"}));
    EXPECT_EQ(raw().count("SELECT amount_cents FROM payments"), 24'000);
    expectAvailability(eventId, {4, 3});
}

TEST_P(SalesTest, SeatsOfAnotherEventOrGeneralPlacesAreInvalid) {
    const Event event =
        createEvent({seated("Plateia", 10'000, {{"A", 4}}), general("Pista", 5'000, 10)});
    const Event other = createEvent({seated("Balcao", 8'000, {{"C", 4}})});
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const auto otherSeats = seatIds(other.summary.id);
    const Id pista = event.sections[1].id;
    // General-admission places live beside the seats but are no seats to pick.
    const auto places = raw().query(
        "SELECT id FROM seats WHERE section_id = " + std::to_string(pista) + " ORDER BY id");
    ASSERT_EQ(places.size(), 10u);
    const Id place = std::stoll(places[3][0]);
    const User ana = buyer("ana");

    const std::vector<std::vector<Id>> bad{
        {otherSeats[0]}, {seats[0], otherSeats[1]}, {place}, {seats[1], place}, {999'999'999}};
    for (const auto& ids : bad) {
        SCOPED_TRACE(nlohmann::json(ids).dump());
        auto hold = holdSeats(ana, eventId, ids);
        ASSERT_TRUE(failsWith(hold, ErrorCode::InvalidRequest));
        EXPECT_EQ(fieldOf(hold.error()), "seat_ids");
    }
    expectAvailability(eventId, {4, 10});
    expectAvailability(other.summary.id, {4});

    // A general hold must name a general section of this very event.
    for (Id section : {event.sections[0].id, other.sections[0].id}) {
        auto hold = holdGeneral(ana, eventId, section, 1);
        ASSERT_TRUE(failsWith(hold, ErrorCode::InvalidRequest));
        EXPECT_EQ(fieldOf(hold.error()), "section_id");
    }
    auto wrongEvent = holdGeneral(ana, other.summary.id, pista, 1);
    ASSERT_TRUE(failsWith(wrongEvent, ErrorCode::InvalidRequest));
    EXPECT_EQ(fieldOf(wrongEvent.error()), "section_id");

    EXPECT_TRUE(failsWith(holdSeats(ana, 987'654, {seats[0]}), ErrorCode::NotFound));
    expectAvailability(eventId, {4, 10});
    // None of it counted against ana's limit.
    EXPECT_TRUE(holdGeneral(ana, eventId, pista, 6));
}

TEST_P(SalesTest, DuplicateAndEmptyRequestsAreInvalid) {
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 6}}), general("GA", 1, 5)});
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");

    auto twice = holdSeats(ana, eventId, {seats[0], seats[1], seats[0]});
    ASSERT_TRUE(failsWith(twice, ErrorCode::InvalidRequest));
    EXPECT_EQ(fieldOf(twice.error()), "seat_ids");
    expectAvailability(eventId, {6, 5});

    // Nothing asked for, or a quantity that is no quantity: refused, nothing held.
    EXPECT_FALSE(holds().create(ana, eventId, HoldRequest{}));
    EXPECT_FALSE(holdGeneral(ana, eventId, event.sections[1].id, 0));
    EXPECT_FALSE(holdGeneral(ana, eventId, event.sections[1].id, -1));
    expectAvailability(eventId, {6, 5});

    EXPECT_TRUE(holdSeats(ana, eventId, {seats[0], seats[1]}));
    expectAvailability(eventId, {4, 5});
}

TEST_P(SalesTest, GeneralAdmissionQuantityAndSoldOut) {
    const Event event = createEvent({general("Pista", 5'000, 10)});
    const Id eventId = event.summary.id;
    const Id pista = event.sections[0].id;
    const User ana = buyer("ana"), bia = buyer("bia"), caio = buyer("caio");

    auto six = holdGeneral(ana, eventId, pista, 6);
    ASSERT_TRUE(six) << why(six);
    EXPECT_TRUE(six->seats.empty());
    ASSERT_EQ(six->general.size(), 1u);
    EXPECT_EQ(six->general[0].sectionId, pista);
    EXPECT_EQ(six->general[0].quantity, 6);
    EXPECT_EQ(six->general[0].priceCents, 5'000);
    EXPECT_EQ(six->totalCents, 30'000);
    EXPECT_EQ(six->ticketCount(), 6);
    expectAvailability(eventId, {4});

    EXPECT_TRUE(failsWith(holdGeneral(bia, eventId, pista, 5), ErrorCode::SoldOut));
    expectAvailability(eventId, {4});
    auto four = holdGeneral(bia, eventId, pista, 4);
    ASSERT_TRUE(four) << why(four);
    expectAvailability(eventId, {0});
    EXPECT_TRUE(failsWith(holdGeneral(caio, eventId, pista, 1), ErrorCode::SoldOut));

    ASSERT_TRUE(holds().release(ana, six->id));
    expectAvailability(eventId, {6});
    ASSERT_TRUE(holdGeneral(caio, eventId, pista, 1));
    expectAvailability(eventId, {5});
    auto bought = buyByCard(bia, four->id, "ga-four");
    ASSERT_TRUE(bought) << why(bought);
    EXPECT_EQ(bought->order.tickets.size(), 4u);
    expectAvailability(eventId, {5});
}

TEST_P(SalesTest, QuotaCountsHeldAndBoughtTickets) {
    EventOptions options;
    options.maxTickets = 4;
    const Event event =
        createEvent({seated("Plateia", 10'000, {{"A", 10}}), general("Pista", 5'000, 20)}, options);
    const Id eventId = event.summary.id;
    const Id pista = event.sections[1].id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana"), bia = buyer("bia");

    auto pair = holdSeats(ana, eventId, {seats[0], seats[1]});
    ASSERT_TRUE(pair) << why(pair);
    ASSERT_TRUE(buyByCard(ana, pair->id, "quota-1"));
    ASSERT_TRUE(holdGeneral(ana, eventId, pista, 1)); // 2 bought + 1 held

    auto overSeats = holdSeats(ana, eventId, {seats[2], seats[3]});
    ASSERT_TRUE(failsWith(overSeats, ErrorCode::QuotaExceeded));
    EXPECT_EQ(overSeats.error().details.value("limit", -1), 4);
    EXPECT_EQ(overSeats.error().details.value("current", -1), 3);
    auto overGeneral = holdGeneral(ana, eventId, pista, 2);
    ASSERT_TRUE(failsWith(overGeneral, ErrorCode::QuotaExceeded));
    EXPECT_EQ(overGeneral.error().details.value("current", -1), 3);
    expectAvailability(eventId, {8, 19});

    auto last = holdSeats(ana, eventId, {seats[2]});
    ASSERT_TRUE(last) << why(last); // exactly at the limit
    auto full = holdGeneral(ana, eventId, pista, 1);
    ASSERT_TRUE(failsWith(full, ErrorCode::QuotaExceeded));
    EXPECT_EQ(full.error().details.value("limit", -1), 4);
    EXPECT_EQ(full.error().details.value("current", -1), 4);

    // A released hold no longer counts.
    ASSERT_TRUE(holds().release(ana, last->id));
    ASSERT_TRUE(holdGeneral(ana, eventId, pista, 1));
    // Another customer has a limit of her own.
    ASSERT_TRUE(holdGeneral(bia, eventId, pista, 4));
    expectAvailability(eventId, {8, 14});

    // Nor does an expired one, swept or not: only the 2 bought tickets remain.
    m_clock.advance(600s);
    EXPECT_TRUE(failsWith(holdGeneral(ana, eventId, pista, 3), ErrorCode::QuotaExceeded));
    auto again = holdGeneral(ana, eventId, pista, 2);
    ASSERT_TRUE(again) << why(again);
    expectAvailability(eventId, {8, 18});
}

TEST_P(SalesTest, CounterStaffAreExemptFromTheLimit) {
    EventOptions options;
    options.maxTickets = 2;
    const Event event =
        createEvent({seated("Plateia", 10'000, {{"A", 10}}), general("Pista", 5'000, 30)}, options);
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User clerk = addUser("clerk@example.com", Role::Clerk);
    const User admin = addUser("admin@example.com", Role::Admin);
    const User ana = buyer("ana");

    auto five = holdSeats(clerk, eventId, {seats[0], seats[1], seats[2], seats[3], seats[4]});
    ASSERT_TRUE(five) << why(five);
    ASSERT_TRUE(holdGeneral(clerk, eventId, event.sections[1].id, 10));
    ASSERT_TRUE(holdGeneral(admin, eventId, event.sections[1].id, 3));
    auto paid = buyByCash(clerk, five->id, "counter-1", 50'000);
    ASSERT_TRUE(paid) << why(paid);
    ASSERT_TRUE(holdSeats(clerk, eventId, {seats[5], seats[6], seats[7]}));

    auto buyerOver = holdGeneral(ana, eventId, event.sections[1].id, 3);
    ASSERT_TRUE(failsWith(buyerOver, ErrorCode::QuotaExceeded));
    EXPECT_EQ(buyerOver.error().details.value("limit", -1), 2);
    EXPECT_EQ(buyerOver.error().details.value("current", -1), 0);
    expectAvailability(eventId, {2, 17});
}

TEST_P(SalesTest, NotOnSaleOutsideTheWindow) {
    EventOptions options;
    options.saleStarts = kNow + 1h;
    options.saleEnds = kNow + 2h;
    const Event event =
        createEvent({seated("Plateia", 10'000, {{"A", 4}}), general("Pista", 5'000, 5)}, options);
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");

    EXPECT_TRUE(failsWith(holdSeats(ana, eventId, {seats[0]}), ErrorCode::NotOnSale));
    EXPECT_TRUE(
        failsWith(holdGeneral(ana, eventId, event.sections[1].id, 1), ErrorCode::NotOnSale));
    m_clock.set(kNow + 1h - 1s);
    EXPECT_TRUE(failsWith(holdSeats(ana, eventId, {seats[0]}), ErrorCode::NotOnSale));
    expectAvailability(eventId, {4, 5});

    m_clock.set(kNow + 1h);
    EXPECT_TRUE(holdSeats(ana, eventId, {seats[0]}));
    expectAvailability(eventId, {3, 5});
    m_clock.set(kNow + 2h - 1s); // the seat's hold has expired by now
    EXPECT_TRUE(holdGeneral(ana, eventId, event.sections[1].id, 1));
    expectAvailability(eventId, {4, 4});

    m_clock.set(kNow + 2h);
    EXPECT_TRUE(failsWith(holdSeats(ana, eventId, {seats[1]}), ErrorCode::NotOnSale));
    EXPECT_TRUE(
        failsWith(holdGeneral(ana, eventId, event.sections[1].id, 1), ErrorCode::NotOnSale));
}

TEST_P(SalesTest, QueueEnabledEventNeedsTheWaitingRoom) {
    EventOptions options;
    options.queue = true;
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 4}})}, options);
    const auto seats = seatIds(event.summary.id);
    const User ana = buyer("ana");
    auto outside = holdSeats(ana, event.summary.id, {seats[0]});
    ASSERT_TRUE(failsWith(outside, ErrorCode::QueueRequired));
    EXPECT_EQ(outside.error().details.value("queue", ""),
              "/api/v1/events/" + std::to_string(event.summary.id) + "/queue");
    EXPECT_FALSE(outside.error().details.contains("position"));
    expectAvailability(event.summary.id, {4});
}

TEST_P(SalesTest, AdmittedBuyersHoldUntilTheirAdmissionLapses) {
    EventOptions options;
    options.queue = true;
    options.admitPerMinute = 60;
    options.holdSeconds = 120;
    options.maxTickets = 10;
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}})}, options);
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana"), bia = buyer("bia");
    const User organizer = m_organizer; // organizers buy as customers do
    ProofOfWork proofOfWork("test key", m_clock);
    WaitingRoomService room(storage(), m_clock, proofOfWork);
    ASSERT_TRUE(room.join(ana, eventId, "", ""));
    ASSERT_TRUE(room.join(bia, eventId, "", ""));
    ASSERT_TRUE(room.join(organizer, eventId, "", ""));

    auto waiting = holdSeats(bia, eventId, {seats[0]});
    ASSERT_TRUE(failsWith(waiting, ErrorCode::QueueRequired));
    EXPECT_EQ(waiting.error().details.value("position", 0), 2);
    EXPECT_EQ(waiting.error().details.value("ahead", 0), 1);

    m_clock.advance(1s);
    ASSERT_EQ(*room.advance(), 1); // ana
    auto anas = holdSeats(ana, eventId, {seats[0]});
    ASSERT_TRUE(anas) << why(anas);
    EXPECT_TRUE(failsWith(holdSeats(bia, eventId, {seats[1]}), ErrorCode::QueueRequired));
    EXPECT_TRUE(failsWith(holdSeats(organizer, eventId, {seats[1]}), ErrorCode::QueueRequired));

    m_clock.advance(119s); // the last second of ana's admission
    ASSERT_EQ(*room.advance(), 2);
    EXPECT_TRUE(holdSeats(ana, eventId, {seats[1]}));
    EXPECT_TRUE(holdSeats(organizer, eventId, {seats[2]}));
    m_clock.advance(1s);
    auto lapsed = holdSeats(ana, eventId, {seats[3]});
    ASSERT_TRUE(failsWith(lapsed, ErrorCode::QueueRequired));
    EXPECT_EQ(lapsed.error().details.value("lapsed", false), true);
    // Joining again keeps the place, and the lapse.
    auto again = room.join(ana, eventId, "", "");
    ASSERT_TRUE(again) << why(again);
    EXPECT_EQ(again->position, 1);
    EXPECT_TRUE(again->lapsed);
    EXPECT_TRUE(holdSeats(bia, eventId, {seats[3]}));
    // Held: seats 1, 2 and 3; ana's first hold ran out with her admission's 120 s.
    expectAvailability(eventId, {7});
}

TEST_P(SalesTest, AHoldTakenWhileAdmittedCanBePaidAfterTheAdmission) {
    EventOptions options;
    options.queue = true;
    options.holdSeconds = 600;
    const Event event = createEvent({general("Pista", 5'000, 10)}, options);
    const Id eventId = event.summary.id;
    const User ana = buyer("ana");
    ProofOfWork proofOfWork("test key", m_clock);
    WaitingRoomService room(storage(), m_clock, proofOfWork);
    ASSERT_TRUE(room.join(ana, eventId, "", ""));
    m_clock.advance(1s);
    ASSERT_EQ(*room.advance(), 1);
    m_clock.advance(500s);
    auto held = holdGeneral(ana, eventId, event.sections[0].id, 2);
    ASSERT_TRUE(held) << why(held);
    m_clock.advance(200s); // the admission ended 99 s ago; the hold runs for 400 s more
    EXPECT_TRUE(room.status(ana, eventId)->lapsed);
    auto paid = buyByCard(ana, held->id, "after-admission");
    ASSERT_TRUE(paid) << why(paid);
    expectAvailability(eventId, {8});
}

TEST_P(SalesTest, CounterStaffSkipTheWaitingRoom) {
    EventOptions options;
    options.queue = true;
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 4}})}, options);
    const auto seats = seatIds(event.summary.id);
    const User clerk = addUser("clerk@example.com", Role::Clerk);
    const User admin = addUser("admin@example.com", Role::Admin);
    auto clerks = holdSeats(clerk, event.summary.id, {seats[0], seats[1]});
    ASSERT_TRUE(clerks) << why(clerks);
    ASSERT_TRUE(holdSeats(admin, event.summary.id, {seats[2]}));
    ASSERT_TRUE(buyByCash(clerk, clerks->id, "counter-queue", 20'000));
    expectAvailability(event.summary.id, {1});
}

// --- expiry and release -------------------------------------------------------------------------

TEST_P(SalesTest, ExpiredHoldFreesItsSeatsWithoutTheSweeper) {
    EventOptions options;
    options.holdSeconds = 60;
    options.maxTickets = 10;
    const Event event =
        createEvent({seated("Plateia", 10'000, {{"A", 6}}), general("Pista", 5'000, 5)}, options);
    const Id eventId = event.summary.id;
    const Id pista = event.sections[1].id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana"), bia = buyer("bia");

    auto anaSeats = holdSeats(ana, eventId, {seats[0], seats[1]});
    auto anaPlaces = holdGeneral(ana, eventId, pista, 2);
    ASSERT_TRUE(anaSeats && anaPlaces);
    EXPECT_EQ(anaSeats->expiresAt, kNow + 60s);
    expectAvailability(eventId, {4, 3});

    m_clock.advance(59s);
    EXPECT_EQ(statusOf(anaSeats->id), HoldStatus::Active);
    EXPECT_TRUE(failsWith(holdSeats(bia, eventId, {seats[0]}), ErrorCode::SeatsUnavailable));
    EXPECT_TRUE(failsWith(holdGeneral(bia, eventId, pista, 4), ErrorCode::SoldOut));
    expectAvailability(eventId, {4, 3});

    // At expires_at the hold is over, though no sweeper has run.
    m_clock.advance(1s);
    EXPECT_EQ(storedStatus(anaSeats->id), "active");
    EXPECT_EQ(statusOf(anaSeats->id), HoldStatus::Expired);
    auto seen = holds().get(ana, anaPlaces->id);
    ASSERT_TRUE(seen) << why(seen);
    EXPECT_EQ(seen->status, HoldStatus::Expired);
    EXPECT_EQ(seatStates(eventId)[seats[0]], SeatState::Free);
    expectAvailability(eventId, {6, 5});

    auto biaSeats = holdSeats(bia, eventId, {seats[0], seats[1]});
    ASSERT_TRUE(biaSeats) << why(biaSeats);
    auto biaPlaces = holdGeneral(bia, eventId, pista, 5);
    ASSERT_TRUE(biaPlaces) << why(biaPlaces);
    expectAvailability(eventId, {4, 0});

    // The old hold can be neither bought nor released, and its owner is not charged.
    EXPECT_TRUE(failsWith(buyByCard(ana, anaSeats->id, "too-late"), ErrorCode::HoldExpired));
    EXPECT_TRUE(failsWith(holds().release(ana, anaPlaces->id), ErrorCode::HoldExpired));
    EXPECT_EQ(statusOf(anaSeats->id), HoldStatus::Expired);
    EXPECT_EQ(m_card.capturedCount(), 0u);

    // The sweeper marks ana's holds without touching the seats bia holds now.
    auto swept = holds().expireDue();
    ASSERT_TRUE(swept) << why(swept);
    EXPECT_EQ(*swept, 2);
    EXPECT_EQ(storedStatus(anaSeats->id), "expired");
    EXPECT_EQ(statusOf(biaSeats->id), HoldStatus::Active);
    EXPECT_EQ(seatStates(eventId)[seats[0]], SeatState::Held);
    expectAvailability(eventId, {4, 0});
    ASSERT_TRUE(buyByCard(bia, biaSeats->id, "bia-seats"));
    ASSERT_TRUE(buyByCard(bia, biaPlaces->id, "bia-places"));
    expectAvailability(eventId, {4, 0});
}

TEST_P(SalesTest, ExpireHoldsMarksThemAndFreesTheirSeats) {
    EventOptions options;
    options.holdSeconds = 60;
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}})}, options);
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana"), bia = buyer("bia"), caio = buyer("caio");

    auto early = holdSeats(ana, eventId, {seats[0]});
    m_clock.advance(30s);
    auto later = holdSeats(bia, eventId, {seats[1]});
    ASSERT_TRUE(early && later);
    EXPECT_EQ(*holds().expireDue(), 0);
    expectAvailability(eventId, {8});

    m_clock.advance(31s);
    auto swept = holds().expireDue();
    ASSERT_TRUE(swept) << why(swept);
    EXPECT_EQ(*swept, 1);
    EXPECT_EQ(storedStatus(early->id), "expired");
    EXPECT_EQ(storedStatus(later->id), "active");
    EXPECT_EQ(raw().query("SELECT state FROM seats WHERE id = " + std::to_string(seats[0]))[0][0],
              "free");
    EXPECT_EQ(*holds().expireDue(), 0); // nothing twice
    expectAvailability(eventId, {9});

    m_clock.advance(30s);
    EXPECT_EQ(*holds().expireDue(), 1);
    EXPECT_EQ(storedStatus(later->id), "expired");
    expectAvailability(eventId, {10});

    // The batch limit: three due, two per call.
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(holdSeats(caio, eventId, {seats[static_cast<std::size_t>(2 + i)]}));
    expectAvailability(eventId, {7});
    m_clock.advance(60s);
    EXPECT_EQ(*holds().expireDue(2), 2);
    EXPECT_EQ(*holds().expireDue(2), 1);
    EXPECT_EQ(*holds().expireDue(2), 0);
    expectAvailability(eventId, {10});
    EXPECT_EQ(raw().count("SELECT count(*) FROM seats WHERE event_id = " + std::to_string(eventId) +
                          " AND state <> 'free'"),
              0);
}

TEST_P(SalesTest, ReleaseFreesTheSeatsAtOnce) {
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}})});
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana"), bia = buyer("bia");
    const User clerk = addUser("clerk@example.com", Role::Clerk);

    auto hold = holdSeats(ana, eventId, {seats[0], seats[1]});
    ASSERT_TRUE(hold) << why(hold);
    expectAvailability(eventId, {8});
    // Someone else's hold is not even visible.
    EXPECT_TRUE(failsWith(holds().release(bia, hold->id), ErrorCode::NotFound));
    EXPECT_TRUE(failsWith(holds().get(bia, hold->id), ErrorCode::NotFound));
    expectAvailability(eventId, {8});

    ASSERT_TRUE(holds().release(ana, hold->id));
    EXPECT_EQ(statusOf(hold->id), HoldStatus::Released);
    EXPECT_EQ(seatStates(eventId)[seats[0]], SeatState::Free);
    expectAvailability(eventId, {10});
    EXPECT_TRUE(failsWith(holds().release(ana, hold->id), ErrorCode::HoldNotActive));
    EXPECT_TRUE(failsWith(buyByCard(ana, hold->id, "after-release"), ErrorCode::HoldNotActive));

    auto bias = holdSeats(bia, eventId, {seats[0], seats[1]});
    ASSERT_TRUE(bias) << why(bias);
    expectAvailability(eventId, {8});
    // Counter staff may release a customer's hold.
    ASSERT_TRUE(holds().release(clerk, bias->id));
    expectAvailability(eventId, {10});
    EXPECT_TRUE(failsWith(holds().release(ana, 987'654), ErrorCode::NotFound));
}

// --- purchase -----------------------------------------------------------------------------------

TEST_P(SalesTest, CardPurchaseKeepsOnlyBrandAndLastFour) {
    const Event event =
        createEvent({seated("Plateia", 10'000, {{"A", 10}}), general("Pista", 5'000, 10)});
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");

    auto seatHold = holdSeats(ana, eventId, {seats[3], seats[4]});
    auto placeHold = holdGeneral(ana, eventId, event.sections[1].id, 2);
    ASSERT_TRUE(seatHold && placeHold);
    expectAvailability(eventId, {8, 8});

    // Nobody but the owner (or the counter) may pay for a hold; it is not even revealed.
    const User bia = buyer("bia");
    EXPECT_TRUE(failsWith(buyByCard(bia, seatHold->id, "not-mine"), ErrorCode::NotFound));
    EXPECT_EQ(statusOf(seatHold->id), HoldStatus::Active);

    m_clock.advance(10s);
    auto first = buyByCard(ana, seatHold->id, "order-1", card(kMastercard));
    ASSERT_TRUE(first) << why(first);
    EXPECT_FALSE(first->replayed);
    const Order& order = first->order;
    EXPECT_GT(order.id, 0);
    EXPECT_EQ(order.eventId, eventId);
    EXPECT_EQ(order.customerId, ana.id);
    EXPECT_EQ(order.status, "paid");
    EXPECT_EQ(order.totalCents, 20'000);
    EXPECT_EQ(order.currency, "BRL");
    EXPECT_EQ(order.createdAt, kNow + 10s);
    EXPECT_EQ(order.payment.method, "card");
    EXPECT_EQ(order.payment.brand, "mastercard");
    EXPECT_EQ(order.payment.last4, "4444");
    EXPECT_FALSE(order.payment.changeCents);
    ASSERT_EQ(order.tickets.size(), 2u);
    std::set<Id> ticketSeats;
    for (const Ticket& ticket : order.tickets) {
        expectTicketCode(ticket.code);
        EXPECT_EQ(ticket.sectionId, event.sections[0].id);
        EXPECT_EQ(ticket.section, "Plateia");
        ASSERT_TRUE(ticket.seatId);
        ticketSeats.insert(*ticket.seatId);
        EXPECT_EQ(ticket.row, "A");
        EXPECT_EQ(ticket.number, *ticket.seatId == seats[3] ? 4 : 5);
    }
    EXPECT_EQ(ticketSeats, (std::set<Id>{seats[3], seats[4]}));
    EXPECT_NE(order.tickets[0].code, order.tickets[1].code);
    EXPECT_EQ(statusOf(seatHold->id), HoldStatus::Purchased);
    EXPECT_EQ(seatStates(eventId)[seats[3]], SeatState::Sold);
    expectAvailability(eventId, {8, 8});

    auto second = buyByCard(ana, placeHold->id, "order-2", card(kVisa));
    ASSERT_TRUE(second) << why(second);
    EXPECT_EQ(second->order.payment.brand, "visa");
    EXPECT_EQ(second->order.payment.last4, "1111");
    EXPECT_EQ(second->order.totalCents, 10'000);
    ASSERT_EQ(second->order.tickets.size(), 2u);
    for (const Ticket& ticket : second->order.tickets) {
        expectTicketCode(ticket.code);
        EXPECT_EQ(ticket.section, "Pista");
        EXPECT_EQ(ticket.sectionId, event.sections[1].id);
        EXPECT_FALSE(ticket.seatId);
        EXPECT_FALSE(ticket.row);
        EXPECT_FALSE(ticket.number);
    }
    expectAvailability(eventId, {8, 8});

    // Captured once each, nothing left for recovery.
    EXPECT_EQ(m_card.capturedCount(), 2u);
    EXPECT_EQ(m_card.voidedCount(), 0u);
    auto uncaptured = storage().listUncapturedPayments();
    ASSERT_TRUE(uncaptured) << why(uncaptured);
    EXPECT_TRUE(uncaptured->empty());

    // The full numbers are nowhere in the database, not even in the files' free space.
    for (const std::string& number : {kMastercard, kVisa}) {
        EXPECT_EQ(raw().placesContaining(number), std::vector<std::string>{}) << number;
        EXPECT_EQ(raw().placesContaining(number.substr(0, 12)), std::vector<std::string>{})
            << number.substr(0, 12);
    }
    const auto payments = raw().query("SELECT brand, last4 FROM payments ORDER BY order_id");
    ASSERT_EQ(payments.size(), 2u);
    EXPECT_EQ(payments[0], (std::vector<std::string>{"mastercard", "4444"}));
    EXPECT_EQ(payments[1], (std::vector<std::string>{"visa", "1111"}));
}

TEST_P(SalesTest, OrdersAreListedForTheirOwnerAndFound) {
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}})});
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana"), bia = buyer("bia");
    const User clerk = addUser("clerk@example.com", Role::Clerk);

    std::vector<Id> anaOrders;
    for (std::size_t i = 0; i < 2; ++i) {
        auto hold = holdSeats(ana, eventId, {seats[i]});
        ASSERT_TRUE(hold) << why(hold);
        auto bought = buyByCard(ana, hold->id, "ana-" + std::to_string(i));
        ASSERT_TRUE(bought) << why(bought);
        anaOrders.push_back(bought->order.id);
    }
    auto biaHold = holdSeats(bia, eventId, {seats[5]});
    ASSERT_TRUE(biaHold);
    auto biaOrder = buyByCard(bia, biaHold->id, "bia-0");
    ASSERT_TRUE(biaOrder) << why(biaOrder);

    auto listed = sales().orders(ana);
    ASSERT_TRUE(listed) << why(listed);
    std::set<Id> ids;
    for (const Order& order : *listed) {
        ids.insert(order.id);
        EXPECT_EQ(order.customerId, ana.id);
        EXPECT_EQ(order.tickets.size(), 1u);
    }
    EXPECT_EQ(ids, (std::set<Id>{anaOrders[0], anaOrders[1]}));
    auto fromStore = storage().listOrders(bia.id);
    ASSERT_TRUE(fromStore);
    ASSERT_EQ(fromStore->size(), 1u);
    EXPECT_EQ(fromStore->front().id, biaOrder->order.id);
    EXPECT_TRUE(sales().orders(clerk)->empty());

    auto own = sales().order(ana, anaOrders[1]);
    ASSERT_TRUE(own) << why(own);
    EXPECT_EQ(own->id, anaOrders[1]);
    EXPECT_EQ(own->tickets.front().seatId, seats[1]);
    EXPECT_TRUE(failsWith(sales().order(bia, anaOrders[0]), ErrorCode::NotFound));
    EXPECT_TRUE(sales().order(clerk, anaOrders[0]));
    EXPECT_TRUE(failsWith(storage().findOrder(987'654), ErrorCode::NotFound));
    expectAvailability(eventId, {7});
}

TEST_P(SalesTest, CashAtTheCounter) {
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}})});
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");
    const User clerk = addUser("clerk@example.com", Role::Clerk);

    auto hold = holdSeats(ana, eventId, {seats[0], seats[1]});
    ASSERT_TRUE(hold) << why(hold);
    // Cash is for counter staff only.
    EXPECT_TRUE(failsWith(buyByCash(ana, hold->id, "cash-1", 20'000), ErrorCode::Forbidden));
    auto shortCash = buyByCash(clerk, hold->id, "cash-2", 19'999);
    ASSERT_TRUE(failsWith(shortCash, ErrorCode::InvalidRequest));
    EXPECT_EQ(fieldOf(shortCash.error()), "payment.tendered_cents");
    EXPECT_EQ(statusOf(hold->id), HoldStatus::Active);
    expectAvailability(eventId, {8});

    // The clerk takes the customer's money for the customer's hold: the order is hers.
    auto paid = buyByCash(clerk, hold->id, "cash-3", 25'000);
    ASSERT_TRUE(paid) << why(paid);
    EXPECT_EQ(paid->order.customerId, ana.id);
    EXPECT_EQ(paid->order.payment.method, "cash");
    EXPECT_EQ(paid->order.payment.changeCents, 5'000);
    EXPECT_FALSE(paid->order.payment.brand);
    EXPECT_FALSE(paid->order.payment.last4);
    EXPECT_EQ(paid->order.tickets.size(), 2u);
    auto anaOrders = storage().listOrders(ana.id);
    ASSERT_TRUE(anaOrders);
    ASSERT_EQ(anaOrders->size(), 1u);
    EXPECT_EQ(anaOrders->front().id, paid->order.id);

    // A walk-up sale on the clerk's own hold, exact change.
    auto walkUp = holdSeats(clerk, eventId, {seats[5]});
    ASSERT_TRUE(walkUp) << why(walkUp);
    auto exact = buyByCash(clerk, walkUp->id, "cash-4", 10'000);
    ASSERT_TRUE(exact) << why(exact);
    EXPECT_EQ(exact->order.payment.changeCents, 0);
    expectAvailability(eventId, {7});
    EXPECT_EQ(raw().count("SELECT count(*) FROM payments WHERE method = 'cash'"), 2);
}

TEST_P(SalesTest, DeclinedCardKeepsTheHoldActive) {
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}})});
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");

    auto hold = holdSeats(ana, eventId, {seats[0], seats[1]});
    ASSERT_TRUE(hold) << why(hold);
    EXPECT_TRUE(failsWith(buyByCard(ana, hold->id, "declined-1", card(kDeclinedCard)),
                          ErrorCode::PaymentDeclined));
    EXPECT_EQ(statusOf(hold->id), HoldStatus::Active);
    EXPECT_EQ(seatStates(eventId)[seats[0]], SeatState::Held);
    EXPECT_TRUE(storage().listOrders(ana.id)->empty());
    EXPECT_EQ(m_card.capturedCount(), 0u);
    expectAvailability(eventId, {8});

    auto bought = buyByCard(ana, hold->id, "declined-2", card(kVisa));
    ASSERT_TRUE(bought) << why(bought);
    EXPECT_EQ(bought->order.tickets.size(), 2u);
    EXPECT_EQ(m_card.capturedCount(), 1u);
    EXPECT_EQ(statusOf(hold->id), HoldStatus::Purchased);
    expectAvailability(eventId, {8});
}

TEST_P(SalesTest, IdempotencyKeyReturnsTheSameOrderAndChargesOnce) {
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}})});
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana"), bia = buyer("bia");

    auto hold = holdSeats(ana, eventId, {seats[0], seats[1]});
    auto otherHold = holdSeats(ana, eventId, {seats[2]});
    ASSERT_TRUE(hold && otherHold);

    auto first = buyByCard(ana, hold->id, "key-1");
    ASSERT_TRUE(first) << why(first);
    EXPECT_FALSE(first->replayed);
    m_clock.advance(5s);
    auto again = buyByCard(ana, hold->id, "key-1");
    ASSERT_TRUE(again) << why(again);
    EXPECT_TRUE(again->replayed);
    EXPECT_EQ(again->order.id, first->order.id);
    ASSERT_EQ(again->order.tickets.size(), 2u);
    EXPECT_EQ(again->order.tickets[0].code, first->order.tickets[0].code);
    EXPECT_EQ(again->order.createdAt, first->order.createdAt);
    EXPECT_EQ(m_card.capturedCount(), 1u);

    // The same key for another hold, or another body: a mismatch, and nothing happens.
    EXPECT_TRUE(failsWith(buyByCard(ana, otherHold->id, "key-1"), ErrorCode::IdempotencyMismatch));
    EXPECT_EQ(statusOf(otherHold->id), HoldStatus::Active);
    EXPECT_TRUE(failsWith(buyByCard(ana, hold->id, "key-1", card(kVisa, "Someone Else")),
                          ErrorCode::IdempotencyMismatch));
    EXPECT_TRUE(failsWith(buyByCard(ana, hold->id, "key-1", card(kMastercard)),
                          ErrorCode::IdempotencyMismatch));
    EXPECT_TRUE(
        failsWith(buyByCash(ana, hold->id, "key-1", 20'000), ErrorCode::IdempotencyMismatch));
    EXPECT_EQ(m_card.capturedCount(), 1u);

    // Keys belong to one customer: bia's "key-1" is hers.
    auto biaHold = holdSeats(bia, eventId, {seats[3]});
    ASSERT_TRUE(biaHold);
    auto bias = buyByCard(bia, biaHold->id, "key-1");
    ASSERT_TRUE(bias) << why(bias);
    EXPECT_FALSE(bias->replayed);
    EXPECT_NE(bias->order.id, first->order.id);

    // The key is required and bounded.
    for (const std::string& key : {std::string{}, std::string(65, 'k'), std::string{"a b"}}) {
        auto bad = buyByCard(ana, otherHold->id, key);
        ASSERT_TRUE(failsWith(bad, ErrorCode::InvalidRequest)) << "key '" << key << "'";
        EXPECT_EQ(fieldOf(bad.error()), "Idempotency-Key");
    }
    auto longest = buyByCard(ana, otherHold->id, std::string(64, 'k'));
    ASSERT_TRUE(longest) << why(longest);
    EXPECT_EQ(m_card.capturedCount(), 3u);
    EXPECT_EQ(storage().listOrders(ana.id)->size(), 2u);
    expectAvailability(eventId, {6});
}

// A server killed between a sale's commit and its capture leaves the payment authorized; the
// recovery pass captures it once, and `check` is unhappy until it has.
TEST_P(SalesTest, RecoveryCapturesWhatACrashLeftAuthorized) {
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}})});
    const auto seats = seatIds(event.summary.id);
    const User ana = buyer("ana");
    auto hold = holdSeats(ana, event.summary.id, {seats[0], seats[1]});
    ASSERT_TRUE(hold) << why(hold);

    // What SalesService::purchase does up to its commit, and no further.
    auto authorization = m_card.authorize(PaymentRequest{card()}, hold->totalCents, "BRL", kNow);
    ASSERT_TRUE(authorization) << why(authorization);
    NewPurchase purchase;
    purchase.holdId = hold->id;
    purchase.actorId = ana.id;
    purchase.idempotencyKey = "crashed";
    purchase.requestHash = std::string(64, 'c');
    purchase.authorization = *authorization;
    purchase.cardFingerprint = std::string(64, 'c');
    purchase.maxTicketsPerCard = 6;
    purchase.ticketCodes = {"crashed-ticket-code-number-0", "crashed-ticket-code-number-1"};
    purchase.now = kNow;
    auto order = storage().completePurchase(purchase);
    ASSERT_TRUE(order) << why(order);
    EXPECT_EQ(order->tickets.size(), 2u);
    EXPECT_EQ(statusOf(hold->id), HoldStatus::Purchased);
    expectAvailability(event.summary.id, {8});

    auto pending = storage().listUncapturedPayments();
    ASSERT_TRUE(pending) << why(pending);
    ASSERT_EQ(pending->size(), 1u);
    EXPECT_EQ(pending->front().orderId, order->id);
    EXPECT_EQ(pending->front().authorization.reference, authorization->reference);
    EXPECT_EQ(pending->front().authorization.amountCents, 20'000);
    EXPECT_EQ(pending->front().authorization.method, "card");
    auto unhappy = storage().checkInvariants(m_clock.now());
    ASSERT_TRUE(unhappy) << why(unhappy);
    EXPECT_FALSE(unhappy->ok());

    auto captured = sales().captureUncaptured();
    ASSERT_TRUE(captured) << why(captured);
    EXPECT_EQ(*captured, 1);
    EXPECT_EQ(m_card.capturedCount(), 1u);
    EXPECT_TRUE(storage().listUncapturedPayments()->empty());
    EXPECT_EQ(*sales().captureUncaptured(), 0); // nothing twice
    // The key was kept with the sale, so a retry of the interrupted request finds its order.
    auto key = storage().findIdempotencyKey(ana.id, "crashed");
    ASSERT_TRUE(key && *key) << "the key went missing";
    EXPECT_EQ((*key)->orderId, order->id);
    EXPECT_EQ((*key)->holdId, hold->id);
    expectIntact();
}

// The sandbox card gateway with a hook run as each authorization begins: the moment a
// purchase has passed its idempotency and hold checks and is about to commit. Lets a race be
// lined up the same way on every run instead of now and then.
class HookedCardGateway : public PaymentGateway {
public:
    explicit HookedCardGateway(std::function<void()> onAuthorize)
        : m_onAuthorize(std::move(onAuthorize)) {}
    std::string method() const override { return "card"; }
    Result<Authorization> authorize(const PaymentRequest& payment, Cents amountCents,
                                    const std::string& currency, TimePoint now) override {
        m_onAuthorize();
        return m_inner.authorize(payment, amountCents, currency, now);
    }
    Result<void> capture(const Authorization& authorization) override {
        return m_inner.capture(authorization);
    }
    void voidAuthorization(const Authorization& authorization) override {
        m_inner.voidAuthorization(authorization);
    }
    std::size_t capturedCount() const { return m_inner.capturedCount(); }

private:
    std::function<void()> m_onAuthorize;
    SandboxCardGateway m_inner;
};

// A client that times out and retries while its first request is still running: every
// attempt with the key must answer with the one order (the contract: "the same key on the
// same hold with the same body returns the same order again"), and charge once.
TEST_P(SalesTest, ConcurrentRetriesWithOneKeyGetOneOrder) {
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}})});
    const auto seats = seatIds(event.summary.id);
    const User ana = buyer("ana");
    auto requestHashKey = storage().serverSecret("purchase-request-hash");
    ASSERT_TRUE(requestHashKey) << why(requestHashKey);
    constexpr int kAttempts = 4;
    for (int round = 0; round < 2; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        // Every attempt waits at the gateway until all are past their checks.
        std::latch allChecked{kAttempts};
        HookedCardGateway gateway([&allChecked] { allChecked.arrive_and_wait(); });
        PaymentGateways gateways;
        gateways.add(gateway);
        SalesService gatedSales(storage(), m_clock, gateways, *requestHashKey, "card-key");
        auto hold = holdSeats(ana, event.summary.id, {seats[static_cast<std::size_t>(round)]});
        ASSERT_TRUE(hold) << why(hold);
        const std::string key = "retry-" + std::to_string(round);
        std::mutex mutex;
        std::vector<Result<PurchaseResult>> results;
        std::vector<std::thread> threads;
        for (int i = 0; i < kAttempts; ++i)
            threads.emplace_back([&] {
                auto result = gatedSales.purchase(ana, hold->id, key, PaymentRequest{card()});
                std::lock_guard lock(mutex);
                results.push_back(std::move(result));
            });
        for (auto& thread : threads)
            thread.join();
        std::set<Id> orders;
        int fresh = 0;
        for (const auto& result : results) {
            EXPECT_TRUE(result) << why(result);
            if (!result) continue;
            orders.insert(result->order.id);
            if (!result->replayed) ++fresh;
        }
        EXPECT_EQ(orders.size(), 1u);
        EXPECT_EQ(fresh, 1);
        EXPECT_EQ(gateway.capturedCount(), 1u); // charged once, whatever the answers
        EXPECT_EQ(storage().listOrders(ana.id)->size(), static_cast<std::size_t>(round + 1));
    }
    expectIntact();
}

// --- the audit log ------------------------------------------------------------------------------

TEST_P(SalesTest, AuditNamesAnAlteredEntry) {
    ASSERT_NO_FATAL_FAILURE(runAuditedFlow());
    const auto rows = raw().query("SELECT id, chain, seq FROM audit_log WHERE action = "
                                  "'order.paid'");
    ASSERT_EQ(rows.size(), 1u);
    raw().exec("UPDATE audit_log SET details = '{\"order_id\":1,\"total_cents\":1,\"method\":"
               "\"cash\"}' WHERE id = " +
               rows[0][0]);
    m_expectIntactAtEnd = false;

    auto report = storage().verifyAudit();
    ASSERT_TRUE(report) << why(report);
    EXPECT_FALSE(report->ok());
    EXPECT_TRUE(namesEntry(*report, rows[0][1], rows[0][2]));
    auto invariants = storage().checkInvariants(m_clock.now());
    ASSERT_TRUE(invariants) << why(invariants);
    EXPECT_TRUE(namesEntry(*invariants, rows[0][1], rows[0][2]));
}

TEST_P(SalesTest, AuditNamesADeletedNewestEntry) {
    ASSERT_NO_FATAL_FAILURE(runAuditedFlow());
    // The newest entry of the longest chain: nothing after it would notice, only the head.
    const auto rows = raw().query("SELECT id, chain, seq FROM audit_log ORDER BY seq DESC, id "
                                  "DESC LIMIT 1");
    ASSERT_EQ(rows.size(), 1u);
    raw().exec("DELETE FROM audit_log WHERE id = " + rows[0][0]);
    m_expectIntactAtEnd = false;

    auto report = storage().verifyAudit();
    ASSERT_TRUE(report) << why(report);
    EXPECT_FALSE(report->ok());
    EXPECT_TRUE(namesEntry(*report, rows[0][1], rows[0][2]));
}

TEST_P(SalesTest, AuditNamesAnAlteredOlderEntry) {
    ASSERT_NO_FATAL_FAILURE(runAuditedFlow());
    // The first entry of a chain with several: what follows still links, but it was altered.
    const auto rows = raw().query("SELECT id, chain, seq FROM audit_log WHERE seq = 1 AND chain "
                                  "IN (SELECT chain FROM audit_log WHERE seq = 2) ORDER BY id "
                                  "LIMIT 1");
    ASSERT_EQ(rows.size(), 1u);
    raw().exec("UPDATE audit_log SET actor_id = actor_id + 1 WHERE id = " + rows[0][0]);
    m_expectIntactAtEnd = false;
    auto report = storage().verifyAudit();
    ASSERT_TRUE(report) << why(report);
    EXPECT_TRUE(namesEntry(*report, rows[0][1], rows[0][2]));
}

// --- races between real threads ----------------------------------------------------------------

TEST_P(SalesTest, SixtyFourBuyersRaceForTheSameFourSeats) {
    EventOptions options;
    options.maxTickets = 100;
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 20}})}, options);
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    constexpr int kBuyers = 64;
    std::vector<User> buyers;
    for (int i = 0; i < kBuyers; ++i)
        buyers.push_back(buyer("racer" + std::to_string(i)));

    for (std::size_t round = 0; round < 3; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        const std::vector<Id> wanted(seats.begin() + static_cast<long>(round * 4),
                                     seats.begin() + static_cast<long>(round * 4 + 4));
        std::latch start{kBuyers};
        std::atomic<int> won{0}, unavailable{0};
        std::mutex mutex;
        std::vector<std::string> unexpected;
        std::vector<std::thread> threads;
        for (int i = 0; i < kBuyers; ++i)
            threads.emplace_back([&, i] {
                start.arrive_and_wait();
                auto hold = holdSeats(buyers[static_cast<std::size_t>(i)], eventId, wanted);
                if (hold) {
                    ++won;
                    if (hold->seats.size() != 4) {
                        std::lock_guard lock(mutex);
                        unexpected.push_back("the winner holds " +
                                             std::to_string(hold->seats.size()) + " seats");
                    }
                } else if (hold.error().code == ErrorCode::SeatsUnavailable &&
                           !sortedIds(hold.error().details["seat_ids"]).empty()) {
                    ++unavailable;
                } else {
                    std::lock_guard lock(mutex);
                    unexpected.push_back(why(hold));
                }
            });
        for (auto& thread : threads)
            thread.join();
        EXPECT_EQ(won.load(), 1);
        EXPECT_EQ(unavailable.load(), kBuyers - 1);
        EXPECT_EQ(unexpected, std::vector<std::string>{});
        expectAvailability(eventId, {20 - 4 * static_cast<std::int64_t>(round + 1)});
        expectIntact();
    }
}

TEST_P(SalesTest, ThreeThousandBuyersForAThousandPlaces) {
    const Event event = createEvent({general("Pista", 5'000, 1'000)});
    const Id eventId = event.summary.id;
    const Id pista = event.sections[0].id;
    constexpr int kThreads = 32;
    constexpr int kPerThread = 94; // 3,008 buyers
    std::vector<std::vector<User>> buyers(kThreads);
    {
        // Accounts made in parallel too, so the setup stays quick on either store.
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < kPerThread; ++i) {
                    auto user = storage().createUser(NewUser{"crowd" + std::to_string(t) + "-" +
                                                                 std::to_string(i) + "@example.com",
                                                             "Crowd", Role::Buyer, kPasswordHash});
                    if (user) buyers[static_cast<std::size_t>(t)].push_back(*user);
                }
            });
        for (auto& thread : threads)
            thread.join();
        for (const auto& list : buyers)
            ASSERT_EQ(list.size(), static_cast<std::size_t>(kPerThread));
    }

    struct Won {
        User buyer;
        Id holdId;
    };
    std::mutex mutex;
    std::vector<Won> winners;
    std::vector<std::string> unexpected;
    std::atomic<int> soldOut{0};
    {
        std::latch start{kThreads};
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                start.arrive_and_wait();
                for (const User& who : buyers[static_cast<std::size_t>(t)]) {
                    auto hold = holdGeneral(who, eventId, pista, 1);
                    std::lock_guard lock(mutex);
                    if (hold)
                        winners.push_back({who, hold->id});
                    else if (hold.error().code == ErrorCode::SoldOut)
                        ++soldOut;
                    else
                        unexpected.push_back(why(hold));
                }
            });
        for (auto& thread : threads)
            thread.join();
    }
    EXPECT_EQ(winners.size(), 1'000u);
    EXPECT_EQ(soldOut.load(), kThreads * kPerThread - 1'000);
    ASSERT_EQ(unexpected.size(), 0u) << unexpected.front();
    expectAvailability(eventId, {0});
    EXPECT_TRUE(failsWith(holdGeneral(buyer("late"), eventId, pista, 1), ErrorCode::SoldOut));
    expectIntact();

    // Every winner pays, in parallel.
    std::vector<std::string> codes;
    {
        std::atomic<std::size_t> next{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&] {
                for (std::size_t i = next++; i < winners.size(); i = next++) {
                    auto bought = buyByCard(winners[i].buyer, winners[i].holdId,
                                            "crowd-" + std::to_string(i));
                    std::lock_guard lock(mutex);
                    if (bought)
                        for (const Ticket& ticket : bought->order.tickets)
                            codes.push_back(ticket.code);
                    else
                        unexpected.push_back(why(bought));
                }
            });
        for (auto& thread : threads)
            thread.join();
    }
    ASSERT_EQ(unexpected.size(), 0u) << unexpected.front();
    EXPECT_EQ(codes.size(), 1'000u);
    EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), codes.size());
    for (const auto& code : codes)
        if (code.size() < 22) ADD_FAILURE() << "short ticket code " << code;
    EXPECT_EQ(m_card.capturedCount(), 1'000u);
    EXPECT_EQ(raw().count("SELECT count(*) FROM seats WHERE section_id = " + std::to_string(pista) +
                          " AND state = 'sold'"),
              1'000);
    EXPECT_EQ(
        raw().count("SELECT count(*) FROM tickets WHERE event_id = " + std::to_string(eventId)),
        1'000);
    expectAvailability(eventId, {0});
    expectIntact();
}

TEST_P(SalesTest, OneCustomerFiringParallelHoldsGetsOnlyTheLimit) {
    EventOptions options;
    options.maxTickets = 4;
    const Event event = createEvent(
        {seated("Plateia", 10'000, {{"A", 40}}), general("Pista", 5'000, 100)}, options);
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    constexpr int kThreads = 32;

    auto race = [&](const User& who, bool seated) {
        std::latch start{kThreads};
        std::atomic<int> won{0}, quota{0};
        std::mutex mutex;
        std::vector<std::string> unexpected;
        std::vector<std::thread> threads;
        for (int i = 0; i < kThreads; ++i)
            threads.emplace_back([&, i] {
                start.arrive_and_wait();
                auto hold = seated ? holdSeats(who, eventId, {seats[static_cast<std::size_t>(i)]})
                                   : holdGeneral(who, eventId, event.sections[1].id, 1);
                if (hold)
                    ++won;
                else if (hold.error().code == ErrorCode::QuotaExceeded)
                    ++quota;
                else {
                    std::lock_guard lock(mutex);
                    unexpected.push_back(why(hold));
                }
            });
        for (auto& thread : threads)
            thread.join();
        EXPECT_EQ(won.load(), 4);
        EXPECT_EQ(quota.load(), kThreads - 4);
        EXPECT_EQ(unexpected, std::vector<std::string>{});
    };
    {
        SCOPED_TRACE("general admission");
        race(buyer("greedy"), false);
    }
    expectAvailability(eventId, {40, 96});
    expectIntact();
    {
        SCOPED_TRACE("seated");
        race(buyer("greedier"), true);
    }
    expectAvailability(eventId, {36, 96});
    expectIntact();
}

TEST_P(SalesTest, PurchaseRacingExpiryEndsOneWayOnly) {
    EventOptions options;
    options.maxTickets = 100;
    options.holdSeconds = 60;
    constexpr std::int64_t kCapacity = 200;
    const Event event = createEvent({general("Pista", 5'000, kCapacity)}, options);
    const Id eventId = event.summary.id;
    const Id pista = event.sections[0].id;
    constexpr int kPerRound = 8;
    constexpr int kRounds = 12;
    std::vector<User> buyers;
    for (int i = 0; i < kPerRound; ++i)
        buyers.push_back(buyer("hurry" + std::to_string(i)));
    auto requestHashKey = storage().serverSecret("purchase-request-hash");
    ASSERT_TRUE(requestHashKey) << why(requestHashKey);

    int purchased = 0, expired = 0;
    std::size_t captured = 0;
    for (int round = 0; round < kRounds; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        m_clock.set(kNow + std::chrono::seconds{1'000 * (round + 1)});
        std::vector<Id> holdIds;
        TimePoint expiresAt{};
        for (const User& who : buyers) {
            auto hold = holdGeneral(who, eventId, pista, 1);
            ASSERT_TRUE(hold) << why(hold);
            holdIds.push_back(hold->id);
            expiresAt = hold->expiresAt;
        }
        // One second before the end. As soon as the first purchase has read the clock and
        // passed its checks, the sweeper moves the clock to the boundary and expires what is
        // due, while that purchase (and whichever read the clock in time) commits.
        m_clock.set(expiresAt - 1s);
        std::promise<void> firstChecked;
        std::atomic<bool> signalled{false};
        HookedCardGateway gateway([&] {
            if (!signalled.exchange(true)) firstChecked.set_value();
        });
        PaymentGateways gateways;
        gateways.add(gateway);
        SalesService racingSales(storage(), m_clock, gateways, *requestHashKey, "card-key");

        std::latch start{kPerRound + 1};
        std::vector<std::optional<Result<PurchaseResult>>> results(kPerRound);
        std::vector<std::thread> threads;
        for (int i = 0; i < kPerRound; ++i)
            threads.emplace_back([&, i] {
                const auto at = static_cast<std::size_t>(i);
                start.arrive_and_wait();
                results[at] =
                    racingSales.purchase(buyers[at], holdIds[at],
                                         "race-" + std::to_string(round) + "-" + std::to_string(i),
                                         PaymentRequest{card()});
            });
        threads.emplace_back([&, checked = firstChecked.get_future()] {
            start.arrive_and_wait();
            // Bounded: should no purchase get that far, the sweeper runs all the same.
            (void)checked.wait_for(10s);
            m_clock.set(expiresAt);
            auto swept = holds().expireDue();
            if (!swept) ADD_FAILURE() << why(swept);
        });
        for (auto& thread : threads)
            thread.join();
        ASSERT_TRUE(holds().expireDue()); // whatever the sweeper had not seen yet

        for (std::size_t i = 0; i < holdIds.size(); ++i) {
            const auto& result = *results[i];
            const std::string stored = storedStatus(holdIds[i]);
            if (result) {
                ++purchased;
                EXPECT_EQ(stored, "purchased") << "hold " << holdIds[i] << " was sold";
                EXPECT_EQ(statusOf(holdIds[i]), HoldStatus::Purchased);
            } else {
                ++expired;
                EXPECT_TRUE(failsWith(result, ErrorCode::HoldExpired));
                EXPECT_EQ(stored, "expired") << "hold " << holdIds[i] << " was not sold";
            }
            EXPECT_EQ(raw().count("SELECT count(*) FROM orders WHERE hold_id = " +
                                  std::to_string(holdIds[i])),
                      result ? 1 : 0);
        }
        captured += gateway.capturedCount();
        expectAvailability(eventId, {kCapacity - purchased});
    }
    std::cout << "[" << backendName(GetParam()) << "] purchase vs expiry: " << purchased
              << " purchased, " << expired << " expired\n";
    EXPECT_EQ(purchased + expired, kPerRound * kRounds);
    EXPECT_EQ(captured, static_cast<std::size_t>(purchased));
    // No hold both sold and expired, in the audit log either.
    EXPECT_EQ(raw().count("SELECT count(*) FROM (SELECT subject FROM audit_log WHERE action IN "
                          "('order.paid', 'hold.expired') GROUP BY subject HAVING count(DISTINCT "
                          "action) > 1) both_ways"),
              0);
    EXPECT_EQ(raw().count("SELECT count(*) FROM tickets"), purchased);
    expectIntact();
}

// The per-card limit binds the card, not the account: a second account paying with the same
// number (typed with spaces this time) is refused, nothing is written, the authorization is
// voided and the hold stays active, buyable with another card. Counter staff are not exempt.
TEST_P(SalesTest, OneCardAcrossAccountsStopsAtTheCardLimit) {
    EventOptions options;
    options.maxTickets = 4;
    options.maxTicketsPerCard = 3;
    const Event event = createEvent({seated("Plateia", 10'000, {{"A", 10}})}, options);
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");
    const User bia = buyer("bia");

    auto anas = holdSeats(ana, eventId, {seats[0], seats[1]});
    ASSERT_TRUE(anas) << why(anas);
    ASSERT_TRUE(buyByCard(ana, anas->id, "ana-1"));

    auto bias = holdSeats(bia, eventId, {seats[2], seats[3]});
    ASSERT_TRUE(bias) << why(bias);
    auto refused = buyByCard(bia, bias->id, "bia-1", card("4111 1111-1111 1111", "Bia Lima"));
    ASSERT_TRUE(failsWith(refused, ErrorCode::CardLimitExceeded));
    EXPECT_EQ(refused.error().details.value("limit", -1), 3);
    EXPECT_EQ(refused.error().details.value("current", -1), 2);
    EXPECT_TRUE(storage().listOrders(bia.id)->empty());
    EXPECT_EQ(
        raw().count("SELECT count(*) FROM orders WHERE hold_id = " + std::to_string(bias->id)), 0);
    EXPECT_EQ(raw().count("SELECT count(*) FROM tickets"), 2);
    EXPECT_EQ(raw().count("SELECT count(*) FROM payments"), 1);
    EXPECT_EQ(m_card.voidedCount(), 1u);
    EXPECT_EQ(m_card.capturedCount(), 1u);
    EXPECT_EQ(statusOf(bias->id), HoldStatus::Active);
    EXPECT_EQ(seatStates(eventId)[seats[2]], SeatState::Held);
    expectAvailability(eventId, {6});

    // The same hold with another card goes through.
    auto other = buyByCard(bia, bias->id, "bia-2", card(kMastercard, "Bia Lima"));
    ASSERT_TRUE(other) << why(other);
    EXPECT_EQ(other->order.tickets.size(), 2u);
    EXPECT_EQ(statusOf(bias->id), HoldStatus::Purchased);

    // Up to the limit exactly, then not one more, at the counter either.
    const User carla = buyer("carla");
    auto carlas = holdSeats(carla, eventId, {seats[4]});
    ASSERT_TRUE(carlas) << why(carlas);
    ASSERT_TRUE(buyByCard(carla, carlas->id, "carla-1"));
    const User clerk = addUser("clerk@example.com", Role::Clerk);
    auto counter = holdSeats(clerk, eventId, {seats[5]});
    ASSERT_TRUE(counter) << why(counter);
    auto atCounter = buyByCard(clerk, counter->id, "counter-1");
    ASSERT_TRUE(failsWith(atCounter, ErrorCode::CardLimitExceeded));
    EXPECT_EQ(atCounter.error().details.value("current", -1), 3);
    EXPECT_EQ(statusOf(counter->id), HoldStatus::Active);
    EXPECT_EQ(m_card.voidedCount(), 2u);
    ASSERT_TRUE(buyByCash(clerk, counter->id, "counter-2", 10'000));
    expectAvailability(eventId, {4});
}

// Of the card the database keeps a keyed hash (64 hex digits, the same for one number however
// it is typed, and not the plain SHA-256 anyone could recompute from a guessed number), never
// the number; cash payments have none.
TEST_P(SalesTest, TheCardNumberIsStoredOnlyAsAKeyedFingerprint) {
    const Event event = createEvent({general("Pista", 5'000, 20)});
    const Id eventId = event.summary.id;
    const Id pista = event.sections[0].id;
    const User ana = buyer("ana");
    const User bia = buyer("bia");
    const User clerk = addUser("clerk@example.com", Role::Clerk);

    auto first = holdGeneral(ana, eventId, pista, 1);
    auto second = holdGeneral(bia, eventId, pista, 1);
    auto third = holdGeneral(bia, eventId, pista, 1);
    auto fourth = holdGeneral(clerk, eventId, pista, 1);
    ASSERT_TRUE(first && second && third && fourth);
    ASSERT_TRUE(buyByCard(ana, first->id, "fp-1", card(kVisa)));
    ASSERT_TRUE(buyByCard(bia, second->id, "fp-2", card("4111-1111-1111-1111")));
    ASSERT_TRUE(buyByCard(bia, third->id, "fp-3", card(kMastercard)));
    ASSERT_TRUE(buyByCash(clerk, fourth->id, "fp-4", 5'000));

    for (const std::string& number : {kVisa, kMastercard}) {
        EXPECT_EQ(raw().placesContaining(number), std::vector<std::string>{}) << number;
        EXPECT_EQ(raw().placesContaining(number.substr(0, 12)), std::vector<std::string>{})
            << number.substr(0, 12);
    }
    const auto rows =
        raw().query("SELECT method, card_fingerprint FROM payments ORDER BY order_id");
    ASSERT_EQ(rows.size(), 4u);
    const std::regex hex64("[0-9a-f]{64}");
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(rows[i][0], "card");
        EXPECT_TRUE(std::regex_match(rows[i][1], hex64)) << rows[i][1];
    }
    EXPECT_EQ(rows[0][1], rows[1][1]) << "one card, typed two ways";
    EXPECT_NE(rows[0][1], rows[2][1]) << "two cards";
    EXPECT_EQ(rows[0][1], crypto::hexEncode(crypto::hmacSha256(m_cardKey, kVisa)));
    EXPECT_NE(rows[0][1], crypto::sha256Hex(kVisa));
    EXPECT_EQ(rows[3], (std::vector<std::string>{"cash", ""}));
}

// Eight buyers with one card buy at once, on real threads: the card's tickets never pass the
// limit, and every refused sale is voided, never captured.
TEST_P(SalesTest, ParallelBuyersWithOneCardGetOnlyTheCardLimit) {
    constexpr int kBuyers = 8;
    constexpr int kRounds = 3;
    EventOptions options;
    options.maxTicketsPerCard = 5;
    for (int round = 0; round < kRounds; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        const Event event = createEvent({general("Pista", 1'000, 100)}, options);
        const Id eventId = event.summary.id;
        std::vector<User> buyers;
        std::vector<Id> holdIds;
        for (int i = 0; i < kBuyers; ++i) {
            buyers.push_back(buyer("r" + std::to_string(round) + "b" + std::to_string(i)));
            // 2 tickets, then 1: the limit of 5 falls inside some order or other.
            auto hold = holdGeneral(buyers.back(), eventId, event.sections[0].id, 2 - i % 2);
            ASSERT_TRUE(hold) << why(hold);
            holdIds.push_back(hold->id);
        }
        const std::size_t voidedBefore = m_card.voidedCount();
        const std::size_t capturedBefore = m_card.capturedCount();

        std::latch start{kBuyers};
        std::vector<std::optional<Result<PurchaseResult>>> results(kBuyers);
        std::vector<std::thread> threads;
        for (int i = 0; i < kBuyers; ++i)
            threads.emplace_back([&, i] {
                const auto at = static_cast<std::size_t>(i);
                start.arrive_and_wait();
                results[at] = buyByCard(buyers[at], holdIds[at], "same-card-" + std::to_string(i),
                                        card(kVisa, "Buyer " + std::to_string(i)));
            });
        for (auto& thread : threads)
            thread.join();

        std::int64_t sold = 0;
        std::size_t refused = 0;
        for (std::size_t i = 0; i < results.size(); ++i) {
            const auto& result = *results[i];
            if (result) {
                sold += static_cast<std::int64_t>(result->order.tickets.size());
                EXPECT_EQ(statusOf(holdIds[i]), HoldStatus::Purchased);
            } else {
                ++refused;
                EXPECT_TRUE(failsWith(result, ErrorCode::CardLimitExceeded));
                EXPECT_EQ(result.error().details.value("limit", -1), 5);
                EXPECT_EQ(statusOf(holdIds[i]), HoldStatus::Active);
            }
        }
        EXPECT_LE(sold, 5);
        EXPECT_GE(sold, 4) << "a sale that fitted was refused"; // 4 + 2 > 5, or 5 exactly
        EXPECT_GT(refused, 0u);
        EXPECT_EQ(
            raw().count("SELECT count(*) FROM tickets WHERE event_id = " + std::to_string(eventId)),
            sold);
        EXPECT_EQ(m_card.voidedCount() - voidedBefore, refused);
        EXPECT_EQ(m_card.capturedCount() - capturedBefore, kBuyers - refused);
    }
    expectIntact();
}

// Cash has no card: counter sales in cash pass whatever the card limit, and do not count
// towards a card's tickets either.
TEST_P(SalesTest, CashIsNotCountedAgainstAnyCard) {
    EventOptions options;
    options.maxTicketsPerCard = 1;
    const Event event = createEvent({general("Pista", 1'000, 50)}, options);
    const Id eventId = event.summary.id;
    const Id pista = event.sections[0].id;
    const User clerk = addUser("clerk@example.com", Role::Clerk);
    for (int i = 0; i < 3; ++i) {
        auto hold = holdGeneral(clerk, eventId, pista, 4);
        ASSERT_TRUE(hold) << why(hold);
        auto sold = buyByCash(clerk, hold->id, "cash-" + std::to_string(i), 4'000);
        ASSERT_TRUE(sold) << why(sold);
    }
    EXPECT_EQ(raw().count("SELECT count(*) FROM payments WHERE card_fingerprint IS NOT NULL"), 0);
    EXPECT_EQ(raw().count("SELECT count(*) FROM card_limits"), 0);

    const User ana = buyer("ana");
    auto hold = holdGeneral(ana, eventId, pista, 1);
    ASSERT_TRUE(hold) << why(hold);
    ASSERT_TRUE(buyByCard(ana, hold->id, "card-1"));
    auto more = holdGeneral(ana, eventId, pista, 1);
    ASSERT_TRUE(more) << why(more);
    EXPECT_TRUE(failsWith(buyByCard(ana, more->id, "card-2"), ErrorCode::CardLimitExceeded));
    expectAvailability(eventId, {50 - 13 - 1});
}

// `check` names a card over its event's limit (written behind the store's back here).
TEST_P(SalesTest, InvariantsNameACardOverItsLimit) {
    EventOptions options;
    options.maxTicketsPerCard = 2;
    const Event event = createEvent({general("Pista", 1'000, 10)}, options);
    const User ana = buyer("ana");
    auto hold = holdGeneral(ana, event.summary.id, event.sections[0].id, 2);
    ASSERT_TRUE(hold) << why(hold);
    ASSERT_TRUE(buyByCard(ana, hold->id, "k-1"));
    expectIntact();

    raw().exec("UPDATE events SET max_tickets_per_card = 1 WHERE id = " +
               std::to_string(event.summary.id));
    auto report = storage().checkInvariants(m_clock.now());
    ASSERT_TRUE(report) << why(report);
    ASSERT_EQ(report->problems.size(), 1u) << joined(report->problems);
    EXPECT_NE(report->problems[0].find("2 tickets for event " + std::to_string(event.summary.id) +
                                       ", over the limit of 1"),
              std::string::npos)
        << report->problems[0];
    EXPECT_EQ(report->problems[0].find(kVisa), std::string::npos);
    m_expectIntactAtEnd = false;
}

// --- reports ----------------------------------------------------------------------------------

// Sales in two minutes, a hold that lapsed and one still held: Plateia (A1, A2 by card at +10 s;
// B1 cash at +70 s; A3 held), Balcao (C1 by card at +70 s), Pista (3 cash at +10 s; 2 held).
struct ReportScenario {
    Event event;
    User clerk;
};

class SalesReportTest : public SalesTest {
protected:
    ReportScenario sellInTwoMinutes() {
        const Event event =
            createEvent({seated("Plateia", 10'000, {{"A", 10}, {"B", 10}}),
                         seated("Balcao", 6'000, {{"C", 5}}), general("Pista", 5'000, 20)});
        const Id eventId = event.summary.id;
        const Id pista = event.sections[2].id;
        const auto plateia = seatIds(eventId, event.sections[0].id);
        const auto balcao = seatIds(eventId, event.sections[1].id);
        const User ana = buyer("ana"), bia = buyer("bia"), caio = buyer("caio"), dan = buyer("dan");
        const User clerk = addUser("clerk@example.com", Role::Clerk);

        EXPECT_TRUE(holdSeats(dan, eventId, {plateia[3]})); // lapses at +600 s
        m_clock.advance(10s);
        auto pair = holdSeats(ana, eventId, {plateia[0], plateia[1]});
        EXPECT_TRUE(pair && buyByCard(ana, pair->id, "report-1")) << why(pair);
        auto walkUp = holdGeneral(clerk, eventId, pista, 3);
        EXPECT_TRUE(walkUp && buyByCash(clerk, walkUp->id, "report-2", 20'000)) << why(walkUp);
        m_clock.advance(60s);
        auto balcony = holdSeats(bia, eventId, {balcao[0]});
        EXPECT_TRUE(balcony && buyByCard(bia, balcony->id, "report-3", card(kMastercard)))
            << why(balcony);
        auto counter = holdSeats(clerk, eventId, {plateia[10]});
        EXPECT_TRUE(counter && buyByCash(clerk, counter->id, "report-4", 10'000)) << why(counter);
        m_clock.set(kNow + 610s);
        EXPECT_TRUE(holdSeats(caio, eventId, {plateia[2]}));
        EXPECT_TRUE(holdGeneral(caio, eventId, pista, 2));
        return {event, clerk};
    }

    SalesReport report(Id eventId, int bucketSeconds = 60) {
        auto report = storage().salesReport(eventId, m_clock.now(), bucketSeconds);
        EXPECT_TRUE(report) << why(report);
        return report.value_or(SalesReport{});
    }
};

TEST_P(SalesReportTest, AddsUpSectionsOrdersAndPaymentsAsTheEventCountsThem) {
    const Event event = sellInTwoMinutes().event;
    const Id eventId = event.summary.id;
    const SalesReport sales = report(eventId);

    EXPECT_EQ(sales.eventId, eventId);
    EXPECT_EQ(sales.currency, "BRL");
    EXPECT_EQ(sales.generatedAt, kNow + 610s);
    EXPECT_EQ(sales.bucketSeconds, 60);
    const std::vector<SalesSection> sections{
        {event.sections[0].id, "Plateia", SectionKind::Seated, 10'000, 20, 3, 1, 16, 30'000},
        {event.sections[1].id, "Balcao", SectionKind::Seated, 6'000, 5, 1, 0, 4, 6'000},
        {event.sections[2].id, "Pista", SectionKind::General, 5'000, 20, 3, 2, 15, 15'000}};
    EXPECT_EQ(sales.sections, sections);
    EXPECT_EQ(sales.capacity, 45);
    EXPECT_EQ(sales.sold, 7);
    EXPECT_EQ(sales.held, 3);
    EXPECT_EQ(sales.available, 35);
    EXPECT_EQ(sales.orders, 4);
    EXPECT_EQ(sales.revenueCents, 51'000);
    EXPECT_EQ(sales.byPayment, (PaymentSplit{26'000, 25'000, 2, 2}));

    // The same figures as the event's availability, which the live stream and the seat map use.
    auto live = storage().getEvent(eventId, m_clock.now());
    ASSERT_TRUE(live) << why(live);
    ASSERT_EQ(live->sections.size(), sales.sections.size());
    for (std::size_t i = 0; i < sales.sections.size(); ++i)
        EXPECT_EQ(sales.sections[i].available, live->sections[i].available) << i;
    EXPECT_EQ(sales.available, live->summary.available);

    // Once the hold lapses its places count as available, swept or not.
    m_clock.advance(600s);
    const SalesReport later = report(eventId);
    EXPECT_EQ(later.held, 0);
    EXPECT_EQ(later.available, 38);
    EXPECT_EQ(later.sold, 7);
}

TEST_P(SalesReportTest, TimelineBucketsOrdersByCreationAlignedToTheEpoch) {
    const Id eventId = sellInTwoMinutes().event.summary.id;
    // kNow is a whole hour: the sales fall in its first and second minutes.
    EXPECT_EQ(report(eventId, 60).timeline,
              (std::vector<SalesBucket>{{kNow, 5, 2, 35'000}, {kNow + 60s, 2, 2, 16'000}}));
    EXPECT_EQ(report(eventId, 3'600).timeline, (std::vector<SalesBucket>{{kNow, 7, 4, 51'000}}));
    // Days start at midnight UTC, 8 hours before kNow.
    const SalesReport daily = report(eventId, 86'400);
    EXPECT_EQ(daily.timeline, (std::vector<SalesBucket>{{kNow - 8h, 7, 4, 51'000}}));
    EXPECT_EQ(daily.bucketSeconds, 86'400);
    // 70 s buckets (kNow is 50 s past a multiple of 70): +10 s falls in the one from kNow - 50 s,
    // +70 s in the next.
    EXPECT_EQ(report(eventId, 70).timeline,
              (std::vector<SalesBucket>{{kNow - 50s, 5, 2, 35'000}, {kNow + 20s, 2, 2, 16'000}}));
}

TEST_P(SalesReportTest, AnEventWithoutSalesHasItsSectionsAndNoTimeline) {
    const Event event =
        createEvent({seated("Plateia", 10'000, {{"A", 4}}), general("Pista", 5'000, 6)});
    const SalesReport sales = report(event.summary.id);
    ASSERT_EQ(sales.sections.size(), 2u);
    EXPECT_EQ(sales.sections[1].name, "Pista");
    EXPECT_EQ(sales.sections[1].available, 6);
    EXPECT_EQ(sales.capacity, 10);
    EXPECT_EQ(sales.available, 10);
    EXPECT_EQ(sales.orders, 0);
    EXPECT_EQ(sales.revenueCents, 0);
    EXPECT_EQ(sales.byPayment, PaymentSplit{});
    EXPECT_TRUE(sales.timeline.empty());
    EXPECT_TRUE(failsWith(storage().salesReport(987'654, m_clock.now(), 60), ErrorCode::NotFound));
}

TEST_P(SalesReportTest, OnlyTheEventsOrganizerAndAdminsSeeIt) {
    const Id eventId = sellInTwoMinutes().event.summary.id;
    EventService events(storage(), m_clock);
    const User admin = addUser("admin@example.com", Role::Admin);
    const User rival = addUser("rival@example.com", Role::Organizer);
    const User clerk = addUser("clerk2@example.com", Role::Clerk);
    const User ana = buyer("ana2");

    auto own = events.salesReport(m_organizer, eventId, 60);
    ASSERT_TRUE(own) << why(own);
    EXPECT_EQ(own->sold, 7);
    auto admins = events.salesReport(admin, eventId, 86'400);
    ASSERT_TRUE(admins) << why(admins);
    EXPECT_EQ(admins->timeline.size(), 1u);
    for (const User& other : {rival, clerk, ana})
        EXPECT_TRUE(failsWith(events.salesReport(other, eventId, 60), ErrorCode::Forbidden))
            << other.email;
    EXPECT_TRUE(failsWith(events.salesReport(admin, 987'654, 60), ErrorCode::NotFound));
    for (std::int64_t bad : {0, 59, 86'401, -60}) {
        auto rejected = events.salesReport(m_organizer, eventId, bad);
        ASSERT_TRUE(failsWith(rejected, ErrorCode::InvalidRequest)) << bad;
        EXPECT_EQ(fieldOf(rejected.error()), "bucket_seconds");
    }
}

TEST_P(SalesReportTest, AShiftCountsTheCallersSalesInItsWindow) {
    EventOptions dollars;
    dollars.currency = "USD";
    const Event show = createEvent({seated("Plateia", 10'000, {{"A", 10}})});
    const Event fair = createEvent({general("Pista", 5'000, 50)}, dollars);
    const auto seats = seatIds(show.summary.id);
    const Id pista = fair.sections[0].id;
    const User clerk = addUser("clerk@example.com", Role::Clerk);
    const User other = addUser("other@example.com", Role::Clerk);
    const User ana = buyer("ana");
    auto sell = [&](const User& seller, const Result<Hold>& hold, const std::string& key,
                    std::optional<Cents> cash) {
        ASSERT_TRUE(hold) << why(hold);
        auto paid =
            cash ? buyByCash(seller, hold->id, key, *cash) : buyByCard(seller, hold->id, key);
        ASSERT_TRUE(paid) << why(paid);
    };

    m_clock.set(kNow + 10s); // the window's first second: in
    sell(clerk, holdSeats(clerk, show.summary.id, {seats[0], seats[1]}), "shift-1", 25'000);
    m_clock.set(kNow + 20s); // the clerk pays for a customer's hold by card: the clerk's sale
    sell(clerk, holdSeats(ana, show.summary.id, {seats[2]}), "shift-2", std::nullopt);
    sell(other, holdSeats(other, show.summary.id, {seats[3]}), "shift-3", 10'000);
    sell(ana, holdSeats(ana, show.summary.id, {seats[4]}), "shift-4", std::nullopt);
    m_clock.set(kNow + 30s);
    sell(clerk, holdGeneral(clerk, fair.summary.id, pista, 3), "shift-5", 16'000);
    m_clock.set(kNow + 100s); // the window's end: out
    sell(clerk, holdGeneral(clerk, fair.summary.id, pista, 1), "shift-6", 5'000);

    auto shift = storage().shiftSummary(clerk.id, kNow + 10s, kNow + 100s);
    ASSERT_TRUE(shift) << why(shift);
    ShiftSummary expected;
    expected.since = kNow + 10s;
    expected.until = kNow + 100s;
    expected.orders = 3;
    expected.tickets = 6;
    expected.totals = {{"BRL", 2, 3, 30'000, PaymentSplit{10'000, 20'000, 1, 1}, 5'000},
                       {"USD", 1, 3, 15'000, PaymentSplit{0, 15'000, 0, 1}, 1'000}};
    expected.byEvent = {{show.summary.id, show.summary.name, 2, 3, 30'000, "BRL"},
                        {fair.summary.id, fair.summary.name, 1, 3, 15'000, "USD"}};
    EXPECT_EQ(*shift, expected);

    // Until defaults to the end of the current second: the sale made just now joins. Someone
    // else's shift is their own.
    auto untilNow = sales().shift(clerk, kNow + 10s, std::nullopt);
    ASSERT_TRUE(untilNow) << why(untilNow);
    EXPECT_EQ(untilNow->until, kNow + 101s);
    EXPECT_EQ(untilNow->orders, 4);
    EXPECT_EQ(sales().shift(clerk, kNow, kNow + 100s)->orders, 3);
    EXPECT_EQ(sales().shift(other, kNow, std::nullopt)->tickets, 1);
    auto own = sales().shift(ana, kNow, std::nullopt);
    ASSERT_TRUE(own) << why(own);
    EXPECT_EQ(own->orders, 1);
    EXPECT_EQ(own->totals.at(0).payments, (PaymentSplit{10'000, 0, 1, 0}));

    auto empty = sales().shift(clerk, kNow + 1h, kNow + 2h);
    ASSERT_TRUE(empty) << why(empty);
    EXPECT_EQ(empty->orders, 0);
    EXPECT_TRUE(empty->totals.empty());
    EXPECT_TRUE(empty->byEvent.empty());
    EXPECT_TRUE(sales().shift(clerk, kNow, kNow)); // an empty window is no error
    auto backwards = sales().shift(clerk, kNow + 1s, kNow);
    ASSERT_TRUE(failsWith(backwards, ErrorCode::InvalidRequest));
    EXPECT_EQ(fieldOf(backwards.error()), "until");
}

INSTANTIATE_TEST_SUITE_P(Backends, SalesReportTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

INSTANTIATE_TEST_SUITE_P(Backends, SalesTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
