// bilheteria-sqlite-ceiling: the SQLite store's sale in a plain loop — no HTTP, no services, no
// thread pool — to show what the database allows for the server's own statements.
//
// Runs on a database file the server made (use a copy: the sales are real rows). Each sale calls
// the store itself, as the sales service does after its checks: holds().createHold, then
// sales().completePurchase, then sales().markPaymentCaptured — three transactions, the very code
// and SQL the server runs (nothing here opens the file by other means), so the ceiling cannot
// drift from the store. Its buyers (--customers) are made through the store before the clock
// starts. Seats are taken from a shuffled list of the
// event's free seats, so no sale conflicts; --mode general takes general-admission places
// instead. The limits per customer and per card (one card per customer here) are counted, as
// the store counts them, but set too high to refuse: the loop sells to a few thousand customers
// far more than a real limit allows, so `check` reports them over the event's limit.
//
// Not included, because the services run them in transactions of their own before the writes:
// the session lookup, the event's settings, findHold and findIdempotencyKey.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "server/store/keysfile.h"
#include "server/store/storagefactory.h"
#include "shared/crypto/crypto.h"

namespace {

using namespace bilheteria;

constexpr int kNoLimit = 1'000'000; // counted, never reached

TimePoint now() {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

} // namespace

int main(int argc, char** argv) {
    std::string path;
    Id eventId = 0;
    Id sectionId = 0;
    std::string mode = "seated";
    double seconds = 10;
    std::int64_t maxSales = 0;
    int minSeats = 1, maxSeats = 4;
    std::uint64_t seed = 1;
    int customerCount = 2000;
    CLI::App app{"The SQLite store's hold, purchase and capture in a plain loop (no HTTP)"};
    app.add_option("--database", path, "SQLite file (a copy: the sales are written)")
        ->required()
        ->check(CLI::ExistingFile);
    app.add_option("--event", eventId, "Event to sell")->required();
    app.add_option("--section", sectionId,
                   "seated: only seats of this section; general: the section (default: the "
                   "event's first of that kind)");
    app.add_option("--mode", mode, "seated or general")
        ->capture_default_str()
        ->check(CLI::IsMember({"seated", "general"}));
    app.add_option("--seconds", seconds, "Run this long")->capture_default_str();
    app.add_option("--sales", maxSales, "Stop after this many sales (0: no limit)");
    app.add_option("--min-seats", minSeats, "Fewest tickets per sale")->capture_default_str();
    app.add_option("--max-seats", maxSeats, "Most tickets per sale")->capture_default_str();
    app.add_option("--seed", seed, "Random seed")->capture_default_str();
    app.add_option("--customers", customerCount, "Buyers the run makes (setup) and sells to")
        ->capture_default_str()
        ->check(CLI::Range(1, 1'000'000));
    CLI11_PARSE(app, argc, argv);
    if (minSeats < 1 || maxSeats < minSeats) {
        std::fprintf(stderr, "error: need 1 <= --min-seats <= --max-seats\n");
        return 1;
    }

    try {
        // Setup, not measured, through the store too: its own buyers, the event's free seats
        // (or its general-admission section) as the store reads them.
        // A new database each run: fresh keys serve.
        auto opened = openStorage(
            StorageOptions{"sqlite:" + path, 2, 5000, *FieldCipher::create(generateFieldKeys())});
        if (!opened) throw std::runtime_error(opened.error().message);
        Storage& store = **opened;
        auto event = store.events().getEvent(eventId, now());
        if (!event) throw std::runtime_error(event.error().message);
        // Lower-case hex: emails are stored normalized (the schema checks it).
        const std::string runTag = crypto::hexEncode(crypto::randomBytes(6));
        std::vector<Id> customers;
        for (int i = 0; i < customerCount; ++i) {
            auto user = store.accounts().createUser(
                NewUser{"ceiling-" + runTag + "-" + std::to_string(i) + "@bench.invalid",
                        "Ceiling Buyer " + std::to_string(i), Role::Buyer,
                        // The schema's shape of a hash; these buyers never log in.
                        "$argon2id$v=19$ceiling-buyer"});
            if (!user) throw std::runtime_error("buyer: " + user.error().message);
            customers.push_back(user->id);
        }
        std::mt19937_64 random(seed);
        std::vector<Id> freeSeats;
        if (mode == "seated") {
            auto visited = store.events().forEachSeat(eventId, now(), [&](const Seat& seat) {
                if (seat.state == SeatState::Free &&
                    (sectionId == 0 || seat.sectionId == sectionId))
                    freeSeats.push_back(seat.id);
            });
            if (!visited) throw std::runtime_error(visited.error().message);
            std::shuffle(freeSeats.begin(), freeSeats.end(), random);
        } else if (sectionId == 0) {
            for (const SectionInfo& section : event->sections)
                if (section.kind == SectionKind::General) {
                    sectionId = section.id;
                    break;
                }
            if (sectionId == 0)
                throw std::runtime_error("the event has no general-admission section");
        }

        std::uniform_int_distribution<int> quantity(minSeats, maxSeats);
        std::uniform_int_distribution<std::size_t> customer(0, customers.size() - 1);
        std::int64_t sales = 0, tickets = 0;
        bool soldOut = false;
        std::size_t nextSeat = 0;
        const auto start = std::chrono::steady_clock::now();
        const auto deadline = start + std::chrono::duration<double>(seconds);
        while (std::chrono::steady_clock::now() < deadline && (maxSales == 0 || sales < maxSales)) {
            NewHold hold;
            hold.eventId = eventId;
            hold.customerId = customers[customer(random)];
            hold.currency = event->summary.currency;
            hold.maxTickets = kNoLimit;
            hold.now = now();
            hold.expiresAt = hold.now + std::chrono::seconds{event->holdSeconds};
            const int n = quantity(random);
            if (mode == "seated") {
                if (nextSeat + static_cast<std::size_t>(n) > freeSeats.size()) {
                    soldOut = true;
                    break;
                }
                hold.seatIds.assign(freeSeats.begin() + static_cast<std::ptrdiff_t>(nextSeat),
                                    freeSeats.begin() + static_cast<std::ptrdiff_t>(nextSeat) + n);
                nextSeat += static_cast<std::size_t>(n);
            } else {
                hold.sectionId = sectionId;
                hold.quantity = n;
            }
            auto held = store.holds().createHold(hold);
            if (!held) {
                if (held.error().code == ErrorCode::SoldOut) {
                    soldOut = true;
                    break;
                }
                throw std::runtime_error("hold: " + held.error().message);
            }

            NewPurchase purchase;
            purchase.holdId = held->id;
            purchase.actorId = hold.customerId;
            purchase.idempotencyKey = crypto::randomToken(12);
            purchase.requestHash = crypto::hexEncode(crypto::randomBytes(32));
            purchase.authorization.method = "card";
            purchase.authorization.reference = "ceiling_" + crypto::randomToken(12);
            purchase.authorization.amountCents = held->totalCents;
            purchase.authorization.currency = held->currency;
            purchase.authorization.summary.method = "card";
            purchase.authorization.summary.brand = "visa";
            purchase.authorization.summary.last4 = "1111";
            for (std::int64_t i = 0; i < held->ticketCount(); ++i)
                purchase.ticketCodes.push_back(crypto::randomToken(16));
            purchase.cardFingerprint =
                crypto::hexEncode(crypto::sha256("card-" + std::to_string(hold.customerId)));
            purchase.maxTicketsPerCard = kNoLimit;
            purchase.now = hold.now;
            auto order = store.sales().completePurchase(purchase);
            if (!order) throw std::runtime_error("purchase: " + order.error().message);
            if (auto captured = store.sales().markPaymentCaptured(order->id, hold.now); !captured)
                throw std::runtime_error("capture: " + captured.error().message);
            ++sales;
            tickets += static_cast<std::int64_t>(order->tickets.size());
        }
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf("sqlite ceiling (%s, the store's 3 transactions per sale): %lld sales, %lld "
                    "tickets in %.2f s: %.1f sales/s, %.1f tickets/s%s\n",
                    mode.c_str(), static_cast<long long>(sales), static_cast<long long>(tickets),
                    elapsed, static_cast<double>(sales) / elapsed,
                    static_cast<double>(tickets) / elapsed, soldOut ? " (stopped: sold out)" : "");
        std::printf("CEILING sales=%lld tickets=%lld seconds=%.3f sales_per_second=%.1f "
                    "tickets_per_second=%.1f\n",
                    static_cast<long long>(sales), static_cast<long long>(tickets), elapsed,
                    static_cast<double>(sales) / elapsed, static_cast<double>(tickets) / elapsed);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "error: %s\n", error.what());
        return 1;
    }
    return 0;
}
