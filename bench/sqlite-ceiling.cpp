// bilheteria-sqlite-ceiling: the SQLite store's sale in a plain loop — no HTTP, no services, no
// thread pool — to show what the database allows for the server's own statements.
//
// Runs on a database file the server made (use a copy: the sales are real rows). Each sale calls
// the store itself, as the sales service does after its checks: SqliteStorage::createHold, then
// completePurchase, then markPaymentCaptured — three transactions, the very SQL the server runs,
// so the ceiling cannot drift from the store. Seats are taken from a shuffled list of the
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

#include <sqlite3.h>

#include <CLI/CLI.hpp>

#include "server/crypto/crypto.h"
#include "server/store/storagefactory.h"

namespace {

using namespace bilheteria;

constexpr int kNoLimit = 1'000'000; // counted, never reached

// Setup only (not measured): the ids a sale needs, read with a plain query.
std::vector<Id> queryIds(const std::string& path, const std::string& sql,
                         const std::vector<Id>& parameters = {}) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        throw std::runtime_error("cannot open " + path);
    }
    sqlite3_stmt* stmt = nullptr;
    std::vector<Id> ids;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
        for (std::size_t i = 0; i < parameters.size(); ++i)
            sqlite3_bind_int64(stmt, static_cast<int>(i + 1), parameters[i]);
        while (sqlite3_step(stmt) == SQLITE_ROW)
            ids.push_back(sqlite3_column_int64(stmt, 0));
    }
    const std::string error = sqlite3_errmsg(db);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    if (error != "not an error" && ids.empty()) throw std::runtime_error(error);
    return ids;
}

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
    CLI11_PARSE(app, argc, argv);
    if (minSeats < 1 || maxSeats < minSeats) {
        std::fprintf(stderr, "error: need 1 <= --min-seats <= --max-seats\n");
        return 1;
    }

    try {
        const auto customers =
            queryIds(path, "SELECT id FROM users WHERE role = 'buyer' ORDER BY id");
        if (customers.empty()) throw std::runtime_error("the database has no buyer accounts");
        std::mt19937_64 random(seed);
        std::vector<Id> freeSeats;
        if (mode == "seated") {
            freeSeats = queryIds(path,
                                 "SELECT s.id FROM seats s JOIN sections c ON c.id = s.section_id "
                                 "WHERE c.event_id = ?1 AND (?2 = 0 OR c.id = ?2) AND "
                                 "s.row_label IS NOT NULL AND s.state = 'free' ORDER BY s.id",
                                 {eventId, sectionId});
            std::shuffle(freeSeats.begin(), freeSeats.end(), random);
        } else if (sectionId == 0) {
            const auto general = queryIds(path,
                                          "SELECT id FROM sections WHERE event_id = ? AND kind = "
                                          "'general' ORDER BY position LIMIT 1",
                                          {eventId});
            if (general.empty())
                throw std::runtime_error("the event has no general-admission section");
            sectionId = general[0];
        }

        auto opened = openStorage(StorageOptions{"sqlite:" + path, 2, 5000});
        if (!opened) throw std::runtime_error(opened.error().message);
        Storage& store = **opened;
        auto event = store.getEventSettings(eventId);
        if (!event) throw std::runtime_error(event.error().message);

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
            auto held = store.createHold(hold);
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
            auto order = store.completePurchase(purchase);
            if (!order) throw std::runtime_error("purchase: " + order.error().message);
            if (auto captured = store.markPaymentCaptured(order->id, hold.now); !captured)
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
