// The compact seat map (shared/seatmapformat.h): an event's layout, built once from its seats
// and kept (it never changes), and its seats' packed states with their change-feed position,
// read at most once per `statesMaxAge` per event however many buyers open the map at once —
// the one read is shared by every request that arrives while it runs or shortly after.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "server/core/changefeed.h"
#include "server/core/clock.h"
#include "server/core/store/eventstore.h"
#include "shared/seatmapformat.h"

namespace bilheteria {

struct SeatMapSettings {
    // How old a states snapshot may be when handed out again. Clients apply the live stream's
    // changes after its position, so an older snapshot costs them a few more changes, never
    // a wrong map.
    std::chrono::milliseconds statesMaxAge{250};
    // Events whose layout and states are kept; past this, those not being read are dropped.
    std::size_t maxEvents = 256;
    // The changes since a position are given for at most this many changes of the event from
    // at most maxChangesSpan ids back (the live stream's replay limits); beyond, a reset.
    int maxChanges = 10'000;
    Id maxChangesSpan = 200'000;
};

class SeatMapService {
public:
    // `changes` is the live hub's source (its replay is thread-safe) and `cursor` the hub's
    // cursor: every change up to it has been read.
    SeatMapService(EventStore& events, ChangeSource& changes, std::function<Id()> cursor,
                   const Clock& clock, SeatMapSettings settings = {});

    // not_found for an unknown event.
    Result<std::shared_ptr<const SeatLayout>> layout(Id eventId);
    Result<std::shared_ptr<const PackedSeatStates>> states(Id eventId);
    // The seats that changed after `since` (a position of the states or of an earlier answer),
    // or a reset. not_found for an unknown event.
    Result<SeatStateChanges> changesSince(Id eventId, Id since);

private:
    struct Entry {
        std::mutex loading; // one read per event at a time; the others wait for its result
        std::shared_ptr<const SeatLayout> layout;
        std::shared_ptr<const PackedSeatStates> states;
        std::chrono::steady_clock::time_point statesAt{};
    };
    std::shared_ptr<Entry> entry(Id eventId);
    void forget(Id eventId);
    Result<std::shared_ptr<const SeatLayout>> layoutLocked(Id eventId, Entry& entry);

    EventStore& m_events;
    ChangeSource& m_changes;
    std::function<Id()> m_cursor;
    const Clock& m_clock;
    SeatMapSettings m_settings;
    std::mutex m_mutex;
    std::unordered_map<Id, std::shared_ptr<Entry>> m_entries;
};

} // namespace bilheteria
