#include "server/http/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/metric_family.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string_view>
#include <tuple>

namespace bilheteria {

namespace {

using prometheus::Counter;
using prometheus::Family;
using prometheus::Histogram;
using prometheus::MetricFamily;
using prometheus::MetricType;

// Request latencies: from a cached read (1 ms) to a slow payment (5 s).
const Histogram::BucketBoundaries kRequestBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                  0.1,   0.25,   0.5,   1.0,  2.5,   5.0};
// Waits for a connection: none at all is the rule (0.1 ms), up to the pool's 30 s time-out.
const Histogram::BucketBoundaries kWaitBuckets{0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05,
                                               0.1,    0.5,    1.0,   5.0,   30.0};
// Transactions: a primary-key read (0.5 ms) to a cancellation's batch of refunds (5 s).
const Histogram::BucketBoundaries kTransactionBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  5.0};

// A family of values read at scrape time, by callbacks other parts register.
struct ReadFamily {
    std::string name, help, label;
    MetricType type;
    std::function<Metrics::LabelledValues()> read;
};

} // namespace

struct Metrics::Impl {
    prometheus::Registry registry;
    Family<Counter>& requests = prometheus::BuildCounter()
                                    .Name("bilheteria_http_requests_total")
                                    .Help("HTTP requests answered, by method, route and status.")
                                    .Register(registry);
    Family<Histogram>& latency = prometheus::BuildHistogram()
                                     .Name("bilheteria_http_request_duration_seconds")
                                     .Help("Time to answer a request, by route.")
                                     .Register(registry);
    Family<Counter>& rateLimited = prometheus::BuildCounter()
                                       .Name("bilheteria_rate_limited_total")
                                       .Help("Requests refused by a rate limit, by rule.")
                                       .Register(registry);
    Family<Counter>& holdsPlaced =
        byEvent("bilheteria_holds_placed_total", "Holds placed, by event.");
    Family<Counter>& ticketsHeld = byEvent("bilheteria_tickets_held_total",
                                           "Tickets (seats or places) put on hold, by event.");
    Counter& holdsExpired = counter("bilheteria_holds_expired_total",
                                    "Holds that ran out unpaid, marked by this server's sweeper.");
    Family<Counter>& orders =
        byEvent("bilheteria_orders_total", "Orders sold (purchases completed), by event.");
    Family<Counter>& ticketsSold =
        byEvent("bilheteria_tickets_sold_total", "Tickets sold, by event.");
    Counter& refunds =
        counter("bilheteria_refunds_total", "Refunds made, asked for or by a cancellation.");
    Counter& ticketsRefunded = counter("bilheteria_tickets_refunded_total", "Tickets refunded.");
    Counter& exchanges =
        counter("bilheteria_exchanges_total", "Tickets exchanged for another place.");
    Counter& checkins = counter("bilheteria_checkins_total", "Tickets let in at the door.");
    Family<Counter>& queueJoins =
        byEvent("bilheteria_queue_joins_total", "Places taken in waiting rooms, by event.");
    Family<Counter>& queueAdmissions =
        byEvent("bilheteria_queue_admissions_total",
                "Customers let in from waiting rooms by this server's pacing, by event.");
    Family<Histogram>& connectionWaits =
        prometheus::BuildHistogram()
            .Name("bilheteria_database_connection_wait_seconds")
            .Help("Time waiting for a database connection (SQLite: for the writer's lock), by "
                  "store.")
            .Register(registry);
    Family<Histogram>& transactions =
        prometheus::BuildHistogram()
            .Name("bilheteria_database_transaction_duration_seconds")
            .Help("Time of one database transaction, from its start to commit or rollback, by "
                  "store.")
            .Register(registry);

    // prometheus-cpp's Family::Add builds a new metric (a histogram: its buckets too) on every
    // call before it finds the existing series; the hot paths — every request, every
    // transaction — find theirs here instead, each built once.
    struct RequestSeries {
        Counter* requests;
        Histogram* latency;
    };
    struct StoreSeries {
        Histogram* connectionWaits;
        Histogram* transactions;
    };
    std::mutex seriesMutex;
    std::map<std::tuple<std::string, std::string, int>, RequestSeries, std::less<>> requestSeries;
    std::map<std::string, StoreSeries, std::less<>> storeSeries;

    RequestSeries seriesOf(const std::string& method, const std::string& route, int status) {
        std::lock_guard lock(seriesMutex);
        const auto found = requestSeries.find(std::tie(method, route, status));
        if (found != requestSeries.end()) return found->second;
        const RequestSeries series{
            &requests.Add(
                {{"method", method}, {"route", route}, {"status", std::to_string(status)}}),
            &latency.Add({{"route", route}}, kRequestBuckets)};
        requestSeries.emplace(std::tuple{method, route, status}, series);
        return series;
    }

    StoreSeries seriesOf(std::string_view store) {
        std::lock_guard lock(seriesMutex);
        const auto found = storeSeries.find(store);
        if (found != storeSeries.end()) return found->second;
        const prometheus::Labels labels{{"store", std::string(store)}};
        const StoreSeries series{&connectionWaits.Add(labels, kWaitBuckets),
                                 &transactions.Add(labels, kTransactionBuckets)};
        storeSeries.emplace(std::string(store), series);
        return series;
    }

    mutable std::mutex mutex; // guards reads and names
    std::vector<ReadFamily> reads;
    std::set<std::string> names; // of the read families, which the registry does not know

    // Counted per event (label `event`, the event's id): a series starts at its first count.
    Family<Counter>& byEvent(const std::string& name, const std::string& help) {
        return prometheus::BuildCounter().Name(name).Help(help).Register(registry);
    }

    Counter& counter(const std::string& name, const std::string& help) {
        // Added at start, so that the count is shown (as 0) before anything happened.
        return prometheus::BuildCounter().Name(name).Help(help).Register(registry).Add({});
    }

    void addRead(ReadFamily family) {
        std::lock_guard lock(mutex);
        if (!names.insert(family.name).second)
            throw std::invalid_argument("metric " + family.name + " registered twice");
        reads.push_back(std::move(family));
    }
};

Metrics::Metrics()
    : m_impl(std::make_unique<Impl>()) {
    const double started =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    addGauge("process_start_time_seconds", "Start time of the process since the Unix epoch.",
             [started] { return started; });
}

Metrics::~Metrics() = default;

void Metrics::recordRequest(const std::string& method, const std::string& route, int status,
                            double seconds) {
    const auto series = m_impl->seriesOf(method, route, status);
    series.requests->Increment();
    series.latency->Observe(seconds);
}

void Metrics::countRateLimited(const std::string& rule) {
    m_impl->rateLimited.Add({{"rule", rule}}).Increment();
}

void Metrics::addGauge(std::string name, std::string help, std::function<double()> read) {
    m_impl->addRead(
        {std::move(name), std::move(help), "", MetricType::Gauge, [read = std::move(read)] {
             return LabelledValues{{"", read()}};
         }});
}

void Metrics::addCounter(std::string name, std::string help, std::function<double()> read) {
    m_impl->addRead(
        {std::move(name), std::move(help), "", MetricType::Counter, [read = std::move(read)] {
             return LabelledValues{{"", read()}};
         }});
}

void Metrics::addGauges(std::string name, std::string help, std::string label,
                        std::function<LabelledValues()> read) {
    m_impl->addRead(
        {std::move(name), std::move(help), std::move(label), MetricType::Gauge, std::move(read)});
}

std::string Metrics::render() const {
    std::vector<MetricFamily> families = m_impl->registry.Collect();
    std::vector<ReadFamily> reads;
    {
        std::lock_guard lock(m_impl->mutex);
        reads = m_impl->reads;
    }
    // Read outside the lock: a reading may touch the database.
    for (const ReadFamily& read : reads) {
        MetricFamily family{read.name, read.help, read.type, {}};
        for (const auto& [labelValue, value] : read.read()) {
            prometheus::ClientMetric metric;
            if (!read.label.empty()) metric.label.push_back({read.label, labelValue});
            if (read.type == MetricType::Counter)
                metric.counter.value = value;
            else
                metric.gauge.value = value;
            family.metric.push_back(std::move(metric));
        }
        families.push_back(std::move(family));
    }
    return prometheus::TextSerializer().Serialize(families);
}

namespace {
prometheus::Labels eventLabel(Id eventId) {
    return {{"event", std::to_string(eventId)}};
}
} // namespace

void Metrics::holdPlaced(Id eventId, std::int64_t tickets) {
    m_impl->holdsPlaced.Add(eventLabel(eventId)).Increment();
    m_impl->ticketsHeld.Add(eventLabel(eventId)).Increment(static_cast<double>(tickets));
}

void Metrics::holdsExpired(std::int64_t holds) {
    m_impl->holdsExpired.Increment(static_cast<double>(holds));
}

void Metrics::saleMade(Id eventId, std::int64_t tickets) {
    m_impl->orders.Add(eventLabel(eventId)).Increment();
    m_impl->ticketsSold.Add(eventLabel(eventId)).Increment(static_cast<double>(tickets));
}

void Metrics::refundMade(std::int64_t tickets) {
    m_impl->refunds.Increment();
    m_impl->ticketsRefunded.Increment(static_cast<double>(tickets));
}

void Metrics::exchangeMade() {
    m_impl->exchanges.Increment();
}

void Metrics::checkedIn() {
    m_impl->checkins.Increment();
}

void Metrics::queueJoined(Id eventId) {
    m_impl->queueJoins.Add(eventLabel(eventId)).Increment();
}

void Metrics::queueAdmitted(Id eventId, std::int64_t customers) {
    m_impl->queueAdmissions.Add(eventLabel(eventId)).Increment(static_cast<double>(customers));
}

void Metrics::connectionWaited(std::string_view store, double seconds) {
    m_impl->seriesOf(store).connectionWaits->Observe(seconds);
}

void Metrics::transactionTook(std::string_view store, double seconds) {
    m_impl->seriesOf(store).transactions->Observe(seconds);
}

} // namespace bilheteria
