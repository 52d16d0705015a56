// The PostgreSQL store's ChangeStore (core/store/changestore.h): the change outbox's reader
// (LISTENing for the other servers), section availability and pruning; insertChanges (outbox.h) for
// the parts that write changes.
#include "server/store/postgres/changes.h"

#include <poll.h>

#include <chrono>
#include <thread>

#include <pqxx/pqxx>

#include "server/store/changesignal.h"
#include "server/store/door.h"
#include "server/store/postgres/database.h"
#include "server/store/postgres/outbox.h"
#include "server/store/postgres/rows.h"

namespace bilheteria {

using namespace postgres;

namespace {

Change changeFromRow(const pqxx::row& row) {
    return Change{row[0].as<Id>(), row[1].as<Id>(),
                  changeKindFromName(row[2].c_str()).value_or(ChangeKind::Seats),
                  row[3].as<std::string>()};
}

// The channel every server LISTENs on and NOTIFYs after its own commits.
constexpr const char* kChangeChannel = "bilheteria_changes";
// How often a lost LISTEN connection is tried again (the feed polls through the pool meanwhile).
constexpr auto kReconnectEvery = std::chrono::seconds{1};

// The live feed's reader on PostgreSQL: a connection of its own, outside the pool, LISTENing on
// kChangeChannel. Other servers' changes wake it through NOTIFY; this process's own commits wake
// it through the ChangeSignal, and it then NOTIFYs the others — once per wake-up, from here, not
// from the sale's transactions: a NOTIFY in a transaction makes its commit take a database-wide
// lock held through the commit's WAL flush, which serialises every notifying commit (measured
// with fsync=on: 5,200 inserting transactions per second without, 450-730 with). The feed also
// reads every pollInterval, so a lost notification delays a change, never loses it.
class PostgresChangeSource : public ChangeSource {
public:
    PostgresChangeSource(std::string url, PostgresPool& pool, std::shared_ptr<ChangeSignal> signal)
        : m_url(std::move(url))
        , m_pool(pool)
        , m_signal(std::move(signal)) {}

    ~PostgresChangeSource() override { disconnect(); }

    Result<Id> latestChangeId() override {
        return run(m_pool, "latestChangeId", [](pqxx::connection& connection) -> Result<Id> {
            pqxx::nontransaction tx{connection};
            return tx.exec_prepared1("latest_change")[0].as<Id>();
        });
    }

    Result<std::vector<Change>> changesAfter(Id after, int limit) override {
        return onConnection("changesAfter", [&](pqxx::connection& connection) {
            pqxx::nontransaction tx{connection};
            return changesOf(tx.exec_prepared("changes_after", after, limit));
        });
    }

    Result<std::vector<Change>> changesBetween(Id from, Id to) override {
        return onConnection("changesBetween", [&](pqxx::connection& connection) {
            pqxx::nontransaction tx{connection};
            return changesOf(tx.exec_prepared("changes_between", from, to));
        });
    }

    Result<ChangeReplay> replay(Id eventId, Id after, Id upTo, int limit) override {
        return run(
            m_pool, "replayChanges", [&](pqxx::connection& connection) -> Result<ChangeReplay> {
                // One snapshot: a prune between the two reads cannot go unnoticed.
                SnapshotTransaction tx{connection};
                ChangeReplay out;
                out.prunedThrough = tx.exec_prepared1("pruned_through")[0].as<Id>();
                out.changes =
                    changesOf(tx.exec_prepared("event_changes", eventId, after, upTo, limit));
                tx.commit();
                return out;
            });
    }

    void waitForChanges(std::chrono::milliseconds timeout) override {
        if (!m_connection && !connect()) {
            // Without the connection, local commits still wake the reader (its next read
            // goes through a new connection); the other servers poll meanwhile.
            pollfd descriptors[2] = {{m_signal->fd(), POLLIN, 0}, {m_interrupt.fd(), POLLIN, 0}};
            if (::poll(descriptors, 2, static_cast<int>(timeout.count())) > 0) {
                m_signal->consume();
                m_interrupt.consume();
            }
            return;
        }
        try {
            // Notifications that arrived while the last queries ran are already read from the
            // socket: poll() would not see them.
            m_notified = false;
            m_connection->get_notifs();
            if (m_notified) return;
            pollfd descriptors[3] = {{m_signal->fd(), POLLIN, 0},
                                     {m_interrupt.fd(), POLLIN, 0},
                                     {m_connection->sock(), POLLIN, 0}};
            if (::poll(descriptors, 3, static_cast<int>(timeout.count())) <= 0) return;
            if ((descriptors[0].revents & POLLIN) && m_signal->consume()) {
                pqxx::nontransaction tx{*m_connection};
                tx.exec0(std::string{"NOTIFY "} + kChangeChannel);
            }
            if (descriptors[1].revents & POLLIN) m_interrupt.consume();
            if (descriptors[2].revents != 0) m_connection->get_notifs();
        } catch (const std::exception& error) {
            logFailure("listen", error);
            disconnect();
        }
    }

    void interrupt() override { m_interrupt.notify(); }

private:
    class Listener : public pqxx::notification_receiver {
    public:
        Listener(pqxx::connection& connection, bool& notified)
            : pqxx::notification_receiver(connection, kChangeChannel)
            , m_notified(notified) {}
        void operator()(const std::string&, int backendPid) override {
            // Our own NOTIFY comes back too; it says nothing new.
            if (backendPid != conn().backendpid()) m_notified = true;
        }

    private:
        bool& m_notified;
    };

    static std::vector<Change> changesOf(const pqxx::result& rows) {
        std::vector<Change> out;
        out.reserve(rows.size());
        for (const auto& row : rows)
            out.push_back(changeFromRow(row));
        return out;
    }

    bool connect() {
        const auto now = std::chrono::steady_clock::now();
        if (now < m_nextAttempt) return false;
        m_nextAttempt = now + kReconnectEvery;
        try {
            auto connection = std::make_unique<pqxx::connection>(m_url);
            for (const char* name : {"changes_after", "changes_between"})
                for (const Statement& statement : allStatements())
                    if (std::string_view{statement.name} == name)
                        connection->prepare(statement.name, statement.sql);
            m_listener = std::make_unique<Listener>(*connection, m_notified);
            m_connection = std::move(connection);
            return true;
        } catch (const std::exception& error) {
            logFailure("listen connect", error);
            m_listener.reset();
            return false;
        }
    }

    void disconnect() {
        try {
            m_listener.reset();
        } catch (const std::exception&) {
        }
        m_connection.reset();
    }

    // Runs a query on the LISTEN connection, (re)connecting first; a broken connection is
    // dropped and tried again at the next call.
    template <typename Work>
    Result<std::vector<Change>> onConnection(std::string_view operation, Work&& work) {
        if (!m_connection && !connect()) return fail(Error::unavailable(kDatabaseUnreachable));
        try {
            return work(*m_connection);
        } catch (const pqxx::broken_connection& error) {
            logFailure(operation, error);
            disconnect();
            return fail(Error::unavailable(kDatabaseUnreachable));
        } catch (const std::exception& error) {
            logFailure(operation, error);
            disconnect();
            return fail(Error::internal(kDatabaseFailed));
        }
    }

    const std::string m_url;
    PostgresPool& m_pool;
    std::shared_ptr<ChangeSignal> m_signal;
    std::unique_ptr<pqxx::connection> m_connection;
    std::unique_ptr<Listener> m_listener;
    bool m_notified = false;
    ChangeSignal m_interrupt; // interrupt(): a wake-up that announces nothing to the others
    std::chrono::steady_clock::time_point m_nextAttempt{};
};

} // namespace

namespace postgres {

void insertChanges(pqxx::transaction_base& tx, const std::vector<NewChange>& changes,
                   TimePoint at) {
    if (changes.empty()) return;
    const ChangeArrays arrays = changeArrays(changes);
    tx.exec_prepared0("insert_changes", arrays.events, arrays.kinds, arrays.payloads,
                      unixSeconds(at));
}

const std::vector<Statement>& changeStatements() {
    static const std::vector<Statement> all{
        // Changes for the live feed written outside an audited transaction (the waiting
        // room's): arrays of event ids ($1), kinds ($2) and payloads ($3), created at $4.
        {"insert_changes", "INSERT INTO event_changes (event_id, kind, payload, created_at) "
                           "SELECT c.event_id, c.kind, c.payload, $4 FROM unnest($1::bigint[], "
                           "$2::text[], $3::text[]) WITH ORDINALITY AS c (event_id, kind, payload, "
                           "ord) ORDER BY c.ord"},
        // The largest id in use, or pruned when the table is empty.
        {"latest_change", "SELECT GREATEST((SELECT COALESCE(max(id), 0) FROM event_changes), "
                          "(SELECT pruned_through FROM event_changes_pruned))"},
        {"changes_after", "SELECT id, event_id, kind, payload FROM event_changes WHERE id > $1 "
                          "ORDER BY id LIMIT $2"},
        {"changes_between", "SELECT id, event_id, kind, payload FROM event_changes "
                            "WHERE id BETWEEN $1 AND $2 ORDER BY id"},
        {"pruned_through", "SELECT pruned_through FROM event_changes_pruned"},
        // The key's range, filtered by event: the hub bounds the range it asks for.
        {"event_changes", "SELECT id, event_id, kind, payload FROM event_changes "
                          "WHERE id > $2 AND id <= $3 AND event_id = $1 ORDER BY id LIMIT $4"},
        // Oldest first by id (ids and times ascend together), a bounded batch at a time.
        {"prune_horizon", "SELECT max(id) FROM (SELECT id, created_at FROM event_changes "
                          "ORDER BY id LIMIT $1) oldest WHERE created_at < $2"},
        {"prune_changes", "DELETE FROM event_changes WHERE id <= $1"},
        {"move_pruned", "UPDATE event_changes_pruned "
                        "SET pruned_through = GREATEST(pruned_through, $1)"},
        {"section_availability", "SELECT id, available FROM (" + sectionStock("$2") +
                                     ") stock WHERE event_id = $1 AND id = ANY ($3::bigint[]) "
                                     "ORDER BY position"},
    };
    return all;
}

} // namespace postgres

PostgresChangeStore::PostgresChangeStore(PostgresDatabase& db)
    : m_db(db) {}

Result<std::unique_ptr<ChangeSource>> PostgresChangeStore::openChangeSource() {
    return std::unique_ptr<ChangeSource>(
        new PostgresChangeSource(m_db.url(), m_db.pool(), m_db.changeSignal()));
}

Result<std::vector<SectionAvailability>>
PostgresChangeStore::sectionAvailability(Id eventId, const std::vector<Id>& sectionIds,
                                         TimePoint now) {
    return run(
        m_db.pool(), "sectionAvailability",
        [&](pqxx::connection& connection) -> Result<std::vector<SectionAvailability>> {
            pqxx::nontransaction tx{connection};
            std::vector<SectionAvailability> out;
            for (const auto& row : tx.exec_prepared("section_availability", eventId,
                                                    unixSeconds(now), idArray(sectionIds)))
                out.push_back(SectionAvailability{row[0].as<Id>(), row[1].as<std::int64_t>()});
            return out;
        });
}

Result<std::vector<SectionAdmitted>>
PostgresChangeStore::sectionAdmitted(Id eventId, const std::vector<Id>& sectionIds) {
    return run(m_db.pool(), "sectionAdmitted",
               [&](pqxx::connection& connection) -> Result<std::vector<SectionAdmitted>> {
                   pqxx::nontransaction tx{connection};
                   std::vector<SectionAdmitted> all;
                   for (const auto& row : tx.exec_prepared("door_section_admitted", eventId))
                       all.push_back(SectionAdmitted{row[0].as<Id>(), row[1].as<std::int64_t>()});
                   return onlySections(std::move(all), sectionIds);
               });
}

Result<std::int64_t> PostgresChangeStore::pruneChanges(TimePoint before) {
    // A batch per transaction, oldest first: each deletes a bounded number of rows.
    constexpr int kBatch = 5000;
    std::int64_t total = 0;
    for (;;) {
        auto pruned = run(
            m_db.pool(), "pruneChanges", [&](pqxx::connection& connection) -> Result<std::int64_t> {
                pqxx::work tx{connection};
                const auto horizon =
                    tx.exec_prepared1("prune_horizon", kBatch, unixSeconds(before))[0];
                if (horizon.is_null()) return std::int64_t{0};
                const Id through = horizon.as<Id>();
                const auto removed = static_cast<std::int64_t>(
                    tx.exec_prepared0("prune_changes", through).affected_rows());
                tx.exec_prepared0("move_pruned", through);
                tx.commit();
                return removed;
            });
        if (!pruned) return fail(pruned.error());
        total += *pruned;
        if (*pruned < kBatch) return total;
    }
}

} // namespace bilheteria
