#include "server/http/metrics.h"

#include <chrono>
#include <cstdio>

namespace bilheteria {

namespace {
std::string number(double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    return buffer;
}
} // namespace

Metrics::Metrics()
    : m_startTime(std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
                      .count()) {}

void Metrics::recordRequest(const std::string& method, const std::string& route, int status,
                            double seconds) {
    std::lock_guard lock(m_mutex);
    ++m_requests[{method, route, status}];
    auto& histogram = m_latency[route];
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
        if (seconds <= kBuckets[i]) ++histogram.counts[i];
    ++histogram.count;
    histogram.sum += seconds;
}

void Metrics::countRateLimited(const std::string& rule) {
    std::lock_guard lock(m_mutex);
    ++m_rateLimited[rule];
}

void Metrics::addGauge(std::string name, std::string help, std::function<double()> read) {
    std::lock_guard lock(m_mutex);
    m_gauges.push_back({std::move(name), std::move(help), std::move(read), false});
}

void Metrics::addCounter(std::string name, std::string help, std::function<double()> read) {
    std::lock_guard lock(m_mutex);
    m_gauges.push_back({std::move(name), std::move(help), std::move(read), true});
}

std::string Metrics::render() const {
    std::vector<Gauge> gauges;
    std::string out;
    {
        std::lock_guard lock(m_mutex);
        gauges = m_gauges;
        out += "# HELP bilheteria_http_requests_total HTTP requests answered, by route and "
               "status.\n# TYPE bilheteria_http_requests_total counter\n";
        for (const auto& [key, count] : m_requests) {
            const auto& [method, route, status] = key;
            out += "bilheteria_http_requests_total{method=\"" + method + "\",route=\"" + route +
                   "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(count) + "\n";
        }
        out += "# HELP bilheteria_rate_limited_total Requests refused by a rate limit, by rule.\n"
               "# TYPE bilheteria_rate_limited_total counter\n";
        for (const auto& [rule, count] : m_rateLimited)
            out += "bilheteria_rate_limited_total{rule=\"" + rule + "\"} " + std::to_string(count) +
                   "\n";
        out += "# HELP bilheteria_http_request_duration_seconds Time to answer a request.\n"
               "# TYPE bilheteria_http_request_duration_seconds histogram\n";
        for (const auto& [route, h] : m_latency) {
            const std::string name = "bilheteria_http_request_duration_seconds";
            for (std::size_t i = 0; i < kBuckets.size(); ++i)
                out += name + "_bucket{route=\"" + route + "\",le=\"" + number(kBuckets[i]) +
                       "\"} " + std::to_string(h.counts[i]) + "\n";
            out += name + "_bucket{route=\"" + route + "\",le=\"+Inf\"} " +
                   std::to_string(h.count) + "\n";
            out += name + "_sum{route=\"" + route + "\"} " + number(h.sum) + "\n";
            out += name + "_count{route=\"" + route + "\"} " + std::to_string(h.count) + "\n";
        }
    }
    out += "# HELP process_start_time_seconds Start time of the process since the Unix epoch.\n"
           "# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds " +
           number(m_startTime) + "\n";
    // Gauges are read outside the lock: they may touch the database.
    for (const auto& gauge : gauges) {
        out += "# HELP " + gauge.name + " " + gauge.help + "\n# TYPE " + gauge.name +
               (gauge.counter ? " counter\n" : " gauge\n");
        out += gauge.name + " " + number(gauge.read()) + "\n";
    }
    return out;
}

} // namespace bilheteria
