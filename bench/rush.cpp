// bilheteria-loadgen --scenario rush: how fair is the waiting room when people and bots rush
// one event? (docs/performance.md, "Rush: fairness").
//
// Everyone logs in first (Argon2id: reported, not the rush). Then, from the rush's start:
//   people  --buyers accounts, each with a card number of its own and a client address of its
//           own (X-Forwarded-For 10.x.y.z), arrive at a random moment of --arrival-seconds; each
//           solves the event's proof of work when queue.pow_bits > 0 (GET /api/v1/challenges,
//           ProofOfWork::solve), joins the waiting room (POST .../queue), polls it (GET) about
//           every --poll-seconds (jittered, as a browser does) until admitted, holds
//           --min-seats..--max-seats tickets (general admission, or random free seats of the
//           seat map read then) and pays. On a 429 they wait for its Retry-After.
//   bots    --bots operators, each with --bot-accounts accounts that all pay with the
//           operator's one card and come from the operator's one address (198.18.x.y); they join
//           at the very start, poll every --bot-poll-ms, hold the event's
//           max_tickets_per_customer, and retry at once on any 409 or 429 (--bot-retries times
//           a step), shrinking the quantity when the answer says how much is left.
// People and bots have pools of connections of their own (--connections, --bot-connections):
// a participant's next step is due at a time, and the first free connection of its pool takes
// it (the lag behind the due time is reported, so a pool too small shows).
//
// It prints: the admission order's fidelity to the positions (admitted_at = admitted_until -
// hold_seconds, exact to the server's second, so a pair admitted out of position order is an
// inversion), how well the client-observed join order became the queue order (Spearman's rho,
// the largest displacement), the bots' share of the tickets against their share of the
// accounts and of the operators, the refusals (card_limit_exceeded, quota_exceeded, 429 per
// step) and p50/p95/p99 per step, for people and bots apart.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <numeric>
#include <queue>
#include <set>
#include <thread>

#include "loadgen.h"
#include "server/core/proofofwork.h"
#include "shared/timeformat.h"

namespace bilheteria::loadgen {

namespace {

// People retry a 429 or a failed connection this many times a step, after its Retry-After.
constexpr int kPersonRetries = 10;

enum class Kind { Person, Bot };
enum class Step { Join, Poll, Hold, Purchase };

struct RushEvent {
    Id id = 0;
    std::string path; // /api/v1/events/{id}
    int holdSeconds = 0;
    int maxPerCustomer = 0;
    int maxPerCard = 0;
    int powBits = 0;
    int admitPerMinute = 0;
    std::int64_t capacity = 0;
    std::int64_t available = 0;
    Id generalSection = 0; // 0: a seated event, random free seats
};

struct Participant {
    Kind kind = Kind::Person;
    int number = 0;         // in its email pattern
    int operatorIndex = -1; // a bot's operator, from 0
    std::string email;
    std::string card;
    std::string holder;
    term::Headers headers; // X-Forwarded-For, then the bearer token
    std::mt19937_64 random;

    Step step = Step::Join;
    int attempts = 0; // of the current step
    int wanted = 0;   // tickets it means to hold
    std::string challenge, solution;
    Id hold = 0;
    std::int64_t held = 0;
    std::string idempotencyKey;
    std::string lastRefusal; // the last error code other than a 429 in this step

    std::optional<Clock::time_point> joinSent; // when the join that got the place was sent
    std::int64_t position = 0;
    std::optional<std::int64_t> admittedAt; // the server's clock, seconds since the epoch
    std::optional<Clock::time_point> seenAdmitted;
    std::int64_t bought = 0;
    std::string outcome;
};

// Due steps, earliest first, for one pool of connections.
class Agenda {
public:
    explicit Agenda(std::size_t open)
        : m_open(open) {}

    void at(std::size_t who, Clock::time_point due) {
        std::lock_guard lock(m_mutex);
        m_due.push({due, who});
        m_wake.notify_one();
    }

    void finished() {
        std::lock_guard lock(m_mutex);
        if (--m_open == 0) m_wake.notify_all();
    }

    // The next participant whose step is due and the time it was due (waits for it); nothing
    // once every participant has finished.
    std::optional<std::pair<Clock::time_point, std::size_t>> next() {
        std::unique_lock lock(m_mutex);
        for (;;) {
            if (m_open == 0) return std::nullopt;
            if (m_due.empty()) {
                m_wake.wait(lock);
                continue;
            }
            const auto top = m_due.top();
            if (top.first <= Clock::now()) {
                m_due.pop();
                return top;
            }
            m_wake.wait_until(lock, top.first);
        }
    }

private:
    using Entry = std::pair<Clock::time_point, std::size_t>;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> m_due;
    std::size_t m_open;
};

// What a step asks for next: to run again at a time, or nothing (the participant is done).
using Next = std::optional<Clock::time_point>;

Clock::time_point after(double secs) {
    return Clock::now() +
           std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(secs));
}

class Rush {
public:
    Rush(const Options& o, const term::ServerAddress& address, RushEvent event, int expYear)
        : m_o(o)
        , m_address(address)
        , m_event(std::move(event))
        , m_expYear(expYear) {}

    std::vector<Participant> participants;

    const RushEvent& event() const { return m_event; }

    // Logs everyone in over `connections` connections (a failed login is the outcome).
    void logInAll(int connections, Stats& stats);
    // Runs the rush from `start` until every participant is done; per-worker figures.
    void run(Clock::time_point start, std::vector<Stats>& people, std::vector<Stats>& bots);

private:
    void work(Agenda& agenda, Stats& stats);
    Next step(Participant& p, term::HttpsConnection& api, Stats& stats);
    Next join(Participant& p, term::HttpsConnection& api, Stats& stats);
    Next poll(Participant& p, term::HttpsConnection& api, Stats& stats);
    Next hold(Participant& p, term::HttpsConnection& api, Stats& stats);
    Next pay(Participant& p, term::HttpsConnection& api, Stats& stats);
    Next observe(Participant& p, const json& queue);
    Next again(Participant& p, const term::Reply& reply, double pause, const std::string& giveUp);
    Next stop(Participant& p, const std::string& outcome);
    void nextStep(Participant& p, Step step);
    double pollInterval(Participant& p);

    const Options& m_o;
    const term::ServerAddress& m_address;
    const RushEvent m_event;
    const int m_expYear;
    Clock::time_point m_deadline;
};

void Rush::logInAll(int connections, Stats& stats) {
    std::atomic<std::size_t> next{0};
    std::vector<Stats> perWorker(static_cast<std::size_t>(connections));
    {
        std::vector<std::jthread> workers;
        for (int w = 0; w < connections; ++w)
            workers.emplace_back([&, w] {
                auto api = openConnection(m_address, m_o);
                for (;;) {
                    const std::size_t n = next.fetch_add(1);
                    if (n >= participants.size()) break;
                    Participant& p = participants[n];
                    // The bots' accounts share an address: a 429 is waited out.
                    if (auto token = logIn(api, p.email, m_o.password, p.headers,
                                           perWorker[static_cast<std::size_t>(w)], 5))
                        p.headers = withBearer(p.headers, *token);
                    else
                        p.outcome = "login failed";
                }
            });
    }
    for (const auto& s : perWorker)
        stats.merge(s);
}

void Rush::run(Clock::time_point start, std::vector<Stats>& people, std::vector<Stats>& bots) {
    m_deadline = start + std::chrono::seconds{m_o.rushSeconds};
    std::size_t openPeople = 0, openBots = 0;
    for (const auto& p : participants)
        if (p.outcome.empty()) ++(p.kind == Kind::Person ? openPeople : openBots);
    Agenda peopleAgenda(openPeople), botAgenda(openBots);
    std::uniform_real_distribution<double> arrival(0.0, m_o.arrivalSeconds);
    for (std::size_t n = 0; n < participants.size(); ++n) {
        Participant& p = participants[n];
        if (!p.outcome.empty()) continue;
        if (p.kind == Kind::Bot)
            botAgenda.at(n, start);
        else
            peopleAgenda.at(n, start + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(arrival(p.random))));
    }
    people.assign(static_cast<std::size_t>(m_o.connections), Stats{});
    bots.assign(static_cast<std::size_t>(m_o.botConnections), Stats{});
    std::vector<std::jthread> workers;
    for (auto& s : people)
        if (openPeople > 0)
            workers.emplace_back([this, &peopleAgenda, stats = &s] { work(peopleAgenda, *stats); });
    for (auto& s : bots)
        if (openBots > 0)
            workers.emplace_back([this, &botAgenda, stats = &s] { work(botAgenda, *stats); });
}

void Rush::work(Agenda& agenda, Stats& stats) {
    auto api = openConnection(m_address, m_o);
    while (auto due = agenda.next()) {
        stats.latencyMs["sched lag"].push_back(msSince(due->first));
        Participant& p = participants[due->second];
        if (const Next next = step(p, api, stats))
            agenda.at(due->second, *next);
        else
            agenda.finished();
    }
}

Next Rush::step(Participant& p, term::HttpsConnection& api, Stats& stats) {
    if (Clock::now() > m_deadline) return stop(p, "still going at --rush-seconds");
    switch (p.step) {
    case Step::Join:
        return join(p, api, stats);
    case Step::Poll:
        return poll(p, api, stats);
    case Step::Hold:
        return hold(p, api, stats);
    case Step::Purchase:
        return pay(p, api, stats);
    }
    return stop(p, "?");
}

Next Rush::stop(Participant& p, const std::string& outcome) {
    p.outcome = outcome;
    return std::nullopt;
}

void Rush::nextStep(Participant& p, Step step) {
    p.step = step;
    p.attempts = 0;
    p.lastRefusal.clear();
}

double Rush::pollInterval(Participant& p) {
    if (p.kind == Kind::Bot) return m_o.botPollMs / 1000.0;
    std::uniform_real_distribution<double> jitter(0.8, 1.2);
    return m_o.pollSeconds * jitter(p.random);
}

// Another try of the current step after `reply` failed: bots at once, people after the
// answer's Retry-After (at least `pause` seconds); after too many tries the participant gives
// up, its outcome the last refusal.
Next Rush::again(Participant& p, const term::Reply& reply, double pause,
                 const std::string& giveUp) {
    if (reply.status != 429 && reply.status != 0) p.lastRefusal = reply.errorCode();
    const int limit = p.kind == Kind::Bot ? m_o.botRetries : kPersonRetries;
    if (++p.attempts > limit)
        return stop(p, giveUp + (p.lastRefusal.empty() ? std::string{" (429 or no answer)"}
                                                       : " " + p.lastRefusal));
    if (p.kind == Kind::Bot) return Clock::now();
    return after(std::max(pause, reply.retryAfterSeconds));
}

Next Rush::join(Participant& p, term::HttpsConnection& api, Stats& stats) {
    auto headers = p.headers;
    if (m_event.powBits > 0) {
        if (p.challenge.empty()) {
            const term::Reply reply =
                api.get("/api/v1/challenges?purpose=queue&event_id=" + std::to_string(m_event.id),
                        p.headers);
            stats.latencyMs["challenge"].push_back(reply.ms);
            const auto parsed = reply.parsed();
            if (reply.status != 200 || !parsed.is_object()) {
                recordFailure(stats, "challenge", reply);
                return again(p, reply, 1.0, "gave up on the challenge:");
            }
            p.challenge = parsed.value("challenge", std::string{});
            const auto start = Clock::now();
            p.solution = ProofOfWork::solve(p.challenge, parsed.value("difficulty_bits", 0));
            stats.latencyMs["proof work"].push_back(msSince(start));
        }
        headers.push_back({"X-Pow-Challenge", p.challenge});
        headers.push_back({"X-Pow-Solution", p.solution});
    }
    const auto sent = Clock::now();
    const term::Reply reply = api.post(m_event.path + "/queue", "{}", headers);
    stats.latencyMs["join"].push_back(reply.ms);
    if (reply.status == 200) {
        const auto queue = reply.parsed();
        p.joinSent = sent;
        p.position = queue.value("position", std::int64_t{0});
        return observe(p, queue);
    }
    recordFailure(stats, "join", reply);
    const std::string code = reply.errorCode();
    if (code == "challenge_invalid" || code == "challenge_required") {
        p.challenge.clear(); // a new challenge, then
        return again(p, reply, 0, "gave up joining:");
    }
    if ((reply.status >= 400 && reply.status < 409) ||
        (reply.status == 409 && p.kind == Kind::Person))
        return stop(p, "join refused: " + code);
    return again(p, reply, 1.0, "gave up joining:");
}

Next Rush::poll(Participant& p, term::HttpsConnection& api, Stats& stats) {
    const term::Reply reply = api.get(m_event.path + "/queue", p.headers);
    stats.latencyMs["queue poll"].push_back(reply.ms);
    if (reply.status == 200) return observe(p, reply.parsed());
    recordFailure(stats, "queue poll", reply);
    return again(p, reply, pollInterval(p), "gave up polling:");
}

// A queue answer (the join's or a poll's): on to the hold once admitted, else poll again.
Next Rush::observe(Participant& p, const json& queue) {
    if (queue.contains("admitted_until") && queue["admitted_until"].is_string()) {
        if (const auto until = parseRfc3339(queue["admitted_until"].get<std::string>()))
            p.admittedAt = until->time_since_epoch().count() - m_event.holdSeconds;
    }
    if (queue.value("admitted", false)) {
        p.seenAdmitted = Clock::now();
        nextStep(p, Step::Hold);
        if (p.kind == Kind::Bot) {
            p.wanted = m_event.maxPerCustomer;
        } else {
            std::uniform_int_distribution<int> quantity(m_o.minSeats, m_o.maxSeats);
            p.wanted = quantity(p.random);
        }
        return Clock::now();
    }
    if (queue.value("lapsed", false)) return stop(p, "admission lapsed before a hold");
    if (p.step != Step::Poll) nextStep(p, Step::Poll);
    p.attempts = 0;
    return after(pollInterval(p));
}

Next Rush::hold(Participant& p, term::HttpsConnection& api, Stats& stats) {
    json body;
    std::vector<Id> picked;
    if (m_event.generalSection != 0) {
        body = {{"section_id", m_event.generalSection}, {"quantity", p.wanted}};
    } else {
        // A browser reads the seat map when its turn comes, then picks.
        auto free = readFreeSeats(api, m_event.id, 0, stats);
        picked = pickSeats(free, p.wanted, p.random);
        if (picked.empty()) return stop(p, "sold out (no free seat in the map)");
        body = {{"seat_ids", picked}};
    }
    ++stats.holdAttempts;
    const term::Reply reply = api.post(m_event.path + "/holds", body.dump(), p.headers);
    stats.latencyMs["hold"].push_back(reply.ms);
    if (reply.status == 201) {
        const auto hold = holdOf(reply);
        p.hold = hold ? hold->value("id", Id{0}) : 0;
        p.held = hold ? ticketsHeld(*hold) : 0;
        ++stats.holds;
        stats.heldTickets += p.held;
        nextStep(p, Step::Purchase);
        p.idempotencyKey = randomHex(p.random, 16);
        return Clock::now();
    }
    recordFailure(stats, "hold", reply);
    const std::string code = reply.errorCode();
    const json details = reply.errorDetails();
    // What is left, when the answer says: both kinds take it at once.
    std::int64_t room = 0;
    if (code == "sold_out") room = details.value("available", std::int64_t{0});
    if (code == "quota_exceeded")
        room = details.value("limit", std::int64_t{0}) - details.value("current", std::int64_t{0});
    if (room > 0 && room < p.wanted) {
        p.wanted = static_cast<int>(room);
        return again(p, reply, 0, "gave up holding:");
    }
    if (code == "seats_unavailable") return again(p, reply, 0, "gave up holding:");
    if (reply.status == 409 && p.kind == Kind::Person) return stop(p, "hold refused: " + code);
    return again(p, reply, 1.0, "gave up holding:");
}

Next Rush::pay(Participant& p, term::HttpsConnection& api, Stats& stats) {
    const term::Reply reply = purchase(api, p.hold, cardPayment(p.card, m_expYear, p.holder),
                                       p.idempotencyKey, p.headers, stats);
    if (reply.status == 201 || reply.status == 200) {
        p.bought = ticketsBought(reply);
        ++stats.sales;
        stats.tickets += p.bought;
        return stop(p, "bought");
    }
    recordFailure(stats, "purchase", reply);
    if (reply.status == 409 && p.kind == Kind::Person)
        return stop(p, "purchase refused: " + reply.errorCode());
    return again(p, reply, 1.0, "gave up paying:");
}

// ---------------------------------------------------------------------------------------------
// Fidelity

// Ranks from 1, ties sharing their mean rank.
std::vector<double> ranks(const std::vector<double>& values) {
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    std::vector<double> out(values.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]])
            ++j;
        const double mean = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
        for (std::size_t k = i; k <= j; ++k)
            out[order[k]] = mean;
        i = j + 1;
    }
    return out;
}

// Spearman's rho: Pearson's correlation of the ranks (NaN with fewer than two values).
double spearman(const std::vector<double>& x, const std::vector<double>& y) {
    const auto rx = ranks(x), ry = ranks(y);
    const auto n = static_cast<double>(rx.size());
    if (rx.size() < 2) return std::nan("");
    const double mx = std::accumulate(rx.begin(), rx.end(), 0.0) / n;
    const double my = std::accumulate(ry.begin(), ry.end(), 0.0) / n;
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < rx.size(); ++i) {
        sxy += (rx[i] - mx) * (ry[i] - my);
        sxx += (rx[i] - mx) * (rx[i] - mx);
        syy += (ry[i] - my) * (ry[i] - my);
    }
    return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : std::nan("");
}

// Pairs i < j with values[i] > values[j] (merge sort; sorts `values`).
std::int64_t inversions(std::vector<std::int64_t>& values) {
    if (values.size() < 2) return 0;
    const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::vector<std::int64_t> left(values.begin(), middle), right(middle, values.end());
    std::int64_t count = inversions(left) + inversions(right);
    std::size_t i = 0, j = 0, k = 0;
    while (i < left.size() && j < right.size()) {
        if (right[j] < left[i]) {
            count += static_cast<std::int64_t>(left.size() - i);
            values[k++] = right[j++];
        } else {
            values[k++] = left[i++];
        }
    }
    while (i < left.size())
        values[k++] = left[i++];
    while (j < right.size())
        values[k++] = right[j++];
    return count;
}

struct Fidelity {
    std::int64_t joined = 0;
    std::int64_t distinctPositions = 0;
    std::int64_t admitted = 0;
    std::int64_t pairs = 0;
    std::int64_t inversions = 0;
    double rho = 0;                   // join send order against position
    std::int64_t maxDisplacement = 0; // |send rank - position rank|, in places
    double meanDisplacement = 0;
};

Fidelity fidelity(const std::vector<Participant>& participants) {
    Fidelity f;
    std::vector<const Participant*> joined;
    for (const auto& p : participants)
        if (p.joinSent && p.position > 0) joined.push_back(&p);
    f.joined = static_cast<std::int64_t>(joined.size());
    std::set<std::int64_t> positions;
    for (const auto* p : joined)
        positions.insert(p->position);
    f.distinctPositions = static_cast<std::int64_t>(positions.size());

    // Admission against position: admitted_at in position order, no pair the wrong way round.
    std::vector<const Participant*> admitted;
    for (const auto* p : joined)
        if (p->admittedAt) admitted.push_back(p);
    std::sort(admitted.begin(), admitted.end(),
              [](const auto* a, const auto* b) { return a->position < b->position; });
    std::vector<std::int64_t> admittedAt;
    for (const auto* p : admitted)
        admittedAt.push_back(*p->admittedAt);
    f.admitted = static_cast<std::int64_t>(admitted.size());
    f.pairs = f.admitted * (f.admitted - 1) / 2;
    f.inversions = inversions(admittedAt);

    // Join send order against position.
    std::vector<double> sent, position;
    for (const auto* p : joined) {
        sent.push_back(std::chrono::duration<double>(p->joinSent->time_since_epoch()).count());
        position.push_back(static_cast<double>(p->position));
    }
    f.rho = spearman(sent, position);
    std::vector<std::size_t> bySent(joined.size()), byPosition(joined.size());
    std::iota(bySent.begin(), bySent.end(), std::size_t{0});
    std::iota(byPosition.begin(), byPosition.end(), std::size_t{0});
    std::stable_sort(bySent.begin(), bySent.end(),
                     [&](std::size_t a, std::size_t b) { return sent[a] < sent[b]; });
    std::stable_sort(byPosition.begin(), byPosition.end(),
                     [&](std::size_t a, std::size_t b) { return position[a] < position[b]; });
    std::vector<std::int64_t> sentRank(joined.size());
    for (std::size_t r = 0; r < bySent.size(); ++r)
        sentRank[bySent[r]] = static_cast<std::int64_t>(r);
    double total = 0;
    for (std::size_t r = 0; r < byPosition.size(); ++r) {
        const std::int64_t d = std::abs(sentRank[byPosition[r]] - static_cast<std::int64_t>(r));
        f.maxDisplacement = std::max(f.maxDisplacement, d);
        total += static_cast<double>(d);
    }
    f.meanDisplacement = joined.empty() ? 0 : total / static_cast<double>(joined.size());
    return f;
}

// ---------------------------------------------------------------------------------------------
// The report

struct KindFigures {
    std::int64_t participants = 0, loggedIn = 0, joined = 0, admitted = 0, held = 0, buyers = 0;
    std::int64_t tickets = 0, heldNotBought = 0;
    std::vector<double> positions, waitMs;
    std::map<std::string, std::int64_t> outcomes;
};

KindFigures kindFigures(const std::vector<Participant>& participants, Kind kind) {
    KindFigures k;
    for (const auto& p : participants) {
        if (p.kind != kind) continue;
        ++k.participants;
        if (p.outcome != "login failed") ++k.loggedIn;
        if (p.joinSent) {
            ++k.joined;
            k.positions.push_back(static_cast<double>(p.position));
        }
        if (p.admittedAt) ++k.admitted;
        if (p.hold != 0) ++k.held;
        if (p.bought > 0) ++k.buyers;
        k.tickets += p.bought;
        if (p.hold != 0 && p.bought == 0) k.heldNotBought += p.held;
        if (p.joinSent && p.seenAdmitted)
            k.waitMs.push_back(
                std::chrono::duration<double, std::milli>(*p.seenAdmitted - *p.joinSent).count());
        ++k.outcomes[p.outcome];
    }
    return k;
}

double share(std::int64_t part, std::int64_t whole) {
    return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

json percentilesJson(const std::vector<double>& samples) {
    const auto p = percentiles(samples);
    return {{"count", p.count}, {"p50", p.p50}, {"p95", p.p95}, {"p99", p.p99}, {"max", p.max}};
}

std::optional<RushEvent> rushEvent(const term::ServerAddress& address, const Options& o) {
    const auto event = fetchEvent(address, o);
    if (!event) {
        std::fprintf(stderr, "error: GET /api/v1/events/%lld did not answer 200\n",
                     static_cast<long long>(o.event));
        return std::nullopt;
    }
    RushEvent e;
    e.id = o.event;
    e.path = "/api/v1/events/" + std::to_string(o.event);
    try {
        const auto& queue = event->at("queue");
        if (!queue.value("enabled", false)) {
            std::fprintf(stderr, "error: event %lld has no waiting room (queue.enabled false)\n",
                         static_cast<long long>(o.event));
            return std::nullopt;
        }
        e.powBits = queue.value("pow_bits", 0);
        e.admitPerMinute = queue.value("admit_per_minute", 0);
        e.holdSeconds = event->at("hold_seconds").get<int>();
        e.maxPerCustomer = event->at("max_tickets_per_customer").get<int>();
        e.maxPerCard = event->value("max_tickets_per_card", e.maxPerCustomer);
        e.capacity = event->value("capacity", std::int64_t{0});
        e.available = event->value("available", std::int64_t{0});
    } catch (const json::exception& error) {
        std::fprintf(stderr, "error: unexpected event answer: %s\n", error.what());
        return std::nullopt;
    }
    // --mode general, or no --mode and the event has a general-admission section.
    if (o.mode != "seated") {
        e.generalSection = o.section != 0 ? o.section : firstGeneralSection(*event);
        if (e.generalSection == 0 && o.mode == "general") {
            std::fprintf(stderr, "error: event %lld has no general-admission section\n",
                         static_cast<long long>(o.event));
            return std::nullopt;
        }
    }
    return e;
}

// The bots' addresses: 198.18.0.0/15, the range set aside for benchmarks.
std::string operatorAddress(int operatorIndex) {
    const auto n = static_cast<unsigned>(operatorIndex);
    return "198.18." + std::to_string((n >> 8) & 0xff) + "." + std::to_string(n & 0xff);
}

std::vector<Participant> makeParticipants(const Options& o) {
    std::vector<Participant> out;
    std::uint64_t stream = 0;
    const auto seed = [&] { return o.seed + (++stream) * 0x9e3779b97f4a7c15ULL; };
    for (int n = 0; n < o.buyers; ++n) {
        Participant p;
        p.number = o.firstBuyer + n;
        p.email = buyerEmail(o.emailPattern, p.number);
        p.card = buyerCard(p.number);
        p.holder = "Rush Person " + std::to_string(p.number);
        p.headers = forwardedFor(buyerAddress(p.number));
        p.random.seed(seed());
        out.push_back(std::move(p));
    }
    for (int b = 0; b < o.bots; ++b)
        for (int a = 0; a < o.botAccounts; ++a) {
            Participant p;
            p.kind = Kind::Bot;
            p.operatorIndex = b;
            p.number = o.firstBot + b * o.botAccounts + a;
            p.email = buyerEmail(o.botEmailPattern, p.number);
            // One card per operator, numbered apart from the people's.
            p.card = buyerCard(2'000'000'000 + b);
            p.holder = "Rush Bot Operator " + std::to_string(b);
            p.headers = forwardedFor(operatorAddress(b));
            p.random.seed(seed());
            out.push_back(std::move(p));
        }
    return out;
}

void printKind(const char* name, const KindFigures& k) {
    const auto position = percentiles(k.positions);
    const auto wait = percentiles(k.waitMs);
    std::printf("  %-6s %6lld %9lld %7lld %9lld %6lld %7lld %8lld %12lld   p50 %-6.0f %7.1f / "
                "%.1f s\n",
                name, static_cast<long long>(k.participants), static_cast<long long>(k.loggedIn),
                static_cast<long long>(k.joined), static_cast<long long>(k.admitted),
                static_cast<long long>(k.held), static_cast<long long>(k.buyers),
                static_cast<long long>(k.tickets), static_cast<long long>(k.heldNotBought),
                position.p50, wait.p50 / 1000, wait.p99 / 1000);
}

} // namespace

int runRush(const Options& o, const term::ServerAddress& address, int expYear, json& report) {
    const auto event = rushEvent(address, o);
    if (!event) return 1;
    Rush rush(o, address, *event, expYear);
    rush.participants = makeParticipants(o);

    const auto loginStart = Clock::now();
    Stats loginStats;
    rush.logInAll(std::min(16, o.connections + o.botConnections), loginStats);
    const double loginSecs = seconds(loginStart, Clock::now());

    const auto start = Clock::now() + std::chrono::milliseconds{200};
    std::vector<Stats> peopleWorkers, botWorkers;
    rush.run(start, peopleWorkers, botWorkers);
    const double rushSecs = seconds(start, Clock::now());
    Stats people, bots;
    for (const auto& s : peopleWorkers)
        people.merge(s);
    for (const auto& s : botWorkers)
        bots.merge(s);

    const auto f = fidelity(rush.participants);
    const auto kp = kindFigures(rush.participants, Kind::Person);
    const auto kb = kindFigures(rush.participants, Kind::Bot);
    const std::int64_t tickets = kp.tickets + kb.tickets;
    const std::int64_t accounts = kp.participants + kb.participants;
    const std::int64_t operators = kp.participants + o.bots;

    std::printf("\nBilheteria rush: event %lld (capacity %lld, %lld available at the start; "
                "queue %d a minute, proof of work %d bits; %d tickets per customer, %d per card; "
                "admission and holds %d s), %s\n",
                static_cast<long long>(event->id), static_cast<long long>(event->capacity),
                static_cast<long long>(event->available), event->admitPerMinute, event->powBits,
                event->maxPerCustomer, event->maxPerCard, event->holdSeconds, o.url.c_str());
    std::printf("%d people (%d-%d tickets each, arriving within %.1f s, polling every ~%.1f s, "
                "%d connections); %d bot operators x %d accounts (one card and one address "
                "each, joining at once, polling every %d ms, %d connections)\n",
                o.buyers, o.minSeats, o.maxSeats, o.arrivalSeconds, o.pollSeconds, o.connections,
                o.bots, o.botAccounts, o.botPollMs, o.botConnections);
    std::printf("login %.1f s (%lld logged in; Argon2id, not the rush); rush %.1f s\n", loginSecs,
                static_cast<long long>(loginStats.loggedIn), rushSecs);
    std::printf("  %-6s %6s %9s %7s %9s %6s %7s %8s %12s   %s\n", "", "accts", "logged in",
                "joined", "admitted", "held", "bought", "tickets", "held unpaid",
                "position, wait join->admitted p50 / p99");
    printKind("people", kp);
    printKind("bots", kb);

    std::printf("fidelity: %lld joined, %lld distinct positions; admission in position order: "
                "%lld of %lld admitted pairs (%.4f; %lld inversions, admitted_at to the "
                "server's second)\n",
                static_cast<long long>(f.joined), static_cast<long long>(f.distinctPositions),
                static_cast<long long>(f.pairs - f.inversions), static_cast<long long>(f.pairs),
                f.pairs > 0 ? 1.0 - share(f.inversions, f.pairs) : 1.0,
                static_cast<long long>(f.inversions));
    std::printf("join order -> queue order: Spearman rho %.4f between the client's send time of "
                "the join and its position; displacement max %lld, mean %.2f places\n",
                f.rho, static_cast<long long>(f.maxDisplacement), f.meanDisplacement);
    std::printf("bots' share: %.1f %% of the tickets (%lld of %lld), against %.1f %% of the "
                "accounts and %.1f %% of the operators (people and bot operators); tickets per "
                "person %.2f, per bot operator %.2f\n",
                100 * share(kb.tickets, tickets), static_cast<long long>(kb.tickets),
                static_cast<long long>(tickets), 100 * share(kb.participants, accounts),
                100 * share(o.bots, operators), share(kp.tickets, kp.participants),
                share(kb.tickets, o.bots));
    printCounts("people's outcomes", kp.outcomes);
    printCounts("bots' outcomes (accounts)", kb.outcomes);
    printCounts("people's 409 conflicts", people.conflicts);
    printCounts("bots' 409 conflicts (answers, retries included)", bots.conflicts);
    printCounts("people's 429 rate_limited by step", people.rateLimited);
    printCounts("bots' 429 rate_limited by step", bots.rateLimited);
    people.merge(loginStats); // the logins' errors and latencies, people's and bots' together
    printCounts("other errors (people, and all logins)", people.errors);
    printCounts("bots' other errors", bots.errors);
    const std::vector<std::string> steps{"login", "challenge",  "proof work",
                                         "join",  "queue poll", "seat map",
                                         "hold",  "purchase",   "sched lag"};
    printLatency(people, steps, "people's latency per step (login: everyone's):");
    printLatency(bots, steps, "bots' latency per step:");
    std::printf("(proof work: the client's CPU time to solve; sched lag: how late the "
                "connection pool took a step that was due)\n");

    auto kindJson = [&](const KindFigures& k, const Stats& s) {
        return json{{"accounts", k.participants},
                    {"logged_in", k.loggedIn},
                    {"joined", k.joined},
                    {"admitted", k.admitted},
                    {"held", k.held},
                    {"buyers", k.buyers},
                    {"tickets", k.tickets},
                    {"held_not_bought", k.heldNotBought},
                    {"position", percentilesJson(k.positions)},
                    {"wait_ms", percentilesJson(k.waitMs)},
                    {"outcomes", k.outcomes},
                    {"latency_ms", latencyJson(s)},
                    {"conflicts", s.conflicts},
                    {"rate_limited", s.rateLimited},
                    {"errors", s.errors}};
    };
    report = {{"mode", "rush"},
              {"event",
               {{"id", event->id},
                {"capacity", event->capacity},
                {"available", event->available},
                {"admit_per_minute", event->admitPerMinute},
                {"pow_bits", event->powBits},
                {"max_tickets_per_customer", event->maxPerCustomer},
                {"max_tickets_per_card", event->maxPerCard},
                {"hold_seconds", event->holdSeconds}}},
              {"people", o.buyers},
              {"bots", o.bots},
              {"bot_accounts", o.botAccounts},
              {"arrival_seconds", o.arrivalSeconds},
              {"login_seconds", loginSecs},
              {"rush_seconds", rushSecs},
              {"fidelity",
               {{"joined", f.joined},
                {"distinct_positions", f.distinctPositions},
                {"admitted", f.admitted},
                {"admitted_pairs", f.pairs},
                {"inversions", f.inversions},
                {"in_order_fraction", f.pairs > 0 ? 1.0 - share(f.inversions, f.pairs) : 1.0},
                {"spearman_join_send_vs_position", std::isnan(f.rho) ? json() : json(f.rho)},
                {"max_displacement", f.maxDisplacement},
                {"mean_displacement", f.meanDisplacement}}},
              {"bot_share",
               {{"tickets", share(kb.tickets, tickets)},
                {"accounts", share(kb.participants, accounts)},
                {"operators", share(o.bots, operators)}}},
              {"tickets", tickets},
              {"by_kind", {{"people", kindJson(kp, people)}, {"bots", kindJson(kb, bots)}}}};
    return 0;
}

} // namespace bilheteria::loadgen
