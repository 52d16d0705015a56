// The events a live stream sends, as the contract spells them (name and compact JSON data).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/core/changefeed.h"
#include "shared/protocol.h"

namespace bilheteria {

// One event as the stream sends it.
struct LiveEvent {
    std::string name; // seats, availability, order, queue, reset
    std::string data; // compact JSON
};
using LiveEventPtr = std::shared_ptr<const LiveEvent>;

LiveEventPtr makeEvent(std::string name, std::string data);
LiveEventPtr seatsEvent(const std::vector<Id>& seatIds, SeatState state);
LiveEventPtr availabilityEvent(Id sectionId, std::int64_t available);
// `checkin` {section_id, admitted}: how many of the section's tickets are checked in now.
LiveEventPtr checkinEvent(Id sectionId, std::int64_t admitted);
// `cancelled` {event_id, cancelled_at}: the event was cancelled; its orders are being refunded.
LiveEventPtr cancelledEvent(Id eventId, const CancelledChange& cancelled);
LiveEventPtr orderEvent(const OrderChange& order);
LiveEventPtr queueEvent(const QueueChange& queue);
// Tells the client to reload the seat map (and its orders): the stream cannot bring it up to
// date change by change.
LiveEventPtr resetEvent(std::string_view reason);
// The last event of a stream whose session ended: "logged_out" or "expired".
LiveEventPtr sessionEndedEvent(std::string_view reason);

} // namespace bilheteria
