#include "server/core/seatmap.h"

namespace bilheteria {

SeatMapService::SeatMapService(EventStore& events, const Clock& clock, SeatMapSettings settings)
    : m_events(events)
    , m_clock(clock)
    , m_settings(settings) {}

std::shared_ptr<SeatMapService::Entry> SeatMapService::entry(Id eventId) {
    std::lock_guard lock(m_mutex);
    auto& slot = m_entries[eventId];
    if (!slot) {
        if (m_entries.size() > m_settings.maxEvents)
            std::erase_if(m_entries, [](const auto& item) {
                return item.second && item.second.use_count() == 1;
            });
        slot = std::make_shared<Entry>();
    }
    return slot;
}

void SeatMapService::forget(Id eventId) {
    std::lock_guard lock(m_mutex);
    m_entries.erase(eventId);
}

Result<std::shared_ptr<const SeatLayout>> SeatMapService::layoutLocked(Id eventId, Entry& entry) {
    if (entry.layout) return entry.layout;
    BILHETERIA_TRY(event, m_events.getEvent(eventId, m_clock.now()));
    std::vector<LayoutSection> sections;
    for (const auto& s : event.sections)
        sections.push_back({s.id, s.name, s.kind, s.priceCents, s.capacity});
    SeatLayoutBuilder builder(eventId, event.summary.currency, std::move(sections));
    BILHETERIA_CHECK(m_events.forEachSeat(eventId, m_clock.now(),
                                          [&](const Seat& seat) { builder.addSeat(seat); }));
    entry.layout = std::make_shared<const SeatLayout>(std::move(builder).finish());
    return entry.layout;
}

Result<std::shared_ptr<const SeatLayout>> SeatMapService::layout(Id eventId) {
    auto e = entry(eventId);
    std::lock_guard lock(e->loading);
    auto layout = layoutLocked(eventId, *e);
    if (!layout) forget(eventId);
    return layout;
}

Result<std::shared_ptr<const PackedSeatStates>> SeatMapService::states(Id eventId) {
    auto e = entry(eventId);
    std::lock_guard lock(e->loading);
    const auto now = std::chrono::steady_clock::now();
    if (e->states && now - e->statesAt <= m_settings.statesMaxAge) return e->states;
    auto read = [&]() -> Result<std::shared_ptr<const PackedSeatStates>> {
        BILHETERIA_TRY(layout, layoutLocked(eventId, *e));
        BILHETERIA_TRY(snapshot, m_events.seatStates(eventId, m_clock.now()));
        auto states = std::make_shared<PackedSeatStates>();
        states->eventId = eventId;
        states->layoutVersion = layout->version;
        states->position = snapshot.position;
        states->seatCount = static_cast<std::int64_t>(snapshot.states.size());
        states->packed = packSeatStates(snapshot.states);
        return std::shared_ptr<const PackedSeatStates>(std::move(states));
    }();
    if (!read) {
        forget(eventId);
        return read;
    }
    e->states = *read;
    e->statesAt = std::chrono::steady_clock::now();
    return e->states;
}

} // namespace bilheteria
