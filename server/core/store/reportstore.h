// Reports: an event's sales for its organizer and a clerk's shift, each read in one snapshot.
// Used by EventService (the sales report) and SalesService (the shift summary).
#pragma once

#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria {

class ReportStore {
public:
    virtual ~ReportStore() = default;

    // The event's sections (in its order) with capacity, sold (the counters), held (under a hold
    // unexpired at `now`), available and the revenue of their tickets; its orders, revenue and
    // split by payment method; and its orders grouped into buckets of `bucketSeconds` aligned to
    // the Unix epoch by created_at, those with sales only, ascending. not_found for an unknown
    // event.
    virtual Result<SalesReport> salesReport(Id eventId, TimePoint now, int bucketSeconds) = 0;
    // The orders `actorId` paid for (orders.actor_id: their own purchases and their counter
    // sales) with created_at in [since, until): totals per currency and per event.
    virtual Result<ShiftSummary> shiftSummary(Id actorId, TimePoint since, TimePoint until) = 0;
};

} // namespace bilheteria
