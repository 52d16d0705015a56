// The thin sqlite3 wrapper every part of the SQLite store runs its SQL through: SqliteError (what
// a failing call throws), Statement (a cached prepared statement), Connection (one sqlite3
// handle with its PRAGMAs and statement cache), and translate(), which turns a SqliteError into
// the Error a caller sees. Only the files of this folder include it.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "shared/error.h"
#include "shared/protocol.h"

struct sqlite3;
struct sqlite3_stmt;

namespace bilheteria::sqlite {

// What a failing SQLite call throws inside this store; transaction() turns it into an Error.
struct SqliteError : std::runtime_error {
    SqliteError(int code, const std::string& message)
        : std::runtime_error(message)
        , code(code) {}
    // SQLITE_CORRUPT: the database breaks a rule the store keeps (an audit chain's head gone).
    static SqliteError corrupt(const std::string& message);
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
    ~Statement();

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, const std::string& value);
    Statement& bind(int index, const std::optional<std::string>& value);
    Statement& bind(int index, TimePoint value);
    Statement& bind(int index, std::optional<TimePoint> value);
    Statement& bind(int index, std::optional<std::int64_t> value);

    // True while there is a row to read.
    bool step();
    void run();

    std::int64_t integer(int column) const;
    bool isNull(int column) const;
    std::string text(int column) const;
    std::optional<std::string> optionalText(int column) const;
    std::optional<std::int64_t> optionalInteger(int column) const;
    TimePoint time(int column) const;

private:
    void check(int rc);
    sqlite3* m_db;
    sqlite3_stmt* m_stmt;
};

class Connection {
public:
    Connection(const std::string& path, int busyTimeoutMs);
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    void exec(const std::string& sql);
    Statement prepare(const std::string& sql);

    std::int64_t lastInsertId() const;
    std::int64_t changes() const;

private:
    sqlite3* m_db = nullptr;
    std::unordered_map<std::string, sqlite3_stmt*> m_cache;
};

// The Error a caller sees for a SqliteError (email_taken, unavailable, internal); logs the
// unexpected ones.
Error translate(const SqliteError& error);

// `sql` with PostgreSQL's placeholders ($1, $2 …) written as SQLite's numbered ones (?1, ?2 …),
// so a statement of server/store/sql/ runs unchanged on both; prepare() applies it. Read as
// named parameters, $N would be numbered in the order they first appear instead.
std::string numbered(const std::string& sql);

// `ids` as a JSON array, the text json_each(?) reads a list of ids from.
std::string idList(const std::vector<Id>& ids);

} // namespace bilheteria::sqlite
