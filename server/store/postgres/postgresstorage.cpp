// The PostgreSQL store's root (postgresstorage.h): opening the pool and migrating, ping, the
// server secrets, and the parts it owns.
#include "server/store/postgres/postgresstorage.h"

#include "server/store/postgres/accounts.h"
#include "server/store/postgres/audit.h"
#include "server/store/postgres/changes.h"
#include "server/store/postgres/database.h"
#include "server/store/postgres/door.h"
#include "server/store/postgres/events.h"
#include "server/store/postgres/holds.h"
#include "server/store/postgres/notifications.h"
#include "server/store/postgres/refunds.h"
#include "server/store/postgres/reports.h"
#include "server/store/postgres/sales.h"
#include "server/store/postgres/waitingroom.h"
#include "shared/crypto/crypto.h"

namespace bilheteria {

using namespace postgres;

namespace postgres {

const std::vector<Statement>& rootStatements() {
    static const std::vector<Statement> all{
        // A standby answers queries but takes no writes: to the health check it is down.
        {"ping", "SELECT pg_is_in_recovery()"},
        {"insert_secret", "INSERT INTO server_secrets (name, value) VALUES ($1, $2) "
                          "ON CONFLICT (name) DO NOTHING"},
        {"secret", "SELECT value FROM server_secrets WHERE name = $1"},
    };
    return all;
}

} // namespace postgres

PostgresStorage::PostgresStorage(std::unique_ptr<PostgresDatabase> database,
                                 std::shared_ptr<const FieldCipher> cipher)
    : m_database(std::move(database))
    , m_accounts(std::make_unique<PostgresAccountStore>(*m_database, std::move(cipher)))
    , m_events(std::make_unique<PostgresEventStore>(*m_database))
    , m_holds(std::make_unique<PostgresHoldStore>(*m_database))
    , m_sales(std::make_unique<PostgresSaleStore>(*m_database))
    , m_waitingRoom(std::make_unique<PostgresWaitingRoomStore>(*m_database))
    , m_changes(std::make_unique<PostgresChangeStore>(*m_database))
    , m_reports(std::make_unique<PostgresReportStore>(*m_database))
    , m_audit(std::make_unique<PostgresAuditStore>(*m_database))
    , m_door(std::make_unique<PostgresDoorStore>(*m_database))
    , m_refunds(std::make_unique<PostgresRefundStore>(*m_database))
    , m_notifications(std::make_unique<PostgresNotificationStore>(*m_database)) {}

PostgresStorage::~PostgresStorage() = default;

Result<std::unique_ptr<Storage>> PostgresStorage::open(const StorageOptions& options) {
    try {
        auto database =
            std::make_unique<PostgresDatabase>(options.url, options.poolSize, options.timings);
        BILHETERIA_CHECK(database->open());
        return std::unique_ptr<Storage>{new PostgresStorage(std::move(database), options.cipher)};
    } catch (const std::exception& error) {
        logFailure("open", error);
        return fail(Error::internal(kDatabaseFailed));
    }
}

// Single-statement methods run in a pqxx::nontransaction: the statement is its own transaction,
// which saves the BEGIN and COMMIT round trips.

Result<void> PostgresStorage::ping() {
    return run(m_database->pool(), "ping", [](pqxx::connection& connection) -> Result<void> {
        pqxx::nontransaction tx{connection};
        if (tx.exec_prepared1("ping")[0].as<bool>())
            return fail(Error::unavailable(kDatabaseUnreachable + ": a read-only standby"));
        return {};
    });
}

Result<std::string> PostgresStorage::serverSecret(const std::string& name) {
    return run(m_database->pool(), "serverSecret",
               [&](pqxx::connection& connection) -> Result<std::string> {
                   // Two statements, each its own snapshot: when another server inserted the secret
                   // first, the insert waits for it and does nothing, and the select then reads its
                   // value.
                   pqxx::nontransaction tx{connection};
                   tx.exec_prepared0("insert_secret", name,
                                     crypto::hexEncode(crypto::randomBytes(32)));
                   const auto rows = tx.exec_prepared("secret", name);
                   if (rows.empty())
                       return fail(Error::internal("the server secret could not be stored"));
                   return rows[0][0].as<std::string>();
               });
}

AccountStore& PostgresStorage::accounts() {
    return *m_accounts;
}

EventStore& PostgresStorage::events() {
    return *m_events;
}

HoldStore& PostgresStorage::holds() {
    return *m_holds;
}

SaleStore& PostgresStorage::sales() {
    return *m_sales;
}

WaitingRoomStore& PostgresStorage::waitingRoom() {
    return *m_waitingRoom;
}

ChangeStore& PostgresStorage::changes() {
    return *m_changes;
}

ReportStore& PostgresStorage::reports() {
    return *m_reports;
}

AuditStore& PostgresStorage::audit() {
    return *m_audit;
}

DoorStore& PostgresStorage::door() {
    return *m_door;
}

FieldKeyStore& PostgresStorage::fieldKeys() {
    return *m_accounts;
}

RefundStore& PostgresStorage::refunds() {
    return *m_refunds;
}

NotificationStore& PostgresStorage::notifications() {
    return *m_notifications;
}

} // namespace bilheteria
