// The PostgreSQL store's database (database.h): every part's statements gathered for the pool,
// the migrations under an advisory lock, and the shared state the parts use.
#include "server/store/postgres/database.h"

#include "server/store/changesignal.h"
#include "server/store/migrations.h"

namespace bilheteria {

using namespace postgres;

namespace {

Result<void> applyMigrations(pqxx::connection& connection) {
    {
        pqxx::work tx{connection};
        // Held until commit: a second server starting at the same moment waits here and then
        // finds the work done.
        tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLockKey);
        // Checked rather than CREATE TABLE IF NOT EXISTS, whose NOTICE libpqxx prints to stderr
        // on every start.
        if (tx.exec("SELECT to_regclass('schema_migrations') IS NULL")[0][0].as<bool>())
            tx.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                    "description TEXT NOT NULL, applied_at BIGINT NOT NULL)");
        tx.commit();
    }
    for (const Migration& migration : postgresMigrations()) {
        pqxx::work tx{connection};
        tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLockKey);
        if (!tx.exec_params("SELECT 1 FROM schema_migrations WHERE version = $1", migration.version)
                 .empty()) {
            tx.abort();
            continue;
        }
        tx.exec(std::string{migration.sql});
        tx.exec_params("INSERT INTO schema_migrations (version, description, applied_at) "
                       "VALUES ($1, $2, extract(epoch FROM now())::bigint)",
                       migration.version, std::string{migration.description});
        tx.commit();
    }
    return {};
}

} // namespace

namespace postgres {

bool isUnavailableState(const std::string& sqlstate) {
    return sqlstate == "25006" || sqlstate == "57P01" || sqlstate == "57P02" ||
           sqlstate == "57P03" || sqlstate.starts_with("08");
}

const std::vector<Statement>& allStatements() {
    static const std::vector<Statement> all = [] {
        std::vector<Statement> gathered;
        for (const auto* part : {&rootStatements(), &accountStatements(), &eventStatements(),
                                 &holdStatements(), &saleStatements(), &waitingRoomStatements(),
                                 &changeStatements(), &reportStatements(), &auditStatements(),
                                 &doorStatements(), &refundStatements(), &notificationStatements()})
            gathered.insert(gathered.end(), part->begin(), part->end());
        return gathered;
    }();
    return all;
}

} // namespace postgres

PostgresDatabase::PostgresDatabase(std::string url, int poolSize, DatabaseTimings* timings)
    : m_url(std::move(url))
    , m_pool(std::make_unique<PostgresPool>(m_url, poolSize, timings))
    , m_changes(std::make_shared<ChangeSignal>()) {}

PostgresDatabase::~PostgresDatabase() = default;

Result<void> PostgresDatabase::open() {
    BILHETERIA_CHECK(m_pool->warmUp());
    return run(*m_pool, "migrate", applyMigrations);
}

void PostgresDatabase::notifyChanges() {
    m_changes->notify();
}

} // namespace bilheteria
