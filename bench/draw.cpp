// bilheteria-draw-bench: what the waiting room's opening draw costs with N early joiners, on
// either store (docs/performance.md, "Waiting room: the opening draw at 100,000"). No HTTP:
// the store and WaitingRoomService, the code the server's queue pacer runs each second.
//
// Use a fresh database (a SQLite file path that does not exist yet, or an empty PostgreSQL
// database). The run makes an event whose waiting room opens in an hour and an ordinary event
// on sale now, signs up --entrants buyers and joins each to the queue before the opening
// (setup, not measured). Then it times the core's draw alone (drawPlaces), and the store's
// advance at the opening that applies the draw (its wall time and how long its write
// transaction took: on SQLite the one write lock, on PostgreSQL the queue row's lock), while a
// thread keeps holding and buying one place of the other event: each of those store calls'
// latency while the draw runs against a quiet stretch just before it shows how long the draw
// blocks every other writer.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include "bench/countersale.h"
#include "server/core/proofofwork.h"
#include "server/core/queue.h"
#include "server/store/keysfile.h"
#include "server/store/storagefactory.h"
#include "shared/crypto/crypto.h"

namespace {

using namespace bilheteria;
using Steady = std::chrono::steady_clock;

TimePoint wallNow() {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

double millisecondsBetween(Steady::time_point from, Steady::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

// The service's clock, set to the opening for the advance (the joins took the wall clock's).
class SetClock final : public Clock {
public:
    explicit SetClock(TimePoint at)
        : m_at(at) {}
    TimePoint now() const override { return m_at; }

private:
    TimePoint m_at;
};

// The longest transaction one thread ran while watched: the advance's write transaction, which
// on SQLite holds the database's one write lock throughout.
class LongestTransaction final : public DatabaseTimings {
public:
    void connectionWaited(std::string_view, double) override {}
    void transactionTook(std::string_view, double seconds) override {
        std::lock_guard lock(m_mutex);
        if (m_watching && std::this_thread::get_id() == m_thread)
            m_longest = std::max(m_longest, seconds);
    }
    void watch() {
        std::lock_guard lock(m_mutex);
        m_thread = std::this_thread::get_id();
        m_watching = true;
        m_longest = 0;
    }
    double stop() {
        std::lock_guard lock(m_mutex);
        m_watching = false;
        return m_longest;
    }

private:
    std::mutex m_mutex;
    std::thread::id m_thread;
    bool m_watching = false;
    double m_longest = 0;
};

Id addUser(Storage& store, const std::string& email, Role role) {
    // These accounts never sign in: a hash of the schema's shape, not a real one.
    auto user = store.accounts().createUser(NewUser{email, email, role, "$argon2id$v=19$draw"});
    if (!user) throw std::runtime_error("user: " + user.error().message);
    return user->id;
}

// Signs up `count` buyers and joins each to the queue now (before the opening), `threads` at
// once: the store has no bulk sign-up, so parallel transactions are its fastest way
// (PostgreSQL overlaps them; SQLite serialises its writers whatever the threads).
void enrol(Storage& store, Id eventId, int count, int threads, const std::string& tag) {
    std::atomic<int> next{0};
    std::atomic<bool> failed{false};
    std::string firstError;
    std::mutex errorMutex;
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&] {
            try {
                for (int i = next++; i < count && !failed; i = next++) {
                    const Id customer =
                        addUser(store, "draw-" + tag + "-" + std::to_string(i) + "@bench.invalid",
                                Role::Buyer);
                    auto place = store.waitingRoom().joinQueue(eventId, customer, wallNow());
                    if (!place) throw std::runtime_error("join: " + place.error().message);
                }
            } catch (const std::exception& error) {
                std::lock_guard lock(errorMutex);
                if (!failed.exchange(true)) firstError = error.what();
            }
        });
    for (auto& worker : workers)
        worker.join();
    if (failed) throw std::runtime_error(firstError);
}

// One store call of the other event's writer: when it started and ended.
struct Write {
    Steady::time_point start;
    Steady::time_point end;
    double ms() const { return millisecondsBetween(start, end); }
};

// Holds one general-admission place of `eventId` for the clerk and buys it (cash), again and
// again with `pause` between calls, until told to stop: the small writes of a sale going on
// elsewhere while the draw runs. Each call (hold, purchase) is one write.
class OtherSale {
public:
    OtherSale(Storage& store, Id eventId, Id sectionId, Id clerk, std::chrono::milliseconds pause)
        : m_store(store)
        , m_eventId(eventId)
        , m_sectionId(sectionId)
        , m_clerk(clerk)
        , m_pause(pause) {}

    void start() {
        m_thread = std::thread([this] {
            try {
                for (int i = 0; !m_stop; ++i)
                    sell(i);
            } catch (const std::exception& error) {
                m_error = error.what();
            }
        });
    }
    std::vector<Write> stop() {
        m_stop = true;
        m_thread.join();
        if (!m_error.empty()) throw std::runtime_error(m_error);
        // Captured after the measurement, as the sales service would have (so `check` finds
        // the sales whole); the writes timed are the hold and the purchase.
        for (const Id order : m_orders)
            if (auto captured = m_store.sales().markPaymentCaptured(order, wallNow()); !captured)
                throw std::runtime_error("capture: " + captured.error().message);
        return std::move(m_writes);
    }

private:
    void sell(int i) {
        NewHold hold;
        hold.eventId = m_eventId;
        hold.customerId = m_clerk; // counter staff: no per-customer limit
        hold.currency = "BRL";
        hold.now = wallNow();
        hold.expiresAt = hold.now + std::chrono::seconds{600};
        hold.sectionId = m_sectionId;
        hold.quantity = 1;
        auto started = Steady::now();
        auto held = m_store.holds().createHold(hold);
        m_writes.push_back({started, Steady::now()});
        if (!held) throw std::runtime_error("hold: " + held.error().message);
        std::this_thread::sleep_for(m_pause);

        const NewPurchase purchase =
            bench::counterCashPurchase(*held, m_clerk, "draw-bench-" + std::to_string(i), hold.now);
        started = Steady::now();
        auto order = m_store.sales().completePurchase(purchase);
        m_writes.push_back({started, Steady::now()});
        if (!order) throw std::runtime_error("purchase: " + order.error().message);
        m_orders.push_back(order->id);
        std::this_thread::sleep_for(m_pause);
    }

    Storage& m_store;
    Id m_eventId, m_sectionId, m_clerk;
    std::chrono::milliseconds m_pause;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::vector<Write> m_writes;
    std::vector<Id> m_orders;
    std::string m_error;
};

struct Latencies {
    std::size_t count = 0;
    double p50 = 0, p99 = 0, max = 0;
};

Latencies latencies(const std::vector<Write>& writes) {
    std::vector<double> ms;
    for (const Write& write : writes)
        ms.push_back(write.ms());
    std::ranges::sort(ms);
    if (ms.empty()) return {};
    const auto at = [&](double q) {
        return ms[std::min(ms.size() - 1,
                           static_cast<std::size_t>(q * static_cast<double>(ms.size())))];
    };
    return {ms.size(), at(0.50), at(0.99), ms.back()};
}

} // namespace

int main(int argc, char** argv) {
    std::string url;
    int entrants = 100'000;
    int setupThreads = 0;
    double quietSeconds = 5;
    int pauseMs = 5;
    CLI::App app{"The waiting room's opening draw with N early joiners, timed (a fresh database)"};
    app.add_option("--database", url, "sqlite:PATH (a new file) or postgresql://... (empty)")
        ->required();
    app.add_option("--entrants", entrants, "Customers who join before the opening")
        ->capture_default_str()
        ->check(CLI::Range(1, 10'000'000));
    app.add_option("--setup-threads", setupThreads,
                   "Threads signing up and joining (default: 1 on SQLite, 4 on PostgreSQL)");
    app.add_option("--quiet-seconds", quietSeconds,
                   "How long the other event's sale runs alone before the draw")
        ->capture_default_str();
    app.add_option("--pause-ms", pauseMs, "The other sale's pause between its writes")
        ->capture_default_str()
        ->check(CLI::Range(0, 1000));
    CLI11_PARSE(app, argc, argv);

    try {
        // The keys `check` and `audit verify` read afterwards (draw-bench exports them); fresh
        // ones when run alone on its new database.
        const char* keysFile = std::getenv("BILHETERIA_KEYS_FILE");
        auto cipher = keysFile ? loadKeysFile(keysFile) : FieldCipher::create(generateFieldKeys());
        if (!cipher) throw std::runtime_error(cipher.error().message);
        LongestTransaction timings;
        auto opened = openStorage(StorageOptions{url, 8, 30'000, *cipher, &timings});
        if (!opened) throw std::runtime_error(opened.error().message);
        Storage& store = **opened;
        const bool sqlite = store.backendName() == "sqlite";
        if (setupThreads <= 0) setupThreads = sqlite ? 1 : 4;
        const std::string tag = crypto::hexEncode(crypto::randomBytes(4));
        const Id organizer = addUser(store, "organizer-" + tag + "@bench.invalid", Role::Organizer);
        const Id clerk = addUser(store, "clerk-" + tag + "@bench.invalid", Role::Clerk);

        const TimePoint created = wallNow();
        NewEvent presale;
        presale.name = "Presale " + tag;
        presale.venue = "Cidade do Rock";
        presale.saleStartsAt = created + std::chrono::hours{1};
        presale.saleEndsAt = created + std::chrono::hours{24};
        presale.startsAt = created + std::chrono::hours{48};
        presale.queueEnabled = true;
        presale.admitPerMinute = 600;
        presale.sections.push_back(NewSection{"Pista", SectionKind::General, 50'000, {}, 1'000});
        presale.createdBy = organizer;
        presale.createdAt = created;
        auto queued = store.events().createEvent(presale);
        if (!queued) throw std::runtime_error("event: " + queued.error().message);
        const Id presaleId = queued->summary.id;

        NewEvent other = presale;
        other.name = "Other " + tag;
        other.saleStartsAt = created - std::chrono::hours{1};
        other.queueEnabled = false;
        other.sections = {NewSection{"Pista", SectionKind::General, 5'000, {}, 20'000}};
        auto onSale = store.events().createEvent(other);
        if (!onSale) throw std::runtime_error("event: " + onSale.error().message);

        const auto setup = Steady::now();
        enrol(store, presaleId, entrants, setupThreads, tag);
        const double setupSeconds = millisecondsBetween(setup, Steady::now()) / 1000;
        auto before = store.waitingRoom().findQueuePlace(presaleId, 0);
        if (!before || before->queue.provisional != entrants)
            throw std::runtime_error("the early joiners are not all provisional");

        // The core alone: the permutation the advance draws under its lock, from the CSPRNG.
        double coreMs = 1e9;
        for (int i = 0; i < 3; ++i) {
            const auto started = Steady::now();
            const auto places = drawPlaces(entrants, cryptoRandomWords());
            coreMs = std::min(coreMs, millisecondsBetween(started, Steady::now()));
            if (static_cast<int>(places.size()) != entrants) throw std::runtime_error("draw size");
        }

        // The opening, one second in (600 a minute: ten admitted in the same step).
        const SetClock opening(presale.saleStartsAt + std::chrono::seconds{1});
        ProofOfWork proofOfWork(std::string(32, 'k'), opening);
        WaitingRoomService room(store.waitingRoom(), opening, proofOfWork);

        OtherSale sale(store, onSale->summary.id, onSale->sections.at(0).id, clerk,
                       std::chrono::milliseconds{pauseMs});
        sale.start();
        std::this_thread::sleep_for(std::chrono::duration<double>(quietSeconds));
        timings.watch();
        const auto drawStart = Steady::now();
        auto admitted = room.advance();
        const auto drawEnd = Steady::now();
        const double transactionMs = timings.stop() * 1000;
        // The sale's writes go on a little: one that waited through the draw ends after it.
        std::this_thread::sleep_for(std::chrono::milliseconds{500});
        const std::vector<Write> writes = sale.stop();
        if (!admitted) throw std::runtime_error("advance: " + admitted.error().message);
        auto after = store.waitingRoom().findQueuePlace(presaleId, 0);
        if (!after || after->queue.provisional != 0 || after->queue.admitted != *admitted)
            throw std::runtime_error("the draw was not applied");

        // Quiet: the writes that ended before the draw began, past the first second (warm-up).
        // During: every write whose time overlapped the draw's.
        std::vector<Write> quiet, during;
        const auto warm =
            writes.empty() ? drawStart : writes.front().start + std::chrono::seconds{1};
        for (const Write& write : writes) {
            if (write.end < drawStart && write.start >= warm)
                quiet.push_back(write);
            else if (write.end >= drawStart && write.start <= drawEnd)
                during.push_back(write);
        }
        const Latencies q = latencies(quiet), d = latencies(during);
        const double advanceMs = millisecondsBetween(drawStart, drawEnd);
        const auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
        std::printf("%s: %d early joiners (setup %.1f s, %d threads); core draw %.1f ms; the "
                    "advance %.1f ms (its transaction %.1f ms, %lld admitted)\n",
                    store.backendName().c_str(), entrants, setupSeconds, setupThreads, coreMs,
                    advanceMs, transactionMs, static_cast<long long>(*admitted));
        std::printf("  the other event's writes, ms: quiet %zu, p50 %.1f, p99 %.1f, max %.1f; "
                    "during the draw %zu, p50 %.1f, p99 %.1f, max %.1f (p99 %.1fx, max %.1fx)\n",
                    q.count, q.p50, q.p99, q.max, d.count, d.p50, d.p99, d.max, ratio(d.p99, q.p99),
                    ratio(d.max, q.max));
        std::printf("DRAW backend=%s entrants=%d event=%lld setup_s=%.1f core_ms=%.1f "
                    "advance_ms=%.1f transaction_ms=%.1f quiet_writes=%zu quiet_p50_ms=%.2f "
                    "quiet_p99_ms=%.2f quiet_max_ms=%.2f draw_writes=%zu draw_p50_ms=%.2f "
                    "draw_p99_ms=%.2f draw_max_ms=%.2f\n",
                    store.backendName().c_str(), entrants, static_cast<long long>(presaleId),
                    setupSeconds, coreMs, advanceMs, transactionMs, q.count, q.p50, q.p99, q.max,
                    d.count, d.p50, d.p99, d.max);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "error: %s\n", error.what());
        return 1;
    }
    return 0;
}
