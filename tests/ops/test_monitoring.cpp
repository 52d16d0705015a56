// The shipped monitoring files against the real tools: promtool checks the Prometheus
// configuration and runs the alert rules' unit tests; every query of the Grafana dashboard
// parses; and the real Prometheus scrapes two live instances on one PostgreSQL during a sale,
// whose figures come back through its HTTP API and name every metric the dashboard uses.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/builders.h"
#include "tests/support/prometheusprocess.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"

#ifndef BILHETERIA_SOURCE_DIR
#error "BILHETERIA_SOURCE_DIR must name the source tree"
#endif

namespace bilheteria::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

const std::string kPrometheusDir = BILHETERIA_SOURCE_DIR "/installer/prometheus";
const std::string kDashboard =
    BILHETERIA_SOURCE_DIR "/installer/grafana/dashboards/bilheteria-rush.json";

struct CommandResult {
    int status = -1;
    std::string output; // stdout and stderr
};

// Runs `command` with sh in `directory`.
CommandResult run(const std::string& directory, const std::string& command) {
    CommandResult result;
    const std::string line = "cd '" + directory + "' && " + command + " 2>&1";
    std::FILE* pipe = ::popen(line.c_str(), "r");
    if (!pipe) return result;
    char buffer[4096];
    while (std::size_t read = std::fread(buffer, 1, sizeof buffer, pipe))
        result.output.append(buffer, read);
    const int status = ::pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Every panel's query, with Grafana's variables given values Prometheus accepts.
std::vector<std::string> dashboardQueries() {
    const json dashboard = json::parse(readFile(kDashboard));
    std::vector<std::string> queries;
    for (const json& panel : dashboard.at("panels"))
        for (const json& target : panel.value("targets", json::array())) {
            std::string expr = target.at("expr").get<std::string>();
            for (const auto& [variable, value] :
                 {std::pair{"$__rate_interval", "1m"}, {"$__range", "1h"}, {"$instance", ".*"}})
                for (auto at = expr.find(variable); at != std::string::npos;
                     at = expr.find(variable))
                    expr.replace(at, std::string(variable).size(), value);
            queries.push_back(expr);
        }
    return queries;
}

// The names of the samples in a text exposition (histograms as their _bucket, _sum and _count).
std::set<std::string> exportedNames(const std::string& exposition) {
    std::set<std::string> names;
    std::istringstream in(exposition);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty() && line.front() != '#')
            names.insert(line.substr(0, line.find_first_of("{ ")));
    return names;
}

TEST(ShippedPrometheusFiles, TheConfigurationChecksAndTheAlertRulesPassTheirTests) {
    const auto config = run(kPrometheusDir, "promtool check config prometheus.yml");
    EXPECT_EQ(config.status, 0) << config.output;
    EXPECT_NE(config.output.find("SUCCESS: 1 rule files found"), std::string::npos)
        << config.output;
    const auto tests = run(kPrometheusDir, "promtool test rules alerts_test.yml");
    EXPECT_EQ(tests.status, 0) << tests.output;
    EXPECT_NE(tests.output.find("SUCCESS"), std::string::npos) << tests.output;
}

TEST(ShippedGrafanaDashboard, EveryPanelQueryParses) {
    const auto queries = dashboardQueries();
    ASSERT_GE(queries.size(), 10u);
    // Each query as a recording rule: promtool parses every expression.
    std::ostringstream rules;
    rules << "groups:\n  - name: dashboard\n    rules:\n";
    for (std::size_t i = 0; i < queries.size(); ++i)
        rules << "      - record: dashboard:panel" << i << "\n        expr: " << json(queries[i])
              << "\n";
    const auto folder = std::filesystem::temp_directory_path() / "bilheteria-dashboard-rules";
    std::filesystem::create_directories(folder);
    std::ofstream(folder / "rules.yml") << rules.str();
    const auto checked = run(folder.string(), "promtool check rules rules.yml");
    EXPECT_EQ(checked.status, 0) << checked.output << "\n" << rules.str();
    EXPECT_NE(checked.output.find("SUCCESS: " + std::to_string(queries.size()) + " rules found"),
              std::string::npos)
        << checked.output;
    std::filesystem::remove_all(folder);
}

class MonitoringClusterTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_database = std::make_unique<TestDatabase>(Backend::Postgres);
        addUser(url(), "organizer@example.com", "Olga Organizer", "organizer", kTestPassword);
        m_a = std::make_unique<ServerProcess>(url(), std::vector<std::string>{});
        // B serves A's certificate (Prometheus trusts that one), and allows an account one
        // login: its second is refused, so a rate-limit refusal is counted too.
        m_b = std::make_unique<ServerProcess>(
            url(), std::vector<std::string>{"--tls-cert", m_a->caCertPath(), "--tls-key",
                                            m_a->dataDir() + "/tls/server.key",
                                            "--limit-login-email", "0.001:1"});
        // The shipped scrape job's settings, at a test's pace and on the test's ports.
        std::ostringstream config;
        config << "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
               << "scrape_configs:\n  - job_name: bilheteria\n    scheme: https\n"
               << "    metrics_path: /metrics\n    tls_config:\n      ca_file: "
               << m_a->caCertPath()
               << "\n    static_configs:\n      - targets: ['127.0.0.1:" << m_a->port()
               << "', '127.0.0.1:" << m_b->port() << "']\n";
        m_prometheus = std::make_unique<PrometheusProcess>(config.str());
    }

    void TearDown() override {
        m_prometheus.reset();
        for (auto* server : {&m_a, &m_b})
            if (*server) {
                EXPECT_EQ((*server)->stop(), 0) << (*server)->output();
            }
        m_database.reset();
    }

    const std::string& url() const { return m_database->url(); }

    // Polls `promql` until its value is `expected` (Prometheus scrapes every second), failing
    // with the last value after 30 s.
    void expectEventually(const std::string& promql, double expected) {
        std::optional<double> last;
        const auto deadline = std::chrono::steady_clock::now() + 30s;
        while (std::chrono::steady_clock::now() < deadline) {
            last = m_prometheus->value(promql);
            if (last == expected) return;
            std::this_thread::sleep_for(200ms);
        }
        ADD_FAILURE() << promql << " is " << (last ? std::to_string(*last) : "empty") << ", not "
                      << expected << "\n"
                      << m_prometheus->query("up").dump() << "\n"
                      << m_prometheus->log();
    }

    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<ServerProcess> m_a;
    std::unique_ptr<ServerProcess> m_b;
    std::unique_ptr<PrometheusProcess> m_prometheus;
};

TEST_F(MonitoringClusterTest, PrometheusReadsASaleBackFromBothInstances) {
    HttpsClient a(*m_a);
    HttpsClient b(m_b->port(), m_a->caCertPath());
    const std::string organizer = a.login("organizer@example.com", kTestPassword);
    json body = demoEventBody("Monitored Night");
    body["queue"] = {{"enabled", true}, {"admit_per_minute", 600}};
    auto created = a.post("/api/v1/events", body, organizer);
    ASSERT_EQ(created.status, 201) << created.raw;
    const json event = created.body["event"];
    const std::string eventId = std::to_string(event["id"].get<Id>());

    // A buyer queues, is let in, holds three places and pays, all through instance A.
    auto registered =
        a.post("/api/v1/auth/register",
               {{"email", "ana@example.com"}, {"password", kTestPassword}, {"name", "Ana"}});
    ASSERT_EQ(registered.status, 201) << registered.raw;
    const std::string ana = a.login("ana@example.com", kTestPassword);
    auto joined = a.post(path("/api/v1/events/", event["id"], "/queue"), json::object(), ana);
    ASSERT_EQ(joined.status, 200) << joined.raw;
    const auto until = std::chrono::steady_clock::now() + 30s;
    json status = json::object();
    while (!status.value("admitted", false) && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(100ms);
        status = a.get(path("/api/v1/events/", event["id"], "/queue"), ana).body;
    }
    ASSERT_TRUE(status.value("admitted", false)) << status.dump();
    auto held = a.post(path("/api/v1/events/", event["id"], "/holds"),
                       {{"section_id", event["sections"][1]["id"]}, {"quantity", 3}}, ana);
    ASSERT_EQ(held.status, 201) << held.raw;
    auto paid = a.post(path("/api/v1/holds/", held.body["hold"]["id"], "/purchase"),
                       cardPurchaseBody(), ana, {{"Idempotency-Key", "monitored-sale-1"}});
    ASSERT_EQ(paid.status, 201) << paid.raw;
    const auto sold = static_cast<double>(paid.body["order"]["tickets"].size());
    ASSERT_EQ(sold, 3);
    // The same request again is a replay, not a second sale.
    auto again = a.post(path("/api/v1/holds/", held.body["hold"]["id"], "/purchase"),
                        cardPurchaseBody(), ana, {{"Idempotency-Key", "monitored-sale-1"}});
    ASSERT_EQ(again.status, 200) << again.raw;

    // On B: the organizer's second login is refused by the rule on the account.
    EXPECT_EQ(b.post("/api/v1/auth/login",
                     {{"email", "organizer@example.com"}, {"password", kTestPassword}})
                  .status,
              200);
    EXPECT_EQ(b.post("/api/v1/auth/login",
                     {{"email", "organizer@example.com"}, {"password", kTestPassword}})
                  .status,
              429);

    // What Prometheus scraped from both instances adds up to what happened.
    expectEventually(R"(count(up{job="bilheteria"} == 1))", 2);
    expectEventually("sum(bilheteria_tickets_sold_total)", sold);
    expectEventually(R"(sum(bilheteria_orders_total{event=")" + eventId + R"("}))", 1);
    expectEventually(R"(sum(bilheteria_tickets_held_total{event=")" + eventId + R"("}))", 3);
    expectEventually(R"(sum(bilheteria_queue_joins_total{event=")" + eventId + R"("}))", 1);
    expectEventually(R"(sum(bilheteria_queue_admissions_total{event=")" + eventId + R"("}))", 1);
    // The queue's length is the database's: both instances say nobody waits any more.
    expectEventually(R"(count(bilheteria_queue_waiting{event=")" + eventId + R"("} == 0))", 2);
    expectEventually(R"(sum(bilheteria_rate_limited_total{rule="login.email"}))", 1);
    expectEventually("count(bilheteria_database_up == 1)", 2);
    // The organizer's live view (the sales report the desktop's sales page and the terminal's
    // figures show) and the metrics give the same numbers, on both instances.
    auto report = a.get(path("/api/v1/events/", event["id"], "/sales"), organizer);
    ASSERT_EQ(report.status, 200) << report.raw;
    const json& figures = report.body["sales"];
    EXPECT_EQ(figures["sold"], 3);
    for (const auto& [metric, field] : {std::pair{"bilheteria_event_tickets_sold", "sold"},
                                        {"bilheteria_event_tickets_held", "held"},
                                        {"bilheteria_event_tickets_available", "available"},
                                        {"bilheteria_event_orders", "orders"}}) {
        const std::string series = std::string(metric) + R"({event=")" + eventId + R"("})";
        expectEventually("min(" + series + ")", figures[field].get<double>());
        expectEventually("max(" + series + ")", figures[field].get<double>());
        expectEventually("count(" + series + ")", 2);
    }
    // The sale went through A only.
    const std::string onA = "127.0.0.1:" + std::to_string(m_a->port());
    expectEventually(R"(sum(bilheteria_orders_total{instance=")" + onA + R"("}))", 1);
    expectEventually(R"(sum(bilheteria_http_requests_total{route="/api/v1/holds/{id}/purchase",)"
                     R"(status="201",instance=")" +
                         onA + R"("}))",
                     1);
    expectEventually(R"(count(bilheteria_database_transaction_duration_seconds_count{)"
                     R"(store="postgresql"} > 0))",
                     2);

    // Every metric a dashboard panel names is one the servers export.
    std::set<std::string> exported = exportedNames(a.get("/metrics").raw);
    exported.merge(exportedNames(b.get("/metrics").raw));
    const std::regex metric(R"(\bbilheteria_[a-z_]+)");
    for (const std::string& query : dashboardQueries())
        for (auto it = std::sregex_iterator(query.begin(), query.end(), metric);
             it != std::sregex_iterator(); ++it)
            EXPECT_TRUE(exported.contains(it->str()))
                << it->str() << " (in " << query << ") is not exported";
}

} // namespace
} // namespace bilheteria::testing
