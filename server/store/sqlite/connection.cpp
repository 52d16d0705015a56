// The sqlite3 wrapper of connection.h: statements, connections with their PRAGMAs, and the
// translation of SQLite's result codes into Errors.
#include "server/store/sqlite/connection.h"

#include <sqlite3.h>

#include <cctype>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace bilheteria::sqlite {

SqliteError SqliteError::corrupt(const std::string& message) {
    return SqliteError(SQLITE_CORRUPT, message);
}

Statement::~Statement() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

Statement& Statement::bind(int index, std::int64_t value) {
    check(sqlite3_bind_int64(m_stmt, index, value));
    return *this;
}

Statement& Statement::bind(int index, const std::string& value) {
    check(sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()),
                            SQLITE_TRANSIENT));
    return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& value) {
    if (!value) {
        check(sqlite3_bind_null(m_stmt, index));
        return *this;
    }
    return bind(index, *value);
}

Statement& Statement::bind(int index, TimePoint value) {
    return bind(index, static_cast<std::int64_t>(value.time_since_epoch().count()));
}

Statement& Statement::bind(int index, std::optional<std::int64_t> value) {
    if (!value) {
        check(sqlite3_bind_null(m_stmt, index));
        return *this;
    }
    return bind(index, *value);
}

Statement& Statement::bind(int index, std::optional<TimePoint> value) {
    if (!value) {
        check(sqlite3_bind_null(m_stmt, index));
        return *this;
    }
    return bind(index, *value);
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw SqliteError(sqlite3_extended_errcode(m_db), sqlite3_errmsg(m_db));
}

void Statement::run() {
    while (step()) {
    }
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::string Statement::text(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return data ? std::string(data, sqlite3_column_bytes(m_stmt, column)) : std::string{};
}

std::optional<std::string> Statement::optionalText(int column) const {
    if (isNull(column)) return std::nullopt;
    return text(column);
}

std::optional<std::int64_t> Statement::optionalInteger(int column) const {
    if (isNull(column)) return std::nullopt;
    return integer(column);
}

TimePoint Statement::time(int column) const {
    return TimePoint{std::chrono::seconds{integer(column)}};
}

void Statement::check(int rc) {
    if (rc != SQLITE_OK) throw SqliteError(rc, sqlite3_errmsg(m_db));
}

Connection::Connection(const std::string& path, int busyTimeoutMs) {
    const int rc =
        sqlite3_open_v2(path.c_str(), &m_db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
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

Connection::~Connection() {
    for (auto& [sql, stmt] : m_cache)
        sqlite3_finalize(stmt);
    sqlite3_close(m_db);
}

void Connection::exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        std::string message = error ? error : "unknown error";
        sqlite3_free(error);
        throw SqliteError(sqlite3_extended_errcode(m_db), message);
    }
}

Statement Connection::prepare(const std::string& sql) {
    auto it = m_cache.find(sql);
    if (it == m_cache.end()) {
        sqlite3_stmt* stmt = nullptr;
        const std::string text = numbered(sql);
        if (sqlite3_prepare_v3(m_db, text.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
            SQLITE_OK)
            throw SqliteError(sqlite3_extended_errcode(m_db), sqlite3_errmsg(m_db));
        it = m_cache.emplace(sql, stmt).first;
    }
    return Statement(m_db, it->second);
}

std::int64_t Connection::lastInsertId() const {
    return sqlite3_last_insert_rowid(m_db);
}

std::int64_t Connection::changes() const {
    return sqlite3_changes64(m_db);
}

std::string numbered(const std::string& sql) {
    std::string out;
    out.reserve(sql.size());
    bool quoted = false;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (c == '\'') quoted = !quoted;
        const bool placeholder = !quoted && c == '$' && i + 1 < sql.size() &&
                                 std::isdigit(static_cast<unsigned char>(sql[i + 1]));
        out.push_back(placeholder ? '?' : c);
    }
    return out;
}

Error translate(const SqliteError& error) {
    const int primary = error.code & 0xff;
    const std::string what = error.what();
    if (error.code == SQLITE_CONSTRAINT_UNIQUE &&
        what.find("users.email_index") != std::string::npos)
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

std::string idList(const std::vector<Id>& ids) {
    nlohmann::json array = nlohmann::json::array();
    for (Id id : ids)
        array.push_back(id);
    return array.dump();
}

} // namespace bilheteria::sqlite
