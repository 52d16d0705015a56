#include "server/app/salesfigures.h"

#include <string>

namespace bilheteria {

SalesFigures::SalesFigures(EventStore& events, ReportStore& reports, const Clock& clock)
    : m_events(events)
    , m_reports(reports)
    , m_clock(clock) {}

Metrics::LabelledValues SalesFigures::read(std::int64_t SalesReport::*figure) {
    std::lock_guard lock(m_mutex);
    const TimePoint now = m_clock.now();
    if (now - m_readAt >= std::chrono::seconds{1}) {
        m_reportsRead.clear();
        // A failed read shows no figures rather than stale ones.
        if (auto events = m_events.listEvents(now)) {
            for (const EventSummary& event : *events) {
                const bool onSale =
                    !event.cancelledAt && event.saleStartsAt <= now && now < event.saleEndsAt;
                if (!onSale) continue;
                if (auto report = m_reports.salesReport(event.id, now, 3600))
                    m_reportsRead.push_back(std::move(*report));
            }
        }
        m_readAt = now;
    }
    Metrics::LabelledValues values;
    for (const SalesReport& report : m_reportsRead)
        values.emplace_back(std::to_string(report.eventId), static_cast<double>(report.*figure));
    return values;
}

void addSalesFigures(Metrics& metrics, SalesFigures& figures) {
    const auto gauge = [&metrics, &figures](const char* name, const char* help,
                                            std::int64_t SalesReport::*figure) {
        metrics.addGauges(name, help, "event", [&figures, figure] { return figures.read(figure); });
    };
    gauge("bilheteria_event_tickets_sold",
          "Tickets sold and still valid (net of refunds and exchanges), by event whose sale is "
          "open: the organizer's sales page shows the same figure.",
          &SalesReport::sold);
    gauge("bilheteria_event_tickets_held",
          "Places under an unexpired hold now, by event whose sale is open.", &SalesReport::held);
    gauge("bilheteria_event_tickets_available",
          "Places neither sold nor held, by event whose sale is open.", &SalesReport::available);
    gauge("bilheteria_event_orders", "Paid orders, by event whose sale is open.",
          &SalesReport::orders);
}

} // namespace bilheteria
