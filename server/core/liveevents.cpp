#include "server/core/liveevents.h"

#include <nlohmann/json.hpp>

#include "shared/timeformat.h"

namespace bilheteria {

LiveEventPtr makeEvent(std::string name, std::string data) {
    return std::make_shared<const LiveEvent>(LiveEvent{std::move(name), std::move(data)});
}

LiveEventPtr seatsEvent(const std::vector<Id>& seatIds, SeatState state) {
    std::string data = "{\"seat_ids\":[";
    for (std::size_t i = 0; i < seatIds.size(); ++i) {
        if (i > 0) data += ',';
        data += std::to_string(seatIds[i]);
    }
    data += "],\"state\":\"";
    data += seatStateName(state);
    data += "\"}";
    return makeEvent("seats", std::move(data));
}

LiveEventPtr availabilityEvent(Id sectionId, std::int64_t available) {
    return makeEvent("availability", "{\"section_id\":" + std::to_string(sectionId) +
                                         ",\"available\":" + std::to_string(available) + "}");
}

LiveEventPtr checkinEvent(Id sectionId, std::int64_t admitted) {
    return makeEvent("checkin", "{\"section_id\":" + std::to_string(sectionId) +
                                    ",\"admitted\":" + std::to_string(admitted) + "}");
}

LiveEventPtr cancelledEvent(Id eventId, const CancelledChange& cancelled) {
    return makeEvent("cancelled",
                     nlohmann::json{{"event_id", eventId},
                                    {"cancelled_at", formatRfc3339(cancelled.cancelledAt)}}
                         .dump());
}

LiveEventPtr orderEvent(const OrderChange& order) {
    return makeEvent("order",
                     nlohmann::json{{"order_id", order.orderId}, {"status", order.status}}.dump());
}

LiveEventPtr queueEvent(const QueueChange& queue) {
    return makeEvent(
        "queue", nlohmann::json{{"position", queue.position}, {"admitted", queue.admitted}}.dump());
}

LiveEventPtr resetEvent(std::string_view reason) {
    return makeEvent("reset", nlohmann::json{{"reason", reason}}.dump());
}

LiveEventPtr sessionEndedEvent(std::string_view reason) {
    return makeEvent("session_ended", nlohmann::json{{"reason", reason}}.dump());
}

} // namespace bilheteria
