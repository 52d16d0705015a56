// The rules an event must follow before it is stored: field ranges, the sale window, sections.
#pragma once

#include "server/core/store/eventstore.h"

namespace bilheteria {

struct EventLimits {
    std::int64_t maxSeatsPerEvent = 500'000;
    std::int64_t maxSeatsPerRow = 10'000;
    // General-admission places are stored one row each (held and sold like seats), so their
    // number is bounded like seats are.
    std::int64_t maxSectionCapacity = 500'000;
    std::int64_t maxPlacesPerEvent = 1'000'000; // numbered seats plus general places
    std::size_t maxSections = 1'000;
    std::size_t maxRowsPerSection = 2'000;
};

// The most proof of work an event's waiting room may ask (queue.pow_bits).
constexpr int kMaxQueuePowBits = 28;

// Applies the contract's defaults (sale window now..starts_at, 6 tickets, 600 s, queue off)
// and checks every field; invalid_request names the first bad one.
// sale_closed: the event was cancelled, nothing more is sold (holds, purchases, the waiting
// room, exchanges).
Result<void> requireNotCancelled(const EventSummary& event);

Result<NewEvent> validateEvent(const EventDraft& draft, TimePoint now,
                               const EventLimits& limits = {});

} // namespace bilheteria
