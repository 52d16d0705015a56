// The SQLite store's connection pool, migrations and WAL checkpoint (transaction() is in
// database.h).
#include "server/store/sqlite/database.h"

#include "server/store/changesignal.h"
#include "server/store/migrations.h"

namespace bilheteria {

using sqlite::Connection;
using sqlite::SqliteError;

SqliteDatabase::SqliteDatabase(std::string path, int busyTimeoutMs, DatabaseTimings* timings)
    : m_path(std::move(path))
    , m_busyTimeoutMs(busyTimeoutMs)
    , m_timings(timings)
    , m_changes(std::make_shared<ChangeSignal>()) {}

SqliteDatabase::~SqliteDatabase() = default;

Result<int> SqliteDatabase::migrate() {
    // Foreign keys are off while migrations run (a pragma that only takes effect outside a
    // transaction, hence this connection of its own): a migration may rebuild a table others
    // refer to, SQLite's way of changing a constraint. Before the commit, foreign_key_check
    // must find nothing, so no reference is left dangling.
    std::unique_lock writer(m_writeMutex);
    std::unique_ptr<Connection> db;
    try {
        db = std::make_unique<Connection>(m_path, m_busyTimeoutMs);
    } catch (const SqliteError& error) {
        std::fprintf(stderr, "sqlite: %s\n", error.what());
        return fail(Error::unavailable("the database cannot be opened"));
    }
    try {
        db->exec("PRAGMA foreign_keys = OFF");
        db->exec("BEGIN IMMEDIATE");
        auto applied = [&]() -> int {
            db->exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                     "version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                     "applied_at INTEGER NOT NULL)");
            std::int64_t current = 0;
            {
                auto row = db->prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
                if (row.step()) current = row.integer(0);
            }
            int count = 0;
            for (const auto& migration : sqliteMigrations()) {
                if (migration.version <= current) continue;
                db->exec(std::string(migration.sql));
                auto insert = db->prepare("INSERT INTO schema_migrations (version, description, "
                                          "applied_at) VALUES (?, ?, strftime('%s', 'now'))");
                insert.bind(1, migration.version).bind(2, std::string(migration.description));
                insert.run();
                ++count;
            }
            auto dangling = db->prepare("PRAGMA foreign_key_check");
            if (dangling.step())
                throw SqliteError::corrupt("a migration left a foreign key dangling in " +
                                           dangling.text(0));
            return count;
        }();
        db->exec("COMMIT");
        return applied;
    } catch (const SqliteError& error) {
        try {
            db->exec("ROLLBACK");
        } catch (const SqliteError&) {
            // nothing began, or it rolled back already
        }
        std::fprintf(stderr, "sqlite: migration: %s\n", error.what());
        return fail(sqlite::translate(error));
    }
}

std::unique_ptr<Connection> SqliteDatabase::acquire() {
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

void SqliteDatabase::release(std::unique_ptr<Connection> connection) {
    std::lock_guard lock(m_poolMutex);
    m_idle.push_back(std::move(connection));
}

Result<void> SqliteDatabase::maintain() {
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

} // namespace bilheteria
