// Events: creation by organizers, and the public catalogue and seat maps.
#pragma once

#include "server/core/clock.h"
#include "server/core/eventrules.h"
#include "server/core/store/eventstore.h"
#include "server/core/store/reportstore.h"

namespace bilheteria {

// The time buckets a sales report's timeline may use, in seconds.
constexpr int kMinSalesBucketSeconds = 60;
constexpr int kMaxSalesBucketSeconds = 86'400;

class EventService {
public:
    EventService(EventStore& events, ReportStore& reports, const Clock& clock,
                 EventLimits limits = {});

    Result<Event> create(const EventDraft& draft, const User& actor);
    Result<std::vector<EventSummary>> list();
    Result<Event> get(Id eventId);
    Result<void> forEachSeat(Id eventId, const std::function<void(const Seat&)>& visit);
    // The event's sales as of now, for its organizer or an admin: invalid_request naming
    // bucket_seconds outside 60–86,400, then not_found, then forbidden.
    Result<SalesReport> salesReport(const User& actor, Id eventId, std::int64_t bucketSeconds);

private:
    EventStore& m_events;
    ReportStore& m_reports;
    const Clock& m_clock;
    EventLimits m_limits;
};

} // namespace bilheteria
