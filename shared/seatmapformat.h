// The compact seat map both sides use (GET /api/v1/events/{id}/layout and /seat-states, see
// docs/api.md): the static layout — sections with prices, rows in seat-id order, each a list of
// runs of consecutive seat ids and numbers — and the seats' states as a packed array, 2 bits a
// seat, in the same order, as of a position of the live stream. A 100,000-seat map is a few
// kilobytes of layout (fetched once per layout version and cacheable for ever) and 25 kB of
// states, against 7 MB of the seat-by-seat JSON.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria {

// Seats `firstSeatId` .. `firstSeatId + count - 1`, numbered `firstNumber` onwards.
struct LayoutRun {
    Id firstSeatId = 0;
    int firstNumber = 1;
    std::int64_t count = 0;
    bool operator==(const LayoutRun&) const = default;
};

struct LayoutRow {
    Id sectionId = 0;
    std::string label;
    std::vector<LayoutRun> runs;
    bool operator==(const LayoutRow&) const = default;
};

struct LayoutSection {
    Id id = 0;
    std::string name;
    SectionKind kind = SectionKind::Seated;
    Cents priceCents = 0;
    std::int64_t capacity = 0;
    bool operator==(const LayoutSection&) const = default;
};

// What never changes in an event's map. `version` is the SHA-256 (hex, 32 characters) of the
// rest's JSON: the layout's strong ETag and the last part of its immutable URL.
struct SeatLayout {
    Id eventId = 0;
    std::string version;
    std::string currency = "BRL";
    std::int64_t seatCount = 0;          // numbered seats: the states' length
    std::vector<LayoutSection> sections; // in the event's order
    std::vector<LayoutRow> rows;         // in seat-id order; a row's runs ascend too
    bool operator==(const SeatLayout&) const = default;
};

// Builds a layout from the event's numbered seats visited in seat-id order.
class SeatLayoutBuilder {
public:
    SeatLayoutBuilder(Id eventId, std::string currency, std::vector<LayoutSection> sections);
    void addSeat(const Seat& seat);
    // Fills in the seat count and the version.
    SeatLayout finish() &&;

private:
    SeatLayout m_layout;
};

// The states of the layout's seats, in its order, 2 bits each (free 0, held 1, sold 2; seat i in
// byte i / 4 from the low bits up), as of `position`: every change of the live stream up to it
// is in them (later ones may be too; they carry states, so applying them again is harmless).
struct PackedSeatStates {
    Id eventId = 0;
    std::string layoutVersion;
    Id position = 0;
    std::int64_t seatCount = 0;
    std::string packed; // (seatCount + 3) / 4 bytes
    bool operator==(const PackedSeatStates&) const = default;
};

// The seats that changed after `since`, each once in its latest state, grouped by state (free,
// held, sold; ids ascending), up to `position`. With `reset` set ("pruned", "too_far_behind",
// "unknown_id") the changes cannot be given: fetch the full states again.
struct SeatStateChanges {
    Id eventId = 0;
    std::string layoutVersion;
    Id since = 0;
    Id position = 0;
    std::optional<std::string> reset;
    std::vector<std::pair<SeatState, std::vector<Id>>> seats;
    bool operator==(const SeatStateChanges&) const = default;
};

std::string packSeatStates(const std::vector<SeatState>& states);
SeatState packedSeatState(std::string_view packed, std::size_t index);

// The wire forms. The layout's JSON, without its version, is what the version hashes.
nlohmann::json toJson(const SeatLayout& layout);
nlohmann::json toJson(const PackedSeatStates& states);
std::string layoutVersionOf(const SeatLayout& layout);
// {"layout": {...}} and {"states": {...}}; invalid_request naming the first bad field.
Result<SeatLayout> parseSeatLayout(const nlohmann::json& body);
Result<PackedSeatStates> parsePackedSeatStates(const nlohmann::json& body);
nlohmann::json toJson(const SeatStateChanges& changes);
// {"changes": {...}}.
Result<SeatStateChanges> parseSeatStateChanges(const nlohmann::json& body);

// Calls `visit(index, seatId, row, number)` for each seat of the layout in its order.
void forEachLayoutSeat(const SeatLayout& layout,
                       const std::function<void(std::size_t, Id, const LayoutRow&, int)>& visit);
// The seat-by-seat list GET /events/{id}/seats gives, from the two; invalid_request when the
// states do not fit the layout (another version, another length).
Result<std::vector<Seat>> seatsOf(const SeatLayout& layout, const PackedSeatStates& states);
// The index of a seat id in the layout's order, or nothing for a seat it does not hold.
std::optional<std::size_t> layoutSeatIndex(const SeatLayout& layout, Id seatId);
// Brings `states` up to `changes.position`: invalid_request when the changes are a reset, do not
// start at the states' position, or belong to another layout version (fetch the full states).
Result<void> applySeatStateChanges(const SeatLayout& layout, PackedSeatStates& states,
                                   const SeatStateChanges& changes);

} // namespace bilheteria
