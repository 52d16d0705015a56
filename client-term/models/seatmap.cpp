#include "client-term/models/seatmap.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "shared/bestavailable.h"

namespace bilheteria::term {

char glyphOf(SeatLook look) {
    switch (look) {
    case SeatLook::Free:
        return '.';
    case SeatLook::Held:
        return 'x';
    case SeatLook::Sold:
        return '#';
    case SeatLook::Ours:
        return '@';
    case SeatLook::Selected:
        return '*';
    }
    return '?';
}

void SeatMap::load(const Event& event, std::vector<Seat> seats) {
    m_event = event;
    m_sections.clear();
    m_rows.clear();
    m_seats.clear();
    m_rowOfSeat.clear();
    m_indexOfSeat.clear();
    m_selected.clear();
    m_widestRow = 0;

    // Seats grouped by section (in the event's order), then row (in order of first
    // appearance: the server lists them as the organizer laid them out), then number.
    std::map<Id, std::vector<Seat>> bySection;
    for (auto& seat : seats)
        bySection[seat.sectionId].push_back(std::move(seat));
    for (const auto& info : event.sections) {
        Section section{info, static_cast<int>(m_rows.size()), 0};
        auto& sectionSeats = bySection[info.id];
        std::vector<std::string> order;
        std::map<std::string, std::vector<Seat>> byRow;
        for (auto& seat : sectionSeats) {
            if (!byRow.count(seat.row)) order.push_back(seat.row);
            byRow[seat.row].push_back(std::move(seat));
        }
        for (const auto& label : order) {
            auto& rowSeats = byRow[label];
            std::sort(rowSeats.begin(), rowSeats.end(),
                      [](const Seat& a, const Seat& b) { return a.number < b.number; });
            Row row{info.id, label, static_cast<int>(m_seats.size()),
                    static_cast<int>(rowSeats.size())};
            for (auto& seat : rowSeats) {
                m_indexOfSeat[seat.id] = static_cast<int>(m_seats.size());
                m_rowOfSeat.push_back(static_cast<int>(m_rows.size()));
                m_seats.push_back(std::move(seat));
            }
            m_widestRow = std::max(m_widestRow, row.count);
            m_rows.push_back(row);
            ++section.rowCount;
        }
        m_sections.push_back(std::move(section));
    }
    m_ours.assign(m_seats.size(), false);
    m_cursor = m_seats.empty() ? -1 : 0;
}

SeatLook SeatMap::look(int seatIndex) const {
    const auto i = static_cast<std::size_t>(seatIndex);
    if (m_ours[i]) return SeatLook::Ours;
    if (isSelected(seatIndex)) return SeatLook::Selected;
    switch (m_seats[i].state) {
    case SeatState::Free:
        return SeatLook::Free;
    case SeatState::Held:
        return SeatLook::Held;
    case SeatState::Sold:
        return SeatLook::Sold;
    }
    return SeatLook::Sold;
}

int SeatMap::cursorRow() const {
    return m_cursor < 0 ? -1 : m_rowOfSeat[static_cast<std::size_t>(m_cursor)];
}

int SeatMap::cursorSection() const {
    const int row = cursorRow();
    if (row < 0) return -1;
    const Id sectionId = m_rows[static_cast<std::size_t>(row)].sectionId;
    for (std::size_t i = 0; i < m_sections.size(); ++i)
        if (m_sections[i].info.id == sectionId) return static_cast<int>(i);
    return -1;
}

void SeatMap::moveCursor(int dx, int dy) {
    if (m_cursor < 0) return;
    const int rowIndex = cursorRow();
    const Row& row = m_rows[static_cast<std::size_t>(rowIndex)];
    int column = m_cursor - row.firstSeat;
    if (dx != 0) {
        column = std::clamp(column + dx, 0, row.count - 1);
        m_cursor = row.firstSeat + column;
    }
    if (dy != 0) {
        const int target = std::clamp(rowIndex + dy, 0, static_cast<int>(m_rows.size()) - 1);
        const Row& next = m_rows[static_cast<std::size_t>(target)];
        m_cursor = next.firstSeat + std::min(column, next.count - 1);
    }
}

void SeatMap::cursorToSection(int index) {
    if (index < 0 || index >= static_cast<int>(m_sections.size())) return;
    const Section& section = m_sections[static_cast<std::size_t>(index)];
    if (section.rowCount == 0) return;
    m_cursor = m_rows[static_cast<std::size_t>(section.firstRow)].firstSeat;
}

bool SeatMap::isSelected(int seatIndex) const {
    return std::find(m_selected.begin(), m_selected.end(), seatIndex) != m_selected.end();
}

bool SeatMap::toggleAtCursor() {
    if (m_cursor < 0) return false;
    if (const auto it = std::find(m_selected.begin(), m_selected.end(), m_cursor);
        it != m_selected.end()) {
        m_selected.erase(it);
        return true;
    }
    if (m_seats[static_cast<std::size_t>(m_cursor)].state != SeatState::Free ||
        m_ours[static_cast<std::size_t>(m_cursor)])
        return false;
    m_selected.push_back(m_cursor);
    return true;
}

std::vector<Id> SeatMap::selectedSeatIds() const {
    std::vector<Id> ids;
    for (int index : m_selected)
        ids.push_back(m_seats[static_cast<std::size_t>(index)].id);
    return ids;
}

Cents SeatMap::selectedTotal() const {
    Cents total = 0;
    for (int index : m_selected)
        if (const Section* section =
                sectionById(m_seats[static_cast<std::size_t>(index)].sectionId))
            total += section->info.priceCents;
    return total;
}

void SeatMap::clearSelection() {
    m_selected.clear();
}

bool SeatMap::selectBestAvailable(std::optional<Id> sectionId, int n) {
    std::vector<const Section*> candidates;
    for (const auto& section : m_sections)
        if (section.rowCount > 0 && (!sectionId || section.info.id == *sectionId))
            candidates.push_back(&section);
    std::stable_sort(candidates.begin(), candidates.end(), [](const Section* a, const Section* b) {
        return a->info.priceCents < b->info.priceCents;
    });
    const auto open = [this](int index) {
        const auto i = static_cast<std::size_t>(index);
        return m_seats[i].state == SeatState::Free && !m_ours[i];
    };
    for (const Section* section : candidates)
        for (int r = 0; r < section->rowCount; ++r) {
            const Row& row = m_rows[static_cast<std::size_t>(section->firstRow + r)];
            const auto start =
                bestBlockInRow(row.count, n, [&](int p) { return open(row.firstSeat + p); });
            if (!start) continue;
            m_selected.clear();
            for (int p = 0; p < n; ++p)
                m_selected.push_back(row.firstSeat + *start + p);
            m_cursor = row.firstSeat + *start;
            return true;
        }
    return false;
}

void SeatMap::setOurs(const std::vector<Id>& seatIds) {
    m_ours.assign(m_seats.size(), false);
    for (Id id : seatIds)
        if (const auto it = m_indexOfSeat.find(id); it != m_indexOfSeat.end())
            m_ours[static_cast<std::size_t>(it->second)] = true;
}

std::vector<Id> SeatMap::applySeats(const std::vector<Id>& seatIds, SeatState state) {
    std::vector<Id> taken;
    for (Id id : seatIds) {
        const auto it = m_indexOfSeat.find(id);
        if (it == m_indexOfSeat.end()) continue;
        const int index = it->second;
        m_seats[static_cast<std::size_t>(index)].state = state;
        if (state == SeatState::Free) m_ours[static_cast<std::size_t>(index)] = false;
        if (state != SeatState::Free && !m_ours[static_cast<std::size_t>(index)]) {
            const auto selected = std::find(m_selected.begin(), m_selected.end(), index);
            if (selected != m_selected.end()) {
                m_selected.erase(selected);
                taken.push_back(id);
            }
        }
    }
    return taken;
}

void SeatMap::applyAvailability(Id sectionId, std::int64_t available) {
    for (auto& section : m_sections)
        if (section.info.id == sectionId) section.info.available = available;
}

bool SeatMap::applyStreamEvent(const std::string& type, const std::string& data,
                               std::vector<Id>* taken) {
    const auto body = nlohmann::json::parse(data, nullptr, false);
    if (!body.is_object()) return false;
    try {
        if (type == "seats") {
            const auto state = seatStateFromName(body.at("state").get<std::string>());
            if (!state) return false;
            auto lost = applySeats(body.at("seat_ids").get<std::vector<Id>>(), *state);
            if (taken) *taken = std::move(lost);
            return true;
        }
        if (type == "availability") {
            applyAvailability(body.at("section_id").get<Id>(),
                              body.at("available").get<std::int64_t>());
            return true;
        }
    } catch (const nlohmann::json::exception&) {
        return false;
    }
    return false;
}

std::int64_t SeatMap::freeSeats(Id sectionId) const {
    const Section* section = sectionById(sectionId);
    if (!section) return 0;
    if (section->info.kind == SectionKind::General) return section->info.available;
    std::int64_t free = 0;
    for (int r = 0; r < section->rowCount; ++r) {
        const Row& row = m_rows[static_cast<std::size_t>(section->firstRow + r)];
        for (int p = 0; p < row.count; ++p)
            if (m_seats[static_cast<std::size_t>(row.firstSeat + p)].state == SeatState::Free)
                ++free;
    }
    return free;
}

const SeatMap::Section* SeatMap::sectionById(Id sectionId) const {
    for (const auto& section : m_sections)
        if (section.info.id == sectionId) return &section;
    return nullptr;
}

} // namespace bilheteria::term
