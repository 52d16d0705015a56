// bilheteria-sqlite-ceiling: the SQLite store's hold and purchase statements in a plain loop —
// no HTTP, no services, no thread pool — to show what the database alone allows.
//
// Runs on a database file the server made (use a copy: the sales are real rows). Each sale does
// what SqliteStorage::createHold, SqliteStorage::completePurchase and
// SqliteStorage::markPaymentCaptured do, statement for statement (the same SQL, the same audit
// hash chain, the same ticket codes), on one connection with the store's settings (WAL,
// synchronous=NORMAL, foreign keys on): by default in one BEGIN IMMEDIATE per sale, with
// --split in three transactions as the server runs them. Seats are taken from a shuffled list
// of the event's free seats, so no sale conflicts; --mode general takes general-admission
// places with the store's queries instead. The limits per customer and per card (one card per
// customer here) are counted, as the store counts them, but not enforced: the loop sells to a
// few thousand customers far more than a limit allows, so `check` reports them over it.
// --skip-card-count leaves the per-card count out, to measure what it costs.
//
// Not included, because the store runs them in transactions of their own: the session lookup,
// GET-event read (sale window, limits), findHold and findIdempotencyKey reads of the services.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include <sqlite3.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "server/crypto/crypto.h"
#include "server/store/auditchain.h"

namespace {

using Id = std::int64_t;
using bilheteria::auditChainFor;
using bilheteria::AuditEntry;
using bilheteria::auditEntryHash;
namespace crypto = bilheteria::crypto;

struct SqliteFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Database;

// A cached prepared statement, reset when the wrapper goes (as in the store).
class Statement {
public:
    Statement(sqlite3* db, sqlite3_stmt* stmt)
        : m_db(db)
        , m_stmt(stmt) {}
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement() {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
    Statement& bind(int index, std::int64_t value) {
        check(sqlite3_bind_int64(m_stmt, index, value));
        return *this;
    }
    Statement& bind(int index, const std::string& value) {
        check(sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()),
                                SQLITE_TRANSIENT));
        return *this;
    }
    Statement& bindNull(int index) {
        check(sqlite3_bind_null(m_stmt, index));
        return *this;
    }
    bool step() {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw SqliteFailure(sqlite3_errmsg(m_db));
    }
    void run() {
        while (step()) {
        }
    }
    std::int64_t integer(int column) const { return sqlite3_column_int64(m_stmt, column); }
    bool isNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }
    std::string text(int column) const {
        const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
        return data ? std::string(data,
                                  static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)))
                    : std::string{};
    }

private:
    void check(int rc) {
        if (rc != SQLITE_OK) throw SqliteFailure(sqlite3_errmsg(m_db));
    }
    sqlite3* m_db;
    sqlite3_stmt* m_stmt;
};

class Database {
public:
    explicit Database(const std::string& path) {
        if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                            nullptr) != SQLITE_OK)
            throw SqliteFailure("cannot open " + path + ": " +
                                (m_db ? sqlite3_errmsg(m_db) : "out of memory"));
        sqlite3_busy_timeout(m_db, 5000);
        exec("PRAGMA journal_mode = WAL");
        exec("PRAGMA synchronous = NORMAL");
        exec("PRAGMA foreign_keys = ON");
    }
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database() {
        for (auto& [sql, stmt] : m_cache)
            sqlite3_finalize(stmt);
        sqlite3_close(m_db);
    }
    void exec(const std::string& sql) {
        char* error = nullptr;
        if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
            const std::string message = error ? error : "unknown error";
            sqlite3_free(error);
            throw SqliteFailure(message);
        }
    }
    Statement prepare(const std::string& sql) {
        auto it = m_cache.find(sql);
        if (it == m_cache.end()) {
            sqlite3_stmt* stmt = nullptr;
            if (sqlite3_prepare_v3(m_db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt,
                                   nullptr) != SQLITE_OK)
                throw SqliteFailure(sqlite3_errmsg(m_db));
            it = m_cache.emplace(sql, stmt).first;
        }
        return Statement(m_db, it->second);
    }
    std::int64_t lastInsertId() const { return sqlite3_last_insert_rowid(m_db); }
    std::int64_t changes() const { return sqlite3_changes64(m_db); }

private:
    sqlite3* m_db = nullptr;
    std::unordered_map<std::string, sqlite3_stmt*> m_cache;
};

std::string idList(const std::vector<Id>& ids) {
    return nlohmann::json(ids).dump();
}

void appendAudit(Database& db, int chain, std::int64_t at, Id actorId, const std::string& action,
                 const std::string& subject, const std::string& details) {
    AuditEntry entry;
    entry.chain = chain;
    {
        auto head = db.prepare("SELECT seq, hash FROM audit_heads WHERE chain = ?");
        head.bind(1, std::int64_t{chain});
        if (!head.step()) throw SqliteFailure("audit chain head missing");
        entry.seq = head.integer(0) + 1;
        entry.prevHash = head.text(1);
    }
    entry.at = at;
    entry.actorId = actorId;
    entry.action = action;
    entry.subject = subject;
    entry.details = details;
    const auto hash = auditEntryHash(entry);
    auto insert = db.prepare("INSERT INTO audit_log (chain, seq, at, actor_id, action, subject, "
                             "details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, std::int64_t{chain})
        .bind(2, entry.seq)
        .bind(3, entry.at)
        .bind(4, actorId)
        .bind(5, action)
        .bind(6, subject)
        .bind(7, details)
        .bind(8, entry.prevHash)
        .bind(9, hash);
    insert.run();
    auto update = db.prepare("UPDATE audit_heads SET seq = ?, hash = ? WHERE chain = ?");
    update.bind(1, entry.seq).bind(2, hash).bind(3, std::int64_t{chain});
    update.run();
}

struct HoldRow {
    Id eventId = 0;
    Id customerId = 0;
    std::int64_t totalCents = 0;
    std::string currency;
    std::int64_t places = 0;
};

// SqliteStorage's readHold: the hold and its places (the store reads it back after each write).
HoldRow readHold(Database& db, Id holdId) {
    HoldRow hold;
    {
        auto row = db.prepare("SELECT id, event_id, customer_id, status, expires_at, total_cents, "
                              "currency FROM holds WHERE id = ?");
        row.bind(1, holdId);
        if (!row.step()) throw SqliteFailure("hold vanished");
        hold.eventId = row.integer(1);
        hold.customerId = row.integer(2);
        hold.totalCents = row.integer(5);
        hold.currency = row.text(6);
    }
    auto places = db.prepare("SELECT p.seat_id, p.section_id, s.row_label, s.number, p.price_cents "
                             "FROM hold_places p JOIN seats s ON s.id = p.seat_id "
                             "WHERE p.hold_id = ? ORDER BY p.seat_id");
    places.bind(1, holdId);
    while (places.step())
        ++hold.places;
    return hold;
}

void readOrder(Database& db, Id orderId) {
    {
        auto row = db.prepare(
            "SELECT o.id, o.event_id, o.customer_id, o.status, o.total_cents, o.currency, "
            "o.created_at, p.method, p.brand, p.last4, p.change_cents FROM orders o "
            "JOIN payments p ON p.order_id = o.id WHERE o.id = ?");
        row.bind(1, orderId);
        row.run();
    }
    auto tickets =
        db.prepare("SELECT t.id, t.code, t.section_id, c.name, t.seat_id, s.row_label, "
                   "s.number FROM tickets t JOIN sections c ON c.id = t.section_id "
                   "JOIN seats s ON s.id = t.seat_id WHERE t.order_id = ? ORDER BY t.id");
    tickets.bind(1, orderId);
    tickets.run();
}

struct Sale {
    Id eventId = 0;
    Id customerId = 0;
    std::vector<Id> seatIds; // seated
    Id sectionId = 0;        // general
    std::int64_t quantity = 0;
    std::int64_t maxTickets = 0;
    std::int64_t now = 0;
    std::int64_t expiresAt = 0;
};

// SqliteStorage::createHold. Returns the hold id, or 0 when it would have answered 409.
Id createHold(Database& db, const Sale& in) {
    const std::string currency = "BRL"; // the core passes the event's, read before
    const bool seated = !in.seatIds.empty();
    const std::int64_t requested =
        seated ? static_cast<std::int64_t>(in.seatIds.size()) : in.quantity;
    if (seated) {
        auto known =
            db.prepare("SELECT j.value FROM json_each(?) j WHERE NOT EXISTS (SELECT 1 FROM seats s "
                       "WHERE s.id = j.value AND s.event_id = ? AND s.row_label IS NOT NULL)");
        known.bind(1, idList(in.seatIds)).bind(2, in.eventId);
        if (known.step()) throw SqliteFailure("a seat is not a seat of this event");
    } else {
        auto section = db.prepare("SELECT 1 FROM sections WHERE id = ? AND event_id = ? AND "
                                  "kind = 'general'");
        section.bind(1, in.sectionId).bind(2, in.eventId);
        if (!section.step()) throw SqliteFailure("not a general-admission section");
    }
    {
        auto current = db.prepare(
            "SELECT (SELECT coalesce(sum(ticket_count), 0) FROM holds WHERE event_id = ?1 "
            "AND customer_id = ?2 AND status = 'active' AND expires_at > ?3) + "
            "(SELECT count(*) FROM tickets WHERE event_id = ?1 AND customer_id = ?2)");
        current.bind(1, in.eventId).bind(2, in.customerId).bind(3, in.now);
        current.step();
        // The limit is counted, as in the store, but not enforced: the ceiling sells to a
        // handful of customers far more than a real limit allows.
        (void)current.integer(0);
    }
    auto insertHold =
        db.prepare("INSERT INTO holds (event_id, customer_id, status, ticket_count, total_cents, "
                   "currency, created_at, expires_at) VALUES (?, ?, 'active', ?, 0, ?, ?, ?)");
    insertHold.bind(1, in.eventId)
        .bind(2, in.customerId)
        .bind(3, requested)
        .bind(4, currency)
        .bind(5, in.now)
        .bind(6, in.expiresAt);
    insertHold.run();
    const Id holdId = db.lastInsertId();
    if (seated) {
        auto take =
            db.prepare("UPDATE seats SET state = 'held', hold_id = ?1, hold_expires_at = ?2 "
                       "WHERE id IN (SELECT value FROM json_each(?3)) AND event_id = ?4 AND "
                       "(state = 'free' OR (state = 'held' AND hold_expires_at <= ?5))");
        take.bind(1, holdId)
            .bind(2, in.expiresAt)
            .bind(3, idList(in.seatIds))
            .bind(4, in.eventId)
            .bind(5, in.now);
        take.run();
        if (db.changes() != requested) return 0;
    } else {
        // Free places first through seats_free, then places of lapsed holds (as the store).
        auto takeFree = db.prepare(
            "UPDATE seats SET state = 'held', hold_id = ?1, hold_expires_at = ?2 WHERE id IN "
            "(SELECT id FROM seats WHERE section_id = ?3 AND state = 'free' ORDER BY id "
            "LIMIT ?4)");
        takeFree.bind(1, holdId).bind(2, in.expiresAt).bind(3, in.sectionId).bind(4, requested);
        takeFree.run();
        std::int64_t taken = db.changes();
        if (taken < requested) {
            auto takeLapsed = db.prepare(
                "UPDATE seats SET state = 'held', hold_id = ?1, hold_expires_at = ?2 WHERE id "
                "IN (SELECT id FROM seats WHERE section_id = ?3 AND state = 'held' AND "
                "hold_expires_at <= ?4 ORDER BY hold_expires_at LIMIT ?5)");
            takeLapsed.bind(1, holdId)
                .bind(2, in.expiresAt)
                .bind(3, in.sectionId)
                .bind(4, in.now)
                .bind(5, requested - taken);
            takeLapsed.run();
            taken += db.changes();
        }
        if (taken != requested) return 0;
    }
    auto places = db.prepare(
        "INSERT INTO hold_places (hold_id, seat_id, section_id, price_cents) "
        "SELECT s.hold_id, s.id, s.section_id, c.price_cents FROM seats s JOIN sections c ON "
        "c.id = s.section_id WHERE s.hold_id = ? AND s.state = 'held'");
    places.bind(1, holdId);
    places.run();
    auto total = db.prepare("UPDATE holds SET total_cents = (SELECT coalesce(sum(price_cents), "
                            "0) FROM hold_places WHERE hold_id = ?1) WHERE id = ?1");
    total.bind(1, holdId);
    total.run();
    appendAudit(db, auditChainFor(holdId), in.now, in.customerId, "hold.created",
                "hold:" + std::to_string(holdId),
                nlohmann::json{{"event_id", in.eventId}, {"tickets", requested}}.dump());
    readHold(db, holdId);
    return holdId;
}

// SqliteStorage::completePurchase. Returns the order id and the number of tickets.
// Set by --skip-card-count: leaves the per-card count out (to measure what it costs).
bool g_skipCardCount = false;

std::pair<Id, std::int64_t> completePurchase(Database& db, Id holdId, Id actorId,
                                             std::int64_t now) {
    auto close = db.prepare("UPDATE holds SET status = 'purchased', closed_at = ? WHERE id = ? "
                            "AND status = 'active' AND expires_at > ?");
    close.bind(1, now).bind(2, holdId).bind(3, now);
    close.run();
    if (db.changes() != 1) throw SqliteFailure("the hold is not active");
    const HoldRow hold = readHold(db, holdId);
    const Id eventId = hold.eventId;
    const Id customerId = hold.customerId;
    const std::int64_t totalCents = hold.totalCents;
    const std::string& currency = hold.currency;
    const std::int64_t ticketCount = hold.places;
    std::vector<std::string> codes;
    for (std::int64_t i = 0; i < ticketCount; ++i)
        codes.push_back(crypto::randomToken(16));

    // The per-card limit: one card per customer here (a fingerprint of the customer's id).
    const std::string card = crypto::sha256Hex("card:" + std::to_string(customerId));
    if (!g_skipCardCount) {
        // The store's statement (sqlitestorage.cpp, completePurchase), driven from the card's
        // payments; keep the two the same.
        auto current = db.prepare(
            "SELECT coalesce(sum((SELECT count(*) FROM tickets t WHERE t.order_id = p.order_id "
            "AND t.event_id = ?1)), 0) FROM payments p WHERE p.card_fingerprint = ?2");
        current.bind(1, eventId).bind(2, card);
        current.step();
        (void)current.integer(0); // counted, not enforced (as the customer limit)
    }

    auto sell = db.prepare("UPDATE seats SET state = 'sold', hold_expires_at = NULL WHERE "
                           "hold_id = ? AND state = 'held'");
    sell.bind(1, holdId);
    sell.run();
    if (db.changes() != ticketCount) throw SqliteFailure("the hold lost places");

    auto insertOrder = db.prepare(
        "INSERT INTO orders (event_id, customer_id, actor_id, hold_id, status, total_cents, "
        "currency, created_at) VALUES (?, ?, ?, ?, 'paid', ?, ?, ?)");
    insertOrder.bind(1, eventId)
        .bind(2, customerId)
        .bind(3, actorId)
        .bind(4, holdId)
        .bind(5, totalCents)
        .bind(6, currency)
        .bind(7, now);
    insertOrder.run();
    const Id orderId = db.lastInsertId();

    std::size_t next = 0;
    std::map<Id, std::int64_t> soldPerSection;
    {
        auto places = db.prepare("SELECT seat_id, section_id, price_cents FROM hold_places "
                                 "WHERE hold_id = ? ORDER BY seat_id");
        places.bind(1, holdId);
        while (places.step()) {
            auto ticket = db.prepare(
                "INSERT INTO tickets (order_id, event_id, customer_id, section_id, seat_id, "
                "price_cents, code) VALUES (?, ?, ?, ?, ?, ?, ?)");
            ticket.bind(1, orderId)
                .bind(2, eventId)
                .bind(3, customerId)
                .bind(4, places.integer(1))
                .bind(5, places.integer(0))
                .bind(6, places.integer(2))
                .bind(7, codes[next++]);
            ticket.run();
            ++soldPerSection[places.integer(1)];
        }
    }
    for (const auto& [sectionId, count] : soldPerSection) {
        auto counter = db.prepare("UPDATE section_sales SET sold = sold + ? WHERE section_id = "
                                  "? AND shard = ?");
        counter.bind(1, count).bind(2, sectionId).bind(3, orderId % 16);
        counter.run();
    }
    auto payment = db.prepare(
        "INSERT INTO payments (order_id, method, reference, amount_cents, currency, brand, "
        "last4, change_cents, status, authorized_at, card_fingerprint) VALUES (?, ?, ?, ?, ?, "
        "?, ?, ?, 'authorized', ?, ?)");
    payment.bind(1, orderId)
        .bind(2, std::string{"card"})
        .bind(3, "sandbox_" + crypto::hexEncode(crypto::randomBytes(12)))
        .bind(4, totalCents)
        .bind(5, currency)
        .bind(6, std::string{"visa"})
        .bind(7, std::string{"1111"})
        .bindNull(8)
        .bind(9, now)
        .bind(10, card);
    payment.run();
    const std::string key = crypto::hexEncode(crypto::randomBytes(16));
    {
        auto exists =
            db.prepare("SELECT 1 FROM idempotency_keys WHERE customer_id = ? AND key = ?");
        exists.bind(1, actorId).bind(2, key);
        if (exists.step()) throw SqliteFailure("idempotency key reused");
    }
    auto insertKey = db.prepare("INSERT INTO idempotency_keys (customer_id, key, request_hash, "
                                "hold_id, order_id, created_at) VALUES (?, ?, ?, ?, ?, ?)");
    insertKey.bind(1, actorId)
        .bind(2, key)
        .bind(3, crypto::hexEncode(crypto::randomBytes(32)))
        .bind(4, holdId)
        .bind(5, orderId)
        .bind(6, now);
    insertKey.run();
    appendAudit(
        db, auditChainFor(holdId), now, actorId, "order.paid", "hold:" + std::to_string(holdId),
        nlohmann::json{{"order_id", orderId}, {"total_cents", totalCents}, {"method", "card"}}
            .dump());
    readOrder(db, orderId);
    return {orderId, ticketCount};
}

// SqliteStorage::markPaymentCaptured, which the sale runs after the gateway's capture.
void markCaptured(Database& db, Id orderId, std::int64_t now) {
    auto update = db.prepare("UPDATE payments SET status = 'captured', captured_at = ? WHERE "
                             "order_id = ? AND status = 'authorized'");
    update.bind(1, now).bind(2, orderId);
    update.run();
}

template <typename Work> auto inTransaction(Database& db, Work&& work) {
    db.exec("BEGIN IMMEDIATE");
    try {
        auto result = work();
        db.exec("COMMIT");
        return result;
    } catch (...) {
        db.exec("ROLLBACK");
        throw;
    }
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
    bool split = false;
    std::uint64_t seed = 1;
    CLI::App app{"The SQLite store's hold and purchase statements in a plain loop (no HTTP)"};
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
    app.add_flag("--split", split,
                 "Three transactions per sale (hold, purchase, capture) as the server runs them, "
                 "instead of one");
    app.add_option("--seed", seed, "Random seed")->capture_default_str();
    app.add_flag("--skip-card-count", g_skipCardCount,
                 "Leave out the per-card ticket count (to measure what it costs)");
    CLI11_PARSE(app, argc, argv);
    if (minSeats < 1 || maxSeats < minSeats) {
        std::fprintf(stderr, "error: need 1 <= --min-seats <= --max-seats\n");
        return 1;
    }

    try {
        Database db(path);
        std::mt19937_64 random(seed);
        std::vector<Id> freeSeats;
        std::vector<Id> customers;
        {
            auto rows = db.prepare("SELECT id FROM users WHERE role = 'buyer' ORDER BY id");
            while (rows.step())
                customers.push_back(rows.integer(0));
        }
        if (customers.empty()) throw SqliteFailure("the database has no buyer accounts");
        if (mode == "seated") {
            auto rows =
                db.prepare("SELECT id FROM seats WHERE event_id = ? AND row_label IS NOT "
                           "NULL AND state = 'free' AND (? = 0 OR section_id = ?) ORDER BY id");
            rows.bind(1, eventId).bind(2, sectionId).bind(3, sectionId);
            while (rows.step())
                freeSeats.push_back(rows.integer(0));
            std::shuffle(freeSeats.begin(), freeSeats.end(), random);
        } else if (sectionId == 0) {
            auto row = db.prepare("SELECT id FROM sections WHERE event_id = ? AND kind = "
                                  "'general' ORDER BY position LIMIT 1");
            row.bind(1, eventId);
            if (!row.step()) throw SqliteFailure("the event has no general-admission section");
            sectionId = row.integer(0);
        }
        std::uniform_int_distribution<int> quantity(minSeats, maxSeats);
        std::uniform_int_distribution<std::size_t> customer(0, customers.size() - 1);

        std::int64_t sales = 0, tickets = 0, soldOut = 0;
        std::size_t nextSeat = 0;
        const auto start = std::chrono::steady_clock::now();
        const auto deadline = start + std::chrono::duration<double>(seconds);
        while (std::chrono::steady_clock::now() < deadline && (maxSales == 0 || sales < maxSales)) {
            Sale sale;
            sale.eventId = eventId;
            sale.customerId = customers[customer(random)];
            sale.now = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
            sale.expiresAt = sale.now + 600;
            const int n = quantity(random);
            if (mode == "seated") {
                if (nextSeat + static_cast<std::size_t>(n) > freeSeats.size()) break;
                sale.seatIds.assign(freeSeats.begin() + static_cast<std::ptrdiff_t>(nextSeat),
                                    freeSeats.begin() + static_cast<std::ptrdiff_t>(nextSeat) + n);
                nextSeat += static_cast<std::size_t>(n);
            } else {
                sale.sectionId = sectionId;
                sale.quantity = n;
            }
            auto sell = [&]() -> std::pair<Id, std::int64_t> {
                const Id holdId = createHold(db, sale);
                if (holdId == 0) throw SqliteFailure("sold out");
                return completePurchase(db, holdId, sale.customerId, sale.now);
            };
            std::pair<Id, std::int64_t> done;
            try {
                if (split) {
                    const Id holdId = inTransaction(db, [&] {
                        const Id id = createHold(db, sale);
                        if (id == 0) throw SqliteFailure("sold out");
                        return id;
                    });
                    done = inTransaction(db, [&] {
                        return completePurchase(db, holdId, sale.customerId, sale.now);
                    });
                    inTransaction(db, [&] {
                        markCaptured(db, done.first, sale.now);
                        return 0;
                    });
                } else {
                    done = inTransaction(db, [&] {
                        auto result = sell();
                        markCaptured(db, result.first, sale.now);
                        return result;
                    });
                }
            } catch (const SqliteFailure& error) {
                if (std::string(error.what()) != "sold out") throw;
                ++soldOut;
                break;
            }
            ++sales;
            tickets += done.second;
        }
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf("sqlite ceiling (%s, %s): %lld sales, %lld tickets in %.2f s: %.1f sales/s, "
                    "%.1f tickets/s%s\n",
                    mode.c_str(), split ? "3 transactions per sale" : "1 transaction per sale",
                    static_cast<long long>(sales), static_cast<long long>(tickets), elapsed,
                    static_cast<double>(sales) / elapsed, static_cast<double>(tickets) / elapsed,
                    soldOut ? " (stopped: sold out)" : "");
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
