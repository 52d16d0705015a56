// The LiveHub (core/livehub.h) over each store's change source: a subscription's first
// availability and then each change, batches carrying each seat's latest state and fewer of
// them for a crowded event, private events for their customer only, replays after a reconnect
// exactly once, resets when a replay is too long or pruned, stopping, unknown events and many
// subscribers. On PostgreSQL, change ids that become visible out of order: a later id waits for
// an earlier one still committing, is passed after the grace, and a straggler resets.
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "shared/crypto/crypto.h"
#include "tests/support/livefixture.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class LiveHubTest : public LiveTest {
protected:
    std::string session(const User& user, const std::string& token,
                        std::chrono::seconds lifetime = std::chrono::hours{1});
    std::string endReason(LiveSubscription& subscription, std::chrono::milliseconds timeout);
};
class PostgresLiveHubTest : public PostgresLiveTest {};

// --- subscriptions and batches -------------------------------------------------------------------

TEST_P(LiveHubTest, ASubscriptionStartsWithAvailabilityThenGetsEachChange) {
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

TEST_P(LiveHubTest, ABatchCarriesEachSeatsLatestState) {
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

TEST_P(LiveHubTest, AnEventWithManySubscribersGetsFewerBatches) {
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

TEST_P(LiveHubTest, PrivateEventsReachOnlyTheirCustomer) {
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

// Private events of many customers in one batch (an opening's draw writes one per early
// joiner at once): each subscriber gets its own, all of them, in the order they were written.
TEST_P(LiveHubTest, ABatchOfManyCustomersPrivateEventsGivesEachItsOwnInOrder) {
    const Event event = createEvent();
    const Id eventId = event.summary.id;
    const User ana = buyer("ana"), bia = buyer("bia"), caio = buyer("caio");
    startHub();
    auto anas = subscribe(eventId, ana.id);
    auto bias = subscribe(eventId, bia.id);
    ASSERT_TRUE(anas && bias);

    const std::vector<QueueChange> written{{bia.id, 9, false},  {ana.id, 4, false},
                                           {caio.id, 1, false}, {ana.id, 2, false},
                                           {bia.id, 3, false},  {ana.id, 2, true}};
    std::string values;
    for (const QueueChange& change : written)
        values += (values.empty() ? "(" : ", (") + std::to_string(eventId) + ", 'queue', '" +
                  queueChange(eventId, change).payload + "', 0)";
    rawExec("INSERT INTO event_changes (event_id, kind, payload, created_at) VALUES " + values);

    const auto queueOf = [&](LiveSubscription& subscription, std::size_t count) {
        return viewOf(collectUntil(subscription,
                                   [&](const Collected& c) {
                                       return viewOf(c.events).queue.size() >= count;
                                   })
                          .events)
            .queue;
    };
    EXPECT_EQ(queueOf(*anas, 3), (std::vector<json>{json({{"position", 4}, {"admitted", false}}),
                                                    json({{"position", 2}, {"admitted", false}}),
                                                    json({{"position", 2}, {"admitted", true}})}));
    EXPECT_EQ(queueOf(*bias, 2), (std::vector<json>{json({{"position", 9}, {"admitted", false}}),
                                                    json({{"position", 3}, {"admitted", false}})}));
    // Nothing more comes for either (Caio's is his alone).
    EXPECT_TRUE(anas->next(SteadyClock::now() + 300ms).events.empty());
    EXPECT_TRUE(bias->next(SteadyClock::now() + 300ms).events.empty());
}

// --- replays and resets --------------------------------------------------------------------------

TEST_P(LiveHubTest, AReconnectReplaysWhatCameAfterItsLastIdExactlyOnce) {
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

TEST_P(LiveHubTest, AClientAheadOfAnIdleReaderGetsNothingTwice) {
    const Event event = createEvent();
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");
    LiveSettings settings = fastSettings();
    settings.pollInterval = 30s; // with nobody subscribed, the reader reads this seldom
    startHub(settings);
    auto hold = holdSeats(ana, eventId, {seats[0]});
    ASSERT_TRUE(hold);
    // The reader's first read follows the hold's commit; once it is done the reader idles for
    // the poll interval, so the purchase below stays unread. (Waiting a fixed time instead
    // raced a slow reader, which then read the purchase too.)
    auto held = m_source->latestChangeId();
    ASSERT_TRUE(held);
    const auto readDeadline = SteadyClock::now() + 10s;
    while (m_hub->cursor() < *held && SteadyClock::now() < readDeadline)
        std::this_thread::sleep_for(10ms);
    ASSERT_GE(m_hub->cursor(), *held) << "the reader never read the hold";
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

TEST_P(LiveHubTest, AReconnectFromBeyondTheReplayGetsAReset) {
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
    ASSERT_TRUE(m_storage->changes().pruneChanges(m_clock.now() - 3600s));
    EXPECT_EQ(resetOf(2), "pruned");
    EXPECT_EQ(resetOf(m_hub->cursor()), ""); // nothing missed
}

// --- the hub's life ------------------------------------------------------------------------------

TEST_P(LiveHubTest, StoppingEndsEverySubscription) {
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

// --- sessions ------------------------------------------------------------------------------------

// A session of `user` in the store, expiring `lifetime` from now; its key.
std::string LiveHubTest::session(const User& user, const std::string& token,
                                 std::chrono::seconds lifetime) {
    const std::string key = crypto::sha256Hex(token);
    auto created = m_storage->accounts().createSession(
        SessionRecord{key, user.id, m_clock.now(), m_clock.now() + lifetime});
    EXPECT_TRUE(created) << why(created);
    return key;
}

// The reason of the session_ended event a subscription ends with ("" if it goes on or ends
// without one); what it got before is dropped.
std::string LiveHubTest::endReason(LiveSubscription& subscription,
                                   std::chrono::milliseconds timeout) {
    auto got = collectUntil(
        subscription, [](const Collected& c) { return c.ended; }, timeout);
    if (!got.ended || got.events.empty() || got.events.back()->name != "session_ended") return "";
    EXPECT_TRUE(subscription.next(SteadyClock::now()).ended) << "the end stays the end";
    return json::parse(got.events.back()->data).value("reason", "");
}

TEST_P(LiveHubTest, EndingASessionEndsItsSubscriptionsAtOnceAndNoOthers) {
    const Event event = createEvent();
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana"), bia = buyer("bia");
    const std::string anaKey = session(ana, "ana-token"), anaOther = session(ana, "ana-phone");
    const std::string biaKey = session(bia, "bia-token");
    LiveSettings settings = fastSettings();
    settings.sessionCheckInterval = 1h; // only endSession can end them
    startHub(settings);
    auto first = subscribe(eventId, ana.id, {}, anaKey);
    auto second = subscribe(eventId, ana.id, {}, anaKey);
    auto phone = subscribe(eventId, ana.id, {}, anaOther);
    auto other = subscribe(eventId, bia.id, {}, biaKey);
    auto anonymous = subscribe(eventId);
    ASSERT_TRUE(first && second && phone && other && anonymous);
    for (auto* subscription :
         {first.get(), second.get(), phone.get(), other.get(), anonymous.get()})
        ASSERT_FALSE(subscription->next(SteadyClock::now() + 5s).events.empty());

    m_hub->endSession(anaKey, SessionEnd::LoggedOut);
    EXPECT_EQ(endReason(*first, 1s), "logged_out");
    EXPECT_EQ(endReason(*second, 1s), "logged_out");

    // The others go on: ana's other session, bia's, the public one.
    ASSERT_TRUE(holdSeats(bia, eventId, {seats[0]}));
    for (auto* subscription : {phone.get(), other.get(), anonymous.get()}) {
        auto held = collectUntil(
            *subscription, [](const Collected& c) { return viewOf(c.events).seatEvents > 0; });
        EXPECT_FALSE(held.ended);
        EXPECT_EQ(viewOf(held.events).seats, (std::map<Id, std::string>{{seats[0], "held"}}));
    }
    first.reset();
    second.reset();
    m_hub->endSession(anaKey, SessionEnd::LoggedOut); // nobody left: nothing happens
    EXPECT_EQ(m_hub->subscriptionCount(), 3u);
}

TEST_P(LiveHubTest, TheReaderEndsSessionsLoggedOutElsewhereOrExpiredInTheStore) {
    const Event event = createEvent();
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana"), bia = buyer("bia"), caio = buyer("caio");
    const std::string anaKey = session(ana, "ana"), biaKey = session(bia, "bia");
    const std::string caioKey = session(caio, "caio");
    LiveSettings settings = fastSettings();
    settings.sessionCheckInterval = 100ms;
    startHub(settings);
    auto anas = subscribe(eventId, ana.id, {}, anaKey);
    auto bias = subscribe(eventId, bia.id, {}, biaKey);
    auto caios = subscribe(eventId, caio.id, {}, caioKey);
    ASSERT_TRUE(anas && bias && caios);

    // Another instance logs ana out; bia's session is cut short in the database.
    ASSERT_TRUE(openStore()->accounts().deleteSession(anaKey));
    rawExec("UPDATE sessions SET created_at = created_at - 7200, expires_at = created_at - 3600 "
            "WHERE token_hash = '" +
            biaKey + "'");
    EXPECT_EQ(endReason(*anas, 5s), "logged_out");
    EXPECT_EQ(endReason(*bias, 5s), "expired");

    ASSERT_TRUE(holdSeats(caio, eventId, {seats[1]}));
    auto held = collectUntil(
        *caios, [&](const Collected& c) { return viewOf(c.events).seats.contains(seats[1]); });
    EXPECT_FALSE(held.ended);
    EXPECT_EQ(viewOf(held.events).seats[seats[1]], "held");
}

TEST_P(LiveHubTest, ASessionsKnownExpiryEndsItsSubscriptionWithoutAskingTheStore) {
    const Event event = createEvent();
    const User ana = buyer("ana");
    const std::string key = session(ana, "ana", 1h);
    LiveSettings settings = fastSettings();
    settings.sessionCheckInterval = 1h; // the reader looks once, at once, then not again
    startHub(settings);
    auto subscription = subscribe(event.summary.id, ana.id, {}, key);
    ASSERT_TRUE(subscription);
    ASSERT_FALSE(subscription->next(SteadyClock::now() + 5s).events.empty());
    std::this_thread::sleep_for(1s); // the reader's first look
    m_clock.advance(1h);
    EXPECT_EQ(endReason(*subscription, 2s), "expired");
}

TEST_P(LiveHubTest, ARenewedSessionKeepsItsSubscriptionPastTheFirstExpiry) {
    const Event event = createEvent();
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");
    const std::string key = session(ana, "ana", 1h);
    LiveSettings settings = fastSettings();
    settings.sessionCheckInterval = 100ms;
    startHub(settings);
    auto subscription = subscribe(eventId, ana.id, {}, key);
    ASSERT_TRUE(subscription);
    ASSERT_FALSE(subscription->next(SteadyClock::now() + 5s).events.empty());

    // A request renews the session (here or on another instance); the reader's next look
    // learns the new expiry.
    auto renewed = m_storage->accounts().renewSession(key, m_clock.now(), m_clock.now() + 2h);
    ASSERT_TRUE(renewed) << why(renewed);
    ASSERT_TRUE(*renewed);
    std::this_thread::sleep_for(1s); // the reader's looks, every 100 ms
    m_clock.advance(1h + 1s);
    ASSERT_TRUE(holdSeats(ana, eventId, {seats[2]}));
    auto held = collectUntil(*subscription, [&](const Collected& c) {
        return viewOf(c.events).seats.contains(seats[2]);
    });
    EXPECT_FALSE(held.ended) << "not ended at the expiry the sign-in gave";
    EXPECT_EQ(viewOf(held.events).seats[seats[2]], "held");

    m_clock.advance(1h);
    EXPECT_EQ(endReason(*subscription, 2s), "expired");
}

TEST_P(LiveHubTest, AnUnknownEventIsNotFound) {
    startHub();
    auto subscription = m_hub->subscribe(987'654, std::nullopt, std::nullopt);
    ASSERT_FALSE(subscription);
    EXPECT_EQ(subscription.error().code, ErrorCode::NotFound);
    EXPECT_EQ(m_hub->subscriptionCount(), 0u);
}

TEST_P(LiveHubTest, ManySubscribersShareOneBatch) {
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

INSTANTIATE_TEST_SUITE_P(Backends, LiveHubTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

// --- PostgreSQL: ids visible out of order --------------------------------------------------------

TEST_F(PostgresLiveHubTest, ALaterIdWaitsForAnEarlierOneStillCommitting) {
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

TEST_F(PostgresLiveHubTest, AnIdThatNeverCommitsIsPassedAfterTheGrace) {
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

TEST_F(PostgresLiveHubTest, AnIdThatCommitsAfterTheGraceResetsItsSubscribers) {
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

} // namespace
} // namespace bilheteria::testing
