// ChangeStore over both backends: the change outbox each transition writes (exactly its rows,
// in its transaction; one per event for an expiry sweep), the store's ChangeSource (order,
// limits, one event's replay, waking on commits, interrupt), pruning and its horizon, and the
// sections' availability. On PostgreSQL, another instance's changes arriving through NOTIFY.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <future>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/livefixture.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using namespace std::chrono_literals;

class ChangeStoreTest : public LiveTest {};
class PostgresChangeStoreTest : public PostgresLiveTest {};

// --- the outbox ----------------------------------------------------------------------------------

TEST_P(ChangeStoreTest, EachTransitionWritesExactlyItsChanges) {
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

TEST_P(ChangeStoreTest, ExpiryWritesWhatItFreesOncePerEvent) {
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

// --- the change source, pruning, availability ----------------------------------------------------

TEST_P(ChangeStoreTest, TheSourceReadsInOrderReplaysOneEventAndWakesOnCommits) {
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

TEST_P(ChangeStoreTest, PruningDeletesOldChangesAndMovesTheHorizon) {
    const Event event = createEvent();
    const auto seats = seatIds(event.summary.id);
    const User ana = buyer("ana");
    ASSERT_TRUE(holdSeats(ana, event.summary.id, {seats[0]}));
    ASSERT_TRUE(holdSeats(ana, event.summary.id, {seats[1]}));
    m_clock.advance(3600s);
    ASSERT_TRUE(holdSeats(ana, event.summary.id, {seats[2]}));
    auto all = m_source->changesAfter(0, 100);
    ASSERT_TRUE(all && all->size() == 3u);

    auto pruned = m_storage->changes().pruneChanges(kNow + 1800s);
    ASSERT_TRUE(pruned) << why(pruned);
    EXPECT_EQ(*pruned, 2);
    auto left = m_source->changesAfter(0, 100);
    ASSERT_TRUE(left && left->size() == 1u);
    EXPECT_EQ((*left)[0].id, (*all)[2].id);
    auto replay = m_source->replay(event.summary.id, 0, (*all)[2].id, 100);
    ASSERT_TRUE(replay);
    EXPECT_EQ(replay->prunedThrough, (*all)[1].id);
    EXPECT_EQ(*m_storage->changes().pruneChanges(kNow + 1800s), 0); // nothing twice

    // However much is pruned (SQLite keeps the newest row, whose id it would hand out again),
    // ids go on above the last one.
    auto last = m_storage->changes().pruneChanges(kNow + 7200s);
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

TEST_P(ChangeStoreTest, SectionAvailabilityMatchesTheEvent) {
    const Event event = createEvent(60);
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");
    auto hold = holdSeats(ana, eventId, {seats[0], seats[1]});
    ASSERT_TRUE(hold);
    ASSERT_TRUE(buy(ana, hold->id, "k"));
    ASSERT_TRUE(holdSeats(ana, eventId, {seats[2]}));
    ASSERT_TRUE(holdGeneral(ana, eventId, event.sections[1].id, 4));

    auto available = m_storage->changes().sectionAvailability(
        eventId, {event.sections[1].id, event.sections[0].id, 987'654}, m_clock.now());
    ASSERT_TRUE(available) << why(available);
    ASSERT_EQ(available->size(), 2u);
    EXPECT_EQ((*available)[0].sectionId, event.sections[0].id);
    EXPECT_EQ((*available)[0].available, 7);
    EXPECT_EQ((*available)[1].sectionId, event.sections[1].id);
    EXPECT_EQ((*available)[1].available, 6);
    // Lapsed holds count as free at once, sweeper or not.
    m_clock.advance(60s);
    available =
        m_storage->changes().sectionAvailability(eventId, {event.sections[0].id}, m_clock.now());
    ASSERT_TRUE(available && available->size() == 1u);
    EXPECT_EQ((*available)[0].available, 8);
    // Sections of another event are not this event's.
    const Event other = createEvent();
    available =
        m_storage->changes().sectionAvailability(eventId, {other.sections[0].id}, m_clock.now());
    ASSERT_TRUE(available);
    EXPECT_TRUE(available->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, ChangeStoreTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

// --- PostgreSQL: a second instance ---------------------------------------------------------------

TEST_F(PostgresChangeStoreTest, AnotherInstancesChangesArriveThroughNotify) {
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
    auto otherSource = otherStore->changes().openChangeSource();
    ASSERT_TRUE(otherSource);
    LiveHub otherHub(**otherSource, otherStore->events(), otherStore->changes(),
                     otherStore->accounts(), m_clock, settings);
    ASSERT_TRUE(otherHub.start());
    HoldService otherHolds(otherStore->holds(), otherStore->events(), otherStore->waitingRoom(),
                           m_clock);
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
