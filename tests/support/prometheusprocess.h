// The real Prometheus (Debian's `prometheus`) as a child process, with a configuration the test
// writes, a temporary storage folder and a free loopback port; and its HTTP query API.
#pragma once

#include <optional>
#include <string>
#include <sys/types.h>

#include <nlohmann/json.hpp>

namespace bilheteria::testing {

class PrometheusProcess {
public:
    // Starts `prometheus --config.file=<dir>/prometheus.yml` with `config` as that file (paths
    // in it may be absolute, or relative to dir()), and waits until /-/ready answers 200;
    // throws std::runtime_error (with Prometheus' log) if it does not within 30 s.
    explicit PrometheusProcess(const std::string& config);
    ~PrometheusProcess();
    PrometheusProcess(const PrometheusProcess&) = delete;
    PrometheusProcess& operator=(const PrometheusProcess&) = delete;

    int port() const { return m_port; }
    // GET /api/v1/query?query=`promql`: the reply's data.result (a vector's samples), or
    // throws std::runtime_error saying what Prometheus answered.
    nlohmann::json query(const std::string& promql) const;
    // The query's single sample's value, or nullopt when the result is empty.
    std::optional<double> value(const std::string& promql) const;
    std::string log() const;

private:
    pid_t m_pid = -1;
    int m_port = 0;
    std::string m_dir;
};

} // namespace bilheteria::testing
