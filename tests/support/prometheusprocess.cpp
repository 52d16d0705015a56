#include "tests/support/prometheusprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <httplib.h>

#include "tests/support/loopback.h"

namespace bilheteria::testing {

PrometheusProcess::PrometheusProcess(const std::string& config) {
    std::string pattern = (std::filesystem::temp_directory_path() / "bilheteria-prometheus.XXXXXX");
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    m_dir = pattern;
    m_port = freeLoopbackPort();
    {
        std::ofstream file(m_dir + "/prometheus.yml");
        file << config;
    }
    const std::string configFlag = "--config.file=" + m_dir + "/prometheus.yml";
    const std::string storageFlag = "--storage.tsdb.path=" + m_dir + "/data";
    const std::string listenFlag = "--web.listen-address=127.0.0.1:" + std::to_string(m_port);
    const std::string logPath = m_dir + "/prometheus.log";
    m_pid = ::fork();
    if (m_pid < 0) throw std::runtime_error("fork failed");
    if (m_pid == 0) {
        const int log = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (log >= 0) {
            ::dup2(log, STDOUT_FILENO);
            ::dup2(log, STDERR_FILENO);
        }
        if (::chdir(m_dir.c_str()) != 0) ::_exit(126);
        ::execlp("prometheus", "prometheus", configFlag.c_str(), storageFlag.c_str(),
                 listenFlag.c_str(), "--web.enable-lifecycle", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{30};
    for (;;) {
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            throw std::runtime_error("prometheus exited at start:\n" + log());
        }
        if (acceptsOnLoopback(m_port)) {
            httplib::Client client("127.0.0.1", m_port);
            if (auto ready = client.Get("/-/ready"); ready && ready->status == 200) break;
        }
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("prometheus did not become ready:\n" + log());
        std::this_thread::sleep_for(std::chrono::milliseconds{100});
    }
}

PrometheusProcess::~PrometheusProcess() {
    if (m_pid > 0) stopChild(m_pid, SIGTERM, std::chrono::seconds{20});
    std::error_code ignored;
    std::filesystem::remove_all(m_dir, ignored);
}

nlohmann::json PrometheusProcess::query(const std::string& promql) const {
    httplib::Client client("127.0.0.1", m_port);
    auto reply =
        client.Get("/api/v1/query", httplib::Params{{"query", promql}}, httplib::Headers{});
    if (!reply) throw std::runtime_error("no answer from prometheus to " + promql);
    const auto body = nlohmann::json::parse(reply->body, nullptr, false);
    if (reply->status != 200 || body.is_discarded() || body.value("status", "") != "success")
        throw std::runtime_error("prometheus answered " + std::to_string(reply->status) + " to " +
                                 promql + ": " + reply->body);
    return body["data"]["result"];
}

std::optional<double> PrometheusProcess::value(const std::string& promql) const {
    const auto result = query(promql);
    if (result.empty()) return std::nullopt;
    if (result.size() != 1)
        throw std::runtime_error(promql + " gave " + std::to_string(result.size()) +
                                 " samples: " + result.dump());
    // A sample is {"metric": {...}, "value": [time, "text"]}.
    return std::stod(result[0]["value"][1].get<std::string>());
}

std::string PrometheusProcess::log() const {
    std::ifstream in(m_dir + "/prometheus.log");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace bilheteria::testing
