// Live notifications below HTTP, over both stores: the change outbox each transition writes
// (exactly its rows, in its transaction), the stores' change sources, pruning, and the LiveHub
// that batches and fans the changes out — replays, resets, private events — and, on
// PostgreSQL, its handling of ids that become visible out of order and of a second instance.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <pqxx/pqxx>
#include <sqlite3.h>

#include "server/core/holds.h"
#include "server/core/livehub.h"
#include "server/core/sales.h"
#include "server/payments/cashgateway.h"
#include "server/payments/sandboxcardgateway.h"
#include "server/store/storagefactory.h"
#include "tests/support/builders.h"
#include "tests/support/fakeclock.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

const TimePoint kNow{std::chrono::seconds{1'800'000'000}};
const std::string kPasswordHash = "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";

template <typename T> std::string why(const Result<T>& result) {
    if (result) return "succeeded";
    return std::string(errorCodeName(result.error().code)) + ": " + result.error().message;
}

// Short intervals, so that the tests wait for little.
LiveSettings fastSettings() {
    LiveSettings settings;
    settings.batchInterval = 100ms;
    settings.pollInterval = 100ms;
    settings.gapGrace = 800ms;
    return settings;
}

// A change as the tests compare it: kind, and the payload's meaning.
struct Seen {
    ChangeKind kind = ChangeKind::Seats;
    Id eventId = 0;
    SeatsChange seats;
    OrderChange order;
};

Seen decode(const Change& change) {
    Seen seen;
    seen.kind = change.kind;
    seen.eventId = change.eventId;
    if (change.kind == ChangeKind::Seats) {
        auto seats = parseSeatsChange(change.payload);
        EXPECT_TRUE(seats) << change.payload;
        if (seats) seen.seats = *seats;
    } else if (change.kind == ChangeKind::Order) {
        auto order = parseOrderChange(change.payload);
        EXPECT_TRUE(order) << change.payload;
        if (order) seen.order = *order;
    }
    return seen;
}

// Everything a subscription delivers until `done` says so (or `timeout`).
struct Collected {
    std::vector<LiveEventPtr> events;
    std::optional<Id> lastId;
    bool ended = false;
};

Collected collectUntil(LiveSubscription& subscription,
                       const std::function<bool(const Collected&)>& done,
                       std::chrono::milliseconds timeout = 5s) {
    Collected collected;
    const auto deadline = SteadyClock::now() + timeout;
    while (!done(collected) && SteadyClock::now() < deadline) {
        auto delivery = subscription.next(std::min(deadline, SteadyClock::now() + 100ms));
        if (delivery.ended) {
            collected.ended = true;
            break;
        }
        collected.events.insert(collected.events.end(), delivery.events.begin(),
                                delivery.events.end());
        if (delivery.lastId) collected.lastId = delivery.lastId;
    }
    return collected;
}

// What a client would make of the events: each seat's latest state, each section's latest
// availability, the order events, the resets.
struct View {
    std::map<Id, std::string> seats;
    std::map<Id, std::int64_t> available;
    std::vector<json> orders;
    std::vector<json> queue;
    int resets = 0;
    int seatEvents = 0;
};

View viewOf(const std::vector<LiveEventPtr>& events) {
    View view;
    for (const auto& event : events) {
        const json data = json::parse(event->data);
        if (event->name == "seats") {
            ++view.seatEvents;
            for (const auto& id : data["seat_ids"])
                view.seats[id.get<Id>()] = data["state"];
        } else if (event->name == "availability") {
            view.available[data["section_id"].get<Id>()] = data["available"].get<std::int64_t>();
        } else if (event->name == "order") {
            view.orders.push_back(data);
        } else if (event->name == "queue") {
            view.queue.push_back(data);
        } else if (event->name == "reset") {
            ++view.resets;
        }
    }
    return view;
}

class LiveTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { open(GetParam()); }

    void open(Backend backend) {
        m_backend = backend;
        m_database = std::make_unique<TestDatabase>(backend);
        m_storage = openStore();
        ASSERT_TRUE(m_storage);
        auto key = m_storage->serverSecret("purchase-request-hash");
        auto cardKey = m_storage->serverSecret("card-fingerprint");
        ASSERT_TRUE(key && cardKey);
        m_gateways.add(m_card);
        m_gateways.add(m_cash);
        m_holds = std::make_unique<HoldService>(*m_storage, m_clock);
        m_sales = std::make_unique<SalesService>(*m_storage, m_clock, m_gateways, *key, *cardKey);
        auto organizer = m_storage->createUser(
            NewUser{"organizer@example.com", "Olga", Role::Organizer, kPasswordHash});
        ASSERT_TRUE(organizer) << why(organizer);
        m_organizer = *organizer;
        auto source = m_storage->openChangeSource();
        ASSERT_TRUE(source) << why(source);
        m_source = std::move(*source);
    }

    void TearDown() override {
        m_hub.reset();
        m_source.reset();
        m_sales.reset();
        m_holds.reset();
        m_storage.reset();
        m_database.reset();
    }

    std::unique_ptr<Storage> openStore() {
        StorageOptions options;
        options.url = m_database->url();
        options.poolSize = 8;
        auto opened = openStorage(options);
        EXPECT_TRUE(opened) << why(opened);
        return opened ? std::move(*opened) : nullptr;
    }

    User buyer(const std::string& name, Role role = Role::Buyer) {
        auto user =
            m_storage->createUser(NewUser{name + "@example.com", name, role, kPasswordHash});
        EXPECT_TRUE(user) << why(user);
        return user.value_or(User{});
    }

    // Seats "A" (5 seats) and "B" (5) in Plateia, 10 places of general admission in Pista.
    Event createEvent(int holdSeconds = 600) {
        static std::atomic<int> serial{0};
        NewEvent event;
        event.name = "Live " + std::to_string(++serial);
        event.venue = "Arena";
        event.startsAt = kNow + 24h * 60;
        event.saleStartsAt = kNow;
        event.saleEndsAt = kNow + 24h * 30;
        event.maxTicketsPerCustomer = 10;
        event.maxTicketsPerCard = 1000;
        event.holdSeconds = holdSeconds;
        event.sections = {seated("Plateia", 10'000, {{"A", 5}, {"B", 5}}),
                          general("Pista", 5'000, 10)};
        event.createdBy = m_organizer.id;
        event.createdAt = kNow;
        auto created = m_storage->createEvent(event);
        EXPECT_TRUE(created) << why(created);
        return created.value_or(Event{});
    }

    std::vector<Id> seatIds(Id eventId) {
        std::vector<Id> ids;
        EXPECT_TRUE(m_storage->forEachSeat(eventId, m_clock.now(),
                                           [&](const Seat& seat) { ids.push_back(seat.id); }));
        return ids;
    }

    Result<Hold> holdSeats(const User& who, Id eventId, std::vector<Id> seats) {
        HoldRequest request;
        request.seatIds = std::move(seats);
        return m_holds->create(who, eventId, request);
    }
    Result<Hold> holdGeneral(const User& who, Id eventId, Id sectionId, std::int64_t quantity) {
        HoldRequest request;
        request.sectionId = sectionId;
        request.quantity = quantity;
        return m_holds->create(who, eventId, request);
    }
    Result<PurchaseResult> buy(const User& who, Id holdId, const std::string& key,
                               const std::string& card = "4111111111111111") {
        return m_sales->purchase(who, holdId, key,
                                 PaymentRequest{CardPayment{card, 12, 2030, "123", who.name}});
    }

    // The outbox rows written since the last call.
    std::vector<Seen> newChanges() {
        auto rows = m_source->changesAfter(m_seenUpTo, 10'000);
        EXPECT_TRUE(rows) << why(rows);
        std::vector<Seen> out;
        if (!rows) return out;
        for (const Change& change : *rows) {
            EXPECT_GT(change.id, m_seenUpTo) << "ids ascend";
            m_seenUpTo = change.id;
            out.push_back(decode(change));
        }
        return out;
    }

    LiveHub& startHub(LiveSettings settings = fastSettings()) {
        m_hub = std::make_unique<LiveHub>(*m_source, *m_storage, m_clock, settings);
        m_hub->setErrorHandler([](const Error& error) { ADD_FAILURE() << error.message; });
        auto started = m_hub->start();
        EXPECT_TRUE(started) << why(started);
        return *m_hub;
    }

    // Until the hub has read every committed change (a busy machine can keep it behind).
    void waitForHub() {
        auto latest = m_source->latestChangeId();
        ASSERT_TRUE(latest) << why(latest);
        const auto deadline = SteadyClock::now() + 10s;
        while (m_hub->cursor() < *latest && SteadyClock::now() < deadline)
            std::this_thread::sleep_for(10ms);
        ASSERT_GE(m_hub->cursor(), *latest);
    }

    std::unique_ptr<LiveSubscription> subscribe(Id eventId, std::optional<Id> customer = {},
                                                std::optional<Id> lastEventId = {}) {
        auto subscription = m_hub->subscribe(eventId, customer, lastEventId);
        EXPECT_TRUE(subscription) << why(subscription);
        return subscription ? std::move(*subscription) : nullptr;
    }

    // Runs SQL on a connection of its own (committed at once).
    void rawExec(const std::string& sql) {
        if (m_backend == Backend::Postgres) {
            pqxx::connection connection{m_database->url()};
            pqxx::work tx{connection};
            tx.exec(sql);
            tx.commit();
            return;
        }
        const std::string path = m_database->url().substr(m_database->url().find(':') + 1);
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        sqlite3_busy_timeout(db, 5000);
        char* error = nullptr;
        const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
        EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "") << " in " << sql;
        sqlite3_free(error);
        sqlite3_close(db);
    }

    Backend m_backend = Backend::Sqlite;
    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<Storage> m_storage;
    FakeClock m_clock{kNow};
    SandboxCardGateway m_card;
    CashGateway m_cash;
    PaymentGateways m_gateways;
    std::unique_ptr<HoldService> m_holds;
    std::unique_ptr<SalesService> m_sales;
    User m_organizer;
    std::unique_ptr<ChangeSource> m_source;
    std::unique_ptr<LiveHub> m_hub;
    Id m_seenUpTo = 0;
};

// --- the outbox ----------------------------------------------------------------------------------

TEST_P(LiveTest, EachTransitionWritesExactlyItsChanges) {
    const Event event = createEvent();
    const Id eventId = event.summary.id;
    const Id plateia = event.sections[0].id, pista = event.sections[1].id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana"), bia = buyer("bia");
    EXPECT_TRUE(newChanges().empty()) << "creating an event writes no change";

    // A seated hold: the seats, held, in one row.
    auto seated = holdSeats(ana, eventId, {seats[3], seats[1]});
    ASSERT_TRUE(seated) << why(seated);
    auto changes = newChanges();
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(changes[0].kind, ChangeKind::Seats);
    EXPECT_EQ(changes[0].eventId, eventId);
    EXPECT_EQ(changes[0].seats.state, SeatState::Held);
    EXPECT_EQ(changes[0].seats.seatIds, (std::vector<Id>{seats[1], seats[3]}));
    EXPECT_EQ(changes[0].seats.sections, (std::vector<std::pair<Id, std::int64_t>>{{plateia, 2}}));

    // Refused holds change nothing, and write nothing.
    EXPECT_FALSE(holdSeats(bia, eventId, {seats[0], seats[1]}));
    EXPECT_FALSE(holdGeneral(bia, eventId, pista, 11));
    EXPECT_TRUE(newChanges().empty());

    // General admission: no public seat ids, the section and how many places.
    auto places = holdGeneral(bia, eventId, pista, 3);
    ASSERT_TRUE(places) << why(places);
    changes = newChanges();
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(changes[0].seats.state, SeatState::Held);
    EXPECT_TRUE(changes[0].seats.seatIds.empty());
    EXPECT_EQ(changes[0].seats.sections, (std::vector<std::pair<Id, std::int64_t>>{{pista, 3}}));

    // A release frees exactly the hold's seats.
    ASSERT_TRUE(m_holds->release(ana, seated->id));
    changes = newChanges();
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(changes[0].seats.state, SeatState::Free);
    EXPECT_EQ(changes[0].seats.seatIds, (std::vector<Id>{seats[1], seats[3]}));
    EXPECT_FALSE(m_holds->release(ana, seated->id)); // not active any more: nothing written
    EXPECT_TRUE(newChanges().empty());

    // A declined card changes nothing; a sale sells the places and tells its customer.
    EXPECT_FALSE(buy(bia, places->id, "declined", "4000000000000002"));
    EXPECT_TRUE(newChanges().empty());
    auto bought = buy(bia, places->id, "bought");
    ASSERT_TRUE(bought) << why(bought);
    changes = newChanges();
    ASSERT_EQ(changes.size(), 2u);
    EXPECT_EQ(changes[0].kind, ChangeKind::Seats);
    EXPECT_EQ(changes[0].seats.state, SeatState::Sold);
    EXPECT_EQ(changes[0].seats.sections, (std::vector<std::pair<Id, std::int64_t>>{{pista, 3}}));
    EXPECT_EQ(changes[1].kind, ChangeKind::Order);
    EXPECT_EQ(changes[1].eventId, eventId);
    EXPECT_EQ(changes[1].order.orderId, bought->order.id);
    EXPECT_EQ(changes[1].order.customerId, bia.id);
    EXPECT_EQ(changes[1].order.status, "paid");
    // The replay of the same request sells nothing again.
    ASSERT_TRUE(buy(bia, places->id, "bought"));
    EXPECT_TRUE(newChanges().empty());

    // A seated sale.
    auto again = holdSeats(ana, eventId, {seats[1]});
    ASSERT_TRUE(again);
    ASSERT_EQ(newChanges().size(), 1u);
    ASSERT_TRUE(buy(ana, again->id, "seated"));
    changes = newChanges();
    ASSERT_EQ(changes.size(), 2u);
    EXPECT_EQ(changes[0].seats.state, SeatState::Sold);
    EXPECT_EQ(changes[0].seats.seatIds, (std::vector<Id>{seats[1]}));
    EXPECT_EQ(changes[1].order.customerId, ana.id);
}

TEST_P(LiveTest, ExpiryWritesWhatItFreesOncePerEvent) {
    const Event first = createEvent(60), second = createEvent(60);
    const auto firstSeats = seatIds(first.summary.id), secondSeats = seatIds(second.summary.id);
    const User ana = buyer("ana"), bia = buyer("bia");

    ASSERT_TRUE(holdSeats(ana, first.summary.id, {firstSeats[0], firstSeats[1]}));
    ASSERT_TRUE(holdSeats(ana, first.summary.id, {firstSeats[2]}));
    ASSERT_TRUE(holdSeats(ana, second.summary.id, {secondSeats[4]}));
    ASSERT_TRUE(holdGeneral(ana, second.summary.id, second.sections[1].id, 2));
    ASSERT_EQ(newChanges().size(), 4u);

    // Four holds lapse; one sweep frees them with one change per event.
    m_clock.advance(60s);
    ASSERT_EQ(*m_holds->expireDue(), 4);
    auto changes = newChanges();
    ASSERT_EQ(changes.size(), 2u);
    std::sort(changes.begin(), changes.end(),
              [](const Seen& a, const Seen& b) { return a.eventId < b.eventId; });
    EXPECT_EQ(changes[0].eventId, first.summary.id);
    EXPECT_EQ(changes[0].seats.state, SeatState::Free);
    EXPECT_EQ(changes[0].seats.seatIds,
              (std::vector<Id>{firstSeats[0], firstSeats[1], firstSeats[2]}));
    EXPECT_EQ(changes[1].eventId, second.summary.id);
    EXPECT_EQ(changes[1].seats.seatIds, (std::vector<Id>{secondSeats[4]}));
    EXPECT_EQ(changes[1].seats.sections,
              (std::vector<std::pair<Id, std::int64_t>>{{second.sections[0].id, 1},
                                                        {second.sections[1].id, 2}}));

    // A lapsed hold whose seat someone else took before the sweep frees nothing: no change.
    auto lapsed = holdSeats(ana, first.summary.id, {firstSeats[5]});
    ASSERT_TRUE(lapsed);
    m_clock.advance(60s);
    ASSERT_TRUE(holdSeats(bia, first.summary.id, {firstSeats[5]}));
    ASSERT_EQ(newChanges().size(), 2u); // the two holds
    ASSERT_EQ(*m_holds->expireDue(), 1);
    EXPECT_TRUE(newChanges().empty());
}

TEST_P(LiveTest, TheSourceReadsInOrderReplaysOneEventAndWakesOnCommits) {
    const Event event = createEvent(), other = createEvent();
    const auto seats = seatIds(event.summary.id), otherSeats = seatIds(other.summary.id);
    const User ana = buyer("ana");
    auto latest = m_source->latestChangeId();
    ASSERT_TRUE(latest);
    EXPECT_EQ(*latest, 0);

    // A commit wakes a waiting reader at once.
    auto waited = std::async(std::launch::async, [&] {
        const auto start = SteadyClock::now();
        m_source->waitForChanges(10s);
        return SteadyClock::now() - start;
    });
    std::this_thread::sleep_for(100ms);
    ASSERT_TRUE(holdSeats(ana, event.summary.id, {seats[0]}));
    EXPECT_LT(waited.get(), 5s);

    ASSERT_TRUE(holdSeats(ana, other.summary.id, {otherSeats[0]}));
    ASSERT_TRUE(holdSeats(ana, event.summary.id, {seats[1]}));
    auto all = m_source->changesAfter(0, 100);
    ASSERT_TRUE(all && all->size() == 3u);
    latest = m_source->latestChangeId();
    ASSERT_TRUE(latest);
    EXPECT_EQ(*latest, all->back().id);

    auto limited = m_source->changesAfter((*all)[0].id, 1);
    ASSERT_TRUE(limited && limited->size() == 1u);
    EXPECT_EQ((*limited)[0].id, (*all)[1].id);
    auto between = m_source->changesBetween((*all)[1].id, (*all)[2].id);
    ASSERT_TRUE(between && between->size() == 2u);

    // A replay of one event: after an id, up to another.
    auto replay = m_source->replay(event.summary.id, 0, (*all)[2].id, 100);
    ASSERT_TRUE(replay);
    EXPECT_EQ(replay->prunedThrough, 0);
    ASSERT_EQ(replay->changes.size(), 2u);
    EXPECT_EQ(replay->changes[0].id, (*all)[0].id);
    EXPECT_EQ(replay->changes[1].id, (*all)[2].id);
    replay = m_source->replay(event.summary.id, (*all)[0].id, (*all)[1].id, 100);
    ASSERT_TRUE(replay);
    EXPECT_TRUE(replay->changes.empty());

    // interrupt() ends a wait at once.
    auto interrupted = std::async(std::launch::async, [&] {
        const auto start = SteadyClock::now();
        m_source->waitForChanges(10s);
        return SteadyClock::now() - start;
    });
    std::this_thread::sleep_for(100ms);
    m_source->interrupt();
    EXPECT_LT(interrupted.get(), 5s);
}

TEST_P(LiveTest, PruningDeletesOldChangesAndMovesTheHorizon) {
    const Event event = createEvent();
    const auto seats = seatIds(event.summary.id);
    const User ana = buyer("ana");
    ASSERT_TRUE(holdSeats(ana, event.summary.id, {seats[0]}));
    ASSERT_TRUE(holdSeats(ana, event.summary.id, {seats[1]}));
    m_clock.advance(3600s);
    ASSERT_TRUE(holdSeats(ana, event.summary.id, {seats[2]}));
    auto all = m_source->changesAfter(0, 100);
    ASSERT_TRUE(all && all->size() == 3u);

    auto pruned = m_storage->pruneChanges(kNow + 1800s);
    ASSERT_TRUE(pruned) << why(pruned);
    EXPECT_EQ(*pruned, 2);
    auto left = m_source->changesAfter(0, 100);
    ASSERT_TRUE(left && left->size() == 1u);
    EXPECT_EQ((*left)[0].id, (*all)[2].id);
    auto replay = m_source->replay(event.summary.id, 0, (*all)[2].id, 100);
    ASSERT_TRUE(replay);
    EXPECT_EQ(replay->prunedThrough, (*all)[1].id);
    EXPECT_EQ(*m_storage->pruneChanges(kNow + 1800s), 0); // nothing twice

    // However much is pruned (SQLite keeps the newest row, whose id it would hand out again),
    // ids go on above the last one.
    auto last = m_storage->pruneChanges(kNow + 7200s);
    ASSERT_TRUE(last) << why(last);
    EXPECT_LE(*last, 1);
    auto latest = m_source->latestChangeId();
    ASSERT_TRUE(latest);
    EXPECT_EQ(*latest, (*all)[2].id);
    ASSERT_TRUE(holdSeats(ana, event.summary.id, {seats[3]}));
    auto next = m_source->changesAfter((*all)[2].id, 100);
    ASSERT_TRUE(next && next->size() == 1u);
    EXPECT_GT((*next)[0].id, (*all)[2].id);
    EXPECT_EQ(*m_source->latestChangeId(), (*next)[0].id);
}

TEST_P(LiveTest, SectionAvailabilityMatchesTheEvent) {
    const Event event = createEvent(60);
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");
    auto hold = holdSeats(ana, eventId, {seats[0], seats[1]});
    ASSERT_TRUE(hold);
    ASSERT_TRUE(buy(ana, hold->id, "k"));
    ASSERT_TRUE(holdSeats(ana, eventId, {seats[2]}));
    ASSERT_TRUE(holdGeneral(ana, eventId, event.sections[1].id, 4));

    auto available = m_storage->sectionAvailability(
        eventId, {event.sections[1].id, event.sections[0].id, 987'654}, m_clock.now());
    ASSERT_TRUE(available) << why(available);
    ASSERT_EQ(available->size(), 2u);
    EXPECT_EQ((*available)[0].sectionId, event.sections[0].id);
    EXPECT_EQ((*available)[0].available, 7);
    EXPECT_EQ((*available)[1].sectionId, event.sections[1].id);
    EXPECT_EQ((*available)[1].available, 6);
    // Lapsed holds count as free at once, sweeper or not.
    m_clock.advance(60s);
    available = m_storage->sectionAvailability(eventId, {event.sections[0].id}, m_clock.now());
    ASSERT_TRUE(available && available->size() == 1u);
    EXPECT_EQ((*available)[0].available, 8);
    // Sections of another event are not this event's.
    const Event other = createEvent();
    available = m_storage->sectionAvailability(eventId, {other.sections[0].id}, m_clock.now());
    ASSERT_TRUE(available);
    EXPECT_TRUE(available->empty());
}

// --- the hub
// ---------------------------------------------------------------------------------------

TEST_P(LiveTest, ASubscriptionStartsWithAvailabilityThenGetsEachChange) {
    const Event event = createEvent();
    const Id eventId = event.summary.id;
    const Id plateia = event.sections[0].id, pista = event.sections[1].id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");
    startHub();
    auto subscription = subscribe(eventId);
    ASSERT_TRUE(subscription);

    auto first = collectUntil(*subscription, [](const Collected& c) { return !c.events.empty(); });
    View view = viewOf(first.events);
    EXPECT_EQ(view.available, (std::map<Id, std::int64_t>{{plateia, 10}, {pista, 10}}));
    EXPECT_TRUE(view.seats.empty());
    ASSERT_TRUE(first.lastId);
    EXPECT_EQ(*first.lastId, 0);

    auto hold = holdSeats(ana, eventId, {seats[0], seats[1]});
    ASSERT_TRUE(hold);
    auto held =
        collectUntil(*subscription, [](const Collected& c) { return viewOf(c.events).seatEvents; });
    view = viewOf(held.events);
    EXPECT_EQ(view.seats, (std::map<Id, std::string>{{seats[0], "held"}, {seats[1], "held"}}));
    EXPECT_EQ(view.available, (std::map<Id, std::int64_t>{{plateia, 8}}));
    ASSERT_TRUE(held.lastId);
    EXPECT_EQ(*held.lastId, m_hub->cursor());
    EXPECT_TRUE(view.orders.empty()) << "an anonymous subscription gets no orders";

    ASSERT_TRUE(holdGeneral(ana, eventId, pista, 2));
    auto general = collectUntil(*subscription, [&](const Collected& c) {
        return viewOf(c.events).available.contains(pista);
    });
    view = viewOf(general.events);
    EXPECT_EQ(view.seatEvents, 0) << "general admission has no public seats";
    EXPECT_EQ(view.available[pista], 8);
}

TEST_P(LiveTest, ABatchCarriesEachSeatsLatestState) {
    const Event event = createEvent();
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana"), bia = buyer("bia");
    LiveSettings settings = fastSettings();
    settings.batchInterval = 1500ms;
    startHub(settings);
    auto subscription = subscribe(eventId);
    ASSERT_TRUE(subscription);
    collectUntil(*subscription, [](const Collected& c) { return !c.events.empty(); });

    // The first change after a quiet spell goes out at once...
    const auto start = SteadyClock::now();
    auto first = holdSeats(ana, eventId, {seats[0]});
    ASSERT_TRUE(first);
    auto quick =
        collectUntil(*subscription, [](const Collected& c) { return viewOf(c.events).seatEvents; });
    EXPECT_LT(SteadyClock::now() - start, 1000ms);
    EXPECT_EQ(viewOf(quick.events).seats[seats[0]], "held");

    // ...the next ones within the interval wait for one batch, each seat in its latest state.
    ASSERT_TRUE(m_holds->release(ana, first->id));
    auto second = holdSeats(bia, eventId, {seats[0], seats[1]});
    ASSERT_TRUE(second);
    ASSERT_TRUE(buy(bia, second->id, "k"));
    ASSERT_TRUE(holdSeats(ana, eventId, {seats[2]}));
    auto batch = collectUntil(
        *subscription, [](const Collected& c) { return viewOf(c.events).seatEvents > 0; }, 5s);
    EXPECT_GE(SteadyClock::now() - start, 1400ms);
    const View view = viewOf(batch.events);
    EXPECT_EQ(view.seats, (std::map<Id, std::string>{
                              {seats[0], "sold"}, {seats[1], "sold"}, {seats[2], "held"}}));
    EXPECT_EQ(view.seatEvents, 2) << "one seats event per state";
    EXPECT_EQ(view.available.at(event.sections[0].id), 7);
    ASSERT_TRUE(batch.lastId);
    EXPECT_EQ(*batch.lastId, m_hub->cursor());
}

TEST_P(LiveTest, AnEventWithManySubscribersGetsFewerBatches) {
    const Event event = createEvent();
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");
    LiveSettings settings = fastSettings(); // batches every 100 ms at most...
    settings.writesPerSecond = 20;          // ...but 10 subscribers: every 500 ms
    startHub(settings);
    std::vector<std::unique_ptr<LiveSubscription>> subscriptions;
    for (int i = 0; i < 10; ++i) {
        subscriptions.push_back(subscribe(eventId));
        ASSERT_TRUE(subscriptions.back());
        subscriptions.back()->next(SteadyClock::now());
    }
    auto& watched = *subscriptions.front();
    ASSERT_TRUE(holdSeats(ana, eventId, {seats[0]}));
    collectUntil(watched, [](const Collected& c) { return viewOf(c.events).seatEvents; });
    const auto first = SteadyClock::now();
    ASSERT_TRUE(holdSeats(ana, eventId, {seats[1]}));
    const auto second =
        collectUntil(watched, [](const Collected& c) { return viewOf(c.events).seatEvents; });
    EXPECT_EQ(viewOf(second.events).seats, (std::map<Id, std::string>{{seats[1], "held"}}));
    EXPECT_GE(SteadyClock::now() - first, 400ms);
}

TEST_P(LiveTest, PrivateEventsReachOnlyTheirCustomer) {
    const Event event = createEvent();
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana"), bia = buyer("bia");
    const User clerk = buyer("clerk", Role::Clerk);
    startHub();
    auto anas = subscribe(eventId, ana.id);
    auto bias = subscribe(eventId, bia.id);
    auto anonymous = subscribe(eventId);
    ASSERT_TRUE(anas && bias && anonymous);

    // Ana's hold, bought at the counter by a clerk: the order is still Ana's.
    auto hold = holdSeats(ana, eventId, {seats[0]});
    ASSERT_TRUE(hold);
    auto order = m_sales->purchase(clerk, hold->id, "counter", PaymentRequest{CashPayment{50'000}});
    ASSERT_TRUE(order) << why(order);
    // The waiting room's hook: a queue change reaches its customer as a `queue` event.
    rawExec("INSERT INTO event_changes (event_id, kind, payload, created_at) VALUES (" +
            std::to_string(eventId) + ", 'queue', '" +
            queueChange(eventId, QueueChange{bia.id, 7, true}).payload + "', 0)");

    auto done = [&](const Collected& c) {
        const View view = viewOf(c.events);
        return view.seats.contains(seats[0]) && view.seats.at(seats[0]) == "sold";
    };
    const View anaView = viewOf(collectUntil(*anas, [&](const Collected& c) {
                                    return done(c) && !viewOf(c.events).orders.empty();
                                }).events);
    ASSERT_EQ(anaView.orders.size(), 1u);
    EXPECT_EQ(anaView.orders[0], json({{"order_id", order->order.id}, {"status", "paid"}}));
    EXPECT_TRUE(anaView.queue.empty());

    const View biaView = viewOf(collectUntil(*bias, [&](const Collected& c) {
                                    return done(c) && !viewOf(c.events).queue.empty();
                                }).events);
    EXPECT_TRUE(biaView.orders.empty());
    ASSERT_EQ(biaView.queue.size(), 1u);
    EXPECT_EQ(biaView.queue[0], json({{"position", 7}, {"admitted", true}}));

    const View publicView = viewOf(collectUntil(*anonymous, done).events);
    EXPECT_TRUE(publicView.orders.empty());
    EXPECT_TRUE(publicView.queue.empty());
    // Nothing more comes for anyone.
    EXPECT_TRUE(anonymous->next(SteadyClock::now() + 300ms).events.empty());
}

TEST_P(LiveTest, AReconnectReplaysWhatCameAfterItsLastIdExactlyOnce) {
    const Event event = createEvent(), other = createEvent();
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana"), bia = buyer("bia");
    startHub();
    std::optional<Id> lastId;
    {
        auto subscription = subscribe(eventId, ana.id);
        ASSERT_TRUE(subscription);
        ASSERT_TRUE(holdSeats(ana, eventId, {seats[0]}));
        auto got = collectUntil(*subscription,
                                [&](const Collected& c) { return viewOf(c.events).seatEvents; });
        lastId = got.lastId;
        ASSERT_TRUE(lastId);
    }
    // While disconnected: a hold, a sale, a release, someone else's order, another event.
    auto hold = holdSeats(ana, eventId, {seats[1], seats[2]});
    ASSERT_TRUE(hold);
    auto anasOrder = buy(ana, hold->id, "k1");
    ASSERT_TRUE(anasOrder);
    auto bias = holdSeats(bia, eventId, {seats[3]});
    ASSERT_TRUE(bias);
    ASSERT_TRUE(buy(bia, bias->id, "k2"));
    auto released = holdSeats(bia, eventId, {seats[4]});
    ASSERT_TRUE(released && m_holds->release(bia, released->id));
    ASSERT_TRUE(holdSeats(ana, other.summary.id, {seatIds(other.summary.id)[0]}));
    // (Were the hub behind, the same changes would come as a live batch instead.)
    waitForHub();

    auto resumed = subscribe(eventId, ana.id, lastId);
    ASSERT_TRUE(resumed);
    const auto first = resumed->next(SteadyClock::now() + 2s);
    std::vector<std::pair<std::string, json>> replayed;
    for (const auto& e : first.events)
        if (e->name != "availability") replayed.emplace_back(e->name, json::parse(e->data));
    const std::vector<std::pair<std::string, json>> expected{
        {"seats", {{"seat_ids", {seats[1], seats[2]}}, {"state", "held"}}},
        {"seats", {{"seat_ids", {seats[1], seats[2]}}, {"state", "sold"}}},
        {"order", {{"order_id", anasOrder->order.id}, {"status", "paid"}}},
        {"seats", {{"seat_ids", {seats[3]}}, {"state", "held"}}},
        {"seats", {{"seat_ids", {seats[3]}}, {"state", "sold"}}},
        {"seats", {{"seat_ids", {seats[4]}}, {"state", "held"}}},
        {"seats", {{"seat_ids", {seats[4]}}, {"state", "free"}}}};
    EXPECT_EQ(replayed, expected);
    ASSERT_FALSE(first.events.empty());
    EXPECT_EQ(first.events.back()->name, "availability") << "the current figures come last";
    EXPECT_EQ(viewOf(first.events).available[event.sections[0].id], 6);
    // Its id covers every change of the event: a reconnect from it replays nothing again.
    auto ofEvent = m_source->replay(eventId, 0, m_hub->cursor(), 100);
    ASSERT_TRUE(ofEvent && !ofEvent->changes.empty());
    ASSERT_TRUE(first.lastId);
    EXPECT_GE(*first.lastId, ofEvent->changes.back().id);
    EXPECT_LE(*first.lastId, m_hub->cursor());

    // Live changes follow, none of the replayed ones again.
    ASSERT_TRUE(holdSeats(bia, eventId, {seats[5]}));
    auto live =
        collectUntil(*resumed, [](const Collected& c) { return viewOf(c.events).seatEvents; });
    EXPECT_EQ(viewOf(live.events).seats, (std::map<Id, std::string>{{seats[5], "held"}}));

    // From the newest id on, nothing is replayed.
    auto current = subscribe(eventId, ana.id, m_hub->cursor());
    ASSERT_TRUE(current);
    EXPECT_EQ(viewOf(current->next(SteadyClock::now() + 2s).events).seatEvents, 0);
}

TEST_P(LiveTest, AClientAheadOfAnIdleReaderGetsNothingTwice) {
    const Event event = createEvent();
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");
    LiveSettings settings = fastSettings();
    settings.pollInterval = 30s; // with nobody subscribed, the reader reads this seldom
    startHub(settings);
    std::this_thread::sleep_for(200ms);
    auto hold = holdSeats(ana, eventId, {seats[0]});
    ASSERT_TRUE(hold);
    ASSERT_TRUE(buy(ana, hold->id, "ahead"));
    // Seen elsewhere already (say, on another server): the client's id is past this cursor.
    auto latest = m_source->latestChangeId();
    ASSERT_TRUE(latest);
    ASSERT_LT(m_hub->cursor(), *latest);

    const auto start = SteadyClock::now();
    auto subscription = subscribe(eventId, ana.id, *latest);
    ASSERT_TRUE(subscription);
    EXPECT_LT(SteadyClock::now() - start, 2s);
    EXPECT_GE(m_hub->cursor(), *latest);
    const auto got = collectUntil(
        *subscription, [](const Collected&) { return false; }, 700ms);
    const View view = viewOf(got.events);
    EXPECT_EQ(view.seatEvents, 0) << "its seats came again";
    EXPECT_TRUE(view.orders.empty()) << "its order came again";
    ASSERT_TRUE(got.lastId);
    EXPECT_GE(*got.lastId, *latest);
}

TEST_P(LiveTest, AReconnectFromBeyondTheReplayGetsAReset) {
    const Event event = createEvent();
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");
    for (int i = 0; i < 4; ++i)
        ASSERT_TRUE(holdSeats(ana, eventId, {seats[static_cast<std::size_t>(i)]}));
    LiveSettings settings = fastSettings();
    settings.maxReplay = 2;
    startHub(settings);

    auto resetOf = [&](std::optional<Id> lastId) {
        auto subscription = subscribe(eventId, std::nullopt, lastId);
        if (!subscription) return std::string{"no subscription"};
        const auto first = subscription->next(SteadyClock::now() + 2s);
        if (first.events.empty() || first.events.front()->name != "reset") return std::string{};
        EXPECT_EQ(viewOf(first.events).seatEvents, 0) << "a reset replaces the replay";
        EXPECT_FALSE(viewOf(first.events).available.empty()) << "the figures follow";
        return json::parse(first.events.front()->data).value("reason", "");
    };
    EXPECT_EQ(resetOf(0), "too_far_behind"); // four changes to replay, two allowed
    EXPECT_EQ(resetOf(2), "");               // two: replayed
    m_clock.advance(7200s);
    ASSERT_TRUE(m_storage->pruneChanges(m_clock.now() - 3600s));
    EXPECT_EQ(resetOf(2), "pruned");
    EXPECT_EQ(resetOf(m_hub->cursor()), ""); // nothing missed
}

TEST_P(LiveTest, StoppingEndsEverySubscription) {
    const Event event = createEvent();
    startHub();
    auto subscription = subscribe(event.summary.id);
    ASSERT_TRUE(subscription);
    subscription->next(SteadyClock::now());
    auto waiting = std::async(std::launch::async,
                              [&] { return subscription->next(SteadyClock::now() + 30s).ended; });
    std::this_thread::sleep_for(100ms);
    const auto start = SteadyClock::now();
    m_hub->stop();
    EXPECT_TRUE(waiting.get());
    EXPECT_LT(SteadyClock::now() - start, 2s);
    EXPECT_EQ(m_hub->subscriptionCount(), 1u);
    subscription.reset();
    EXPECT_EQ(m_hub->subscriptionCount(), 0u);
    auto late = m_hub->subscribe(event.summary.id, std::nullopt, std::nullopt);
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error().code, ErrorCode::Unavailable);
}

TEST_P(LiveTest, AnUnknownEventIsNotFound) {
    startHub();
    auto subscription = m_hub->subscribe(987'654, std::nullopt, std::nullopt);
    ASSERT_FALSE(subscription);
    EXPECT_EQ(subscription.error().code, ErrorCode::NotFound);
    EXPECT_EQ(m_hub->subscriptionCount(), 0u);
}

TEST_P(LiveTest, ManySubscribersShareOneBatch) {
    const Event event = createEvent();
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");
    startHub();
    std::vector<std::unique_ptr<LiveSubscription>> subscriptions;
    for (int i = 0; i < 200; ++i) {
        subscriptions.push_back(subscribe(eventId));
        ASSERT_TRUE(subscriptions.back());
    }
    EXPECT_EQ(m_hub->subscriptionCount(), 200u);
    ASSERT_TRUE(holdSeats(ana, eventId, {seats[7]}));
    for (auto& subscription : subscriptions) {
        const auto got = collectUntil(
            *subscription, [](const Collected& c) { return viewOf(c.events).seatEvents; });
        EXPECT_EQ(viewOf(got.events).seats[seats[7]], "held");
    }
    subscriptions.clear();
    EXPECT_EQ(m_hub->subscriptionCount(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Stores, LiveTest, ::testing::ValuesIn(allBackends()), BackendParamName{});

// --- PostgreSQL: ids visible out of order, and a second instance ------------------------------

class PostgresLiveTest : public LiveTest {
protected:
    void SetUp() override { open(Backend::Postgres); }

    // A transaction of its own that has written a change and not committed yet: its id is
    // taken, its row invisible to everyone else.
    struct OpenChange {
        std::unique_ptr<pqxx::connection> connection;
        std::unique_ptr<pqxx::work> tx;
        Id id = 0;
    };
    OpenChange writeUncommitted(Id eventId, Id seatId, Id sectionId) {
        OpenChange open;
        open.connection = std::make_unique<pqxx::connection>(m_database->url());
        open.tx = std::make_unique<pqxx::work>(*open.connection);
        SeatsChangeBuilder builder(SeatState::Held);
        builder.addPlace(eventId, seatId, sectionId, true);
        open.id = open.tx
                      ->exec_params1("INSERT INTO event_changes (event_id, kind, payload, "
                                     "created_at) VALUES ($1, 'seats', $2, 0) RETURNING id",
                                     eventId, builder.build().front().payload)[0]
                      .as<Id>();
        return open;
    }
};

TEST_F(PostgresLiveTest, ALaterIdWaitsForAnEarlierOneStillCommitting) {
    const Event event = createEvent();
    const Id eventId = event.summary.id, plateia = event.sections[0].id;
    const auto seats = seatIds(eventId);
    LiveSettings settings = fastSettings();
    settings.gapGrace = 5s; // far beyond the test's own pauses, however slow the machine
    startHub(settings);
    auto subscription = subscribe(eventId);
    ASSERT_TRUE(subscription);
    subscription->next(SteadyClock::now());

    // Id n is taken first but commits last; n+1 commits at once.
    auto early = writeUncommitted(eventId, seats[0], plateia);
    auto late = writeUncommitted(eventId, seats[1], plateia);
    ASSERT_EQ(late.id, early.id + 1);
    late.tx->commit();
    // n+1 is visible, but the hub must not pass n: nothing is delivered meanwhile.
    std::this_thread::sleep_for(400ms);
    EXPECT_TRUE(subscription->next(SteadyClock::now()).events.empty());
    EXPECT_EQ(m_hub->cursor(), early.id - 1);
    early.tx->commit();
    auto got = collectUntil(*subscription,
                            [&](const Collected& c) { return viewOf(c.events).seats.size() == 2; });
    EXPECT_EQ(viewOf(got.events).seats,
              (std::map<Id, std::string>{{seats[0], "held"}, {seats[1], "held"}}));
    EXPECT_EQ(viewOf(got.events).resets, 0);
    ASSERT_TRUE(got.lastId);
    EXPECT_EQ(*got.lastId, late.id);
}

TEST_F(PostgresLiveTest, AnIdThatNeverCommitsIsPassedAfterTheGrace) {
    const Event event = createEvent();
    const Id eventId = event.summary.id, plateia = event.sections[0].id;
    const auto seats = seatIds(eventId);
    startHub();
    auto subscription = subscribe(eventId);
    ASSERT_TRUE(subscription);
    subscription->next(SteadyClock::now());

    auto rolledBack = writeUncommitted(eventId, seats[0], plateia); // grace: 800 ms
    auto committed = writeUncommitted(eventId, seats[1], plateia);
    const auto start = SteadyClock::now();
    committed.tx->commit();
    rolledBack.tx->abort();
    auto got = collectUntil(*subscription,
                            [&](const Collected& c) { return viewOf(c.events).seatEvents; });
    const auto waited = SteadyClock::now() - start;
    EXPECT_EQ(viewOf(got.events).seats, (std::map<Id, std::string>{{seats[1], "held"}}));
    EXPECT_GE(waited, 700ms) << "delivered before the grace ran out";
    EXPECT_LT(waited, 3s);
    EXPECT_EQ(m_hub->cursor(), committed.id);
}

TEST_F(PostgresLiveTest, AnIdThatCommitsAfterTheGraceResetsItsSubscribers) {
    const Event event = createEvent();
    const Id eventId = event.summary.id, plateia = event.sections[0].id;
    const auto seats = seatIds(eventId);
    startHub();
    auto subscription = subscribe(eventId);
    ASSERT_TRUE(subscription);
    subscription->next(SteadyClock::now());

    auto straggler = writeUncommitted(eventId, seats[0], plateia);
    auto committed = writeUncommitted(eventId, seats[1], plateia);
    committed.tx->commit();
    auto passed = collectUntil(*subscription,
                               [&](const Collected& c) { return viewOf(c.events).seatEvents; });
    EXPECT_EQ(viewOf(passed.events).seats, (std::map<Id, std::string>{{seats[1], "held"}}));
    // Too late to go out in order: the subscribers are told to reload instead.
    straggler.tx->commit();
    auto reset = collectUntil(*subscription,
                              [&](const Collected& c) { return viewOf(c.events).resets > 0; });
    EXPECT_EQ(viewOf(reset.events).resets, 1);
    ASSERT_FALSE(reset.events.empty());
    EXPECT_EQ(reset.events.front()->name, "reset");
    EXPECT_EQ(json::parse(reset.events.front()->data)["reason"], "missed_changes");
}

TEST_F(PostgresLiveTest, AnotherInstancesChangesArriveThroughNotify) {
    const Event event = createEvent();
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");
    // Polling every 30 s: only a notification can bring the change within seconds.
    LiveSettings settings = fastSettings();
    settings.pollInterval = 30s;
    startHub(settings);
    auto subscription = subscribe(eventId);
    ASSERT_TRUE(subscription);
    subscription->next(SteadyClock::now());

    // A second "instance": a store, a change source and a hub of its own on the same database.
    auto otherStore = openStore();
    ASSERT_TRUE(otherStore);
    auto otherSource = otherStore->openChangeSource();
    ASSERT_TRUE(otherSource);
    LiveHub otherHub(**otherSource, *otherStore, m_clock, settings);
    ASSERT_TRUE(otherHub.start());
    HoldService otherHolds(*otherStore, m_clock);
    // Let both hubs' LISTEN connections settle.
    std::this_thread::sleep_for(300ms);

    HoldRequest request;
    request.seatIds = {seats[2]};
    const auto start = SteadyClock::now();
    ASSERT_TRUE(otherHolds.create(ana, eventId, request));
    auto got = collectUntil(
        *subscription, [](const Collected& c) { return viewOf(c.events).seatEvents; }, 10s);
    EXPECT_EQ(viewOf(got.events).seats, (std::map<Id, std::string>{{seats[2], "held"}}));
    EXPECT_LT(SteadyClock::now() - start, 5s);
    otherHub.stop();
}

} // namespace
} // namespace bilheteria::testing
