#include "server/core/events.h"

#include "server/core/policy.h"

namespace bilheteria {

EventService::EventService(Storage& storage, const Clock& clock, EventLimits limits)
    : m_storage(storage)
    , m_clock(clock)
    , m_limits(limits) {}

Result<Event> EventService::create(const EventDraft& draft, const User& actor) {
    BILHETERIA_CHECK(authorize(actor, Action::CreateEvent));
    const auto now = m_clock.now();
    BILHETERIA_TRY(event, validateEvent(draft, now, m_limits));
    event.createdBy = actor.id;
    event.createdAt = now;
    return m_storage.createEvent(event);
}

Result<std::vector<EventSummary>> EventService::list() {
    return m_storage.listEvents(m_clock.now());
}

Result<Event> EventService::get(Id eventId) {
    return m_storage.getEvent(eventId, m_clock.now());
}

Result<void> EventService::forEachSeat(Id eventId, const std::function<void(const Seat&)>& visit) {
    return m_storage.forEachSeat(eventId, m_clock.now(), visit);
}

Result<SalesReport> EventService::salesReport(const User& actor, Id eventId,
                                              std::int64_t bucketSeconds) {
    if (bucketSeconds < kMinSalesBucketSeconds || bucketSeconds > kMaxSalesBucketSeconds)
        return fail(Error::invalidField("bucket_seconds", "bucket_seconds must be 60–86400"));
    BILHETERIA_TRY(event, m_storage.getEventSettings(eventId));
    BILHETERIA_CHECK(authorizeEventSales(actor, event));
    return m_storage.salesReport(eventId, m_clock.now(), static_cast<int>(bucketSeconds));
}

} // namespace bilheteria
