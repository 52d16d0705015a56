// bilheteria-loadgen --scenario login-storm: does a sign-in storm slow the sale down?
//
// The sale: --connections workers, each with its own keep-alive connection, take turns over the
// --buyers (signed in before anything is measured, as buyers who signed in the day before) and
// each makes one hold of one general-admission ticket and buys it every --sale-interval-ms
// (paced, not as fast as possible: a steady sale the server keeps up with). Two phases:
//   quiet  the sale alone for --quiet-seconds;
//   storm  the same sale while --storm-connections more connections sign in --storm-logins
//          times, as fast as they can, over --storm-accounts accounts (--storm-email-pattern);
//          a 503 or 429 is retried after its Retry-After, as a browser would, and counted; the
//          storm stops after --rush-seconds even if sign-ins remain.
// The figures: the sale's hold and purchase latencies (p50/p99) in each phase and their ratio,
// logins/s and refusals. A program that prints figures, not a test.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>

#include "loadgen.h"

namespace bilheteria::loadgen {

namespace {

struct SaleStats {
    std::vector<double> holdMs, purchaseMs, saleMs; // saleMs: both requests of one sale
    std::int64_t sales = 0, failures = 0;
    std::map<std::string, std::int64_t> errors;
};

class Storm {
public:
    Storm(const Options& o, const term::ServerAddress& address, Id event, Id section, int expYear)
        : m_o(o)
        , m_address(address)
        , m_event(event)
        , m_section(section)
        , m_expYear(expYear) {}

    // Signs the sale's buyers in; false when none could.
    bool signInBuyers() {
        auto api = openConnection(m_address, m_o);
        Stats stats;
        for (int i = 0; i < m_o.buyers; ++i) {
            const int index = m_o.firstBuyer + i;
            auto token =
                logIn(api, buyerEmail(m_o.emailPattern, index), m_o.password, {}, stats, 20);
            if (token) m_buyers.push_back({index, *token});
        }
        return !m_buyers.empty();
    }

    // The sale runs from startSale() to stopSale(); setPhase() says where its samples go (0
    // quiet, 1 storm, -1 none).
    void startSale() {
        for (int c = 0; c < m_o.connections; ++c)
            m_sale.emplace_back([this, c] { saleWorker(c); });
    }
    void stopSale() {
        m_phase = -1;
        m_stopping = true;
        for (auto& thread : m_sale)
            thread.join();
    }
    void setPhase(int phase) { m_phase = phase; }

    // The storm: returns once every sign-in succeeded, or after --rush-seconds.
    void storm() {
        std::vector<std::thread> threads;
        for (int c = 0; c < m_o.stormConnections; ++c)
            threads.emplace_back([this] { stormWorker(); });
        for (auto& thread : threads)
            thread.join();
    }

    SaleStats phaseStats(int phase) {
        std::lock_guard lock(m_mutex);
        return m_stats[static_cast<std::size_t>(phase)];
    }
    std::int64_t logins() const { return m_logins; }
    std::int64_t refused503() const { return m_refused503; }
    std::int64_t refused429() const { return m_refused429; }
    std::int64_t loginErrors() const { return m_loginErrors; }
    // Each successful sign-in's time from its first attempt, refusals and waits included.
    std::vector<double> signInMs() {
        std::lock_guard lock(m_mutex);
        return m_signInMs;
    }

private:
    struct Buyer {
        int index;
        std::string token;
    };

    void saleWorker(int worker) {
        auto api = openConnection(m_address, m_o);
        const std::string holdPath = "/api/v1/events/" + std::to_string(m_event) + "/holds";
        const json holdBody{{"section_id", m_section}, {"quantity", 1}};
        std::mt19937_64 random(m_o.seed + static_cast<std::uint64_t>(worker));
        const auto interval = std::chrono::milliseconds(m_o.saleIntervalMs);
        // Spread the workers' ticks over the interval.
        auto next = Clock::now() + interval * worker / std::max(1, m_o.connections);
        for (std::size_t turn = static_cast<std::size_t>(worker); !m_stopping;
             turn += static_cast<std::size_t>(m_o.connections)) {
            std::this_thread::sleep_until(next);
            next += interval;
            if (Clock::now() > next) next = Clock::now(); // behind: no burst to catch up
            const int phase = m_phase;
            const Buyer& buyer = m_buyers[turn % m_buyers.size()];
            const auto auth = withBearer({}, buyer.token);
            const auto start = Clock::now();
            const term::Reply held = api.post(holdPath, holdBody.dump(), auth);
            const auto hold = held.status == 201 ? holdOf(held) : std::nullopt;
            Stats scratch;
            term::Reply bought;
            if (hold)
                bought = purchase(api, hold->value("id", Id{0}),
                                  cardPayment(buyerCard(buyer.index), m_expYear,
                                              "Load Buyer " + std::to_string(buyer.index)),
                                  randomHex(random, 16), auth, scratch);
            const double saleMs = msSince(start);
            if (phase < 0) continue;
            std::lock_guard lock(m_mutex);
            SaleStats& stats = m_stats[static_cast<std::size_t>(phase)];
            stats.holdMs.push_back(held.ms);
            if (!hold) {
                ++stats.failures;
                ++stats.errors["hold " + std::to_string(held.status) + " " + held.errorCode()];
                continue;
            }
            stats.purchaseMs.push_back(bought.ms);
            if (bought.status != 201 && bought.status != 200) {
                ++stats.failures;
                ++stats.errors["purchase " + std::to_string(bought.status) + " " +
                               bought.errorCode()];
                continue;
            }
            stats.saleMs.push_back(saleMs);
            ++stats.sales;
        }
    }

    void stormWorker() {
        auto api = openConnection(m_address, m_o);
        const auto giveUp = Clock::now() + std::chrono::seconds(m_o.rushSeconds);
        for (;;) {
            const int n = m_nextLogin.fetch_add(1);
            if (n >= m_o.stormLogins) return;
            const int index = m_o.firstBot + n % m_o.stormAccounts;
            const json body{{"email", buyerEmail(m_o.botEmailPattern, index)},
                            {"password", m_o.password}};
            const auto first = Clock::now();
            for (;;) {
                if (Clock::now() > giveUp) return;
                const term::Reply reply = api.post("/api/v1/auth/login", body.dump(), {});
                if (reply.status == 200) {
                    ++m_logins;
                    std::lock_guard lock(m_mutex);
                    m_signInMs.push_back(msSince(first)); // with the waits after refusals
                    break;
                }
                if (reply.status == 503 || reply.status == 429) {
                    ++(reply.status == 503 ? m_refused503 : m_refused429);
                    std::this_thread::sleep_for(
                        std::chrono::duration<double>(std::max(0.1, reply.retryAfterSeconds)));
                    continue;
                }
                ++m_loginErrors;
                break;
            }
        }
    }

    const Options& m_o;
    const term::ServerAddress& m_address;
    const Id m_event, m_section;
    const int m_expYear;
    std::vector<Buyer> m_buyers;
    std::vector<std::thread> m_sale;
    std::atomic<int> m_phase = -1;
    std::atomic<bool> m_stopping = false;
    std::atomic<int> m_nextLogin = 0;
    std::atomic<std::int64_t> m_logins = 0, m_refused503 = 0, m_refused429 = 0, m_loginErrors = 0;
    std::mutex m_mutex;
    SaleStats m_stats[2];
    std::vector<double> m_signInMs;
};

json phaseJson(const SaleStats& stats, double secs) {
    auto row = [](const std::vector<double>& samples) {
        const auto p = percentiles(samples);
        return json{{"count", p.count}, {"p50", p.p50}, {"p99", p.p99}, {"max", p.max}};
    };
    return {{"seconds", secs},
            {"sales", stats.sales},
            {"sales_per_second", perSecond(stats.sales, secs)},
            {"failures", stats.failures},
            {"errors", stats.errors},
            {"hold_ms", row(stats.holdMs)},
            {"purchase_ms", row(stats.purchaseMs)},
            {"sale_ms", row(stats.saleMs)}};
}

} // namespace

int runLoginStorm(const Options& o, const term::ServerAddress& address, int expYear, json& report) {
    const auto event = fetchEvent(address, o);
    if (!event) {
        std::fprintf(stderr, "error: cannot read event %lld\n", static_cast<long long>(o.event));
        return 1;
    }
    const Id section = o.section ? o.section : firstGeneralSection(*event);
    if (section == 0) {
        std::fprintf(stderr, "error: event %lld has no general-admission section\n",
                     static_cast<long long>(o.event));
        return 1;
    }
    Storm storm(o, address, o.event, section, expYear);
    if (!storm.signInBuyers()) {
        std::fprintf(stderr, "error: none of the sale's buyers could sign in\n");
        return 1;
    }
    storm.startSale();
    std::this_thread::sleep_for(std::chrono::seconds(2)); // connections open, caches warm
    storm.setPhase(0);
    const auto quietStart = Clock::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(o.quietSeconds));
    const double quietSecs = seconds(quietStart, Clock::now());
    storm.setPhase(1);
    const auto stormStart = Clock::now();
    storm.storm();
    const double stormSecs = seconds(stormStart, Clock::now());
    storm.stopSale();

    const json quiet = phaseJson(storm.phaseStats(0), quietSecs);
    const json loud = phaseJson(storm.phaseStats(1), stormSecs);
    auto ratio = [&](const char* step, const char* p) {
        const double base = quiet[step][p].get<double>();
        return base > 0 ? loud[step][p].get<double>() / base : 0.0;
    };
    const auto loginP = percentiles(storm.signInMs());
    report = {{"scenario", "login-storm"},
              {"quiet", quiet},
              {"storm", loud},
              {"ratio",
               {{"hold_p50", ratio("hold_ms", "p50")},
                {"hold_p99", ratio("hold_ms", "p99")},
                {"purchase_p50", ratio("purchase_ms", "p50")},
                {"purchase_p99", ratio("purchase_ms", "p99")},
                {"sale_p50", ratio("sale_ms", "p50")},
                {"sale_p99", ratio("sale_ms", "p99")}}},
              {"logins",
               {{"done", storm.logins()},
                {"asked", o.stormLogins},
                {"per_second", perSecond(storm.logins(), stormSecs)},
                {"refused_503", storm.refused503()},
                {"refused_429", storm.refused429()},
                {"errors", storm.loginErrors()},
                {"sign_in_p50_ms", loginP.p50},
                {"sign_in_p99_ms", loginP.p99}}}};

    std::printf("\nBilheteria login storm: event %lld, %d sale connections over %d buyers, one "
                "sale each every %d ms; %d logins over %d connections (%d accounts)\n",
                static_cast<long long>(o.event), o.connections, o.buyers, o.saleIntervalMs,
                o.stormLogins, o.stormConnections, o.stormAccounts);
    std::printf("  %-8s %8s %10s %18s %18s %18s\n", "phase", "seconds", "sales/s",
                "hold p50/p99 ms", "purchase p50/p99", "sale p50/p99");
    for (const auto& [name, row] : {std::pair{"quiet", quiet}, std::pair{"storm", loud}}) {
        auto pair = [&](const char* step) {
            char text[64];
            std::snprintf(text, sizeof text, "%.1f / %.1f", row[step]["p50"].get<double>(),
                          row[step]["p99"].get<double>());
            return std::string(text);
        };
        std::printf("  %-8s %8.1f %10.1f %18s %18s %18s  (%lld failed)\n", name,
                    row["seconds"].get<double>(), row["sales_per_second"].get<double>(),
                    pair("hold_ms").c_str(), pair("purchase_ms").c_str(), pair("sale_ms").c_str(),
                    static_cast<long long>(row["failures"].get<std::int64_t>()));
    }
    std::printf("  storm/quiet: sale p50 %.2fx, p99 %.2fx (hold p99 %.2fx, purchase p99 %.2fx)\n",
                ratio("sale_ms", "p50"), ratio("sale_ms", "p99"), ratio("hold_ms", "p99"),
                ratio("purchase_ms", "p99"));
    std::printf("  logins: %lld of %d in %.1f s = %.1f/s; refused 503 %lld, 429 %lld; other "
                "errors %lld; sign-in (retries included) p50/p99 %.0f / %.0f ms\n",
                static_cast<long long>(storm.logins()), o.stormLogins, stormSecs,
                perSecond(storm.logins(), stormSecs), static_cast<long long>(storm.refused503()),
                static_cast<long long>(storm.refused429()),
                static_cast<long long>(storm.loginErrors()), loginP.p50, loginP.p99);
    return 0;
}

} // namespace bilheteria::loadgen
