// What every part of the SQLite store runs on: the pool of connections, the one in-process write
// lock, transaction(), the change signal, migrations and the WAL checkpoint. Writers take the
// lock and BEGIN IMMEDIATE (so they never spin in SQLite's busy handler against each other);
// readers each use their own pooled connection and run in parallel under WAL.
#pragma once

#include <chrono>
#include <cstdio>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "server/core/store/databasetimings.h"
#include "server/store/sqlite/connection.h"
#include "shared/error.h"

namespace bilheteria {

class ChangeSignal;

// The section_sales shards per section: createEvent writes them, a sale adds to one.
constexpr int kSalesShards = 16;

class SqliteDatabase {
public:
    SqliteDatabase(std::string path, int busyTimeoutMs, DatabaseTimings* timings = nullptr);
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    // Applies the migrations schema_migrations does not record yet; returns how many.
    Result<int> migrate();
    // Checkpoints the write-ahead log (see Storage::maintain).
    Result<void> maintain();

    // Runs `work` in one transaction (BEGIN IMMEDIATE for writes) and commits when it returns
    // a value; rolls back on an error value or an exception, which it translates.
    template <typename T, typename Work> Result<T> transaction(bool write, Work&& work);

    // Notified after each commit that wrote to the change outbox (event_changes).
    const std::shared_ptr<ChangeSignal>& changeSignal() const { return m_changes; }

private:
    std::unique_ptr<sqlite::Connection> acquire();
    void release(std::unique_ptr<sqlite::Connection> connection);

    std::string m_path;
    int m_busyTimeoutMs;
    DatabaseTimings* m_timings;
    std::mutex m_poolMutex;
    std::vector<std::unique_ptr<sqlite::Connection>> m_idle;
    std::mutex m_writeMutex;
    std::shared_ptr<ChangeSignal> m_changes;
};

template <typename T, typename Work>
Result<T> SqliteDatabase::transaction(bool write, Work&& work) {
    using Clock = std::chrono::steady_clock;
    const auto asked = Clock::now();
    std::unique_lock<std::mutex> writer(m_writeMutex, std::defer_lock);
    if (write) writer.lock();
    std::unique_ptr<sqlite::Connection> db;
    try {
        db = acquire();
    } catch (const sqlite::SqliteError& error) {
        std::fprintf(stderr, "sqlite: %s\n", error.what());
        return fail(Error::unavailable("the database cannot be opened"));
    }
    const auto started = Clock::now();
    if (m_timings)
        m_timings->connectionWaited("sqlite",
                                    std::chrono::duration<double>(started - asked).count());
    Result<T> result = fail(Error::internal("the transaction did not run"));
    bool begun = false;
    try {
        db->exec(write ? "BEGIN IMMEDIATE" : "BEGIN");
        begun = true;
        result = work(*db);
        db->exec(result ? "COMMIT" : "ROLLBACK");
        begun = false;
    } catch (const sqlite::SqliteError& error) {
        result = fail(sqlite::translate(error));
    } catch (const std::exception& error) {
        std::fprintf(stderr, "sqlite: %s\n", error.what());
        result = fail(Error::internal("a database error occurred"));
    }
    if (begun) {
        try {
            db->exec("ROLLBACK");
        } catch (const sqlite::SqliteError&) {
            return result; // the connection is in an unknown state: drop it
        }
    }
    if (m_timings)
        m_timings->transactionTook("sqlite",
                                   std::chrono::duration<double>(Clock::now() - started).count());
    release(std::move(db));
    return result;
}

} // namespace bilheteria
