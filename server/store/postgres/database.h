// What every part of the PostgreSQL store runs on: the pool of connections (each with every
// part's statements prepared), run() — the one place libpqxx's exceptions become Error values,
// with its retries — the migrations, and the change signal the parts notify after a commit
// that wrote to the change outbox.
#pragma once

#include <chrono>
#include <condition_variable>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "server/core/store/databasetimings.h"
#include "server/store/postgres/rows.h"
#include "shared/error.h"

namespace bilheteria {

class ChangeSignal;

namespace postgres {

// How long a caller waits for a free connection before giving up: long enough to ride out a
// burst, short enough that a leak or a deadlock shows up as an error instead of a hang.
constexpr auto kAcquireTimeout = std::chrono::seconds{30};
// Rows fetched per round trip when streaming seats (or the audit log): large enough to amortise
// the round trip, small enough that memory stays flat for any event size.
constexpr int kSeatBlockRows = 10'000;
// The pg_advisory_xact_lock key that serialises migrations across server processes ("bilheter").
constexpr std::int64_t kMigrationLockKey = 0x62696c6865746572;
// Sold counters per section are split in this many rows (section_sales.shard), so concurrent
// sales of one section do not queue on one row; an order adds to shard order_id % kSalesShards.
constexpr int kSalesShards = 16;
// How many times a transaction the server rolled back to break a deadlock (or a serialization
// failure) is run again before the caller is told to try later.
constexpr int kRollbackAttempts = 5;

const std::string kDatabaseUnreachable = "database unreachable";
const std::string kDatabaseFailed = "the database could not complete the request";
const std::string kDatabaseBusy = "the database is busy; try again";
// The connection broke during COMMIT (the primary died): the work may or may not have been
// committed, so it is never reported as done; a purchase retried with the same Idempotency-Key
// answers with its order if it committed, and buys the hold if it did not.
const std::string kCommitUnknown =
    "the database connection was lost while committing; retry with the same Idempotency-Key";

// SQLSTATEs that say the server cannot take this work now, not that the work is wrong: a
// read-only standby (25006: the connection landed on a replica, or on a primary being demoted),
// a server shutting down or crashed (57P01, 57P02), one starting up or in recovery (57P03), and a
// lost connection (class 08). The request is unavailable and the connection is not reused.
bool isUnavailableState(const std::string& sqlstate);

struct Statement {
    const char* name;
    std::string sql;
};

// Each part's prepared statements, defined beside its code; every pooled connection prepares
// all of them (libpqxx registers them with the server on first use).
const std::vector<Statement>& rootStatements();
const std::vector<Statement>& accountStatements();
const std::vector<Statement>& eventStatements();
const std::vector<Statement>& holdStatements();
const std::vector<Statement>& saleStatements();
const std::vector<Statement>& waitingRoomStatements();
const std::vector<Statement>& changeStatements();
const std::vector<Statement>& reportStatements();
const std::vector<Statement>& auditStatements();
const std::vector<Statement>& doorStatements();
const std::vector<Statement>& refundStatements();
const std::vector<Statement>& notificationStatements();
// All of the above, gathered once.
const std::vector<Statement>& allStatements();

// A fixed number of connections shared by all threads. Connections open lazily up to the
// limit; a caller beyond it waits for one to come back. A broken connection is closed instead
// of returned, and the next caller opens a fresh one in its place.
class PostgresPool {
public:
    class Lease {
    public:
        Lease(PostgresPool& pool, std::unique_ptr<pqxx::connection> connection, bool reused)
            : m_pool(&pool)
            , m_connection(std::move(connection))
            , m_reused(reused) {}
        Lease(Lease&& other) noexcept
            : m_pool(std::exchange(other.m_pool, nullptr))
            , m_connection(std::move(other.m_connection))
            , m_reused(other.m_reused) {}
        Lease& operator=(Lease&&) = delete;
        ~Lease() {
            if (m_pool) m_pool->release(std::move(m_connection));
        }

        pqxx::connection& connection() { return *m_connection; }
        // Whether the connection served earlier callers and so may have gone stale meanwhile.
        bool reused() const { return m_reused; }
        // Closes the connection instead of returning it (broken, or in an unknown state).
        void discard() { m_connection.reset(); }

    private:
        PostgresPool* m_pool;
        std::unique_ptr<pqxx::connection> m_connection;
        bool m_reused;
    };

    PostgresPool(std::string url, int size, DatabaseTimings* timings = nullptr)
        : m_url(std::move(url))
        , m_size(std::max(1, size))
        , m_timings(timings) {}

    // Where run() reports how long each piece of work took; none when null.
    DatabaseTimings* timings() const { return m_timings; }

    // Opens the first connection now, so a wrong URL or a stopped server is reported at start-up
    // with libpq's reason.
    Result<void> warmUp() {
        try {
            auto connection = connect();
            std::lock_guard lock{m_mutex};
            ++m_open;
            m_idle.push_back(std::move(connection));
            return {};
        } catch (const std::exception& error) {
            logFailure("connect", error);
            return fail(Error::unavailable(kDatabaseUnreachable + ": " +
                                           std::string{firstLine(error.what())}));
        }
    }

    Result<Lease> acquire() {
        const auto asked = std::chrono::steady_clock::now();
        std::unique_lock lock{m_mutex};
        const bool free = m_returned.wait_for(
            lock, kAcquireTimeout, [this] { return !m_idle.empty() || m_open < m_size; });
        if (m_timings)
            m_timings->connectionWaited(
                "postgresql",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - asked).count());
        if (!free) return fail(Error::unavailable("all database connections are busy"));
        if (!m_idle.empty()) {
            auto connection = std::move(m_idle.back());
            m_idle.pop_back();
            return Lease{*this, std::move(connection), true};
        }
        ++m_open; // reserve the slot, then connect without holding the lock
        lock.unlock();
        try {
            return Lease{*this, connect(), false};
        } catch (const std::exception& error) {
            logFailure("connect", error);
            lock.lock();
            --m_open;
            m_returned.notify_one();
            return fail(Error::unavailable(kDatabaseUnreachable));
        }
    }

    // After a connection broke, the idle ones most likely broke with it (the server restarted):
    // close them all rather than fail one request per stale connection.
    void dropIdle() {
        std::vector<std::unique_ptr<pqxx::connection>> stale;
        {
            std::lock_guard lock{m_mutex};
            stale.swap(m_idle);
            m_open -= static_cast<int>(stale.size());
        }
        m_returned.notify_all();
    }

private:
    std::unique_ptr<pqxx::connection> connect() {
        auto connection = std::make_unique<pqxx::connection>(m_url);
        for (const Statement& statement : allStatements())
            connection->prepare(statement.name, statement.sql);
        return connection;
    }

    void release(std::unique_ptr<pqxx::connection> connection) {
        {
            std::lock_guard lock{m_mutex};
            if (connection && connection->is_open())
                m_idle.push_back(std::move(connection));
            else
                --m_open;
        }
        m_returned.notify_one();
        // A discarded connection, if any, closes here, outside the lock.
    }

    const std::string m_url;
    const int m_size;
    DatabaseTimings* const m_timings;
    std::mutex m_mutex;
    std::condition_variable m_returned;
    std::vector<std::unique_ptr<pqxx::connection>> m_idle;
    int m_open = 0; // idle plus leased
};

// Errors an operation gives specific meaning to; everything else is unavailable or internal.
struct Translations {
    std::optional<Error> uniqueViolation;
    std::optional<Error> foreignKeyViolation;
};

enum class Retry {
    // Safe for work that only talks to the database: a broken connection means the
    // transaction never committed (once, on a reused connection), and a transaction the server
    // rolled back for a deadlock or a serialization failure did nothing (kRollbackAttempts).
    OnStaleConnection,
    Never, // the work has side effects outside the database (callbacks)
};

// Runs `work` on a pooled connection and turns every exception into an Error: the one place
// libpqxx's exceptions are caught. Details go to stderr; messages returned never carry SQL.
template <typename Work>
auto run(PostgresPool& pool, std::string_view operation, Work&& work,
         const Translations& translations = {}, Retry retry = Retry::OnStaleConnection)
    -> std::invoke_result_t<Work&, pqxx::connection&> {
    int rollbacks = 0;
    for (int attempt = 0;; ++attempt) {
        auto lease = pool.acquire();
        if (!lease) return fail(std::move(lease).error());
        // Timed however the work ends (a value, an error value or an exception).
        struct Timer {
            DatabaseTimings* timings;
            std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
            ~Timer() {
                if (timings)
                    timings->transactionTook(
                        "postgresql",
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
                            .count());
            }
        } timer{pool.timings()};
        try {
            return work(lease->connection());
        } catch (const pqxx::broken_connection& error) {
            logFailure(operation, error);
            lease->discard();
            if (retry == Retry::OnStaleConnection && attempt == 0 && lease->reused()) {
                pool.dropIdle();
                continue;
            }
            return fail(Error::unavailable(kDatabaseUnreachable));
        } catch (const pqxx::unique_violation& error) {
            if (translations.uniqueViolation) return fail(*translations.uniqueViolation);
            logFailure(operation, error);
            return fail(Error::internal(kDatabaseFailed));
        } catch (const pqxx::foreign_key_violation& error) {
            if (translations.foreignKeyViolation) return fail(*translations.foreignKeyViolation);
            logFailure(operation, error);
            return fail(Error::internal(kDatabaseFailed));
        } catch (const pqxx::sql_error& error) {
            logFailure(operation, error);
            if (isUnavailableState(error.sqlstate())) {
                // Most likely the others went the same way (a failover): reconnect them all.
                lease->discard();
                pool.dropIdle();
                return fail(Error::unavailable(kDatabaseUnreachable));
            }
            // The server rolled the transaction back; the connection is fine.
            return fail(Error::internal(kDatabaseFailed));
        } catch (const pqxx::in_doubt_error& error) {
            logFailure(operation, error);
            lease->discard();
            pool.dropIdle();
            return fail(Error::unavailable(kCommitUnknown));
        } catch (const pqxx::deadlock_detected& error) {
            // The server broke a lock cycle by rolling this transaction back: run it again.
            if (retry != Retry::Never && ++rollbacks < kRollbackAttempts) continue;
            logFailure(operation, error);
            return fail(Error::unavailable(kDatabaseBusy));
        } catch (const pqxx::serialization_failure& error) {
            if (retry != Retry::Never && ++rollbacks < kRollbackAttempts) continue;
            logFailure(operation, error);
            return fail(Error::unavailable(kDatabaseBusy));
        } catch (const std::exception& error) {
            // Usage errors, a throwing callback: the connection's state is
            // unknown, so it is not reused.
            logFailure(operation, error);
            lease->discard();
            return fail(Error::internal(kDatabaseFailed));
        } catch (...) {
            std::cerr << "bilheteria: postgresql " << operation << ": unknown exception\n";
            lease->discard();
            return fail(Error::internal(kDatabaseFailed));
        }
    }
}

} // namespace postgres

// The pool, the server's URL (the change source opens a LISTEN connection of its own) and the
// change signal, shared by the root storage and its parts.
class PostgresDatabase {
public:
    PostgresDatabase(std::string url, int poolSize, DatabaseTimings* timings = nullptr);
    ~PostgresDatabase();

    // Opens the first connection (a wrong URL or a stopped server is reported now) and applies
    // the migrations schema_migrations does not record yet.
    Result<void> open();

    postgres::PostgresPool& pool() { return *m_pool; }
    const std::string& url() const { return m_url; }
    const std::shared_ptr<ChangeSignal>& changeSignal() const { return m_changes; }
    // Wakes the live feed after a commit that wrote to the change outbox.
    void notifyChanges();

private:
    std::string m_url;
    std::unique_ptr<postgres::PostgresPool> m_pool;
    std::shared_ptr<ChangeSignal> m_changes;
};

} // namespace bilheteria
