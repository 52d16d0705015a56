#include "server/store/sqlite/sqlitestorage.h"

#include <sqlite3.h>

#include <cstdio>
#include <stdexcept>
#include <unordered_map>

#include "server/store/migrations.h"

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
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() {
        for (auto& [sql, stmt] : m_cache) sqlite3_finalize(stmt);
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
    "e.queue_enabled, e.max_tickets_per_customer, e.hold_seconds, e.admit_per_minute";

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
    return event;
}

// Sections with live availability. Seated: free seats. General: the capacity, because holds
// and tickets arrive with the sales issue.
const std::string kSectionsOfEvent =
    "SELECT s.id, s.name, s.kind, s.price_cents, s.capacity, "
    "CASE s.kind WHEN 'general' THEN s.capacity ELSE "
    "(SELECT count(*) FROM seats WHERE section_id = s.id AND state = 'free') END "
    "FROM sections s WHERE s.event_id = ? ORDER BY s.position";

void addSections(Connection& db, Event& event) {
    auto row = db.prepare(kSectionsOfEvent);
    row.bind(1, event.summary.id);
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
        s.minPriceCents = first ? section.priceCents : std::min(s.minPriceCents, section.priceCents);
        first = false;
        event.sections.push_back(std::move(section));
    }
}

} // namespace

SqliteStorage::SqliteStorage(std::string path, int busyTimeoutMs)
    : m_path(std::move(path))
    , m_busyTimeoutMs(busyTimeoutMs) {}

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
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
            .bind(12, in.createdAt);
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
        event.holdSeconds = in.holdSeconds;
        event.admitPerMinute = in.admitPerMinute;

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

            for (const auto& row : section.rows) {
                for (std::int64_t number = 1; number <= row.seats; ++number) {
                    auto insertSeat = db.prepare("INSERT INTO seats (event_id, section_id, "
                                                 "row_label, number) VALUES (?, ?, ?, ?)");
                    insertSeat.bind(1, s.id).bind(2, sectionId).bind(3, row.label).bind(4, number);
                    insertSeat.run();
                }
            }
            event.sections.push_back({sectionId, section.name, section.kind, section.priceCents,
                                      section.capacity, section.capacity});
            s.capacity += section.capacity;
            s.minPriceCents =
                position == 0 ? section.priceCents : std::min(s.minPriceCents, section.priceCents);
        }
        s.available = s.capacity;
        return event;
    });
}

Result<std::vector<EventSummary>> SqliteStorage::listEvents(TimePoint) {
    return transaction<std::vector<EventSummary>>(
        false, [&](Connection& db) -> Result<std::vector<EventSummary>> {
            std::vector<Event> events;
            {
                auto row = db.prepare("SELECT " + kEventColumns +
                                      " FROM events e ORDER BY e.starts_at, e.id");
                while (row.step()) events.push_back(readEventRow(row));
            }
            std::vector<EventSummary> out;
            out.reserve(events.size());
            for (auto& event : events) {
                addSections(db, event);
                out.push_back(std::move(event.summary));
            }
            return out;
        });
}

Result<Event> SqliteStorage::getEvent(Id eventId, TimePoint) {
    return transaction<Event>(false, [&](Connection& db) -> Result<Event> {
        Event event;
        {
            auto row = db.prepare("SELECT " + kEventColumns + " FROM events e WHERE e.id = ?");
            row.bind(1, eventId);
            if (!row.step()) return fail(Error::notFound("no event with id " + std::to_string(eventId)));
            event = readEventRow(row);
        }
        addSections(db, event);
        return event;
    });
}

Result<void> SqliteStorage::forEachSeat(Id eventId, TimePoint,
                                        const std::function<void(const Seat&)>& visit) {
    return transaction<void>(false, [&](Connection& db) -> Result<void> {
        {
            auto exists = db.prepare("SELECT 1 FROM events WHERE id = ?");
            exists.bind(1, eventId);
            if (!exists.step())
                return fail(Error::notFound("no event with id " + std::to_string(eventId)));
        }
        auto row = db.prepare("SELECT id, section_id, row_label, number, state FROM seats "
                              "WHERE event_id = ? ORDER BY id");
        row.bind(1, eventId);
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

} // namespace bilheteria
