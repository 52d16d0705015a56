// A connection of its own to a test database, beside the store's: to read what the store wrote
// and to tamper with it as someone with access to the database would. SQLite or PostgreSQL.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tests/support/testdatabase.h"

namespace bilheteria::testing {

class RawDatabase {
public:
    // `url` as TestDatabase::url() gives it.
    RawDatabase(Backend backend, const std::string& url);

    // Every row `sql` returns, each column as text (NULL as ""). Throws std::runtime_error
    // when the statement fails.
    std::vector<std::vector<std::string>> query(const std::string& sql) const;

    void exec(const std::string& sql) const { (void)query(sql); }

    // The first column of the first row as a number; -1 when there is no row.
    std::int64_t count(const std::string& sql) const;

    // Where `needle` occurs anywhere in the stored data: the SQLite files' bytes (the WAL
    // included), or any row of any PostgreSQL table as text. Empty when nowhere.
    std::vector<std::string> placesContaining(const std::string& needle) const;

private:
    Backend m_backend;
    std::string m_url;
    std::string m_path; // SQLite
};

} // namespace bilheteria::testing
