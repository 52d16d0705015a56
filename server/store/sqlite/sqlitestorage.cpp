// The SQLite store's root (sqlitestorage.h): opening the file and migrating it, ping, the WAL
// checkpoint, the server secrets, and the parts it owns.
#include "server/store/sqlite/sqlitestorage.h"

#include "server/store/sqlite/accounts.h"
#include "server/store/sqlite/audit.h"
#include "server/store/sqlite/backup.h"
#include "server/store/sqlite/changes.h"
#include "server/store/sqlite/database.h"
#include "server/store/sqlite/databaselock.h"
#include "server/store/sqlite/door.h"
#include "server/store/sqlite/events.h"
#include "server/store/sqlite/holds.h"
#include "server/store/sqlite/notifications.h"
#include "server/store/sqlite/refunds.h"
#include "server/store/sqlite/reports.h"
#include "server/store/sqlite/sales.h"
#include "server/store/sqlite/waitingroom.h"
#include "shared/crypto/crypto.h"

namespace bilheteria {

using sqlite::Connection;

SqliteStorage::SqliteStorage(std::string path, int busyTimeoutMs,
                             std::shared_ptr<const FieldCipher> cipher, DatabaseTimings* timings)
    : m_database(std::make_unique<SqliteDatabase>(std::move(path), busyTimeoutMs, timings))
    , m_accounts(std::make_unique<SqliteAccountStore>(*m_database, std::move(cipher)))
    , m_events(std::make_unique<SqliteEventStore>(*m_database))
    , m_holds(std::make_unique<SqliteHoldStore>(*m_database))
    , m_sales(std::make_unique<SqliteSaleStore>(*m_database))
    , m_waitingRoom(std::make_unique<SqliteWaitingRoomStore>(*m_database))
    , m_changes(std::make_unique<SqliteChangeStore>(*m_database))
    , m_reports(std::make_unique<SqliteReportStore>(*m_database))
    , m_audit(std::make_unique<SqliteAuditStore>(*m_database))
    , m_door(std::make_unique<SqliteDoorStore>(*m_database))
    , m_refunds(std::make_unique<SqliteRefundStore>(*m_database))
    , m_notifications(std::make_unique<SqliteNotificationStore>(*m_database)) {}

SqliteStorage::~SqliteStorage() = default;

Result<std::unique_ptr<Storage>> SqliteStorage::open(const StorageOptions& options) {
    auto file = sqlite::sqliteDatabasePath(options.url);
    if (!file) return fail(std::move(file).error());
    const std::string& path = *file;
    auto lock = sqlite::DatabaseLock::take(path, sqlite::DatabaseLock::Mode::Shared);
    if (!lock) return fail(std::move(lock).error());
    std::unique_ptr<SqliteStorage> storage(
        new SqliteStorage(path, options.busyTimeoutMs, options.cipher, options.timings));
    storage->m_lock = std::make_unique<sqlite::DatabaseLock>(std::move(*lock));
    auto migrated = storage->m_database->migrate();
    if (!migrated) return fail(migrated.error());
    return std::unique_ptr<Storage>(std::move(storage));
}

Result<void> SqliteStorage::ping() {
    return m_database->transaction<void>(false, [](Connection& db) -> Result<void> {
        db.prepare("SELECT 1").run();
        return {};
    });
}

Result<void> SqliteStorage::maintain() {
    return m_database->maintain();
}

Result<std::string> SqliteStorage::serverSecret(const std::string& name) {
    return m_database->transaction<std::string>(true, [&](Connection& db) -> Result<std::string> {
        auto insert = db.prepare("INSERT INTO server_secrets (name, value) VALUES (?, ?) "
                                 "ON CONFLICT (name) DO NOTHING");
        insert.bind(1, name).bind(2, crypto::hexEncode(crypto::randomBytes(32)));
        insert.run();
        auto row = db.prepare("SELECT value FROM server_secrets WHERE name = ?");
        row.bind(1, name);
        if (!row.step()) return fail(Error::internal("the server secret could not be stored"));
        return row.text(0);
    });
}

AccountStore& SqliteStorage::accounts() {
    return *m_accounts;
}

EventStore& SqliteStorage::events() {
    return *m_events;
}

HoldStore& SqliteStorage::holds() {
    return *m_holds;
}

SaleStore& SqliteStorage::sales() {
    return *m_sales;
}

WaitingRoomStore& SqliteStorage::waitingRoom() {
    return *m_waitingRoom;
}

ChangeStore& SqliteStorage::changes() {
    return *m_changes;
}

ReportStore& SqliteStorage::reports() {
    return *m_reports;
}

AuditStore& SqliteStorage::audit() {
    return *m_audit;
}

DoorStore& SqliteStorage::door() {
    return *m_door;
}

FieldKeyStore& SqliteStorage::fieldKeys() {
    return *m_accounts;
}

RefundStore& SqliteStorage::refunds() {
    return *m_refunds;
}

NotificationStore& SqliteStorage::notifications() {
    return *m_notifications;
}

} // namespace bilheteria
