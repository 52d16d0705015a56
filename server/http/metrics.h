// Prometheus metrics: request counts and latencies per route, plus gauges other parts register.
// Rendered in the text exposition format at GET /metrics.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace bilheteria {

class Metrics {
public:
    Metrics();

    void recordRequest(const std::string& method, const std::string& route, int status,
                       double seconds);
    void countRateLimited(const std::string& rule);
    // A value read at scrape time, e.g. the database's reachability.
    void addGauge(std::string name, std::string help, std::function<double()> read);
    // A count kept elsewhere (e.g. by a core service), read at scrape time.
    void addCounter(std::string name, std::string help, std::function<double()> read);
    std::string render() const;

private:
    static constexpr std::array<double, 12> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                     0.1,   0.25,   0.5,   1.0,  2.5,   5.0};
    struct Histogram {
        std::array<std::uint64_t, kBuckets.size()> counts{};
        std::uint64_t count = 0;
        double sum = 0;
    };
    struct Gauge {
        std::string name, help;
        std::function<double()> read;
        bool counter = false;
    };

    mutable std::mutex m_mutex;
    std::map<std::tuple<std::string, std::string, int>, std::uint64_t> m_requests;
    std::map<std::string, Histogram> m_latency;
    std::map<std::string, std::uint64_t> m_rateLimited;
    std::vector<Gauge> m_gauges;
    double m_startTime;
};

} // namespace bilheteria
