#include "tests/support/rawdatabase.h"

#include <sqlite3.h>

#include <fstream>
#include <iterator>
#include <stdexcept>

#include <pqxx/pqxx>

namespace bilheteria::testing {

RawDatabase::RawDatabase(Backend backend, const std::string& url)
    : m_backend(backend)
    , m_url(url) {
    if (backend == Backend::Sqlite) m_path = url.substr(url.find(':') + 1);
}

std::vector<std::vector<std::string>> RawDatabase::query(const std::string& sql) const {
    std::vector<std::vector<std::string>> rows;
    if (m_backend == Backend::Postgres) {
        pqxx::connection connection{m_url};
        pqxx::work tx{connection};
        for (const auto& row : tx.exec(sql)) {
            std::vector<std::string> out;
            for (const auto& field : row)
                out.emplace_back(field.is_null() ? "" : field.c_str());
            rows.push_back(std::move(out));
        }
        tx.commit();
        return rows;
    }
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(m_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        throw std::runtime_error("cannot open " + m_path);
    }
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
        const std::string message = sqlite3_errmsg(db);
        sqlite3_close(db);
        throw std::runtime_error(message + " in " + sql);
    }
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        std::vector<std::string> out;
        for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
            out.emplace_back(text ? text : "");
        }
        rows.push_back(std::move(out));
    }
    const std::string message = sqlite3_errmsg(db);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    if (rc != SQLITE_DONE) throw std::runtime_error(message + " in " + sql);
    return rows;
}

std::int64_t RawDatabase::count(const std::string& sql) const {
    const auto rows = query(sql);
    return rows.empty() ? -1 : std::stoll(rows.front().front());
}

std::vector<std::string> RawDatabase::placesContaining(const std::string& needle) const {
    std::vector<std::string> found;
    if (m_backend == Backend::Sqlite) {
        for (const char* suffix : {"", "-wal", "-journal"}) {
            std::ifstream file(m_path + suffix, std::ios::binary);
            if (!file) continue;
            const std::string bytes{std::istreambuf_iterator<char>(file),
                                    std::istreambuf_iterator<char>()};
            if (bytes.find(needle) != std::string::npos) found.push_back(m_path + suffix);
        }
        return found;
    }
    for (const auto& table :
         query("SELECT table_name FROM information_schema.tables WHERE table_schema = "
               "'public' AND table_type = 'BASE TABLE'")) {
        const auto hits =
            count("SELECT count(*) FROM " + table[0] + " t WHERE t::text LIKE '%" + needle + "%'");
        if (hits != 0) found.push_back(table[0]);
    }
    return found;
}

} // namespace bilheteria::testing
