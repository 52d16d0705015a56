#include "tests/support/livefixture.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "tests/support/builders.h"
#include "tests/support/rawdatabase.h"
#include "tests/support/testkeys.h"

namespace bilheteria::testing {

using namespace std::chrono_literals;
using nlohmann::json;

LiveSettings fastSettings() {
    LiveSettings settings;
    settings.batchInterval = 100ms;
    settings.pollInterval = 100ms;
    settings.gapGrace = 800ms;
    return settings;
}

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

Collected collectUntil(LiveSubscription& subscription,
                       const std::function<bool(const Collected&)>& done,
                       std::chrono::milliseconds timeout) {
    Collected collected;
    const auto deadline = SteadyClock::now() + timeout;
    while (!done(collected) && SteadyClock::now() < deadline) {
        auto delivery = subscription.next(std::min(deadline, SteadyClock::now() + 100ms));
        // An ending delivery may carry a last event (session_ended).
        collected.events.insert(collected.events.end(), delivery.events.begin(),
                                delivery.events.end());
        if (delivery.lastId) collected.lastId = delivery.lastId;
        if (delivery.ended) {
            collected.ended = true;
            break;
        }
    }
    return collected;
}

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

void LiveTest::open(Backend backend) {
    m_backend = backend;
    m_database = std::make_unique<TestDatabase>(backend);
    m_storage = openStore();
    ASSERT_TRUE(m_storage);
    auto key = m_storage->serverSecret("purchase-request-hash");
    auto cardKey = m_storage->serverSecret("card-fingerprint");
    ASSERT_TRUE(key && cardKey);
    m_gateways.add(m_card);
    m_gateways.add(m_cash);
    m_holds = std::make_unique<HoldService>(m_storage->holds(), m_storage->events(),
                                            m_storage->waitingRoom(), m_clock);
    m_sales = std::make_unique<SalesService>(salesStores(*m_storage), m_clock, m_gateways, *key,
                                             *cardKey);
    auto organizer = m_storage->accounts().createUser(
        NewUser{"organizer@example.com", "Olga", Role::Organizer, kPasswordHash});
    ASSERT_TRUE(organizer) << why(organizer);
    m_organizer = *organizer;
    auto source = m_storage->changes().openChangeSource();
    ASSERT_TRUE(source) << why(source);
    m_source = std::move(*source);
}

void LiveTest::TearDown() {
    m_hub.reset();
    m_source.reset();
    m_sales.reset();
    m_holds.reset();
    m_storage.reset();
    m_database.reset();
}

std::unique_ptr<Storage> LiveTest::openStore() {
    StorageOptions options;
    options.url = m_database->url();
    options.poolSize = 8;
    options.cipher = testCipher();
    auto opened = openStorage(options);
    EXPECT_TRUE(opened) << why(opened);
    return opened ? std::move(*opened) : nullptr;
}

User LiveTest::buyer(const std::string& name, Role role) {
    auto user =
        m_storage->accounts().createUser(NewUser{name + "@example.com", name, role, kPasswordHash});
    EXPECT_TRUE(user) << why(user);
    return user.value_or(User{});
}

Event LiveTest::createEvent(int holdSeconds) {
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
    event.sections = {seated("Plateia", 10'000, {{"A", 5}, {"B", 5}}), general("Pista", 5'000, 10)};
    event.createdBy = m_organizer.id;
    event.createdAt = kNow;
    auto created = m_storage->events().createEvent(event);
    EXPECT_TRUE(created) << why(created);
    return created.value_or(Event{});
}

std::vector<Id> LiveTest::seatIds(Id eventId) {
    std::vector<Id> ids;
    EXPECT_TRUE(m_storage->events().forEachSeat(eventId, m_clock.now(),
                                                [&](const Seat& seat) { ids.push_back(seat.id); }));
    return ids;
}

Result<Hold> LiveTest::holdSeats(const User& who, Id eventId, std::vector<Id> seats) {
    HoldRequest request;
    request.seatIds = std::move(seats);
    return m_holds->create(who, eventId, request);
}

Result<Hold> LiveTest::holdGeneral(const User& who, Id eventId, Id sectionId,
                                   std::int64_t quantity) {
    HoldRequest request;
    request.sectionId = sectionId;
    request.quantity = quantity;
    return m_holds->create(who, eventId, request);
}

Result<PurchaseResult> LiveTest::buy(const User& who, Id holdId, const std::string& key,
                                     const std::string& card) {
    return m_sales->purchase(who, holdId, key,
                             PaymentRequest{CardPayment{card, 12, 2030, "123", who.name}});
}

std::vector<Seen> LiveTest::newChanges() {
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

LiveHub& LiveTest::startHub(LiveSettings settings) {
    m_hub = std::make_unique<LiveHub>(*m_source, m_storage->events(), m_storage->changes(),
                                      m_storage->accounts(), m_clock, settings);
    m_hub->setErrorHandler([](const Error& error) { ADD_FAILURE() << error.message; });
    auto started = m_hub->start();
    EXPECT_TRUE(started) << why(started);
    return *m_hub;
}

void LiveTest::waitForHub() {
    auto latest = m_source->latestChangeId();
    ASSERT_TRUE(latest) << why(latest);
    const auto deadline = SteadyClock::now() + 10s;
    while (m_hub->cursor() < *latest && SteadyClock::now() < deadline)
        std::this_thread::sleep_for(10ms);
    ASSERT_GE(m_hub->cursor(), *latest);
}

std::unique_ptr<LiveSubscription> LiveTest::subscribe(Id eventId, std::optional<Id> customer,
                                                      std::optional<Id> lastEventId,
                                                      std::optional<std::string> sessionKey) {
    auto subscription = m_hub->subscribe(eventId, customer, lastEventId, std::move(sessionKey));
    EXPECT_TRUE(subscription) << why(subscription);
    return subscription ? std::move(*subscription) : nullptr;
}

void LiveTest::rawExec(const std::string& sql) {
    RawDatabase(m_backend, m_database->url()).exec(sql);
}

PostgresLiveTest::OpenChange PostgresLiveTest::writeUncommitted(Id eventId, Id seatId,
                                                                Id sectionId) {
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

} // namespace bilheteria::testing
