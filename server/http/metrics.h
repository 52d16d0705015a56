// The server's Prometheus metrics, kept and rendered by prometheus-cpp (Debian's
// prometheus-cpp-dev, core library only; our own route serves the text at GET /metrics).
// Requests and their latencies per route, rate-limit refusals, what the core's services count
// (ActivityCounters), the store's connection waits and transaction times (DatabaseTimings), and
// values other parts register to be read at scrape time (addGauge, addCounter, addGauges).
// docs/operations.md lists every metric.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "server/core/activity.h"
#include "server/core/store/databasetimings.h"

namespace bilheteria {

class Metrics final : public ActivityCounters, public DatabaseTimings {
public:
    Metrics();
    ~Metrics() override;
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    void recordRequest(const std::string& method, const std::string& route, int status,
                       double seconds);
    void countRateLimited(const std::string& rule);

    // A value read at scrape time, e.g. the database's reachability. `name` follows
    // Prometheus' conventions (bilheteria_..., units in the name); registering a name twice,
    // or an invalid one, throws std::invalid_argument (a programming error, found at start).
    void addGauge(std::string name, std::string help, std::function<double()> read);
    // A count kept elsewhere (e.g. by a core service), read at scrape time; name it ..._total.
    void addCounter(std::string name, std::string help, std::function<double()> read);
    // Gauges read at scrape time, one per value of `label` (e.g. the queue length per event):
    // `read` returns (label value, gauge value) pairs.
    using LabelledValues = std::vector<std::pair<std::string, double>>;
    void addGauges(std::string name, std::string help, std::string label,
                   std::function<LabelledValues()> read);

    // The text exposition format (version 0.0.4). Values registered above are read here,
    // outside any lock (they may ask the database).
    std::string render() const;

    // ActivityCounters
    void holdPlaced(Id eventId, std::int64_t tickets) override;
    void holdsExpired(std::int64_t holds) override;
    void saleMade(Id eventId, std::int64_t tickets) override;
    void refundMade(std::int64_t tickets) override;
    void exchangeMade() override;
    void checkedIn() override;
    void queueJoined(Id eventId) override;
    void queueAdmitted(Id eventId, std::int64_t customers) override;

    // DatabaseTimings
    void connectionWaited(std::string_view store, double seconds) override;
    void transactionTook(std::string_view store, double seconds) override;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace bilheteria
