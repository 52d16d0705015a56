// The organizer's live figures as metrics: per event whose sale is open, the sales report's
// tickets sold (net of refunds and exchanges), held, available and its orders — the very numbers
// the desktop's sales page and the terminal's figures show, since all read the same report.
// Read at most once a second however many gauges and scrapers ask (a report is a query).
#pragma once

#include <chrono>
#include <mutex>
#include <vector>

#include "server/core/clock.h"
#include "server/core/store/eventstore.h"
#include "server/core/store/reportstore.h"
#include "server/http/metrics.h"

namespace bilheteria {

class SalesFigures {
public:
    SalesFigures(EventStore& events, ReportStore& reports, const Clock& clock);

    // One figure of every open sale's report, labelled by the event's id.
    Metrics::LabelledValues read(std::int64_t SalesReport::*figure);

private:
    EventStore& m_events;
    ReportStore& m_reports;
    const Clock& m_clock;
    std::mutex m_mutex;
    std::vector<SalesReport> m_reportsRead;
    TimePoint m_readAt{};
};

// Registers bilheteria_event_tickets_sold, _held, _available and bilheteria_event_orders.
void addSalesFigures(Metrics& metrics, SalesFigures& figures);

} // namespace bilheteria
