// Events: creation by organizers, and the public catalogue and seat maps.
#pragma once

#include "server/core/clock.h"
#include "server/core/eventrules.h"
#include "server/core/storage.h"

namespace bilheteria {

class EventService {
public:
    EventService(Storage& storage, const Clock& clock, EventLimits limits = {});

    Result<Event> create(const EventDraft& draft, const User& actor);
    Result<std::vector<EventSummary>> list();
    Result<Event> get(Id eventId);
    Result<void> forEachSeat(Id eventId, const std::function<void(const Seat&)>& visit);

private:
    Storage& m_storage;
    const Clock& m_clock;
    EventLimits m_limits;
};

} // namespace bilheteria
