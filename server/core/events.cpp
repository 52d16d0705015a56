#include "server/core/events.h"

#include "server/core/policy.h"

namespace bilheteria {

EventService::EventService(EventStore& events, ReportStore& reports, const Clock& clock,
                           EventLimits limits)
    : m_events(events)
    , m_reports(reports)
    , m_clock(clock)
    , m_limits(limits) {}

Result<Event> EventService::create(const EventDraft& draft, const User& actor) {
    BILHETERIA_CHECK(authorize(actor, Action::CreateEvent));
    const auto now = m_clock.now();
    BILHETERIA_TRY(event, validateEvent(draft, now, m_limits));
    event.createdBy = actor.id;
    event.createdAt = now;
    return m_events.createEvent(event);
}

Result<std::vector<EventSummary>> EventService::list() {
    return m_events.listEvents(m_clock.now());
}

Result<Event> EventService::get(Id eventId) {
    return m_events.getEvent(eventId, m_clock.now());
}

Result<void> EventService::forEachSeat(Id eventId, const std::function<void(const Seat&)>& visit) {
    return m_events.forEachSeat(eventId, m_clock.now(), visit);
}

Result<SalesReport> EventService::salesReport(const User& actor, Id eventId,
                                              std::int64_t bucketSeconds) {
    if (bucketSeconds < kMinSalesBucketSeconds || bucketSeconds > kMaxSalesBucketSeconds)
        return fail(Error::invalidField("bucket_seconds", "bucket_seconds must be 60–86400"));
    BILHETERIA_TRY(event, m_events.getEventSettings(eventId));
    BILHETERIA_CHECK(authorizeEventSales(actor, event));
    return m_reports.salesReport(eventId, m_clock.now(), static_cast<int>(bucketSeconds));
}

} // namespace bilheteria
