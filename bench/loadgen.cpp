// bilheteria-loadgen: a load generator for the Bilheteria HTTPS API. Three scenarios:
// --scenario flash-sale (the default, below), --scenario rush, a waiting room rushed by
// people and bots, with fairness figures (rush.cpp), and --scenario login-storm, a steady sale
// before and during a sign-in storm (loginstorm.cpp). This file also holds what they share
// (loadgen.h): the HTTPS connections, the buyer's requests, the figures and the invariant check.
//
// The flash sale: C worker threads, each with its own keep-alive HTTPS connection (certificate
// verified against
// --ca-cert, TCP_NODELAY), share a queue of N virtual buyers. A run has three phases, timed
// apart so that the sale's figures are the sale's:
//   1. login     every buyer logs in (POST /api/v1/auth/login). Argon2id makes each login cost
//                tens of milliseconds of server CPU: it is reported, but it is not the sale.
//   2. seat map  seated mode: every worker reads GET /api/v1/events/{id}/seats once and keeps
//                the free seat ids (its own, stale, copy, as a browser would).
//   3. sale      every buyer takes a hold (1-4 random free seats, or a general-admission
//                quantity), retrying with other random seats on 409 seats_unavailable up to
//                --hold-retries times, then buys it with a sandbox card of its own (a Luhn-valid
//                number from its number: the server limits tickets per card; --same-card pays
//                with 4111111111111111 throughout). holds/s, sales/s and tickets/s are over this
//                phase only.
// --create-buyers instead registers the N buyers (POST /api/v1/auth/register) in parallel and
// stops there; --login-only stops after the logins. --sessions FILE keeps the tokens for later
// runs (buyers found there skip the login). --forwarded-for gives every buyer an address of its
// own for a server with --trusted-proxy 127.0.0.1. --check-database URL runs
// `bilheteria-server check` at the end (both scenarios); --json FILE writes the figures.
//
// A program that prints figures (docs/performance.md): it fails only when it cannot run (bad
// options, no server), never because a figure is low or a request failed.
#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "loadgen.h"

namespace bilheteria::loadgen {

namespace {

// Free numbered seats from a seat map, read with a SAX handler: no JSON tree for ~7 MB.
class FreeSeatCollector : public nlohmann::json_sax<json> {
public:
    explicit FreeSeatCollector(Id section)
        : m_section(section) {}

    std::vector<Id> seats;

    bool null() override {
        m_hasRow = m_key == "row" ? false : m_hasRow;
        return true;
    }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t value) override { return integer(value); }
    bool number_unsigned(number_unsigned_t value) override {
        return integer(static_cast<std::int64_t>(value));
    }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t& value) override {
        if (m_key == "state") m_free = value == "free";
        if (m_key == "row") m_hasRow = true;
        return true;
    }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override {
        ++m_depth;
        m_id = 0;
        m_sectionId = 0;
        m_free = false;
        m_hasRow = false;
        return true;
    }
    bool end_object() override {
        if (m_depth == 2 && m_free && m_hasRow && m_id > 0 &&
            (m_section == 0 || m_sectionId == m_section))
            seats.push_back(m_id);
        --m_depth;
        return true;
    }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool key(string_t& value) override {
        m_key = value;
        return true;
    }
    bool parse_error(std::size_t, const std::string&,
                     const nlohmann::detail::exception& error) override {
        m_error = error.what();
        return false;
    }
    const std::string& error() const { return m_error; }

private:
    bool integer(std::int64_t value) {
        if (m_key == "id") m_id = value;
        if (m_key == "section_id") m_sectionId = value;
        return true;
    }

    Id m_section;
    int m_depth = 0;
    std::string m_key;
    Id m_id = 0;
    Id m_sectionId = 0;
    bool m_free = false;
    bool m_hasRow = false;
    std::string m_error;
};

} // namespace

std::string buyerEmail(const std::string& pattern, int index) {
    std::string email = pattern;
    const auto at = email.find("{}");
    if (at != std::string::npos) email.replace(at, 2, std::to_string(index));
    return email;
}

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double seconds(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double>(to - from).count();
}

double perSecond(std::int64_t count, double secs) {
    return secs > 0 ? static_cast<double>(count) / secs : 0.0;
}

// ---------------------------------------------------------------------------------------------
// Figures

void Stats::merge(const Stats& other) {
    for (const auto& [step, samples] : other.latencyMs) {
        auto& mine = latencyMs[step];
        mine.insert(mine.end(), samples.begin(), samples.end());
    }
    for (const auto& [key, count] : other.conflicts)
        conflicts[key] += count;
    for (const auto& [key, count] : other.rateLimited)
        rateLimited[key] += count;
    for (const auto& [key, count] : other.errors)
        errors[key] += count;
    loggedIn += other.loggedIn;
    registered += other.registered;
    alreadyRegistered += other.alreadyRegistered;
    holdAttempts += other.holdAttempts;
    holds += other.holds;
    sales += other.sales;
    tickets += other.tickets;
    buyersWithoutHold += other.buyersWithoutHold;
    heldTickets += other.heldTickets;
    freeSeatsSeen = std::max(freeSeatsSeen, other.freeSeatsSeen);
}

Percentiles percentiles(std::vector<double> samples) {
    Percentiles p;
    p.count = samples.size();
    if (samples.empty()) return p;
    std::sort(samples.begin(), samples.end());
    auto rank = [&](double q) {
        const auto n = static_cast<double>(samples.size());
        const auto index = static_cast<std::size_t>(std::max(1.0, std::ceil(q / 100.0 * n))) - 1;
        return samples[std::min(index, samples.size() - 1)];
    };
    p.p50 = rank(50);
    p.p95 = rank(95);
    p.p99 = rank(99);
    p.max = samples.back();
    double sum = 0;
    for (double s : samples)
        sum += s;
    p.mean = sum / static_cast<double>(samples.size());
    return p;
}

json latencyJson(const Stats& stats) {
    json out = json::object();
    for (const auto& [step, samples] : stats.latencyMs) {
        const auto p = percentiles(samples);
        out[step] = {{"count", p.count}, {"p50", p.p50}, {"p95", p.p95},
                     {"p99", p.p99},     {"max", p.max}, {"mean", p.mean}};
    }
    return out;
}

void printLatency(const Stats& stats, const std::vector<std::string>& order,
                  const std::string& title) {
    if (!title.empty()) std::printf("%s\n", title.c_str());
    std::printf("  %-10s %8s %9s %9s %9s %9s %9s\n", "step", "requests", "p50 ms", "p95 ms",
                "p99 ms", "max ms", "mean ms");
    for (const auto& step : order) {
        const auto it = stats.latencyMs.find(step);
        if (it == stats.latencyMs.end()) continue;
        const auto p = percentiles(it->second);
        std::printf("  %-10s %8zu %9.2f %9.2f %9.2f %9.2f %9.2f\n", step.c_str(), p.count, p.p50,
                    p.p95, p.p99, p.max, p.mean);
    }
}

void printCounts(const char* title, const std::map<std::string, std::int64_t>& counts) {
    std::printf("%s:", title);
    if (counts.empty()) {
        std::printf(" none\n");
        return;
    }
    std::printf("\n");
    for (const auto& [key, count] : counts)
        std::printf("  %-48s %8lld\n", key.c_str(), static_cast<long long>(count));
}

// ---------------------------------------------------------------------------------------------
// HTTP

term::HttpsConnection openConnection(const term::ServerAddress& address, const Options& options) {
    term::ConnectionOptions settings;
    settings.connectTimeout = std::chrono::seconds{10};
    settings.readTimeout = std::chrono::seconds{options.timeoutSeconds};
    settings.acceptEncoding = options.acceptEncoding;
    return term::HttpsConnection(address, term::TlsTrust{.caFile = options.caCert, .pinnedPem = {}},
                                 settings);
}

std::string buyerAddress(int index) {
    const auto n = static_cast<unsigned>(index);
    return "10." + std::to_string((n >> 16) & 0xff) + "." + std::to_string((n >> 8) & 0xff) + "." +
           std::to_string(n & 0xff);
}

term::Headers forwardedFor(const std::string& address) {
    return {{"X-Forwarded-For", address}};
}

// --forwarded-for: every buyer comes from an address of its own, as real buyers do; the server
// believes it when started with --trusted-proxy 127.0.0.1, so its per-address rate limits apply
// per buyer rather than to the whole load generator.
term::Headers buyerHeaders(const Options& o, int index) {
    return o.forwardedFor ? forwardedFor(buyerAddress(index)) : term::Headers{};
}

term::Headers withBearer(term::Headers headers, const std::string& token) {
    headers.push_back({"Authorization", "Bearer " + token});
    return headers;
}

void recordFailure(Stats& stats, const std::string& step, const term::Reply& reply) {
    if (reply.status == 0)
        ++stats.errors[step + " transport " + reply.transportError];
    else if (reply.status == 409)
        ++stats.conflicts[step + " " + reply.errorCode()];
    else if (reply.status == 429)
        ++stats.rateLimited[step];
    else
        ++stats.errors[step + " " + std::to_string(reply.status) + " " + reply.errorCode()];
}

// ---------------------------------------------------------------------------------------------
// The buyer's requests

std::optional<std::string> logIn(term::HttpsConnection& api, const std::string& email,
                                 const std::string& password, const term::Headers& headers,
                                 Stats& stats, int retries429) {
    const json body{{"email", email}, {"password", password}};
    for (int attempt = 0;; ++attempt) {
        const term::Reply reply = api.post("/api/v1/auth/login", body.dump(), headers);
        stats.latencyMs["login"].push_back(reply.ms);
        if (reply.status == 200) {
            const auto parsed = reply.parsed();
            std::string token = parsed.is_object() ? parsed.value("token", std::string{}) : "";
            if (token.empty()) {
                ++stats.errors["login 200 no-token"];
                return std::nullopt;
            }
            ++stats.loggedIn;
            return token;
        }
        recordFailure(stats, "login", reply);
        if (reply.status != 429 || attempt >= retries429) return std::nullopt;
        std::this_thread::sleep_for(
            std::chrono::duration<double>(std::max(0.1, reply.retryAfterSeconds)));
    }
}

std::vector<Id> readFreeSeats(term::HttpsConnection& api, Id event, Id section, Stats& stats) {
    const term::Reply reply = api.get("/api/v1/events/" + std::to_string(event) + "/seats");
    stats.latencyMs["seat map"].push_back(reply.ms);
    if (reply.status != 200) {
        recordFailure(stats, "seat map", reply);
        return {};
    }
    FreeSeatCollector collector(section);
    if (!json::sax_parse(reply.body, &collector)) {
        ++stats.errors["seat map unparsable"];
        return {};
    }
    return std::move(collector.seats);
}

std::vector<Id> pickSeats(std::vector<Id>& pool, int count, std::mt19937_64& random) {
    std::vector<Id> picked;
    while (static_cast<int>(picked.size()) < count && !pool.empty()) {
        std::uniform_int_distribution<std::size_t> at(0, pool.size() - 1);
        const std::size_t i = at(random);
        picked.push_back(pool[i]);
        pool[i] = pool.back();
        pool.pop_back();
    }
    return picked;
}

std::vector<Id> takenSeats(const term::Reply& reply, const std::vector<Id>& picked) {
    std::vector<Id> taken;
    try {
        for (const auto& id : reply.errorDetails().at("seat_ids"))
            taken.push_back(id.get<Id>());
    } catch (const json::exception&) {
        return picked;
    }
    return taken;
}

std::string buyerCard(int index) {
    // Offset so that no buyer gets 4000000000000002, the sandbox's declined card.
    std::string digits = std::to_string(400000000000000LL + 1000000 + (index % 10000000000000LL));
    int sum = 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        // From the right of the final 16-digit number, these are positions 2, 3, ...: double
        // every other one starting with the rightmost of these 15.
        int d = digits[digits.size() - 1 - i] - '0';
        if (i % 2 == 0) {
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
    }
    return digits + static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::string randomHex(std::mt19937_64& random, int bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < bytes; ++i) {
        const auto b = static_cast<unsigned>(random() & 0xff);
        out += digits[b >> 4];
        out += digits[b & 0xf];
    }
    return out;
}

json cardPayment(const std::string& card, int expYear, const std::string& holder) {
    return {{"payment",
             {{"method", "card"},
              {"card_number", card},
              {"exp_month", 12},
              {"exp_year", expYear},
              {"cvc", "123"},
              {"holder_name", holder}}}};
}

std::optional<json> holdOf(const term::Reply& reply) {
    auto parsed = reply.parsed();
    if (!parsed.is_object() || !parsed.contains("hold") || !parsed["hold"].is_object())
        return std::nullopt;
    return std::move(parsed["hold"]);
}

std::int64_t ticketsHeld(const json& hold) {
    std::int64_t held = 0;
    for (const auto& g : hold.value("general", json::array()))
        held += g.value("quantity", std::int64_t{0});
    return held + static_cast<std::int64_t>(hold.value("seats", json::array()).size());
}

term::Reply purchase(term::HttpsConnection& api, Id hold, const json& payment,
                     const std::string& idempotencyKey, term::Headers headers, Stats& stats) {
    headers.push_back({"Idempotency-Key", idempotencyKey});
    term::Reply reply =
        api.post("/api/v1/holds/" + std::to_string(hold) + "/purchase", payment.dump(), headers);
    stats.latencyMs["purchase"].push_back(reply.ms);
    return reply;
}

std::int64_t ticketsBought(const term::Reply& reply) {
    const auto order = reply.parsed();
    if (!order.is_object() || !order.contains("order") || !order["order"].is_object()) return 0;
    return static_cast<std::int64_t>(order["order"].value("tickets", json::array()).size());
}

std::optional<json> fetchEvent(const term::ServerAddress& address, const Options& options) {
    auto api = openConnection(address, options);
    const term::Reply reply = api.get("/api/v1/events/" + std::to_string(options.event));
    const auto parsed = reply.parsed();
    if (reply.status != 200 || !parsed.is_object() || !parsed.contains("event") ||
        !parsed["event"].is_object())
        return std::nullopt;
    return parsed["event"];
}

Id firstGeneralSection(const json& event) {
    try {
        for (const auto& section : event.at("sections"))
            if (section.at("kind") == "general") return section.at("id").get<Id>();
    } catch (const json::exception&) {
    }
    return 0;
}

// ---------------------------------------------------------------------------------------------
// The flash sale

namespace {

struct Shared {
    Shared(const Options& options, term::ServerAddress address, int expYear)
        : options(options)
        , address(std::move(address))
        , expYear(expYear) {}

    const Options& options;
    const term::ServerAddress address;
    const int expYear;               // of the sandbox card: a few years ahead
    std::vector<std::string> tokens; // per buyer; empty when the login failed
    std::atomic<int> nextLogin{0};   // the buyer queue of each phase
    std::atomic<int> nextSale{0};
    std::atomic<int> nextRegistration{0};
    Id generalSection = 0;
};

struct PhaseTimes {
    Clock::time_point loginStart, loginEnd, seatsEnd, saleEnd;
};

void registerBuyers(Shared& shared, Stats& stats) {
    const Options& o = shared.options;
    auto api = openConnection(shared.address, o);
    for (;;) {
        const int n = shared.nextRegistration.fetch_add(1);
        if (n >= o.buyers) break;
        const int index = o.firstBuyer + n;
        const json body{{"email", buyerEmail(o.emailPattern, index)},
                        {"password", o.password},
                        {"name", "Load Buyer " + std::to_string(index)}};
        const term::Reply reply =
            api.post("/api/v1/auth/register", body.dump(), buyerHeaders(o, index));
        stats.latencyMs["register"].push_back(reply.ms);
        if (reply.status == 201)
            ++stats.registered;
        else if (reply.status == 409 && reply.errorCode() == "email_taken")
            ++stats.alreadyRegistered;
        else
            recordFailure(stats, "register", reply);
    }
}

// One buyer's sale: a hold (retried on seat conflicts), then the purchase.
void buy(Shared& shared, term::HttpsConnection& api, const std::string& token, int index,
         std::vector<Id>& freeSeats, std::mt19937_64& random, Stats& stats) {
    const Options& o = shared.options;
    const auto auth = withBearer(buyerHeaders(o, index), token);
    std::uniform_int_distribution<int> quantity(o.minSeats, o.maxSeats);
    const int wanted = quantity(random);
    const std::string holdPath = "/api/v1/events/" + std::to_string(o.event) + "/holds";

    std::optional<json> hold;
    for (int attempt = 0; attempt <= o.holdRetries; ++attempt) {
        json body;
        std::vector<Id> picked;
        if (o.mode == "seated") {
            picked = pickSeats(freeSeats, wanted, random);
            if (picked.empty()) {
                ++stats.errors["hold none-left-in-worker-seat-map"];
                break;
            }
            body = {{"seat_ids", picked}};
        } else {
            body = {{"section_id", shared.generalSection}, {"quantity", wanted}};
        }
        ++stats.holdAttempts;
        const term::Reply reply = api.post(holdPath, body.dump(), auth);
        stats.latencyMs["hold"].push_back(reply.ms);
        if (reply.status == 201) {
            hold = holdOf(reply);
            break;
        }
        recordFailure(stats, "hold", reply);
        if (reply.status != 409 || reply.errorCode() != "seats_unavailable") break;
        // Seats someone else took leave this worker's map; the rest of the pick goes back.
        const auto taken = takenSeats(reply, picked);
        for (Id id : picked)
            if (std::find(taken.begin(), taken.end(), id) == taken.end()) freeSeats.push_back(id);
    }
    if (!hold) {
        ++stats.buyersWithoutHold;
        return;
    }
    ++stats.holds;
    stats.heldTickets += ticketsHeld(*hold);

    const term::Reply reply =
        purchase(api, hold->value("id", Id{0}),
                 cardPayment(o.sameCard ? "4111111111111111" : buyerCard(index), shared.expYear,
                             "Load Buyer " + std::to_string(index)),
                 randomHex(random, 16), auth, stats);
    if (reply.status != 201 && reply.status != 200) {
        recordFailure(stats, "purchase", reply);
        return;
    }
    ++stats.sales;
    stats.tickets += ticketsBought(reply);
}

void saleWorker(Shared& shared, int worker, std::barrier<>& sync, Stats& stats, PhaseTimes& times) {
    const Options& o = shared.options;
    std::mt19937_64 random(o.seed + static_cast<std::uint64_t>(worker) * 0x9e3779b97f4a7c15ULL);
    auto api = openConnection(shared.address, o);

    // 1. Logins.
    for (;;) {
        const int n = shared.nextLogin.fetch_add(1);
        if (n >= o.buyers) break;
        if (!shared.tokens[static_cast<std::size_t>(n)].empty()) continue; // --sessions
        const int index = o.firstBuyer + n;
        if (auto token = logIn(api, buyerEmail(o.emailPattern, index), o.password,
                               buyerHeaders(o, index), stats))
            shared.tokens[static_cast<std::size_t>(n)] = std::move(*token);
    }
    sync.arrive_and_wait();
    if (worker == 0) times.loginEnd = Clock::now();
    if (o.loginOnly) return;

    // 2. The seat map, once per worker.
    std::vector<Id> freeSeats;
    if (o.mode == "seated") {
        freeSeats = readFreeSeats(api, o.event, o.section, stats);
        stats.freeSeatsSeen = static_cast<std::int64_t>(freeSeats.size());
    }
    sync.arrive_and_wait();
    if (worker == 0) times.seatsEnd = Clock::now();
    sync.arrive_and_wait(); // every worker now reads the sale's start

    // 3. The sale. With --rate, buyer n is due at start + n / rate: a buyer started late (every
    // connection busy) counts its lag, which open-loop figures must not hide.
    for (;;) {
        const int n = shared.nextSale.fetch_add(1);
        if (n >= o.buyers) break;
        const std::string& token = shared.tokens[static_cast<std::size_t>(n)];
        if (token.empty()) continue;
        if (o.rate > 0) {
            const auto due = times.seatsEnd + std::chrono::duration_cast<Clock::duration>(
                                                  std::chrono::duration<double>(n / o.rate));
            std::this_thread::sleep_until(due);
            stats.latencyMs["start-lag"].push_back(msSince(due));
        }
        buy(shared, api, token, o.firstBuyer + n, freeSeats, random, stats);
    }
}

// ---------------------------------------------------------------------------------------------
// The invariant check: `bilheteria-server check --database URL`, its output passed through.

struct CheckResult {
    bool ran = false;
    int exitStatus = -1;
    std::string verdict;
    std::string output;
};

std::string defaultServerBinary() {
    std::vector<char> path(4096);
    const ssize_t n = readlink("/proc/self/exe", path.data(), path.size() - 1);
    if (n <= 0) return "bilheteria-server";
    std::string self(path.data(), static_cast<std::size_t>(n));
    const auto slash = self.rfind('/');
    return (slash == std::string::npos ? std::string{"."} : self.substr(0, slash)) +
           "/bilheteria-server";
}

CheckResult runCheck(const std::string& binary, const std::string& database) {
    CheckResult result;
    int fds[2];
    if (pipe(fds) != 0) {
        result.verdict = "could not run: pipe failed";
        return result;
    }
    const pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        result.verdict = "could not run: fork failed";
        return result;
    }
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        close(fds[1]);
        const int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0) dup2(devnull, STDIN_FILENO);
        execl(binary.c_str(), binary.c_str(), "check", "--database", database.c_str(),
              static_cast<char*>(nullptr));
        std::fprintf(stderr, "cannot run %s\n", binary.c_str());
        _exit(127);
    }
    close(fds[1]);
    char buffer[4096];
    ssize_t got = 0;
    while ((got = read(fds[0], buffer, sizeof buffer)) > 0)
        result.output.append(buffer, static_cast<std::size_t>(got));
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    result.ran = true;
    result.exitStatus = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    // The verdict is the report's last line ("invariant check: N checked, M problem(s) ...").
    std::string last;
    std::istringstream lines(result.output);
    for (std::string line; std::getline(lines, line);)
        if (!line.empty()) last = line;
    result.verdict = last.empty() ? "(no output)" : last;
    return result;
}

// ---------------------------------------------------------------------------------------------
// The report

double monotonicSeconds(Clock::time_point at) {
    return std::chrono::duration<double>(at.time_since_epoch()).count();
}

int currentYear() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    return utc.tm_year + 1900;
}

int runCreateBuyers(Shared& shared, json& report) {
    const Options& o = shared.options;
    std::vector<Stats> perWorker(static_cast<std::size_t>(o.connections));
    const auto start = Clock::now();
    {
        std::vector<std::jthread> workers;
        for (int w = 0; w < o.connections; ++w)
            workers.emplace_back([&shared, &perWorker, w] {
                registerBuyers(shared, perWorker[static_cast<std::size_t>(w)]);
            });
    }
    const double wall = seconds(start, Clock::now());
    Stats stats;
    for (const auto& s : perWorker)
        stats.merge(s);

    std::printf("\nBilheteria buyer registration: %d buyers (%s ... %s), %d connections, %s\n",
                o.buyers, buyerEmail(o.emailPattern, o.firstBuyer).c_str(),
                buyerEmail(o.emailPattern, o.firstBuyer + o.buyers - 1).c_str(), o.connections,
                o.url.c_str());
    std::printf("wall time %.2f s: %lld registered (%.1f/s), %lld already there\n", wall,
                static_cast<long long>(stats.registered), perSecond(stats.registered, wall),
                static_cast<long long>(stats.alreadyRegistered));
    std::printf("(every registration hashes a password with Argon2id on the server: this is "
                "account creation, not the sale path)\n");
    printLatency(stats, {"register"});
    printCounts("429 rate_limited by step", stats.rateLimited);
    printCounts("other errors by status", stats.errors);
    report = {{"mode", "create-buyers"},
              {"buyers", o.buyers},
              {"connections", o.connections},
              {"rate", o.rate},
              {"wall_seconds", wall},
              {"registered", stats.registered},
              {"already_registered", stats.alreadyRegistered},
              {"registrations_per_second", perSecond(stats.registered, wall)},
              {"latency_ms", latencyJson(stats)},
              {"rate_limited", stats.rateLimited},
              {"errors", stats.errors}};
    const std::int64_t ok = stats.registered + stats.alreadyRegistered;
    return ok == o.buyers ? 0 : 2;
}

// --sessions FILE: lines "NUMBER TOKEN", NUMBER as in --email-pattern. Returns the tokens read.
std::int64_t loadSessions(const Options& o, std::vector<std::string>& tokens) {
    if (o.sessions.empty()) return 0;
    std::ifstream in(o.sessions);
    std::int64_t found = 0;
    long long number = 0;
    std::string token;
    while (in >> number >> token) {
        const long long n = number - o.firstBuyer;
        if (n < 0 || n >= static_cast<long long>(tokens.size()) || token.empty()) continue;
        auto& slot = tokens[static_cast<std::size_t>(n)];
        if (slot.empty()) ++found;
        slot = token;
    }
    return found;
}

void saveSessions(const Options& o, const std::vector<std::string>& tokens) {
    if (o.sessions.empty()) return;
    std::ofstream out(o.sessions, std::ios::trunc);
    for (std::size_t n = 0; n < tokens.size(); ++n)
        if (!tokens[n].empty())
            out << (o.firstBuyer + static_cast<long long>(n)) << ' ' << tokens[n] << '\n';
    if (!out) std::fprintf(stderr, "warning: cannot write %s\n", o.sessions.c_str());
}

int runSale(Shared& shared, json& report) {
    const Options& o = shared.options;
    if (o.mode == "general" && !o.loginOnly) {
        if (o.section != 0) {
            shared.generalSection = o.section;
        } else if (const auto event = fetchEvent(shared.address, o)) {
            shared.generalSection = firstGeneralSection(*event);
        }
        if (shared.generalSection == 0) {
            std::fprintf(stderr,
                         "error: event %lld has no general-admission section (or the server "
                         "did not answer); pass --section\n",
                         static_cast<long long>(o.event));
            return 1;
        }
    }
    shared.tokens.assign(static_cast<std::size_t>(o.buyers), std::string{});
    const std::int64_t reused = loadSessions(o, shared.tokens);
    std::vector<Stats> perWorker(static_cast<std::size_t>(o.connections));
    PhaseTimes times;
    std::barrier<> sync(o.connections);
    times.loginStart = Clock::now();
    {
        std::vector<std::jthread> workers;
        for (int w = 0; w < o.connections; ++w)
            workers.emplace_back([&, w] {
                saleWorker(shared, w, sync, perWorker[static_cast<std::size_t>(w)], times);
            });
    }
    times.saleEnd = Clock::now();
    Stats stats;
    for (const auto& s : perWorker)
        stats.merge(s);
    saveSessions(o, shared.tokens);

    if (o.loginOnly) {
        const double secs = seconds(times.loginStart, times.loginEnd);
        std::printf("\nBilheteria buyer login: %d buyers, %d connections, %s\n", o.buyers,
                    o.connections, o.url.c_str());
        std::printf("wall time %.2f s: %lld logged in (%.1f/s)", secs,
                    static_cast<long long>(stats.loggedIn), perSecond(stats.loggedIn, secs));
        if (reused > 0)
            std::printf(", %lld reused their session from %s", static_cast<long long>(reused),
                        o.sessions.c_str());
        std::printf("\n(every login verifies an Argon2id hash on the server: it precedes the "
                    "sale, it is not the sale path)\n");
        printLatency(stats, {"login"});
        printCounts("429 rate_limited by step", stats.rateLimited);
        printCounts("other errors by status", stats.errors);
        report = {{"mode", "login-only"},
                  {"buyers", o.buyers},
                  {"connections", o.connections},
                  {"wall_seconds", secs},
                  {"logged_in", stats.loggedIn},
                  {"sessions_reused", reused},
                  {"logins_per_second", perSecond(stats.loggedIn, secs)},
                  {"latency_ms", latencyJson(stats)},
                  {"rate_limited", stats.rateLimited},
                  {"errors", stats.errors}};
        return stats.loggedIn + reused == o.buyers ? 0 : 2;
    }
    const double wall = seconds(times.loginStart, times.saleEnd);
    const double loginSecs = seconds(times.loginStart, times.loginEnd);
    const double seatSecs = seconds(times.loginEnd, times.seatsEnd);
    const double saleSecs = seconds(times.seatsEnd, times.saleEnd);

    std::printf("\nBilheteria flash sale: %s, event %lld", o.mode.c_str(),
                static_cast<long long>(o.event));
    if (o.mode == "general")
        std::printf(" section %lld", static_cast<long long>(shared.generalSection));
    std::printf(", %d buyers, %d connections, %d-%d tickets each, %s\n", o.buyers, o.connections,
                o.minSeats, o.maxSeats, o.url.c_str());
    if (o.rate > 0)
        std::printf("open loop: buyers started at %.1f/s (start-lag: how late they started "
                    "because every connection was busy)\n",
                    o.rate);
    std::printf("wall time %.2f s = login %.2f s (%lld of %d logged in, %.1f/s; Argon2id, not "
                "the sale path) + seat map %.2f s + hold and purchase %.2f s\n",
                wall, loginSecs, static_cast<long long>(stats.loggedIn), o.buyers,
                perSecond(stats.loggedIn, loginSecs), seatSecs, saleSecs);
    if (reused > 0)
        std::printf("%lld buyers reused their session from %s instead of logging in\n",
                    static_cast<long long>(reused), o.sessions.c_str());
    if (o.mode == "seated")
        std::printf("free seats in each worker's map at the start: %lld\n",
                    static_cast<long long>(stats.freeSeatsSeen));
    std::printf("hold and purchase phase: %lld holds (%.1f/s; %lld attempts), %lld sales "
                "(%.1f/s), %lld tickets (%.1f/s); %lld buyers got no hold\n",
                static_cast<long long>(stats.holds), perSecond(stats.holds, saleSecs),
                static_cast<long long>(stats.holdAttempts), static_cast<long long>(stats.sales),
                perSecond(stats.sales, saleSecs), static_cast<long long>(stats.tickets),
                perSecond(stats.tickets, saleSecs),
                static_cast<long long>(stats.buyersWithoutHold));
    printLatency(stats, {"login", "seat map", "start-lag", "hold", "purchase"});
    printCounts("409 conflicts by code", stats.conflicts);
    printCounts("429 rate_limited by step", stats.rateLimited);
    printCounts("other errors by status", stats.errors);

    report = {{"mode", o.mode},
              {"event", o.event},
              {"section", o.mode == "general" ? shared.generalSection : o.section},
              {"buyers", o.buyers},
              {"connections", o.connections},
              {"wall_seconds", wall},
              {"login_seconds", loginSecs},
              {"seat_map_seconds", seatSecs},
              {"sale_seconds", saleSecs},
              // CLOCK_MONOTONIC (libstdc++'s steady_clock): `perf record -k CLOCK_MONOTONIC`
              // samples can be cut to the sale with `perf report --time START,END`.
              {"sale_monotonic_start", monotonicSeconds(times.seatsEnd)},
              {"sale_monotonic_end", monotonicSeconds(times.saleEnd)},
              {"logged_in", stats.loggedIn},
              {"sessions_reused", reused},
              {"free_seats_seen", stats.freeSeatsSeen},
              {"hold_attempts", stats.holdAttempts},
              {"holds", stats.holds},
              {"held_tickets", stats.heldTickets},
              {"sales", stats.sales},
              {"tickets", stats.tickets},
              {"buyers_without_hold", stats.buyersWithoutHold},
              {"holds_per_second", perSecond(stats.holds, saleSecs)},
              {"sales_per_second", perSecond(stats.sales, saleSecs)},
              {"tickets_per_second", perSecond(stats.tickets, saleSecs)},
              {"logins_per_second", perSecond(stats.loggedIn, loginSecs)},
              {"latency_ms", latencyJson(stats)},
              {"conflicts", stats.conflicts},
              {"rate_limited", stats.rateLimited},
              {"errors", stats.errors}};
    return 0;
}

} // namespace

} // namespace bilheteria::loadgen

int main(int argc, char** argv) {
    using namespace bilheteria::loadgen;
    Options o;
    CLI::App app{"Load generator for the Bilheteria HTTPS API: a flash sale, or a waiting-room "
                 "rush of people and bots"};
    app.add_option("--scenario", o.scenario,
                   "flash-sale: every buyer holds and buys at once; rush: people and bots join "
                   "the event's waiting room, then hold and buy (fairness figures); login-storm: "
                   "a steady sale, quiet and then during a sign-in storm (loginstorm.cpp)")
        ->capture_default_str()
        ->check(CLI::IsMember({"flash-sale", "rush", "login-storm"}));
    app.add_option("--url", o.url, "https://HOST:PORT of the server")->required();
    app.add_option("--ca-cert", o.caCert, "PEM file the server's certificate is verified against")
        ->required()
        ->check(CLI::ExistingFile);
    app.add_option("--event", o.event, "Event id (not needed with --create-buyers)")
        ->check(CLI::PositiveNumber);
    app.add_option("--buyers", o.buyers, "Virtual buyers")
        ->capture_default_str()
        ->check(CLI::Range(1, 10'000'000));
    app.add_option("--first-buyer", o.firstBuyer, "Number of the first buyer in --email-pattern")
        ->capture_default_str()
        ->check(CLI::Range(0, 1'000'000'000));
    app.add_option("--connections", o.connections, "Worker threads, one connection each")
        ->capture_default_str()
        ->check(CLI::Range(1, 4096));
    app.add_option("--mode", o.mode,
                   "seated: random free seats; general: a quantity (rush: general when the event "
                   "has a general-admission section, unless --mode seated)")
        ->capture_default_str()
        ->check(CLI::IsMember({"seated", "general"}));
    app.add_option("--section", o.section,
                   "seated: pick seats of this section only; general: the section (default: "
                   "the event's first general-admission section)")
        ->check(CLI::PositiveNumber);
    app.add_option("--min-seats", o.minSeats, "Fewest tickets per buyer")
        ->capture_default_str()
        ->check(CLI::Range(1, 100));
    app.add_option("--max-seats", o.maxSeats, "Most tickets per buyer (rush: 2 unless given)")
        ->capture_default_str()
        ->check(CLI::Range(1, 100));
    app.add_option("--hold-retries", o.holdRetries,
                   "Seated: new random seats after 409 seats_unavailable, this many times")
        ->capture_default_str()
        ->check(CLI::Range(0, 100));
    app.add_option("--password", o.password, "Every buyer's password")->capture_default_str();
    app.add_option("--email-pattern", o.emailPattern, "Buyer emails; {} is the buyer's number")
        ->capture_default_str();
    app.add_flag("--create-buyers", o.createBuyers,
                 "Register the buyers (POST /api/v1/auth/register) in parallel and stop");
    app.add_flag("--login-only", o.loginOnly,
                 "Log the buyers in and stop (with --sessions: keep the tokens for later runs)");
    app.add_option("--check-database", o.checkDatabase,
                   "At the end run `bilheteria-server check --database URL` and print its verdict");
    app.add_option("--server-binary", o.serverBinary,
                   "bilheteria-server for --check-database (default: next to this program)");
    app.add_option("--json", o.jsonOut, "Also write the figures to this file as JSON");
    app.add_option("--sessions", o.sessions,
                   "Buyers' tokens: read from this file when it exists (those buyers skip the "
                   "login), written back after the logins");
    app.add_flag("--forwarded-for", o.forwardedFor,
                 "Send X-Forwarded-For: 10.x.y.z, one address per buyer (for a server started "
                 "with --trusted-proxy 127.0.0.1: per-address rate limits then count per buyer)");
    app.add_flag("--same-card", o.sameCard,
                 "Every buyer pays with 4111111111111111 (the per-card limit then stops the sale "
                 "early); by default each buyer has a card number of its own");
    app.add_option("--accept-encoding", o.acceptEncoding,
                   "Send this Accept-Encoding (e.g. 'gzip, deflate, br', as browsers do); by "
                   "default none, so answers come uncompressed");
    app.add_option("--timeout", o.timeoutSeconds, "Per-request read/write timeout, seconds")
        ->capture_default_str()
        ->check(CLI::Range(1, 3600));
    app.add_option("--rate", o.rate,
                   "Open loop: start this many buyers per second, paced (default 0: closed loop, "
                   "each connection starts its next buyer when the last is done)")
        ->check(CLI::Range(0.0, 1e6));
    app.add_option("--seed", o.seed, "Random seed (default: from std::random_device)");
    auto* rush = app.add_option_group("rush", "--scenario rush (people are the --buyers)");
    rush->add_option("--bots", o.bots, "Bot operators")
        ->capture_default_str()
        ->check(CLI::Range(0, 65535));
    rush->add_option("--bot-accounts", o.botAccounts,
                     "Accounts per bot operator (one card and one address per operator)")
        ->capture_default_str()
        ->check(CLI::Range(1, 10000));
    rush->add_option("--first-bot", o.firstBot, "Number of the first bot account")
        ->capture_default_str()
        ->check(CLI::Range(0, 1'000'000'000));
    rush->add_option("--bot-email-pattern", o.botEmailPattern,
                     "Bot account emails; {} is the account's number")
        ->capture_default_str();
    rush->add_option("--bot-connections", o.botConnections, "The bots' connections")
        ->capture_default_str()
        ->check(CLI::Range(1, 4096));
    rush->add_option("--arrival-seconds", o.arrivalSeconds,
                     "People arrive at random moments within this window; bots at its start")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 3600.0));
    rush->add_option("--poll-seconds", o.pollSeconds,
                     "People poll their place about this often (0.8-1.2 times it)")
        ->capture_default_str()
        ->check(CLI::Range(0.05, 60.0));
    rush->add_option("--bot-poll-ms", o.botPollMs, "Bots poll their place this often")
        ->capture_default_str()
        ->check(CLI::Range(1, 60000));
    rush->add_option("--bot-retries", o.botRetries,
                     "Bots retry a step at once on any 409 or 429, this many times")
        ->capture_default_str()
        ->check(CLI::Range(0, 10000));
    rush->add_option("--rush-seconds", o.rushSeconds,
                     "Participants still going this long after the start give up")
        ->capture_default_str()
        ->check(CLI::Range(1, 86400));
    auto* storm = app.add_option_group(
        "login-storm", "--scenario login-storm (the sale's buyers are the --buyers; the storm "
                       "signs in the accounts of --bot-email-pattern from --first-bot)");
    storm->add_option("--storm-logins", o.stormLogins, "Sign-ins of the storm")
        ->capture_default_str()
        ->check(CLI::Range(1, 10'000'000));
    storm->add_option("--storm-accounts", o.stormAccounts, "Accounts the storm signs in, in turn")
        ->capture_default_str()
        ->check(CLI::Range(1, 10'000'000));
    storm->add_option("--storm-connections", o.stormConnections, "The storm's connections")
        ->capture_default_str()
        ->check(CLI::Range(1, 4096));
    storm->add_option("--quiet-seconds", o.quietSeconds, "The sale alone, before the storm")
        ->capture_default_str()
        ->check(CLI::Range(1.0, 3600.0));
    storm
        ->add_option("--sale-interval-ms", o.saleIntervalMs,
                     "Each sale connection makes one hold and purchase this often")
        ->capture_default_str()
        ->check(CLI::Range(1, 60000));
    CLI11_PARSE(app, argc, argv);
    const bool isStorm = o.scenario == "login-storm" && !o.createBuyers && !o.loginOnly;
    const bool isRush = o.scenario == "rush" && !o.createBuyers && !o.loginOnly;
    if (isRush && app.count("--max-seats") == 0) o.maxSeats = std::max(o.minSeats, 2);
    if (isRush && app.count("--mode") == 0) o.mode = "auto";

    const auto address = bilheteria::term::parseServerUrl(o.url);
    if (!address) {
        std::fprintf(stderr, "error: --url must look like https://HOST:PORT\n");
        return 1;
    }
    if (o.minSeats > o.maxSeats) {
        std::fprintf(stderr, "error: --min-seats is larger than --max-seats\n");
        return 1;
    }
    if (!o.createBuyers && !o.loginOnly && o.event == 0) {
        std::fprintf(stderr, "error: --event is required (except with --create-buyers)\n");
        return 1;
    }
    if (o.emailPattern.find("{}") == std::string::npos && o.buyers > 1) {
        std::fprintf(stderr, "error: --email-pattern needs {} for the buyer's number\n");
        return 1;
    }
    if (isRush && o.botEmailPattern.find("{}") == std::string::npos && o.bots * o.botAccounts > 1) {
        std::fprintf(stderr, "error: --bot-email-pattern needs {} for the account's number\n");
        return 1;
    }
    if (o.seed == 0)
        o.seed = (std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}();
    if (o.serverBinary.empty()) o.serverBinary = defaultServerBinary();

    // The server must answer before anything is measured.
    {
        auto probe = openConnection(*address, o);
        const bilheteria::term::Reply reply = probe.get("/healthz");
        if (reply.status != 200) {
            std::fprintf(stderr, "error: GET %s/healthz: %s\n", o.url.c_str(),
                         reply.status == 0 ? reply.transportError.c_str()
                                           : std::to_string(reply.status).c_str());
            return 1;
        }
    }

    Shared shared(o, *address, currentYear() + 3);
    json report;
    int status = o.createBuyers ? runCreateBuyers(shared, report)
                 : isRush       ? runRush(o, *address, shared.expYear, report)
                 : isStorm      ? runLoginStorm(o, *address, shared.expYear, report)
                                : runSale(shared, report);
    if (status == 1) return 1;

    if (!o.checkDatabase.empty()) {
        const auto start = Clock::now();
        const CheckResult check = runCheck(o.serverBinary, o.checkDatabase);
        const double secs = seconds(start, Clock::now());
        std::printf("invariant check (%s check --database %s, %.1f s):\n", o.serverBinary.c_str(),
                    o.checkDatabase.c_str(), secs);
        std::istringstream lines(check.output);
        int shown = 0;
        for (std::string line; std::getline(lines, line) && shown < 20; ++shown)
            std::printf("  %s\n", line.c_str());
        std::printf("check verdict: %s (exit status %d)\n",
                    check.exitStatus == 0 ? "all good" : "PROBLEMS", check.exitStatus);
        report["check"] = {
            {"exit_status", check.exitStatus}, {"verdict", check.verdict}, {"seconds", secs}};
        if (check.exitStatus != 0) status = 3;
    }
    std::fflush(stdout);

    if (!o.jsonOut.empty()) {
        std::ofstream out(o.jsonOut);
        out << report.dump(2) << "\n";
        if (!out) {
            std::fprintf(stderr, "error: cannot write %s\n", o.jsonOut.c_str());
            return 1;
        }
    }
    return status;
}
