#include "server/core/changefeed.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace bilheteria {

namespace {

// Payloads are written on the sale's hot path: plain appends, no JSON tree.
void appendIds(std::string& out, const std::vector<Id>& ids) {
    out += '[';
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i > 0) out += ',';
        out += std::to_string(ids[i]);
    }
    out += ']';
}

Error badPayload(std::string_view kind) {
    return Error::internal("a " + std::string(kind) + " change has a malformed payload");
}

Result<nlohmann::json> parseObject(std::string_view payload, std::string_view kind) {
    auto json = nlohmann::json::parse(payload, nullptr, false);
    if (!json.is_object()) return fail(badPayload(kind));
    return json;
}

} // namespace

std::string_view changeKindName(ChangeKind kind) {
    switch (kind) {
    case ChangeKind::Seats:
        return "seats";
    case ChangeKind::Order:
        return "order";
    case ChangeKind::Queue:
        return "queue";
    case ChangeKind::Checkin:
        return "checkin";
    case ChangeKind::Cancelled:
        return "cancelled";
    }
    return "seats";
}

std::optional<ChangeKind> changeKindFromName(std::string_view name) {
    if (name == "seats") return ChangeKind::Seats;
    if (name == "order") return ChangeKind::Order;
    if (name == "queue") return ChangeKind::Queue;
    if (name == "checkin") return ChangeKind::Checkin;
    if (name == "cancelled") return ChangeKind::Cancelled;
    return std::nullopt;
}

SeatsChangeBuilder::PerEvent& SeatsChangeBuilder::of(Id eventId) {
    for (auto& event : m_events)
        if (event.eventId == eventId) return event;
    m_events.push_back(PerEvent{eventId, {}, {}});
    return m_events.back();
}

void SeatsChangeBuilder::addPlace(Id eventId, Id seatId, Id sectionId, bool numbered) {
    auto& event = of(eventId);
    if (numbered) event.seatIds.push_back(seatId);
    addPlaces(eventId, sectionId, 1);
}

void SeatsChangeBuilder::addPlaces(Id eventId, Id sectionId, std::int64_t count) {
    auto& sections = of(eventId).sections;
    auto it = std::find_if(sections.begin(), sections.end(),
                           [&](const auto& entry) { return entry.first == sectionId; });
    if (it == sections.end())
        sections.emplace_back(sectionId, count);
    else
        it->second += count;
}

std::vector<NewChange> SeatsChangeBuilder::build() const {
    std::vector<NewChange> out;
    out.reserve(m_events.size());
    for (auto event : m_events) {
        std::sort(event.seatIds.begin(), event.seatIds.end());
        std::sort(event.sections.begin(), event.sections.end());
        std::string payload = "{\"state\":\"";
        payload += seatStateName(m_state);
        payload += "\",\"seat_ids\":";
        appendIds(payload, event.seatIds);
        payload += ",\"sections\":[";
        for (std::size_t i = 0; i < event.sections.size(); ++i) {
            if (i > 0) payload += ',';
            payload += '[' + std::to_string(event.sections[i].first) + ',' +
                       std::to_string(event.sections[i].second) + ']';
        }
        payload += "]}";
        out.push_back(NewChange{event.eventId, ChangeKind::Seats, std::move(payload)});
    }
    std::sort(out.begin(), out.end(),
              [](const NewChange& a, const NewChange& b) { return a.eventId < b.eventId; });
    return out;
}

std::vector<NewChange> holdPlacesChanges(const Hold& hold, SeatState state) {
    SeatsChangeBuilder builder(state);
    for (const HeldSeat& seat : hold.seats)
        builder.addPlace(hold.eventId, seat.id, seat.sectionId, true);
    for (const HeldGeneral& general : hold.general)
        builder.addPlaces(hold.eventId, general.sectionId, general.quantity);
    return builder.build();
}

NewChange orderChange(Id eventId, const OrderChange& order) {
    // On the sale's hot path: plain appends (the status is one of a few known words).
    return NewChange{eventId, ChangeKind::Order,
                     "{\"order_id\":" + std::to_string(order.orderId) +
                         ",\"customer_id\":" + std::to_string(order.customerId) +
                         ",\"status\":" + nlohmann::json(order.status).dump() + "}"};
}

NewChange queueChange(Id eventId, const QueueChange& queue) {
    return NewChange{eventId, ChangeKind::Queue,
                     nlohmann::json{{"customer_id", queue.customerId},
                                    {"position", queue.position},
                                    {"admitted", queue.admitted}}
                         .dump()};
}

NewChange checkinChange(Id eventId, const CheckinChange& checkin) {
    std::string payload = "{\"sections\":";
    appendIds(payload, checkin.sectionIds);
    payload += '}';
    return NewChange{eventId, ChangeKind::Checkin, std::move(payload)};
}

Result<SeatsChange> parseSeatsChange(std::string_view payload) {
    BILHETERIA_TRY(json, parseObject(payload, "seats"));
    try {
        SeatsChange change;
        const auto state = seatStateFromName(json.at("state").get<std::string>());
        if (!state) return fail(badPayload("seats"));
        change.state = *state;
        change.seatIds = json.at("seat_ids").get<std::vector<Id>>();
        for (const auto& section : json.at("sections"))
            change.sections.emplace_back(section.at(0).get<Id>(),
                                         section.at(1).get<std::int64_t>());
        return change;
    } catch (const nlohmann::json::exception&) {
        return fail(badPayload("seats"));
    }
}

Result<OrderChange> parseOrderChange(std::string_view payload) {
    BILHETERIA_TRY(json, parseObject(payload, "order"));
    try {
        return OrderChange{json.at("order_id").get<Id>(), json.at("customer_id").get<Id>(),
                           json.at("status").get<std::string>()};
    } catch (const nlohmann::json::exception&) {
        return fail(badPayload("order"));
    }
}

Result<QueueChange> parseQueueChange(std::string_view payload) {
    BILHETERIA_TRY(json, parseObject(payload, "queue"));
    try {
        return QueueChange{json.at("customer_id").get<Id>(),
                           json.at("position").get<std::int64_t>(),
                           json.at("admitted").get<bool>()};
    } catch (const nlohmann::json::exception&) {
        return fail(badPayload("queue"));
    }
}

NewChange cancelledChange(Id eventId, const CancelledChange& cancelled) {
    return NewChange{
        eventId, ChangeKind::Cancelled,
        nlohmann::json{{"cancelled_at", cancelled.cancelledAt.time_since_epoch().count()}}.dump()};
}

Result<CancelledChange> parseCancelledChange(std::string_view payload) {
    BILHETERIA_TRY(json, parseObject(payload, "cancelled"));
    try {
        return CancelledChange{
            TimePoint{std::chrono::seconds{json.at("cancelled_at").get<std::int64_t>()}}};
    } catch (const nlohmann::json::exception&) {
        return fail(badPayload("cancelled"));
    }
}

Result<CheckinChange> parseCheckinChange(std::string_view payload) {
    BILHETERIA_TRY(json, parseObject(payload, "checkin"));
    try {
        return CheckinChange{json.at("sections").get<std::vector<Id>>()};
    } catch (const nlohmann::json::exception&) {
        return fail(badPayload("checkin"));
    }
}

} // namespace bilheteria
