// bilheteria-cancel-bench: how long cancelling an event takes with N paid orders, on either
// store (docs/performance.md). No HTTP: RefundService::cancelEvent over the store, the very
// code POST /api/v1/events/{id}/cancel runs after its session lookup.
//
// Use a fresh database (a SQLite file path that does not exist yet, or an empty PostgreSQL
// database): the run makes its organizer, clerk and event, sells --orders orders of one
// general-admission place each through the store (one in five by each of two cards, the rest
// cash, every payment captured), then cancels the event once, timed, and prints the figures.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>

#include "bench/countersale.h"
#include "server/core/refunds.h"
#include "server/payments/cashgateway.h"
#include "server/payments/sandboxcardgateway.h"
#include "server/store/keysfile.h"
#include "server/store/storagefactory.h"
#include "shared/crypto/crypto.h"

namespace {

using namespace bilheteria;

class WallClock final : public Clock {
public:
    TimePoint now() const override {
        return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    }
};

Id addUser(Storage& store, const std::string& email, Role role) {
    auto user = store.accounts().createUser(
        NewUser{email, email, role, "$argon2id$v=19$cancel-bench"}); // never logs in
    if (!user) throw std::runtime_error("user: " + user.error().message);
    return user->id;
}

// One place of `sectionId` sold to the clerk's counter: the store's hold, purchase, capture.
void sell(Storage& store, const WallClock& clock, Id eventId, Id sectionId, Id clerk, int i) {
    NewHold hold;
    hold.eventId = eventId;
    hold.customerId = clerk;
    hold.currency = "BRL";
    hold.maxTickets = 1'000'000;
    hold.now = clock.now();
    hold.expiresAt = hold.now + std::chrono::seconds{600};
    hold.sectionId = sectionId;
    hold.quantity = 1;
    auto held = store.holds().createHold(hold);
    if (!held) throw std::runtime_error("hold: " + held.error().message);

    // Two in five by card (the refunds then go to the card gateway), the rest in cash.
    NewPurchase purchase =
        bench::counterCashPurchase(*held, clerk, "bench-" + std::to_string(i), hold.now);
    if (i % 5 < 2) {
        Authorization& a = purchase.authorization;
        a.method = "card";
        a.reference = "card_" + crypto::randomToken(12);
        a.summary.method = a.method;
        a.summary.changeCents.reset();
        a.summary.brand = "visa";
        a.summary.last4 = i % 5 == 0 ? "1111" : "4444";
        purchase.cardFingerprint = crypto::hexEncode(crypto::sha256(*a.summary.last4));
        purchase.maxTicketsPerCard = 1'000'000;
    }
    auto order = store.sales().completePurchase(purchase);
    if (!order) throw std::runtime_error("purchase: " + order.error().message);
    if (auto captured = store.sales().markPaymentCaptured(order->id, hold.now); !captured)
        throw std::runtime_error("capture: " + captured.error().message);
}

} // namespace

int main(int argc, char** argv) {
    std::string url;
    int orders = 5'000;
    CLI::App app{"Cancels an event with N paid orders, timed (a fresh database)"};
    app.add_option("--database", url, "sqlite:PATH (a new file) or postgresql://... (empty)")
        ->required();
    app.add_option("--orders", orders, "Paid orders to cancel")
        ->capture_default_str()
        ->check(CLI::Range(1, 1'000'000));
    CLI11_PARSE(app, argc, argv);

    try {
        // The keys `check` and `audit verify` read afterwards (cancel-bench exports them);
        // fresh ones when run alone on its new database.
        const char* keysFile = std::getenv("BILHETERIA_KEYS_FILE");
        auto cipher = keysFile ? loadKeysFile(keysFile) : FieldCipher::create(generateFieldKeys());
        if (!cipher) throw std::runtime_error(cipher.error().message);
        auto opened = openStorage(StorageOptions{url, 4, 5000, *cipher});
        if (!opened) throw std::runtime_error(opened.error().message);
        Storage& store = **opened;
        const WallClock clock;
        const std::string tag = crypto::hexEncode(crypto::randomBytes(4));
        const Id organizer = addUser(store, "organizer-" + tag + "@bench.invalid", Role::Organizer);
        const Id clerk = addUser(store, "clerk-" + tag + "@bench.invalid", Role::Clerk);

        NewEvent in;
        in.name = "Cancel bench " + tag;
        in.venue = "Arena";
        in.saleStartsAt = clock.now() - std::chrono::hours{1};
        in.saleEndsAt = clock.now() + std::chrono::hours{24};
        in.startsAt = clock.now() + std::chrono::hours{48};
        in.maxTicketsPerCard = 1000;
        in.sections.push_back(NewSection{"Pista", SectionKind::General, 5'000, {}, orders});
        in.createdBy = organizer;
        in.createdAt = clock.now();
        auto event = store.events().createEvent(in);
        if (!event) throw std::runtime_error("event: " + event.error().message);
        const Id eventId = event->summary.id;

        const auto setup = std::chrono::steady_clock::now();
        for (int i = 0; i < orders; ++i)
            sell(store, clock, eventId, event->sections.at(0).id, clerk, i);
        const double sold =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - setup).count();

        SandboxCardGateway cardGateway;
        CashGateway cashGateway;
        PaymentGateways gateways;
        gateways.add(cardGateway);
        gateways.add(cashGateway);
        RefundService refunds({store.refunds(), store.sales(), store.events()}, clock, gateways,
                              std::string(32, 'k'));
        User actor;
        actor.id = organizer;
        actor.role = Role::Organizer;

        const auto start = std::chrono::steady_clock::now();
        auto done = refunds.cancelEvent(actor, eventId, CancelRequest{"bench"});
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!done) throw std::runtime_error("cancel: " + done.error().message);
        std::printf("%s: sold %d orders in %.2f s; cancelled them in %.2f s (%.0f orders/s, "
                    "%lld refunded, %lld cents, %zu card refunds paid back)\n",
                    store.backendName().c_str(), orders, sold, seconds,
                    static_cast<double>(done->refundedOrders) / seconds,
                    static_cast<long long>(done->refundedOrders),
                    static_cast<long long>(done->refundedCents), cardGateway.refundedCount());
        std::printf("CANCEL backend=%s orders=%lld seconds=%.3f orders_per_second=%.1f\n",
                    store.backendName().c_str(), static_cast<long long>(done->refundedOrders),
                    seconds, static_cast<double>(done->refundedOrders) / seconds);
        if (done->refundedOrders != orders) return 2;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "error: %s\n", error.what());
        return 1;
    }
    return 0;
}
