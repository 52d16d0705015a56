// The compact seat map over both backends: EventStore::seatStates (the states in seat-id order,
// a lapsed hold's seats free, the change-feed position they are as of, an unknown event) and
// SeatMapService over the store's change source — the layout, the shared states read, and the
// changes since a position that bring an old packed array to exactly what a fresh read gives,
// or a reset once the outbox is pruned. On PostgreSQL, a change id taken by a transaction still
// in flight holds the position back.
#include <chrono>
#include <vector>

#include <gtest/gtest.h>

#include "server/core/seatmap.h"
#include "tests/support/livefixture.h"
#include "tests/support/testdatabase.h"

namespace bilheteria::testing {
namespace {

using namespace std::chrono_literals;

class SeatStatesTest : public LiveTest {
protected:
    SeatStateSnapshot read(Id eventId) {
        auto snapshot = m_storage->events().seatStates(eventId, m_clock.now());
        EXPECT_TRUE(snapshot) << why(snapshot);
        return snapshot ? *snapshot : SeatStateSnapshot{};
    }
    Id latest() {
        auto id = m_source->latestChangeId();
        EXPECT_TRUE(id) << why(id);
        return id ? *id : 0;
    }
    SeatMapService service(SeatMapSettings settings = {}) {
        settings.statesMaxAge = 0ms; // every call reads: the tests look at each step
        return SeatMapService(
            m_storage->events(), *m_source, [this] { return latest(); }, m_clock, settings);
    }
};
class PostgresSeatStatesTest : public PostgresLiveTest {};

TEST_P(SeatStatesTest, StatesInSeatIdOrderWithTheirPosition) {
    const Event event = createEvent(60);
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId); // the 10 numbered seats; Pista has none
    const User ana = buyer("ana"), bia = buyer("bia");

    auto fresh = read(eventId);
    EXPECT_EQ(fresh.states, std::vector<SeatState>(10, SeatState::Free));
    EXPECT_EQ(fresh.position, latest());

    ASSERT_TRUE(holdSeats(ana, eventId, {seats[1], seats[3]}));
    auto sold = holdSeats(bia, eventId, {seats[9]});
    ASSERT_TRUE(sold);
    ASSERT_TRUE(buy(bia, sold->id, "sold"));
    ASSERT_TRUE(holdGeneral(bia, eventId, event.sections[1].id, 4)); // no numbered seat moves

    auto now = read(eventId);
    std::vector<SeatState> expected(10, SeatState::Free);
    expected[1] = expected[3] = SeatState::Held;
    expected[9] = SeatState::Sold;
    EXPECT_EQ(now.states, expected);
    EXPECT_EQ(now.position, latest());
    EXPECT_GT(now.position, fresh.position);

    // Ana's hold lapses: its seats read free before any sweep writes a change.
    m_clock.advance(61s);
    expected[1] = expected[3] = SeatState::Free;
    EXPECT_EQ(read(eventId).states, expected);

    auto unknown = m_storage->events().seatStates(eventId + 1000, m_clock.now());
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ErrorCode::NotFound);
}

TEST_P(SeatStatesTest, ChangesSinceBringOldStatesToAFreshRead) {
    const Event event = createEvent(60);
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana"), bia = buyer("bia");
    auto maps = service();

    auto layout = maps.layout(eventId);
    ASSERT_TRUE(layout) << why(layout);
    EXPECT_EQ((*layout)->seatCount, 10);
    EXPECT_EQ((*layout)->rows.size(), 2u);
    EXPECT_EQ((*layout)->version.size(), 32u);
    auto first = maps.states(eventId);
    ASSERT_TRUE(first) << why(first);
    PackedSeatStates old = **first;

    // Nothing since: no seats, the same position.
    auto none = maps.changesSince(eventId, old.position);
    ASSERT_TRUE(none) << why(none);
    EXPECT_FALSE(none->reset);
    EXPECT_TRUE(none->seats.empty());
    EXPECT_EQ(none->position, old.position);

    auto held = holdSeats(ana, eventId, {seats[0], seats[5]});
    ASSERT_TRUE(held);
    ASSERT_TRUE(buy(ana, held->id, "ana")); // held, then sold: named once, as sold
    ASSERT_TRUE(holdSeats(bia, eventId, {seats[2]}));
    auto released = holdSeats(bia, eventId, {seats[7]});
    ASSERT_TRUE(released);
    ASSERT_TRUE(m_holds->release(bia, released->id));

    auto changes = maps.changesSince(eventId, old.position);
    ASSERT_TRUE(changes) << why(changes);
    EXPECT_FALSE(changes->reset);
    EXPECT_EQ(changes->layoutVersion, (*layout)->version);
    EXPECT_EQ(changes->position, latest());
    const std::vector<std::pair<SeatState, std::vector<Id>>> expected = {
        {SeatState::Free, {seats[7]}},
        {SeatState::Held, {seats[2]}},
        {SeatState::Sold, {seats[0], seats[5]}}};
    EXPECT_EQ(changes->seats, expected);

    // Applied to the old array, they give what a fresh read gives, at the same position.
    ASSERT_TRUE(applySeatStateChanges(**layout, old, *changes));
    auto fresh = maps.states(eventId);
    ASSERT_TRUE(fresh);
    EXPECT_EQ(old.packed, (*fresh)->packed);
    EXPECT_EQ(old.position, (*fresh)->position);
    // ...and through the wire form.
    auto parsed = parseSeatStateChanges(nlohmann::json{{"changes", toJson(*changes)}});
    ASSERT_TRUE(parsed) << why(parsed);
    EXPECT_EQ(*parsed, *changes);

    // Changes of other events are not this one's.
    const Event other = createEvent(60);
    ASSERT_TRUE(holdSeats(ana, other.summary.id, {seatIds(other.summary.id)[0]}));
    auto after = maps.changesSince(eventId, old.position);
    ASSERT_TRUE(after);
    EXPECT_TRUE(after->seats.empty());
    EXPECT_EQ(after->position, latest());

    auto unknown = maps.changesSince(eventId + 1000, 0);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ErrorCode::NotFound);
}

TEST_P(SeatStatesTest, ChangesSinceTooOldAreAReset) {
    const Event event = createEvent(60);
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");
    SeatMapSettings settings;
    settings.maxChanges = 2;
    auto maps = service(settings);
    const Id start = latest();

    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(holdSeats(ana, eventId, {seats[static_cast<std::size_t>(i)]}));
    auto tooMany = maps.changesSince(eventId, start);
    ASSERT_TRUE(tooMany) << why(tooMany);
    EXPECT_EQ(tooMany->reset, "too_far_behind");
    EXPECT_TRUE(tooMany->seats.empty());

    auto unknownId = maps.changesSince(eventId, latest() + 1'000'000);
    ASSERT_TRUE(unknownId);
    EXPECT_EQ(unknownId->reset, "unknown_id");

    // The outbox pruned past the position: the changes cannot be given.
    m_clock.advance(10min);
    ASSERT_TRUE(holdSeats(ana, eventId, {seats[4]}));
    const Id beforeLast = latest() - 1;
    ASSERT_TRUE(m_storage->changes().pruneChanges(m_clock.now() - 1min));
    auto pruned = maps.changesSince(eventId, start);
    ASSERT_TRUE(pruned) << why(pruned);
    EXPECT_EQ(pruned->reset, "pruned");
    auto recent = maps.changesSince(eventId, beforeLast);
    ASSERT_TRUE(recent) << why(recent);
    EXPECT_FALSE(recent->reset);
    ASSERT_EQ(recent->seats.size(), 1u);
    EXPECT_EQ(recent->seats[0].second, (std::vector<Id>{seats[4]}));
}

// A change id taken by a transaction that has not committed: the snapshot's position stops
// before it, so that the changes since that position will include it once it commits.
TEST_F(PostgresSeatStatesTest, PositionStopsBeforeAnIdInFlight) {
    const Event event = createEvent(60);
    const Id eventId = event.summary.id;
    const auto seats = seatIds(eventId);
    const User ana = buyer("ana");
    ASSERT_TRUE(holdSeats(ana, eventId, {seats[0]}));
    const Id before = *m_source->latestChangeId();

    auto open = writeUncommitted(eventId, seats[1], event.sections[0].id);
    ASSERT_TRUE(holdSeats(ana, eventId, {seats[2]})); // a later id, committed
    auto snapshot = m_storage->events().seatStates(eventId, m_clock.now());
    ASSERT_TRUE(snapshot) << why(snapshot);
    EXPECT_EQ(snapshot->position, before);
    EXPECT_EQ(snapshot->states[2], SeatState::Held); // later changes may be in already

    open.tx->commit();
    snapshot = m_storage->events().seatStates(eventId, m_clock.now());
    ASSERT_TRUE(snapshot);
    EXPECT_EQ(snapshot->position, *m_source->latestChangeId());
}

INSTANTIATE_TEST_SUITE_P(Backends, SeatStatesTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
