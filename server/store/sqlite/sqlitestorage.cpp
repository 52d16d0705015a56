#include "server/store/sqlite/sqlitestorage.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <unordered_map>

#include "server/core/queue.h"
#include "server/crypto/crypto.h"
#include "server/store/auditchain.h"
#include "server/store/changesignal.h"
#include "server/store/integrity.h"
#include "server/store/migrations.h"
#include "server/store/reports.h"

#include <nlohmann/json.hpp>

namespace bilheteria {

namespace sqlite {

// What a failing SQLite call throws inside this file; transaction() turns it into an Error.
struct SqliteError : std::runtime_error {
    SqliteError(int code, const std::string& message)
        : std::runtime_error(message)
        , code(code) {}
    int code; // extended result code
};

// One prepared statement, reset (not finalised) when the wrapper goes: the connection caches it.
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
    Statement& bind(int index, const std::optional<std::string>& value) {
        if (!value) {
            check(sqlite3_bind_null(m_stmt, index));
            return *this;
        }
        return bind(index, *value);
    }
    Statement& bind(int index, TimePoint value) {
        return bind(index, static_cast<std::int64_t>(value.time_since_epoch().count()));
    }

    // True while there is a row to read.
    bool step() {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw SqliteError(sqlite3_extended_errcode(m_db), sqlite3_errmsg(m_db));
    }
    void run() {
        while (step()) {
        }
    }

    std::int64_t integer(int column) const { return sqlite3_column_int64(m_stmt, column); }
    bool isNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }
    std::string text(int column) const {
        const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
        return data ? std::string(data, sqlite3_column_bytes(m_stmt, column)) : std::string{};
    }
    std::optional<std::string> optionalText(int column) const {
        if (isNull(column)) return std::nullopt;
        return text(column);
    }
    std::optional<std::int64_t> optionalInteger(int column) const {
        if (isNull(column)) return std::nullopt;
        return integer(column);
    }
    TimePoint time(int column) const { return TimePoint{std::chrono::seconds{integer(column)}}; }

private:
    void check(int rc) {
        if (rc != SQLITE_OK) throw SqliteError(rc, sqlite3_errmsg(m_db));
    }
    sqlite3* m_db;
    sqlite3_stmt* m_stmt;
};

class Connection {
public:
    Connection(const std::string& path, int busyTimeoutMs) {
        const int rc = sqlite3_open_v2(
            path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
            nullptr);
        if (rc != SQLITE_OK) {
            std::string message = m_db ? sqlite3_errmsg(m_db) : "out of memory";
            sqlite3_close(m_db);
            throw SqliteError(rc, "cannot open " + path + ": " + message);
        }
        sqlite3_extended_result_codes(m_db, 1);
        sqlite3_busy_timeout(m_db, busyTimeoutMs);
        exec("PRAGMA journal_mode = WAL");
        exec("PRAGMA synchronous = NORMAL"); // durable at checkpoints; WAL keeps it consistent
        exec("PRAGMA foreign_keys = ON");
        // No automatic checkpoints: SQLite would run them inside whichever write commits past
        // 1,000 pages of log, holding the store's write lock (and every writer queued behind
        // it) for the copy. maintain() checkpoints from the housekeeper instead.
        exec("PRAGMA wal_autocheckpoint = 0");
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() {
        for (auto& [sql, stmt] : m_cache)
            sqlite3_finalize(stmt);
        sqlite3_close(m_db);
    }

    void exec(const std::string& sql) {
        char* error = nullptr;
        if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
            std::string message = error ? error : "unknown error";
            sqlite3_free(error);
            throw SqliteError(sqlite3_extended_errcode(m_db), message);
        }
    }

    Statement prepare(const std::string& sql) {
        auto it = m_cache.find(sql);
        if (it == m_cache.end()) {
            sqlite3_stmt* stmt = nullptr;
            if (sqlite3_prepare_v3(m_db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt,
                                   nullptr) != SQLITE_OK)
                throw SqliteError(sqlite3_extended_errcode(m_db), sqlite3_errmsg(m_db));
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

} // namespace sqlite

using sqlite::Connection;
using sqlite::SqliteError;
using sqlite::Statement;

namespace {

Error translate(const SqliteError& error) {
    const int primary = error.code & 0xff;
    const std::string what = error.what();
    if (error.code == SQLITE_CONSTRAINT_UNIQUE && what.find("users.email") != std::string::npos)
        return {ErrorCode::EmailTaken, "an account with this email already exists"};
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        return Error::unavailable("the database is busy; try again");
    if (primary == SQLITE_CANTOPEN || primary == SQLITE_IOERR || primary == SQLITE_FULL ||
        primary == SQLITE_READONLY)
        return Error::unavailable("the database cannot be written");
    std::fprintf(stderr, "sqlite: %s (code %d)\n", what.c_str(), error.code);
    if (primary == SQLITE_CONSTRAINT)
        return Error::internal("the change would break a data rule and was not saved");
    return Error::internal("a database error occurred");
}

UserRecord readUser(const Statement& row) {
    // Columns: id, email, name, role, password_hash, totp_secret, totp_pending, totp_last_step
    UserRecord record;
    record.user.id = row.integer(0);
    record.user.email = row.text(1);
    record.user.name = row.text(2);
    record.user.role = roleFromName(row.text(3)).value_or(Role::Buyer);
    record.passwordHash = row.text(4);
    record.totpSecret = row.optionalText(5);
    record.totpPending = row.optionalText(6);
    record.totpLastStep = row.optionalInteger(7);
    return record;
}

const std::string kUserColumns =
    "id, email, name, role, password_hash, totp_secret, totp_pending, totp_last_step";

const std::string kEventColumns =
    "e.id, e.name, e.venue, e.starts_at, e.sale_starts_at, e.sale_ends_at, e.currency, "
    "e.queue_enabled, e.max_tickets_per_customer, e.hold_seconds, e.admit_per_minute, "
    "e.max_tickets_per_card, e.queue_pow_bits, e.created_by";

Event readEventRow(const Statement& row) {
    Event event;
    auto& s = event.summary;
    s.id = row.integer(0);
    s.name = row.text(1);
    s.venue = row.text(2);
    s.startsAt = row.time(3);
    s.saleStartsAt = row.time(4);
    s.saleEndsAt = row.time(5);
    s.currency = row.text(6);
    s.queueEnabled = row.integer(7) != 0;
    event.maxTicketsPerCustomer = static_cast<int>(row.integer(8));
    event.holdSeconds = static_cast<int>(row.integer(9));
    event.admitPerMinute = static_cast<int>(row.integer(10));
    event.maxTicketsPerCard = static_cast<int>(row.integer(11));
    event.queuePowBits = static_cast<int>(row.integer(12));
    event.createdBy = row.integer(13);
    return event;
}

// Sections with live availability: capacity less the sold counter shards and the places under
// an unexpired hold (a partial index keeps that count to the holds in flight). Nothing counts
// free seats, so a 200,000-seat event reads as fast as a small one.
const std::string kSectionsOfEvent =
    "SELECT s.id, s.name, s.kind, s.price_cents, s.capacity, s.capacity "
    "- (SELECT coalesce(sum(sold), 0) FROM section_sales WHERE section_id = s.id) "
    "- (SELECT count(*) FROM seats WHERE section_id = s.id AND state = 'held' AND "
    "hold_expires_at > ?) "
    "FROM sections s WHERE s.event_id = ? ORDER BY s.position";

void addSections(Connection& db, Event& event, TimePoint now) {
    auto row = db.prepare(kSectionsOfEvent);
    row.bind(1, now).bind(2, event.summary.id);
    auto& s = event.summary;
    s.capacity = s.available = 0;
    bool first = true;
    while (row.step()) {
        SectionInfo section;
        section.id = row.integer(0);
        section.name = row.text(1);
        section.kind = row.text(2) == "general" ? SectionKind::General : SectionKind::Seated;
        section.priceCents = row.integer(3);
        section.capacity = row.integer(4);
        section.available = row.integer(5);
        s.capacity += section.capacity;
        s.available += section.available;
        s.minPriceCents =
            first ? section.priceCents : std::min(s.minPriceCents, section.priceCents);
        first = false;
        event.sections.push_back(std::move(section));
    }
}

constexpr int kSalesShards = 16;

// Appends one entry to an audit chain inside the caller's transaction.
void appendAudit(Connection& db, int chain, TimePoint at, Id actorId, const std::string& action,
                 const std::string& subject, const std::string& details) {
    AuditEntry entry;
    entry.chain = chain;
    {
        auto head = db.prepare("SELECT seq, hash FROM audit_heads WHERE chain = ?");
        head.bind(1, std::int64_t{chain});
        if (!head.step()) throw SqliteError(SQLITE_CORRUPT, "audit chain head missing");
        entry.seq = head.integer(0) + 1;
        entry.prevHash = head.text(1);
    }
    entry.at = at.time_since_epoch().count();
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

// Writes changes to the outbox inside the caller's transaction (core/changefeed.h). A store
// method that writes any notifies m_changes once it has committed. The waiting room writes its
// queue changes (queueChange()) the same way.
void insertChanges(Connection& db, const std::vector<NewChange>& changes, TimePoint at) {
    // One statement for up to two rows (a sale writes its seats and its order): on the sale's
    // hot path, under the write lock.
    std::size_t i = 0;
    for (; i + 1 < changes.size(); i += 2) {
        auto insert = db.prepare("INSERT INTO event_changes (event_id, kind, payload, created_at) "
                                 "VALUES (?1, ?2, ?3, ?7), (?4, ?5, ?6, ?7)");
        insert.bind(1, changes[i].eventId)
            .bind(2, std::string(changeKindName(changes[i].kind)))
            .bind(3, changes[i].payload)
            .bind(4, changes[i + 1].eventId)
            .bind(5, std::string(changeKindName(changes[i + 1].kind)))
            .bind(6, changes[i + 1].payload)
            .bind(7, at);
        insert.run();
    }
    if (i < changes.size()) {
        auto insert = db.prepare("INSERT INTO event_changes (event_id, kind, payload, created_at) "
                                 "VALUES (?, ?, ?, ?)");
        insert.bind(1, changes[i].eventId)
            .bind(2, std::string(changeKindName(changes[i].kind)))
            .bind(3, changes[i].payload)
            .bind(4, at);
        insert.run();
    }
}

Change readChange(const Statement& row) {
    // Columns: id, event_id, kind, payload
    return Change{row.integer(0), row.integer(1),
                  changeKindFromName(row.text(2)).value_or(ChangeKind::Seats), row.text(3)};
}

const std::string kChangeColumns = "SELECT id, event_id, kind, payload FROM event_changes ";

} // namespace

SqliteStorage::SqliteStorage(std::string path, int busyTimeoutMs)
    : m_path(std::move(path))
    , m_busyTimeoutMs(busyTimeoutMs)
    , m_changes(std::make_shared<ChangeSignal>()) {}

SqliteStorage::~SqliteStorage() = default;

Result<std::unique_ptr<Storage>> SqliteStorage::open(const StorageOptions& options) {
    std::string path = options.url;
    if (path.rfind("sqlite:", 0) == 0) path = path.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2); // sqlite://PATH
    if (path.empty()) return fail(Error::invalidField("database", "sqlite: needs a file path"));

    std::unique_ptr<SqliteStorage> storage(new SqliteStorage(path, options.busyTimeoutMs));
    auto migrated = storage->transaction<int>(true, [](Connection& db) -> Result<int> {
        db.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                "applied_at INTEGER NOT NULL)");
        std::int64_t current = 0;
        {
            auto row = db.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
            if (row.step()) current = row.integer(0);
        }
        int applied = 0;
        for (const auto& migration : sqliteMigrations()) {
            if (migration.version <= current) continue;
            db.exec(std::string(migration.sql));
            auto insert = db.prepare("INSERT INTO schema_migrations (version, description, "
                                     "applied_at) VALUES (?, ?, strftime('%s', 'now'))");
            insert.bind(1, migration.version).bind(2, std::string(migration.description));
            insert.run();
            ++applied;
        }
        return applied;
    });
    if (!migrated) return fail(migrated.error());
    return std::unique_ptr<Storage>(std::move(storage));
}

std::unique_ptr<Connection> SqliteStorage::acquire() {
    {
        std::lock_guard lock(m_poolMutex);
        if (!m_idle.empty()) {
            auto connection = std::move(m_idle.back());
            m_idle.pop_back();
            return connection;
        }
    }
    return std::make_unique<Connection>(m_path, m_busyTimeoutMs);
}

void SqliteStorage::release(std::unique_ptr<Connection> connection) {
    std::lock_guard lock(m_poolMutex);
    m_idle.push_back(std::move(connection));
}

template <typename T, typename Work> Result<T> SqliteStorage::transaction(bool write, Work&& work) {
    std::unique_lock<std::mutex> writer(m_writeMutex, std::defer_lock);
    if (write) writer.lock();
    std::unique_ptr<Connection> db;
    try {
        db = acquire();
    } catch (const SqliteError& error) {
        std::fprintf(stderr, "sqlite: %s\n", error.what());
        return fail(Error::unavailable("the database cannot be opened"));
    }
    Result<T> result = fail(Error::internal("the transaction did not run"));
    bool begun = false;
    try {
        db->exec(write ? "BEGIN IMMEDIATE" : "BEGIN");
        begun = true;
        result = work(*db);
        db->exec(result ? "COMMIT" : "ROLLBACK");
        begun = false;
    } catch (const SqliteError& error) {
        result = fail(translate(error));
    } catch (const std::exception& error) {
        std::fprintf(stderr, "sqlite: %s\n", error.what());
        result = fail(Error::internal("a database error occurred"));
    }
    if (begun) {
        try {
            db->exec("ROLLBACK");
        } catch (const SqliteError&) {
            return result; // the connection is in an unknown state: drop it
        }
    }
    release(std::move(db));
    return result;
}

Result<void> SqliteStorage::ping() {
    return transaction<void>(false, [](Connection& db) -> Result<void> {
        db.prepare("SELECT 1").run();
        return {};
    });
}

Result<void> SqliteStorage::maintain() {
    // PASSIVE: copies what it can without waiting for readers or blocking writers, so sales go
    // on meanwhile; the log restarts from its beginning once a checkpoint has caught up.
    std::unique_ptr<Connection> db;
    try {
        db = acquire();
        db->exec("PRAGMA wal_checkpoint(PASSIVE)");
    } catch (const SqliteError& error) {
        std::fprintf(stderr, "sqlite: checkpoint: %s\n", error.what());
        return fail(Error::unavailable("the write-ahead log could not be checkpointed"));
    }
    release(std::move(db));
    return {};
}

Result<User> SqliteStorage::createUser(const NewUser& user) {
    return transaction<User>(true, [&](Connection& db) -> Result<User> {
        auto insert = db.prepare("INSERT INTO users (email, name, role, password_hash, "
                                 "created_at) VALUES (?, ?, ?, ?, strftime('%s', 'now'))");
        insert.bind(1, user.email)
            .bind(2, user.name)
            .bind(3, std::string(roleName(user.role)))
            .bind(4, user.passwordHash);
        insert.run();
        return User{db.lastInsertId(), user.email, user.name, user.role};
    });
}

Result<UserRecord> SqliteStorage::findUserByEmail(const std::string& normalizedEmail) {
    return transaction<UserRecord>(false, [&](Connection& db) -> Result<UserRecord> {
        auto row = db.prepare("SELECT " + kUserColumns + " FROM users WHERE email = ?");
        row.bind(1, normalizedEmail);
        if (!row.step()) return fail(Error::notFound("no account with this email"));
        return readUser(row);
    });
}

Result<UserRecord> SqliteStorage::findUserById(Id id) {
    return transaction<UserRecord>(false, [&](Connection& db) -> Result<UserRecord> {
        auto row = db.prepare("SELECT " + kUserColumns + " FROM users WHERE id = ?");
        row.bind(1, id);
        if (!row.step()) return fail(Error::notFound("no such user"));
        return readUser(row);
    });
}

Result<void> SqliteStorage::setTotpPending(Id userId, const std::string& secret) {
    return transaction<void>(true, [&](Connection& db) -> Result<void> {
        auto update = db.prepare("UPDATE users SET totp_pending = ? WHERE id = ?");
        update.bind(1, secret).bind(2, userId);
        update.run();
        if (db.changes() == 0) return fail(Error::notFound("no such user"));
        return {};
    });
}

Result<void> SqliteStorage::confirmTotp(Id userId, std::int64_t step) {
    return transaction<void>(true, [&](Connection& db) -> Result<void> {
        auto update = db.prepare("UPDATE users SET totp_secret = totp_pending, totp_pending = "
                                 "NULL, totp_last_step = ? WHERE id = ? AND totp_pending IS NOT "
                                 "NULL");
        update.bind(1, step).bind(2, userId);
        update.run();
        if (db.changes() == 0) return fail(Error::notFound("no pending TOTP enrollment"));
        return {};
    });
}

Result<bool> SqliteStorage::claimTotpStep(Id userId, std::int64_t step) {
    return transaction<bool>(true, [&](Connection& db) -> Result<bool> {
        auto update = db.prepare("UPDATE users SET totp_last_step = ? WHERE id = ? AND "
                                 "(totp_last_step IS NULL OR totp_last_step < ?)");
        update.bind(1, step).bind(2, userId).bind(3, step);
        update.run();
        return db.changes() == 1;
    });
}

Result<void> SqliteStorage::createSession(const SessionRecord& session) {
    return transaction<void>(true, [&](Connection& db) -> Result<void> {
        auto insert = db.prepare("INSERT INTO sessions (token_hash, user_id, created_at, "
                                 "expires_at) VALUES (?, ?, ?, ?)");
        insert.bind(1, session.tokenHash)
            .bind(2, session.userId)
            .bind(3, session.createdAt)
            .bind(4, session.expiresAt);
        insert.run();
        appendAudit(db, auditChainFor(session.userId), session.createdAt, session.userId,
                    "user.login", "user:" + std::to_string(session.userId), "{}");
        return {};
    });
}

Result<User> SqliteStorage::findSessionUser(const std::string& tokenHash, TimePoint now) {
    return transaction<User>(false, [&](Connection& db) -> Result<User> {
        auto row = db.prepare("SELECT u.id, u.email, u.name, u.role FROM sessions s JOIN users u "
                              "ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?");
        row.bind(1, tokenHash).bind(2, now);
        if (!row.step())
            return fail(Error{ErrorCode::Unauthenticated, "the session is unknown or has expired"});
        return User{row.integer(0), row.text(1), row.text(2),
                    roleFromName(row.text(3)).value_or(Role::Buyer)};
    });
}

Result<void> SqliteStorage::deleteSession(const std::string& tokenHash) {
    return transaction<void>(true, [&](Connection& db) -> Result<void> {
        auto remove = db.prepare("DELETE FROM sessions WHERE token_hash = ?");
        remove.bind(1, tokenHash);
        remove.run();
        return {};
    });
}

Result<std::int64_t> SqliteStorage::deleteExpiredSessions(TimePoint now) {
    return transaction<std::int64_t>(true, [&](Connection& db) -> Result<std::int64_t> {
        auto remove = db.prepare("DELETE FROM sessions WHERE expires_at <= ?");
        remove.bind(1, now);
        remove.run();
        return db.changes();
    });
}

Result<Event> SqliteStorage::createEvent(const NewEvent& in) {
    return transaction<Event>(true, [&](Connection& db) -> Result<Event> {
        auto insertEvent = db.prepare(
            "INSERT INTO events (name, venue, starts_at, sale_starts_at, sale_ends_at, currency, "
            "max_tickets_per_customer, hold_seconds, queue_enabled, admit_per_minute, created_by, "
            "created_at, max_tickets_per_card, queue_pow_bits) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insertEvent.bind(1, in.name)
            .bind(2, in.venue)
            .bind(3, in.startsAt)
            .bind(4, in.saleStartsAt)
            .bind(5, in.saleEndsAt)
            .bind(6, in.currency)
            .bind(7, std::int64_t{in.maxTicketsPerCustomer})
            .bind(8, std::int64_t{in.holdSeconds})
            .bind(9, std::int64_t{in.queueEnabled ? 1 : 0})
            .bind(10, std::int64_t{in.admitPerMinute})
            .bind(11, in.createdBy)
            .bind(12, in.createdAt)
            .bind(13, std::int64_t{in.maxTicketsPerCard})
            .bind(14, std::int64_t{in.queuePowBits});
        insertEvent.run();

        Event event;
        auto& s = event.summary;
        s.id = db.lastInsertId();
        s.name = in.name;
        s.venue = in.venue;
        s.startsAt = in.startsAt;
        s.saleStartsAt = in.saleStartsAt;
        s.saleEndsAt = in.saleEndsAt;
        s.currency = in.currency;
        s.queueEnabled = in.queueEnabled;
        event.maxTicketsPerCustomer = in.maxTicketsPerCustomer;
        event.maxTicketsPerCard = in.maxTicketsPerCard;
        event.holdSeconds = in.holdSeconds;
        event.admitPerMinute = in.admitPerMinute;
        event.queuePowBits = in.queuePowBits;
        event.createdBy = in.createdBy;

        for (std::size_t position = 0; position < in.sections.size(); ++position) {
            const auto& section = in.sections[position];
            auto insertSection =
                db.prepare("INSERT INTO sections (event_id, position, name, kind, price_cents, "
                           "capacity) VALUES (?, ?, ?, ?, ?, ?)");
            insertSection.bind(1, s.id)
                .bind(2, static_cast<std::int64_t>(position))
                .bind(3, section.name)
                .bind(4, std::string(sectionKindName(section.kind)))
                .bind(5, section.priceCents)
                .bind(6, section.capacity);
            insertSection.run();
            const Id sectionId = db.lastInsertId();

            for (int shard = 0; shard < kSalesShards; ++shard) {
                auto insertShard =
                    db.prepare("INSERT INTO section_sales (section_id, shard) VALUES (?, ?)");
                insertShard.bind(1, sectionId).bind(2, std::int64_t{shard});
                insertShard.run();
            }
            auto insertSeat = [&](const std::optional<std::string>& label, std::int64_t number) {
                auto insert = db.prepare("INSERT INTO seats (event_id, section_id, row_label, "
                                         "number) VALUES (?, ?, ?, ?)");
                insert.bind(1, s.id).bind(2, sectionId).bind(3, label).bind(4, number);
                insert.run();
            };
            for (const auto& row : section.rows)
                for (std::int64_t number = 1; number <= row.seats; ++number)
                    insertSeat(row.label, number);
            // General admission: anonymous places, held and sold like seats.
            if (section.kind == SectionKind::General)
                for (std::int64_t number = 1; number <= section.capacity; ++number)
                    insertSeat(std::nullopt, number);
            event.sections.push_back({sectionId, section.name, section.kind, section.priceCents,
                                      section.capacity, section.capacity});
            s.capacity += section.capacity;
            s.minPriceCents =
                position == 0 ? section.priceCents : std::min(s.minPriceCents, section.priceCents);
        }
        s.available = s.capacity;
        appendAudit(db, auditChainFor(s.id), in.createdAt, in.createdBy, "event.created",
                    "event:" + std::to_string(s.id),
                    nlohmann::json{{"name", in.name}, {"capacity", s.capacity}}.dump());
        return event;
    });
}

Result<std::vector<EventSummary>> SqliteStorage::listEvents(TimePoint now) {
    return transaction<std::vector<EventSummary>>(
        false, [&](Connection& db) -> Result<std::vector<EventSummary>> {
            std::vector<Event> events;
            {
                auto row = db.prepare("SELECT " + kEventColumns +
                                      " FROM events e ORDER BY e.starts_at, e.id");
                while (row.step())
                    events.push_back(readEventRow(row));
            }
            std::vector<EventSummary> out;
            out.reserve(events.size());
            for (auto& event : events) {
                addSections(db, event, now);
                out.push_back(std::move(event.summary));
            }
            return out;
        });
}

Result<Event> SqliteStorage::getEvent(Id eventId, TimePoint now) {
    return transaction<Event>(false, [&](Connection& db) -> Result<Event> {
        Event event;
        {
            auto row = db.prepare("SELECT " + kEventColumns + " FROM events e WHERE e.id = ?");
            row.bind(1, eventId);
            if (!row.step())
                return fail(Error::notFound("no event with id " + std::to_string(eventId)));
            event = readEventRow(row);
        }
        addSections(db, event, now);
        return event;
    });
}

Result<Event> SqliteStorage::getEventSettings(Id eventId) {
    return transaction<Event>(false, [&](Connection& db) -> Result<Event> {
        auto row = db.prepare("SELECT " + kEventColumns + " FROM events e WHERE e.id = ?");
        row.bind(1, eventId);
        if (!row.step())
            return fail(Error::notFound("no event with id " + std::to_string(eventId)));
        return readEventRow(row);
    });
}

Result<void> SqliteStorage::forEachSeat(Id eventId, TimePoint now,
                                        const std::function<void(const Seat&)>& visit) {
    return transaction<void>(false, [&](Connection& db) -> Result<void> {
        {
            auto exists = db.prepare("SELECT 1 FROM events WHERE id = ?");
            exists.bind(1, eventId);
            if (!exists.step())
                return fail(Error::notFound("no event with id " + std::to_string(eventId)));
        }
        auto row =
            db.prepare("SELECT id, section_id, row_label, number, CASE WHEN state = 'held' AND "
                       "hold_expires_at <= ? THEN 'free' ELSE state END FROM seats "
                       "WHERE event_id = ? AND row_label IS NOT NULL ORDER BY id");
        row.bind(1, now).bind(2, eventId);
        Seat seat;
        while (row.step()) {
            seat.id = row.integer(0);
            seat.sectionId = row.integer(1);
            seat.row = row.text(2);
            seat.number = static_cast<int>(row.integer(3));
            seat.state = seatStateFromName(row.text(4)).value_or(SeatState::Free);
            visit(seat);
        }
        return {};
    });
}

namespace {

std::string idList(const std::vector<Id>& ids) {
    nlohmann::json array = nlohmann::json::array();
    for (Id id : ids)
        array.push_back(id);
    return array.dump();
}

// The hold with what it took, as of `now`; nullopt when there is no such hold.
std::optional<Hold> readHold(Connection& db, Id holdId, TimePoint now) {
    Hold hold;
    {
        auto row = db.prepare("SELECT id, event_id, customer_id, status, expires_at, total_cents, "
                              "currency FROM holds WHERE id = ?");
        row.bind(1, holdId);
        if (!row.step()) return std::nullopt;
        hold.id = row.integer(0);
        hold.eventId = row.integer(1);
        hold.customerId = row.integer(2);
        hold.status = holdStatusFromName(row.text(3)).value_or(HoldStatus::Active);
        hold.expiresAt = row.time(4);
        hold.totalCents = row.integer(5);
        hold.currency = row.text(6);
    }
    if (hold.status == HoldStatus::Active && hold.expiresAt <= now)
        hold.status = HoldStatus::Expired;
    auto places = db.prepare("SELECT p.seat_id, p.section_id, s.row_label, s.number, p.price_cents "
                             "FROM hold_places p JOIN seats s ON s.id = p.seat_id "
                             "WHERE p.hold_id = ? ORDER BY p.seat_id");
    places.bind(1, holdId);
    while (places.step()) {
        if (places.isNull(2)) {
            const Id sectionId = places.integer(1);
            auto it = std::find_if(hold.general.begin(), hold.general.end(),
                                   [&](const HeldGeneral& g) { return g.sectionId == sectionId; });
            if (it == hold.general.end())
                hold.general.push_back({sectionId, 1, places.integer(4)});
            else
                ++it->quantity;
        } else {
            hold.seats.push_back({places.integer(0), places.integer(1), places.text(2),
                                  static_cast<int>(places.integer(3)), places.integer(4)});
        }
    }
    return hold;
}

std::optional<Order> readOrder(Connection& db, Id orderId) {
    Order order;
    {
        auto row = db.prepare(
            "SELECT o.id, o.event_id, o.customer_id, o.status, o.total_cents, o.currency, "
            "o.created_at, p.method, p.brand, p.last4, p.change_cents FROM orders o "
            "JOIN payments p ON p.order_id = o.id WHERE o.id = ?");
        row.bind(1, orderId);
        if (!row.step()) return std::nullopt;
        order.id = row.integer(0);
        order.eventId = row.integer(1);
        order.customerId = row.integer(2);
        order.status = row.text(3);
        order.totalCents = row.integer(4);
        order.currency = row.text(5);
        order.createdAt = row.time(6);
        order.payment.method = row.text(7);
        order.payment.brand = row.optionalText(8);
        order.payment.last4 = row.optionalText(9);
        order.payment.changeCents = row.optionalInteger(10);
    }
    auto tickets =
        db.prepare("SELECT t.id, t.code, t.section_id, c.name, t.seat_id, s.row_label, "
                   "s.number FROM tickets t JOIN sections c ON c.id = t.section_id "
                   "JOIN seats s ON s.id = t.seat_id WHERE t.order_id = ? ORDER BY t.id");
    tickets.bind(1, orderId);
    while (tickets.step()) {
        Ticket ticket;
        ticket.id = tickets.integer(0);
        ticket.code = tickets.text(1);
        ticket.sectionId = tickets.integer(2);
        ticket.section = tickets.text(3);
        if (!tickets.isNull(5)) {
            ticket.seatId = tickets.integer(4);
            ticket.row = tickets.text(5);
            ticket.number = static_cast<int>(tickets.integer(6));
        }
        order.tickets.push_back(std::move(ticket));
    }
    return order;
}

Error holdNotFound() {
    return Error::notFound("no such hold");
}

// Why a hold that an update expected to be active was not: not found, expired, or closed.
Error inactiveHold(Connection& db, Id holdId, TimePoint now) {
    auto hold = readHold(db, holdId, now);
    if (!hold) return holdNotFound();
    if (hold->status == HoldStatus::Expired)
        return {ErrorCode::HoldExpired, "the hold has expired; its seats were freed"};
    return {ErrorCode::HoldNotActive, "the hold is " + std::string(holdStatusName(hold->status))};
}

// The card's tickets for the event (`current`) plus the hold's would pass `limit`.
Error cardLimitExceeded(int limit, std::int64_t current) {
    return {ErrorCode::CardLimitExceeded,
            "this would pass the limit of " + std::to_string(limit) +
                " tickets per payment card for this event",
            {{"limit", limit}, {"current", current}}};
}

// Frees the places a hold still holds (a lapsed hold's places may belong to another by now),
// adding each to `freed`.
void freeHeldPlaces(Connection& db, Id holdId, SeatsChangeBuilder& freed) {
    auto free = db.prepare("UPDATE seats SET state = 'free', hold_id = NULL, hold_expires_at = "
                           "NULL WHERE hold_id = ? AND state = 'held' "
                           "RETURNING event_id, id, section_id, row_label IS NOT NULL");
    free.bind(1, holdId);
    while (free.step())
        freed.addPlace(free.integer(0), free.integer(1), free.integer(2), free.integer(3) != 0);
}

} // namespace

Result<std::string> SqliteStorage::serverSecret(const std::string& name) {
    return transaction<std::string>(true, [&](Connection& db) -> Result<std::string> {
        auto insert = db.prepare("INSERT INTO server_secrets (name, value) VALUES (?, ?) "
                                 "ON CONFLICT (name) DO NOTHING");
        insert.bind(1, name).bind(2, crypto::hexEncode(crypto::randomBytes(32)));
        insert.run();
        auto row = db.prepare("SELECT value FROM server_secrets WHERE name = ?");
        row.bind(1, name);
        if (!row.step()) return fail(Error::internal("the server secret could not be stored"));
        return row.text(0);
    });
}

Result<Hold> SqliteStorage::createHold(const NewHold& in) {
    auto created = transaction<Hold>(true, [&](Connection& db) -> Result<Hold> {
        const bool seated = in.seatIds.size() > 0;
        const std::int64_t requested =
            seated ? static_cast<std::int64_t>(in.seatIds.size()) : in.quantity;

        // The places to take, with their section and price.
        if (seated) {
            std::vector<Id> unknown;
            auto known = db.prepare(
                "SELECT j.value FROM json_each(?) j WHERE NOT EXISTS (SELECT 1 FROM seats s "
                "WHERE s.id = j.value AND s.event_id = ? AND s.row_label IS NOT NULL)");
            known.bind(1, idList(in.seatIds)).bind(2, in.eventId);
            while (known.step())
                unknown.push_back(known.integer(0));
            if (!unknown.empty())
                return fail(Error{ErrorCode::InvalidRequest,
                                  "some seats are not seats of this event",
                                  {{"field", "seat_ids"}, {"seat_ids", unknown}}});
        } else {
            auto section = db.prepare("SELECT 1 FROM sections WHERE id = ? AND event_id = ? AND "
                                      "kind = 'general'");
            section.bind(1, in.sectionId.value_or(0)).bind(2, in.eventId);
            if (!section.step())
                return fail(Error::invalidField(
                    "section_id", "section_id must be a general-admission section of this event"));
        }

        if (in.maxTickets) {
            // SQLite runs one writer at a time, so this read and the insert below cannot
            // interleave with another hold of the same customer.
            auto current = db.prepare(
                "SELECT (SELECT coalesce(sum(ticket_count), 0) FROM holds WHERE event_id = ?1 "
                "AND customer_id = ?2 AND status = 'active' AND expires_at > ?3) + "
                "(SELECT count(*) FROM tickets WHERE event_id = ?1 AND customer_id = ?2)");
            current.bind(1, in.eventId).bind(2, in.customerId).bind(3, in.now);
            current.step();
            const std::int64_t already = current.integer(0);
            if (already + requested > *in.maxTickets)
                return fail(Error{ErrorCode::QuotaExceeded,
                                  "this would pass the limit of " + std::to_string(*in.maxTickets) +
                                      " tickets per customer for this event",
                                  {{"limit", *in.maxTickets}, {"current", already}}});
        }

        auto insertHold = db.prepare(
            "INSERT INTO holds (event_id, customer_id, status, ticket_count, total_cents, "
            "currency, created_at, expires_at) VALUES (?, ?, 'active', ?, 0, ?, ?, ?)");
        insertHold.bind(1, in.eventId)
            .bind(2, in.customerId)
            .bind(3, requested)
            .bind(4, in.currency)
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
            if (db.changes() != requested) {
                std::vector<Id> taken;
                auto unavailable = db.prepare("SELECT j.value FROM json_each(?) j JOIN seats s ON "
                                              "s.id = j.value WHERE s.hold_id IS NOT ? "
                                              "ORDER BY j.value");
                unavailable.bind(1, idList(in.seatIds)).bind(2, holdId);
                while (unavailable.step())
                    taken.push_back(unavailable.integer(0));
                return fail(Error{ErrorCode::SeatsUnavailable,
                                  "some of these seats were just taken",
                                  {{"seat_ids", taken}}});
            }
        } else {
            // Free places first (the seats_free index finds them at once), then places of
            // lapsed holds (seats_held): one query over both could use neither index.
            auto takeFree = db.prepare(
                "UPDATE seats SET state = 'held', hold_id = ?1, hold_expires_at = ?2 WHERE id IN "
                "(SELECT id FROM seats WHERE section_id = ?3 AND state = 'free' ORDER BY id "
                "LIMIT ?4)");
            takeFree.bind(1, holdId)
                .bind(2, in.expiresAt)
                .bind(3, *in.sectionId)
                .bind(4, requested);
            takeFree.run();
            std::int64_t taken = db.changes();
            if (taken < requested) {
                auto takeLapsed = db.prepare(
                    "UPDATE seats SET state = 'held', hold_id = ?1, hold_expires_at = ?2 WHERE id "
                    "IN (SELECT id FROM seats WHERE section_id = ?3 AND state = 'held' AND "
                    "hold_expires_at <= ?4 ORDER BY hold_expires_at LIMIT ?5)");
                takeLapsed.bind(1, holdId)
                    .bind(2, in.expiresAt)
                    .bind(3, *in.sectionId)
                    .bind(4, in.now)
                    .bind(5, requested - taken);
                takeLapsed.run();
                taken += db.changes();
            }
            if (taken != requested)
                return fail(Error{ErrorCode::SoldOut,
                                  "not enough tickets are left in this section",
                                  {{"requested", requested}, {"available", taken}}});
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
        auto hold = readHold(db, holdId, in.now);
        if (!hold) return fail(Error::internal("the hold could not be read back"));
        insertChanges(db, holdPlacesChanges(*hold, SeatState::Held), in.now);
        return *hold;
    });
    if (created) m_changes->notify();
    return created;
}

Result<Hold> SqliteStorage::findHold(Id holdId, TimePoint now) {
    return transaction<Hold>(false, [&](Connection& db) -> Result<Hold> {
        auto hold = readHold(db, holdId, now);
        if (!hold) return fail(holdNotFound());
        return *hold;
    });
}

Result<Hold> SqliteStorage::releaseHold(Id holdId, Id actorId, TimePoint now) {
    auto released = transaction<Hold>(true, [&](Connection& db) -> Result<Hold> {
        auto close = db.prepare("UPDATE holds SET status = 'released', closed_at = ? WHERE id = ? "
                                "AND status = 'active' AND expires_at > ?");
        close.bind(1, now).bind(2, holdId).bind(3, now);
        close.run();
        if (db.changes() != 1) return fail(inactiveHold(db, holdId, now));
        SeatsChangeBuilder freed(SeatState::Free);
        freeHeldPlaces(db, holdId, freed);
        appendAudit(db, auditChainFor(holdId), now, actorId, "hold.released",
                    "hold:" + std::to_string(holdId), "{}");
        insertChanges(db, freed.build(), now);
        return *readHold(db, holdId, now);
    });
    if (released) m_changes->notify();
    return released;
}

Result<std::int64_t> SqliteStorage::expireHolds(TimePoint now, int limit) {
    bool wroteChanges = false;
    auto expired = transaction<std::int64_t>(true, [&](Connection& db) -> Result<std::int64_t> {
        std::vector<Id> due;
        {
            auto pick = db.prepare("SELECT id FROM holds WHERE status = 'active' AND expires_at "
                                   "<= ? ORDER BY expires_at LIMIT ?");
            pick.bind(1, now).bind(2, std::int64_t{limit});
            while (pick.step())
                due.push_back(pick.integer(0));
        }
        SeatsChangeBuilder freed(SeatState::Free);
        for (Id holdId : due) {
            auto close = db.prepare("UPDATE holds SET status = 'expired', closed_at = ? WHERE id "
                                    "= ? AND status = 'active'");
            close.bind(1, now).bind(2, holdId);
            close.run();
            freeHeldPlaces(db, holdId, freed);
            appendAudit(db, auditChainFor(holdId), now, 0, "hold.expired",
                        "hold:" + std::to_string(holdId), "{}");
        }
        // One change per event for the whole batch.
        const auto changes = freed.build();
        insertChanges(db, changes, now);
        wroteChanges = !changes.empty();
        return static_cast<std::int64_t>(due.size());
    });
    if (expired && wroteChanges) m_changes->notify();
    return expired;
}

Result<Order> SqliteStorage::completePurchase(const NewPurchase& in) {
    auto sold = transaction<Order>(true, [&](Connection& db) -> Result<Order> {
        auto close = db.prepare("UPDATE holds SET status = 'purchased', closed_at = ? WHERE id = ? "
                                "AND status = 'active' AND expires_at > ?");
        close.bind(1, in.now).bind(2, in.holdId).bind(3, in.now);
        close.run();
        if (db.changes() != 1) return fail(inactiveHold(db, in.holdId, in.now));
        auto hold = *readHold(db, in.holdId, in.now);
        if (static_cast<std::int64_t>(in.ticketCodes.size()) != hold.ticketCount())
            return fail(Error::internal("one ticket code per ticket is needed"));

        if (in.cardFingerprint && in.maxTicketsPerCard) {
            // SQLite runs one writer at a time, so no other sale with this card can commit
            // between this count and this sale's own payment row.
            // Driven from the card's few payments (payments_by_card), then each order's tickets
            // (tickets_by_order): a join lets the planner scan every ticket of the event.
            auto current = db.prepare(
                "SELECT coalesce(sum((SELECT count(*) FROM tickets t WHERE t.order_id = p.order_id "
                "AND t.event_id = ?1)), 0) FROM payments p WHERE p.card_fingerprint = ?2");
            current.bind(1, hold.eventId).bind(2, *in.cardFingerprint);
            current.step();
            const std::int64_t already = current.integer(0);
            if (already + hold.ticketCount() > *in.maxTicketsPerCard)
                return fail(cardLimitExceeded(*in.maxTicketsPerCard, already));
        }

        auto sell = db.prepare("UPDATE seats SET state = 'sold', hold_expires_at = NULL WHERE "
                               "hold_id = ? AND state = 'held'");
        sell.bind(1, in.holdId);
        sell.run();
        const std::int64_t soldCount = db.changes();
        if (soldCount != hold.ticketCount())
            return fail(Error::internal("the hold no longer holds all its places"));

        auto insertOrder = db.prepare(
            "INSERT INTO orders (event_id, customer_id, actor_id, hold_id, status, total_cents, "
            "currency, created_at) VALUES (?, ?, ?, ?, 'paid', ?, ?, ?)");
        insertOrder.bind(1, hold.eventId)
            .bind(2, hold.customerId)
            .bind(3, in.actorId)
            .bind(4, in.holdId)
            .bind(5, hold.totalCents)
            .bind(6, hold.currency)
            .bind(7, in.now);
        insertOrder.run();
        const Id orderId = db.lastInsertId();

        std::size_t next = 0;
        std::map<Id, std::int64_t> soldPerSection;
        {
            auto places = db.prepare("SELECT seat_id, section_id, price_cents FROM hold_places "
                                     "WHERE hold_id = ? ORDER BY seat_id");
            places.bind(1, in.holdId);
            while (places.step()) {
                auto ticket = db.prepare(
                    "INSERT INTO tickets (order_id, event_id, customer_id, section_id, seat_id, "
                    "price_cents, code) VALUES (?, ?, ?, ?, ?, ?, ?)");
                ticket.bind(1, orderId)
                    .bind(2, hold.eventId)
                    .bind(3, hold.customerId)
                    .bind(4, places.integer(1))
                    .bind(5, places.integer(0))
                    .bind(6, places.integer(2))
                    .bind(7, in.ticketCodes[next++]);
                ticket.run();
                ++soldPerSection[places.integer(1)];
            }
        }
        for (const auto& [sectionId, count] : soldPerSection) {
            auto counter = db.prepare("UPDATE section_sales SET sold = sold + ? WHERE section_id = "
                                      "? AND shard = ?");
            counter.bind(1, count).bind(2, sectionId).bind(3, orderId % kSalesShards);
            counter.run();
        }

        const auto& summary = in.authorization.summary;
        auto payment = db.prepare(
            "INSERT INTO payments (order_id, method, reference, amount_cents, currency, brand, "
            "last4, change_cents, status, authorized_at, card_fingerprint) VALUES (?, ?, ?, ?, ?, "
            "?, ?, ?, 'authorized', ?, ?)");
        payment.bind(1, orderId)
            .bind(2, in.authorization.method)
            .bind(3, in.authorization.reference)
            .bind(4, in.authorization.amountCents)
            .bind(5, in.authorization.currency)
            .bind(6, summary.brand)
            .bind(7, summary.last4);
        if (summary.changeCents) payment.bind(8, *summary.changeCents);
        payment.bind(9, in.now).bind(10, in.cardFingerprint);
        payment.run();

        {
            auto exists =
                db.prepare("SELECT 1 FROM idempotency_keys WHERE customer_id = ? AND key = ?");
            exists.bind(1, in.actorId).bind(2, in.idempotencyKey);
            if (exists.step())
                return fail(Error{ErrorCode::IdempotencyMismatch,
                                  "this Idempotency-Key was used for another request"});
        }
        auto key = db.prepare("INSERT INTO idempotency_keys (customer_id, key, request_hash, "
                              "hold_id, order_id, created_at) VALUES (?, ?, ?, ?, ?, ?)");
        key.bind(1, in.actorId)
            .bind(2, in.idempotencyKey)
            .bind(3, in.requestHash)
            .bind(4, in.holdId)
            .bind(5, orderId)
            .bind(6, in.now);
        key.run();

        appendAudit(db, auditChainFor(in.holdId), in.now, in.actorId, "order.paid",
                    "hold:" + std::to_string(in.holdId),
                    nlohmann::json{{"order_id", orderId},
                                   {"total_cents", hold.totalCents},
                                   {"method", in.authorization.method}}
                        .dump());
        // The places sold are exactly the hold's (checked above): no RETURNING needed.
        auto changes = holdPlacesChanges(hold, SeatState::Sold);
        changes.push_back(orderChange(hold.eventId, OrderChange{orderId, hold.customerId, "paid"}));
        insertChanges(db, changes, in.now);
        return *readOrder(db, orderId);
    });
    if (sold) m_changes->notify();
    return sold;
}

Result<std::optional<IdempotencyRecord>> SqliteStorage::findIdempotencyKey(Id customerId,
                                                                           const std::string& key) {
    return transaction<std::optional<IdempotencyRecord>>(
        false, [&](Connection& db) -> Result<std::optional<IdempotencyRecord>> {
            auto row = db.prepare("SELECT hold_id, request_hash, order_id FROM idempotency_keys "
                                  "WHERE customer_id = ? AND key = ?");
            row.bind(1, customerId).bind(2, key);
            if (!row.step()) return std::optional<IdempotencyRecord>{};
            return std::optional<IdempotencyRecord>{
                IdempotencyRecord{row.integer(0), row.text(1), row.integer(2)}};
        });
}

Result<Order> SqliteStorage::findOrder(Id orderId) {
    return transaction<Order>(false, [&](Connection& db) -> Result<Order> {
        auto order = readOrder(db, orderId);
        if (!order) return fail(Error::notFound("no such order"));
        return *order;
    });
}

Result<std::vector<Order>> SqliteStorage::listOrders(Id customerId) {
    return transaction<std::vector<Order>>(
        false, [&](Connection& db) -> Result<std::vector<Order>> {
            std::vector<Id> ids;
            {
                auto row =
                    db.prepare("SELECT id FROM orders WHERE customer_id = ? ORDER BY id DESC");
                row.bind(1, customerId);
                while (row.step())
                    ids.push_back(row.integer(0));
            }
            std::vector<Order> orders;
            for (Id id : ids)
                orders.push_back(*readOrder(db, id));
            return orders;
        });
}

Result<void> SqliteStorage::markPaymentCaptured(Id orderId, TimePoint now) {
    return transaction<void>(true, [&](Connection& db) -> Result<void> {
        auto update = db.prepare("UPDATE payments SET status = 'captured', captured_at = ? WHERE "
                                 "order_id = ? AND status = 'authorized'");
        update.bind(1, now).bind(2, orderId);
        update.run();
        return {};
    });
}

Result<std::vector<UncapturedPayment>> SqliteStorage::listUncapturedPayments() {
    return transaction<std::vector<UncapturedPayment>>(
        false, [&](Connection& db) -> Result<std::vector<UncapturedPayment>> {
            std::vector<UncapturedPayment> out;
            auto row = db.prepare("SELECT order_id, method, reference, amount_cents, currency, "
                                  "brand, last4, change_cents FROM payments WHERE status = "
                                  "'authorized' ORDER BY order_id");
            while (row.step()) {
                UncapturedPayment payment;
                payment.orderId = row.integer(0);
                auto& a = payment.authorization;
                a.method = row.text(1);
                a.reference = row.text(2);
                a.amountCents = row.integer(3);
                a.currency = row.text(4);
                a.summary.method = a.method;
                a.summary.brand = row.optionalText(5);
                a.summary.last4 = row.optionalText(6);
                a.summary.changeCents = row.optionalInteger(7);
                out.push_back(std::move(payment));
            }
            return out;
        });
}

namespace {

// Checks every audit chain against its hashes and its head; adds a problem per broken chain,
// naming its first broken entry.
void verifyAuditChains(Connection& db, IntegrityReport& report) {
    for (int chain = 0; chain < kAuditChains; ++chain) {
        std::string prevHash;
        std::int64_t expectedSeq = 1;
        bool broken = false;
        auto row = db.prepare("SELECT id, seq, at, actor_id, action, subject, details, prev_hash, "
                              "hash FROM audit_log WHERE chain = ? ORDER BY seq");
        row.bind(1, std::int64_t{chain});
        while (!broken && row.step()) {
            ++report.checkedItems;
            AuditEntry entry{chain,       row.integer(1), row.integer(2), row.integer(3),
                             row.text(4), row.text(5),    row.text(6),    row.text(7)};
            const std::string where = "audit chain " + std::to_string(chain) + ": entry " +
                                      std::to_string(entry.seq) + " (id " +
                                      std::to_string(row.integer(0)) + ")";
            if (entry.seq != expectedSeq) {
                report.problems.push_back(where + " follows entry " +
                                          std::to_string(expectedSeq - 1) +
                                          ": an entry is missing");
                broken = true;
            } else if (entry.prevHash != prevHash) {
                report.problems.push_back(where + " does not link to the entry before it");
                broken = true;
            } else if (auditEntryHash(entry) != row.text(8)) {
                report.problems.push_back(where + " does not match its hash: it was altered");
                broken = true;
            }
            prevHash = row.text(8);
            ++expectedSeq;
        }
        if (broken) continue;
        auto head = db.prepare("SELECT seq, hash FROM audit_heads WHERE chain = ?");
        head.bind(1, std::int64_t{chain});
        if (!head.step() || head.integer(0) != expectedSeq - 1 || head.text(1) != prevHash)
            report.problems.push_back("audit chain " + std::to_string(chain) +
                                      ": its newest entries were removed (the head expects " +
                                      "entry " + std::to_string(head.integer(0)) + ")");
    }
}

} // namespace

namespace {

// The event's queue settings and counters (all zero before anyone joined); nullopt when there
// is no such event.
std::optional<QueueState> readQueueState(Connection& db, Id eventId) {
    auto row = db.prepare(
        "SELECT e.queue_enabled, e.admit_per_minute, e.hold_seconds, e.queue_pow_bits, "
        "e.sale_starts_at, e.sale_ends_at, q.joined, q.admitted, q.carry_sixtieths, "
        "q.updated_at FROM events e LEFT JOIN queue_state q ON q.event_id = e.id WHERE e.id = ?");
    row.bind(1, eventId);
    if (!row.step()) return std::nullopt;
    QueueState state;
    state.eventId = eventId;
    state.enabled = row.integer(0) != 0;
    state.admitPerMinute = static_cast<int>(row.integer(1));
    state.holdSeconds = static_cast<int>(row.integer(2));
    state.powBits = static_cast<int>(row.integer(3));
    state.saleStartsAt = row.time(4);
    state.saleEndsAt = row.time(5);
    if (!row.isNull(6)) {
        state.joined = row.integer(6);
        state.admitted = row.integer(7);
        state.carrySixtieths = row.integer(8);
        state.updatedAt = row.time(9);
    }
    return state;
}

std::optional<QueueEntry> readQueueEntry(Connection& db, Id eventId, Id customerId) {
    auto row = db.prepare("SELECT position, joined_at, admitted_at FROM queue_entries "
                          "WHERE event_id = ? AND customer_id = ?");
    row.bind(1, eventId).bind(2, customerId);
    if (!row.step()) return std::nullopt;
    QueueEntry entry;
    entry.position = row.integer(0);
    entry.joinedAt = row.time(1);
    if (!row.isNull(2)) entry.admittedAt = row.time(2);
    return entry;
}

Error noSuchEvent(Id eventId) {
    return Error::notFound("no event with id " + std::to_string(eventId));
}

} // namespace

Result<QueuePlace> SqliteStorage::findQueuePlace(Id eventId, Id customerId) {
    return transaction<QueuePlace>(false, [&](Connection& db) -> Result<QueuePlace> {
        auto state = readQueueState(db, eventId);
        if (!state) return fail(noSuchEvent(eventId));
        return QueuePlace{*state, readQueueEntry(db, eventId, customerId)};
    });
}

Result<QueuePlace> SqliteStorage::joinQueue(Id eventId, Id customerId, TimePoint now) {
    bool joined = false;
    auto place = transaction<QueuePlace>(true, [&](Connection& db) -> Result<QueuePlace> {
        // BEGIN IMMEDIATE holds the database's one write lock: no other join runs meanwhile,
        // so the entry read here is the only one the customer can have.
        auto state = readQueueState(db, eventId);
        if (!state) return fail(noSuchEvent(eventId));
        if (auto entry = readQueueEntry(db, eventId, customerId))
            return QueuePlace{*state, std::move(entry)};
        {
            // The next position. A queue nobody waits in restarts its pacing clock: whatever
            // time passed while it was empty admits nobody later.
            auto next = db.prepare(
                "INSERT INTO queue_state (event_id, joined, admitted, carry_sixtieths, "
                "updated_at) VALUES (?, 1, 0, 0, ?) ON CONFLICT (event_id) DO UPDATE SET "
                "joined = joined + 1, "
                "carry_sixtieths = CASE WHEN joined = admitted THEN 0 ELSE carry_sixtieths END, "
                "updated_at = CASE WHEN joined = admitted "
                "THEN max(updated_at, excluded.updated_at) ELSE updated_at END "
                "RETURNING joined, admitted, carry_sixtieths, updated_at");
            next.bind(1, eventId).bind(2, now);
            if (!next.step()) return fail(Error::internal("the waiting room could not be joined"));
            state->joined = next.integer(0);
            state->admitted = next.integer(1);
            state->carrySixtieths = next.integer(2);
            state->updatedAt = next.time(3);
            next.run();
        }
        auto insert = db.prepare("INSERT INTO queue_entries (event_id, customer_id, position, "
                                 "joined_at) VALUES (?, ?, ?, ?)");
        insert.bind(1, eventId).bind(2, customerId).bind(3, state->joined).bind(4, now);
        insert.run();
        insertChanges(db, {queueChange(eventId, {customerId, state->joined, false})}, now);
        joined = true;
        return QueuePlace{*state, QueueEntry{state->joined, now, std::nullopt}};
    });
    if (place && joined) m_changes->notify();
    return place;
}

Result<std::int64_t> SqliteStorage::advanceQueues(TimePoint now, const QueuePacer& pace) {
    // The candidates, read without the write lock; each is read again under it.
    BILHETERIA_TRY(
        due, transaction<std::vector<Id>>(false, [&](Connection& db) -> Result<std::vector<Id>> {
            std::vector<Id> ids;
            auto row = db.prepare("SELECT q.event_id FROM queue_state q JOIN events e ON "
                                  "e.id = q.event_id WHERE e.queue_enabled = 1 AND "
                                  "q.joined > q.admitted AND e.sale_starts_at <= ? AND "
                                  "e.sale_ends_at > ? ORDER BY q.event_id");
            row.bind(1, now).bind(2, now);
            while (row.step())
                ids.push_back(row.integer(0));
            return ids;
        }));
    std::int64_t total = 0;
    std::optional<Error> firstError;
    for (const Id eventId : due) {
        // One transaction per event, so one queue's trouble does not hold up the others.
        auto admitted = transaction<
            std::int64_t>(true, [&](Connection& db) -> Result<std::int64_t> {
            const auto state = readQueueState(db, eventId);
            if (!state || !state->enabled) return 0;
            const QueueAdvance next = pace(*state, now);
            BILHETERIA_CHECK(checkQueueAdvance(*state, next));
            if (next.admitted == state->admitted && next.carrySixtieths == state->carrySixtieths &&
                next.updatedAt == state->updatedAt)
                return 0;
            const std::int64_t count = next.admitted - state->admitted;
            if (count > 0) {
                // Each person admitted hears it on their stream (a private queue event).
                std::vector<NewChange> changes;
                auto admit =
                    db.prepare("UPDATE queue_entries SET admitted_at = ? WHERE event_id = ? AND "
                               "position > ? AND position <= ? AND admitted_at IS NULL "
                               "RETURNING customer_id, position");
                admit.bind(1, now).bind(2, eventId).bind(3, state->admitted).bind(4, next.admitted);
                while (admit.step())
                    changes.push_back(
                        queueChange(eventId, {admit.integer(0), admit.integer(1), true}));
                if (static_cast<std::int64_t>(changes.size()) != count)
                    return fail(Error::internal("the waiting room's entries do not match "
                                                "its counters"));
                insertChanges(db, changes, now);
            }
            auto update = db.prepare("UPDATE queue_state SET admitted = ?, carry_sixtieths "
                                     "= ?, updated_at = ? WHERE event_id = ?");
            update.bind(1, next.admitted)
                .bind(2, next.carrySixtieths)
                .bind(3, next.updatedAt)
                .bind(4, eventId);
            update.run();
            return count;
        });
        if (admitted)
            total += *admitted;
        else if (!firstError)
            firstError = admitted.error();
    }
    if (total > 0) m_changes->notify();
    if (firstError) return fail(*firstError);
    return total;
}

Result<SalesReport> SqliteStorage::salesReport(Id eventId, TimePoint now, int bucketSeconds) {
    return transaction<SalesReport>(false, [&](Connection& db) -> Result<SalesReport> {
        SalesReport report;
        report.eventId = eventId;
        report.generatedAt = now;
        report.bucketSeconds = bucketSeconds;
        {
            auto row = db.prepare("SELECT currency FROM events WHERE id = ?");
            row.bind(1, eventId);
            if (!row.step())
                return fail(Error::notFound("no event with id " + std::to_string(eventId)));
            report.currency = row.text(0);
        }
        {
            static const std::string sql = sqliteParameters(kReportSectionsSql);
            auto row = db.prepare(sql);
            row.bind(1, eventId).bind(2, now);
            while (row.step())
                report.sections.push_back(SalesSection{
                    row.integer(0), row.text(1),
                    sectionKindFromName(row.text(2)).value_or(SectionKind::Seated), row.integer(3),
                    row.integer(4), row.integer(5), row.integer(6), 0, row.integer(7)});
        }
        std::vector<SalesBucketRow> buckets;
        {
            static const std::string sql = sqliteParameters(kReportBucketsSql);
            auto row = db.prepare(sql);
            row.bind(1, eventId).bind(2, std::int64_t{bucketSeconds});
            while (row.step())
                buckets.push_back(SalesBucketRow{row.integer(0), row.text(1), row.integer(2),
                                                 row.integer(3), row.integer(4)});
        }
        foldSalesReport(report, buckets);
        return report;
    });
}

Result<ShiftSummary> SqliteStorage::shiftSummary(Id actorId, TimePoint since, TimePoint until) {
    return transaction<ShiftSummary>(false, [&](Connection& db) -> Result<ShiftSummary> {
        static const std::string sql = sqliteParameters(kShiftSql);
        auto row = db.prepare(sql);
        row.bind(1, actorId).bind(2, since).bind(3, until);
        std::vector<ShiftRow> rows;
        while (row.step())
            rows.push_back(ShiftRow{row.integer(0), row.text(1), row.text(2), row.text(3),
                                    row.integer(4), row.integer(5), row.integer(6),
                                    row.integer(7)});
        ShiftSummary shift;
        shift.since = since;
        shift.until = until;
        foldShift(shift, rows);
        return shift;
    });
}

Result<IntegrityReport> SqliteStorage::verifyAudit() {
    return transaction<IntegrityReport>(false, [&](Connection& db) -> Result<IntegrityReport> {
        IntegrityReport report;
        verifyAuditChains(db, report);
        return report;
    });
}

Result<IntegrityReport> SqliteStorage::checkInvariants(TimePoint now) {
    return transaction<IntegrityReport>(false, [&](Connection& db) -> Result<IntegrityReport> {
        IntegrityReport report;
        {
            auto count = db.prepare("SELECT count(*) FROM seats");
            count.step();
            report.checkedItems = count.integer(0);
        }
        for (const auto& sql : integrityQueries(now.time_since_epoch().count())) {
            auto row = db.prepare(sql);
            while (row.step())
                report.problems.push_back(row.text(0));
        }
        verifyAuditChains(db, report);
        return report;
    });
}

// The outbox reader for the live hub. SQLite has one writer at a time and an id taken by a
// transaction that rolls back is taken again by the next one, so ids commit in order: no gaps
// to wait for.
class SqliteChangeSource : public ChangeSource {
public:
    SqliteChangeSource(SqliteStorage& storage, std::shared_ptr<ChangeSignal> signal)
        : m_storage(storage)
        , m_signal(std::move(signal)) {}

    Result<Id> latestChangeId() override {
        return m_storage.transaction<Id>(false, [](Connection& db) -> Result<Id> {
            // Pruning keeps the newest row, so this is the largest id ever used.
            auto row =
                db.prepare("SELECT max(coalesce((SELECT max(id) FROM event_changes), 0), (SELECT "
                           "pruned_through FROM event_changes_pruned))");
            row.step();
            return row.integer(0);
        });
    }

    Result<std::vector<Change>> changesAfter(Id after, int limit) override {
        return m_storage.transaction<std::vector<Change>>(
            false, [&](Connection& db) -> Result<std::vector<Change>> {
                auto rows = db.prepare(kChangeColumns + "WHERE id > ? ORDER BY id LIMIT ?");
                rows.bind(1, after).bind(2, std::int64_t{limit});
                std::vector<Change> out;
                while (rows.step())
                    out.push_back(readChange(rows));
                return out;
            });
    }

    Result<std::vector<Change>> changesBetween(Id from, Id to) override {
        return m_storage.transaction<std::vector<Change>>(
            false, [&](Connection& db) -> Result<std::vector<Change>> {
                auto rows = db.prepare(kChangeColumns + "WHERE id BETWEEN ? AND ? ORDER BY id");
                rows.bind(1, from).bind(2, to);
                std::vector<Change> out;
                while (rows.step())
                    out.push_back(readChange(rows));
                return out;
            });
    }

    Result<ChangeReplay> replay(Id eventId, Id after, Id upTo, int limit) override {
        return m_storage.transaction<ChangeReplay>(
            false, [&](Connection& db) -> Result<ChangeReplay> {
                ChangeReplay out;
                {
                    auto horizon = db.prepare("SELECT pruned_through FROM event_changes_pruned");
                    if (horizon.step()) out.prunedThrough = horizon.integer(0);
                }
                // The key's range, filtered by event: the hub bounds the range it asks for.
                auto rows = db.prepare(kChangeColumns +
                                       "WHERE id > ? AND id <= ? AND event_id = ? ORDER BY id "
                                       "LIMIT ?");
                rows.bind(1, after).bind(2, upTo).bind(3, eventId).bind(4, std::int64_t{limit});
                while (rows.step())
                    out.changes.push_back(readChange(rows));
                return out;
            });
    }

    void waitForChanges(std::chrono::milliseconds timeout) override { m_signal->wait(timeout); }
    void interrupt() override { m_signal->notify(); }

private:
    SqliteStorage& m_storage;
    std::shared_ptr<ChangeSignal> m_signal;
};

Result<std::unique_ptr<ChangeSource>> SqliteStorage::openChangeSource() {
    return std::unique_ptr<ChangeSource>(new SqliteChangeSource(*this, m_changes));
}

Result<std::vector<SectionAvailability>>
SqliteStorage::sectionAvailability(Id eventId, const std::vector<Id>& sectionIds, TimePoint now) {
    return transaction<std::vector<SectionAvailability>>(
        false, [&](Connection& db) -> Result<std::vector<SectionAvailability>> {
            auto rows = db.prepare(
                "SELECT s.id, s.capacity "
                "- (SELECT coalesce(sum(sold), 0) FROM section_sales WHERE section_id = s.id) "
                "- (SELECT count(*) FROM seats WHERE section_id = s.id AND state = 'held' AND "
                "hold_expires_at > ?1) "
                "FROM sections s WHERE s.event_id = ?2 AND s.id IN (SELECT value FROM "
                "json_each(?3)) ORDER BY s.position");
            rows.bind(1, now).bind(2, eventId).bind(3, idList(sectionIds));
            std::vector<SectionAvailability> out;
            while (rows.step())
                out.push_back(SectionAvailability{rows.integer(0), rows.integer(1)});
            return out;
        });
}

Result<std::int64_t> SqliteStorage::pruneChanges(TimePoint before) {
    // Oldest first, a batch per write transaction, so that sales wait for one short batch at a
    // time; ids and times ascend together, so the oldest rows are the first ones by id.
    constexpr std::int64_t kBatch = 5000;
    std::int64_t total = 0;
    for (;;) {
        auto pruned = transaction<std::int64_t>(true, [&](Connection& db) -> Result<std::int64_t> {
            std::int64_t through = 0;
            {
                // Never the newest row: SQLite would give its id to the next insert.
                auto horizon = db.prepare(
                    "SELECT min((SELECT max(id) FROM (SELECT id, created_at FROM event_changes "
                    "ORDER BY id LIMIT ?) WHERE created_at < ?), (SELECT max(id) FROM "
                    "event_changes) - 1)");
                horizon.bind(1, kBatch).bind(2, before);
                if (!horizon.step() || horizon.isNull(0) || horizon.integer(0) < 1)
                    return std::int64_t{0};
                through = horizon.integer(0);
            }
            auto remove = db.prepare("DELETE FROM event_changes WHERE id <= ?");
            remove.bind(1, through);
            remove.run();
            const std::int64_t removed = db.changes();
            auto update = db.prepare("UPDATE event_changes_pruned SET pruned_through = "
                                     "max(pruned_through, ?)");
            update.bind(1, through);
            update.run();
            return removed;
        });
        if (!pruned) return fail(pruned.error());
        total += *pruned;
        if (*pruned < kBatch) return total;
    }
}

} // namespace bilheteria
