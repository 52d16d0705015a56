#include "server/core/seatmap.h"

#include <algorithm>
#include <map>

namespace bilheteria {

SeatMapService::SeatMapService(EventStore& events, ChangeSource& changes,
                               std::function<Id()> cursor, const Clock& clock,
                               SeatMapSettings settings)
    : m_events(events)
    , m_changes(changes)
    , m_cursor(std::move(cursor))
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

Result<SeatStateChanges> SeatMapService::changesSince(Id eventId, Id since) {
    BILHETERIA_TRY(layout, layout(eventId));
    SeatStateChanges out;
    out.eventId = eventId;
    out.layoutVersion = layout->version;
    out.since = since;
    const Id upTo = m_cursor();
    out.position = upTo;
    // The same judgement as the live stream's reconnect (core/livehub.cpp).
    if (since > upTo + m_settings.maxChangesSpan) {
        out.reset = "unknown_id";
        return out;
    }
    if (since >= upTo) {
        // At or a little past this instance's cursor (a states snapshot read a newer commit
        // than the hub has): nothing to add yet.
        out.position = since;
        return out;
    }
    if (upTo - since > m_settings.maxChangesSpan) {
        out.reset = "too_far_behind";
        return out;
    }
    BILHETERIA_TRY(replay, m_changes.replay(eventId, since, upTo, m_settings.maxChanges + 1));
    if (since < replay.prunedThrough) {
        out.reset = "pruned";
        return out;
    }
    if (static_cast<int>(replay.changes.size()) > m_settings.maxChanges) {
        out.reset = "too_far_behind";
        return out;
    }
    std::map<Id, SeatState> latest;
    for (const Change& change : replay.changes) {
        if (change.kind != ChangeKind::Seats) continue;
        auto seats = parseSeatsChange(change.payload);
        if (!seats) continue; // as the live stream: a malformed row is skipped, not fatal
        for (const Id id : seats->seatIds)
            latest[id] = seats->state;
    }
    for (const SeatState state : {SeatState::Free, SeatState::Held, SeatState::Sold}) {
        std::vector<Id> ids;
        for (const auto& [id, s] : latest)
            if (s == state) ids.push_back(id);
        if (!ids.empty()) out.seats.emplace_back(state, std::move(ids));
    }
    return out;
}

} // namespace bilheteria
