#include "shared/seatmapformat.h"

#include <algorithm>
#include <iterator>

#include <nlohmann/json.hpp>

#include "shared/crypto/crypto.h"

namespace bilheteria {

using nlohmann::json;

namespace {

constexpr int kStateBits = 2;
constexpr int kStatesPerByte = 8 / kStateBits;

std::uint8_t stateCode(SeatState state) {
    switch (state) {
    case SeatState::Free:
        return 0;
    case SeatState::Held:
        return 1;
    case SeatState::Sold:
        return 2;
    }
    return 0;
}

json layoutBody(const SeatLayout& layout) {
    json sections = json::array();
    for (const auto& s : layout.sections) {
        json section = {{"section_id", s.id},
                        {"name", s.name},
                        {"kind", sectionKindName(s.kind)},
                        {"price_cents", s.priceCents},
                        {"capacity", s.capacity}};
        sections.push_back(std::move(section));
    }
    json rows = json::array();
    for (const auto& r : layout.rows) {
        json runs = json::array();
        for (const auto& run : r.runs)
            runs.push_back(json::array({run.firstSeatId, run.firstNumber, run.count}));
        rows.push_back(
            {{"section_id", r.sectionId}, {"label", r.label}, {"runs", std::move(runs)}});
    }
    return {{"event_id", layout.eventId},
            {"currency", layout.currency},
            {"seat_count", layout.seatCount},
            {"sections", std::move(sections)},
            {"rows", std::move(rows)}};
}

Error badField(const std::string& field, const std::string& what) {
    return Error::invalidField(field, field + " " + what);
}

} // namespace

SeatLayoutBuilder::SeatLayoutBuilder(Id eventId, std::string currency,
                                     std::vector<LayoutSection> sections) {
    m_layout.eventId = eventId;
    m_layout.currency = std::move(currency);
    m_layout.sections = std::move(sections);
}

void SeatLayoutBuilder::addSeat(const Seat& seat) {
    auto& rows = m_layout.rows;
    ++m_layout.seatCount;
    if (!rows.empty() && rows.back().sectionId == seat.sectionId && rows.back().label == seat.row) {
        auto& run = rows.back().runs.back();
        if (seat.id == run.firstSeatId + run.count &&
            seat.number == run.firstNumber + static_cast<int>(run.count)) {
            ++run.count;
            return;
        }
        rows.back().runs.push_back({seat.id, seat.number, 1});
        return;
    }
    rows.push_back({seat.sectionId, seat.row, {{seat.id, seat.number, 1}}});
}

SeatLayout SeatLayoutBuilder::finish() && {
    m_layout.version = layoutVersionOf(m_layout);
    return std::move(m_layout);
}

std::string packSeatStates(const std::vector<SeatState>& states) {
    std::string packed((states.size() + kStatesPerByte - 1) / kStatesPerByte, '\0');
    for (std::size_t i = 0; i < states.size(); ++i)
        packed[i / kStatesPerByte] =
            static_cast<char>(static_cast<std::uint8_t>(packed[i / kStatesPerByte]) |
                              (stateCode(states[i]) << (kStateBits * (i % kStatesPerByte))));
    return packed;
}

SeatState packedSeatState(std::string_view packed, std::size_t index) {
    if (index / kStatesPerByte >= packed.size()) return SeatState::Free;
    const auto byte = static_cast<std::uint8_t>(packed[index / kStatesPerByte]);
    switch ((byte >> (kStateBits * (index % kStatesPerByte))) & 0x3) {
    case 1:
        return SeatState::Held;
    case 2:
        return SeatState::Sold;
    default:
        return SeatState::Free;
    }
}

std::string layoutVersionOf(const SeatLayout& layout) {
    return crypto::sha256Hex(layoutBody(layout).dump()).substr(0, 32);
}

json toJson(const SeatLayout& layout) {
    json body = layoutBody(layout);
    body["version"] = layout.version;
    return body;
}

json toJson(const PackedSeatStates& states) {
    return {{"event_id", states.eventId},  {"layout_version", states.layoutVersion},
            {"position", states.position}, {"seat_count", states.seatCount},
            {"encoding", "2bit"},          {"states", crypto::base64Encode(states.packed)}};
}

Result<SeatLayout> parseSeatLayout(const json& body) {
    if (!body.is_object() || !body.contains("layout") || !body["layout"].is_object())
        return fail(badField("layout", "must be an object"));
    const json& in = body["layout"];
    SeatLayout layout;
    try {
        layout.eventId = in.at("event_id").get<Id>();
        layout.version = in.at("version").get<std::string>();
        layout.currency = in.at("currency").get<std::string>();
        layout.seatCount = in.at("seat_count").get<std::int64_t>();
        for (const auto& s : in.at("sections")) {
            LayoutSection section;
            section.id = s.at("section_id").get<Id>();
            section.name = s.at("name").get<std::string>();
            const auto kind = sectionKindFromName(s.at("kind").get<std::string>());
            if (!kind) return fail(badField("layout.sections.kind", "is not a section kind"));
            section.kind = *kind;
            section.priceCents = s.at("price_cents").get<Cents>();
            section.capacity = s.at("capacity").get<std::int64_t>();
            layout.sections.push_back(std::move(section));
        }
        std::int64_t seats = 0;
        Id lastId = 0;
        for (const auto& r : in.at("rows")) {
            LayoutRow row;
            row.sectionId = r.at("section_id").get<Id>();
            row.label = r.at("label").get<std::string>();
            for (const auto& run : r.at("runs")) {
                if (!run.is_array() || run.size() != 3)
                    return fail(badField("layout.rows.runs", "must be [first_id, number, count]"));
                LayoutRun parsed{run[0].get<Id>(), run[1].get<int>(), run[2].get<std::int64_t>()};
                if (parsed.count <= 0 || parsed.firstSeatId <= lastId)
                    return fail(badField("layout.rows.runs", "must ascend by seat id"));
                lastId = parsed.firstSeatId + parsed.count - 1;
                seats += parsed.count;
                row.runs.push_back(parsed);
            }
            layout.rows.push_back(std::move(row));
        }
        if (seats != layout.seatCount)
            return fail(badField("layout.seat_count", "is not the number of seats in the rows"));
    } catch (const json::exception&) {
        return fail(badField("layout", "is not a seat layout"));
    }
    return layout;
}

Result<PackedSeatStates> parsePackedSeatStates(const json& body) {
    if (!body.is_object() || !body.contains("states") || !body["states"].is_object())
        return fail(badField("states", "must be an object"));
    const json& in = body["states"];
    PackedSeatStates states;
    try {
        states.eventId = in.at("event_id").get<Id>();
        states.layoutVersion = in.at("layout_version").get<std::string>();
        states.position = in.at("position").get<Id>();
        states.seatCount = in.at("seat_count").get<std::int64_t>();
        if (in.at("encoding").get<std::string>() != "2bit")
            return fail(badField("states.encoding", "must be 2bit"));
        auto packed = crypto::base64Decode(in.at("states").get<std::string>());
        if (!packed) return fail(badField("states.states", "is not base64"));
        states.packed = std::move(*packed);
    } catch (const json::exception&) {
        return fail(badField("states", "is not a packed seat states object"));
    }
    if (states.seatCount < 0 ||
        states.packed.size() !=
            static_cast<std::size_t>((states.seatCount + kStatesPerByte - 1) / kStatesPerByte))
        return fail(badField("states.states", "does not hold seat_count states"));
    return states;
}

json toJson(const SeatStateChanges& changes) {
    json out = {{"event_id", changes.eventId},
                {"layout_version", changes.layoutVersion},
                {"since", changes.since},
                {"position", changes.position}};
    if (changes.reset) out["reset"] = *changes.reset;
    json seats = json::array();
    for (const auto& [state, ids] : changes.seats)
        seats.push_back({{"state", seatStateName(state)}, {"seat_ids", ids}});
    out["seats"] = std::move(seats);
    return out;
}

Result<SeatStateChanges> parseSeatStateChanges(const json& body) {
    if (!body.is_object() || !body.contains("changes") || !body["changes"].is_object())
        return fail(badField("changes", "must be an object"));
    const json& in = body["changes"];
    SeatStateChanges changes;
    try {
        changes.eventId = in.at("event_id").get<Id>();
        changes.layoutVersion = in.at("layout_version").get<std::string>();
        changes.since = in.at("since").get<Id>();
        changes.position = in.at("position").get<Id>();
        if (in.contains("reset")) changes.reset = in.at("reset").get<std::string>();
        for (const auto& group : in.at("seats")) {
            const auto state = seatStateFromName(group.at("state").get<std::string>());
            if (!state) return fail(badField("changes.seats.state", "is not a seat state"));
            changes.seats.emplace_back(*state, group.at("seat_ids").get<std::vector<Id>>());
        }
    } catch (const json::exception&) {
        return fail(badField("changes", "is not a seat state changes object"));
    }
    return changes;
}

std::optional<std::size_t> layoutSeatIndex(const SeatLayout& layout, Id seatId) {
    // Runs ascend by seat id across rows: a binary search over rows, then over their runs.
    const auto row = std::upper_bound(layout.rows.begin(), layout.rows.end(), seatId,
                                      [](Id id, const LayoutRow& r) {
                                          return !r.runs.empty() && id < r.runs.front().firstSeatId;
                                      });
    if (row == layout.rows.begin()) return std::nullopt;
    std::size_t index = 0;
    for (auto r = layout.rows.begin(); r != std::prev(row); ++r)
        for (const auto& run : r->runs)
            index += static_cast<std::size_t>(run.count);
    for (const auto& run : std::prev(row)->runs) {
        if (seatId < run.firstSeatId) return std::nullopt;
        if (seatId < run.firstSeatId + run.count)
            return index + static_cast<std::size_t>(seatId - run.firstSeatId);
        index += static_cast<std::size_t>(run.count);
    }
    return std::nullopt;
}

Result<void> applySeatStateChanges(const SeatLayout& layout, PackedSeatStates& states,
                                   const SeatStateChanges& changes) {
    if (changes.reset) return fail(badField("changes.reset", "asks for the full states"));
    if (changes.layoutVersion != states.layoutVersion || states.layoutVersion != layout.version)
        return fail(badField("changes.layout_version", "does not match the layout"));
    if (changes.since != states.position)
        return fail(badField("changes.since", "is not the states' position"));
    // One pass over the layout maps every seat id to its index (a delta may name thousands).
    std::vector<std::pair<Id, std::size_t>> runs; // first seat id, index
    std::vector<std::int64_t> counts;
    std::size_t index = 0;
    for (const auto& row : layout.rows)
        for (const auto& run : row.runs) {
            runs.emplace_back(run.firstSeatId, index);
            counts.push_back(run.count);
            index += static_cast<std::size_t>(run.count);
        }
    for (const auto& [state, ids] : changes.seats)
        for (const Id id : ids) {
            auto it = std::upper_bound(runs.begin(), runs.end(), id,
                                       [](Id v, const auto& run) { return v < run.first; });
            if (it == runs.begin()) continue;
            --it;
            const auto run = static_cast<std::size_t>(it - runs.begin());
            if (id - it->first >= counts[run]) continue; // not a seat of this layout
            const std::size_t i = it->second + static_cast<std::size_t>(id - it->first);
            auto& byte = reinterpret_cast<std::uint8_t&>(states.packed[i / kStatesPerByte]);
            const int shift = kStateBits * static_cast<int>(i % kStatesPerByte);
            byte =
                static_cast<std::uint8_t>((byte & ~(0x3 << shift)) | (stateCode(state) << shift));
        }
    states.position = changes.position;
    return {};
}

void forEachLayoutSeat(const SeatLayout& layout,
                       const std::function<void(std::size_t, Id, const LayoutRow&, int)>& visit) {
    std::size_t index = 0;
    for (const auto& row : layout.rows)
        for (const auto& run : row.runs)
            for (std::int64_t i = 0; i < run.count; ++i)
                visit(index++, run.firstSeatId + i, row, run.firstNumber + static_cast<int>(i));
}

Result<std::vector<Seat>> seatsOf(const SeatLayout& layout, const PackedSeatStates& states) {
    if (states.layoutVersion != layout.version || states.seatCount != layout.seatCount)
        return fail(badField("states.layout_version", "does not match the layout"));
    std::vector<Seat> seats;
    seats.reserve(static_cast<std::size_t>(layout.seatCount));
    forEachLayoutSeat(layout, [&](std::size_t index, Id id, const LayoutRow& row, int number) {
        seats.push_back(
            {id, row.sectionId, row.label, number, packedSeatState(states.packed, index)});
    });
    return seats;
}

} // namespace bilheteria
