// shared/seatmapformat: the compact seat map both clients decode. Packing round-trips, a layout
// built from seats gives them back with their states, a seat id finds its index, and malformed
// wire forms are refused naming the field instead of being trusted.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "shared/seatmapformat.h"

namespace bilheteria {
namespace {

using nlohmann::json;

SeatLayout sampleLayout() {
    SeatLayoutBuilder builder(7, "BRL", {{1, "Plateia", SectionKind::Seated, 100, 5}});
    // Row A: seats 10..12 numbered 1..3, then 20 numbered 5 (a gap); row B: 21..21.
    builder.addSeat({10, 1, "A", 1, SeatState::Free});
    builder.addSeat({11, 1, "A", 2, SeatState::Free});
    builder.addSeat({12, 1, "A", 3, SeatState::Free});
    builder.addSeat({20, 1, "A", 5, SeatState::Free});
    builder.addSeat({21, 1, "B", 1, SeatState::Free});
    return std::move(builder).finish();
}

TEST(SeatMapFormat, PackingRoundTrips) {
    const std::vector<SeatState> states = {SeatState::Free, SeatState::Held, SeatState::Sold,
                                           SeatState::Free, SeatState::Sold};
    const std::string packed = packSeatStates(states);
    ASSERT_EQ(packed.size(), 2u);
    for (std::size_t i = 0; i < states.size(); ++i)
        EXPECT_EQ(packedSeatState(packed, i), states[i]) << i;
}

TEST(SeatMapFormat, LayoutAndStatesGiveTheSeatsBack) {
    const SeatLayout layout = sampleLayout();
    EXPECT_EQ(layout.seatCount, 5);
    ASSERT_EQ(layout.rows.size(), 2u);
    EXPECT_EQ(layout.rows[0].runs.size(), 2u);
    auto parsed = parseSeatLayout(json{{"layout", toJson(layout)}});
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(*parsed, layout);
    EXPECT_EQ(layoutVersionOf(*parsed), layout.version);

    PackedSeatStates states{7, layout.version, 42, 5,
                            packSeatStates({SeatState::Free, SeatState::Held, SeatState::Free,
                                            SeatState::Sold, SeatState::Free})};
    auto wire = parsePackedSeatStates(json{{"states", toJson(states)}});
    ASSERT_TRUE(wire) << wire.error().message;
    EXPECT_EQ(*wire, states);
    auto seats = seatsOf(layout, states);
    ASSERT_TRUE(seats);
    ASSERT_EQ(seats->size(), 5u);
    EXPECT_EQ((*seats)[3].id, 20);
    EXPECT_EQ((*seats)[3].number, 5);
    EXPECT_EQ((*seats)[3].state, SeatState::Sold);
    EXPECT_EQ((*seats)[4].row, "B");

    EXPECT_EQ(layoutSeatIndex(layout, 10), 0u);
    EXPECT_EQ(layoutSeatIndex(layout, 20), 3u);
    EXPECT_EQ(layoutSeatIndex(layout, 21), 4u);
    EXPECT_FALSE(layoutSeatIndex(layout, 15));
    EXPECT_FALSE(layoutSeatIndex(layout, 9));
    EXPECT_FALSE(layoutSeatIndex(layout, 22));

    SeatStateChanges changes{
        7,  layout.version, 42,
        50, std::nullopt,   {{SeatState::Free, {11}}, {SeatState::Held, {21, 999}}}};
    ASSERT_TRUE(applySeatStateChanges(layout, states, changes));
    EXPECT_EQ(states.position, 50);
    EXPECT_EQ(packedSeatState(states.packed, 1), SeatState::Free);
    EXPECT_EQ(packedSeatState(states.packed, 4), SeatState::Held);
    EXPECT_EQ(packedSeatState(states.packed, 3), SeatState::Sold);
    // Not from the states' position, or a reset: refused.
    EXPECT_FALSE(applySeatStateChanges(layout, states, changes));
    changes.since = 50;
    changes.reset = "pruned";
    EXPECT_FALSE(applySeatStateChanges(layout, states, changes));
}

TEST(SeatMapFormat, MalformedWireFormsAreRefused) {
    const SeatLayout layout = sampleLayout();
    json bad = {{"layout", toJson(layout)}};
    bad["layout"]["seat_count"] = 6;
    EXPECT_EQ(parseSeatLayout(bad).error().details["field"], "layout.seat_count");
    bad = {{"layout", toJson(layout)}};
    bad["layout"]["rows"][1]["runs"][0][0] = 11; // goes back
    EXPECT_EQ(parseSeatLayout(bad).error().details["field"], "layout.rows.runs");
    EXPECT_FALSE(parseSeatLayout(json{{"layout", 3}}));
    EXPECT_FALSE(parseSeatLayout(json::array()));

    PackedSeatStates states{7, layout.version, 1, 5,
                            packSeatStates(std::vector<SeatState>(5, SeatState::Free))};
    json wire = {{"states", toJson(states)}};
    EXPECT_TRUE(parsePackedSeatStates(wire));
    wire["states"]["seat_count"] = 9; // needs 3 bytes, has 2
    EXPECT_FALSE(parsePackedSeatStates(wire));
    wire = {{"states", toJson(states)}};
    wire["states"]["states"] = "not base64!";
    EXPECT_FALSE(parsePackedSeatStates(wire));
    wire = {{"states", toJson(states)}};
    wire["states"]["encoding"] = "8bit";
    EXPECT_EQ(parsePackedSeatStates(wire).error().details["field"], "states.encoding");
    EXPECT_FALSE(parseSeatStateChanges(json{{"changes", {{"event_id", 1}}}}));
}

} // namespace
} // namespace bilheteria
