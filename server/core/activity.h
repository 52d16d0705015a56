// What the core's services report for monitoring: each counts what it did through this
// interface, and the app wires it to the metrics (server/http/metrics.h). Neutral on purpose:
// the core knows nothing of Prometheus or HTTP. Calls come from request threads and the
// housekeeper at once, so an implementation is thread-safe. A service given none counts nothing.
#pragma once

#include "shared/protocol.h"
#include <cstdint>

namespace bilheteria {

class ActivityCounters {
public:
    virtual ~ActivityCounters() = default;

    // A hold was placed on `tickets` seats or general-admission places of the event.
    virtual void holdPlaced(Id eventId, std::int64_t tickets) = 0;
    // The sweeper marked `holds` holds expired.
    virtual void holdsExpired(std::int64_t holds) = 0;
    // One order of the event was sold with `tickets` tickets (a replayed request is not a new
    // sale).
    virtual void saleMade(Id eventId, std::int64_t tickets) = 0;
    // One refund was made of `tickets` tickets (asked for, or by an event's cancellation).
    virtual void refundMade(std::int64_t tickets) = 0;
    virtual void exchangeMade() = 0;
    // A ticket was let in at the door (online, or an offline scan synced).
    virtual void checkedIn() = 0;
    virtual void queueJoined(Id eventId) = 0;
    virtual void queueAdmitted(Id eventId, std::int64_t customers) = 0;
};

} // namespace bilheteria
