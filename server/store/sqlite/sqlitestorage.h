// The embedded SQLite store: WAL, foreign keys, a busy timeout. The root Storage owns the
// database (database.h: the connections, the write lock, transactions) and one object per part
// of core/store/, each in its own file of this folder.
#pragma once

#include <memory>

#include "server/core/store/storage.h"
#include "server/store/storagefactory.h"

namespace bilheteria {

class SqliteDatabase;
class FieldCipher;
class SqliteAccountStore;
class SqliteEventStore;
class SqliteHoldStore;
class SqliteSaleStore;
class SqliteWaitingRoomStore;
class SqliteChangeStore;
class SqliteReportStore;
class SqliteAuditStore;
class SqliteDoorStore;
class SqliteRefundStore;
class SqliteNotificationStore;
namespace sqlite {
class DatabaseLock;
}

class SqliteStorage final : public Storage {
public:
    static Result<std::unique_ptr<Storage>> open(const StorageOptions& options);
    ~SqliteStorage() override;

    std::string backendName() const override { return "sqlite"; }
    Result<void> ping() override;
    Result<void> maintain() override;
    Result<std::string> serverSecret(const std::string& name) override;

    AccountStore& accounts() override;
    EventStore& events() override;
    HoldStore& holds() override;
    SaleStore& sales() override;
    WaitingRoomStore& waitingRoom() override;
    ChangeStore& changes() override;
    ReportStore& reports() override;
    AuditStore& audit() override;
    DoorStore& door() override;
    RefundStore& refunds() override;
    FieldKeyStore& fieldKeys() override;
    NotificationStore& notifications() override;

private:
    SqliteStorage(std::string path, int busyTimeoutMs, std::shared_ptr<const FieldCipher> cipher,
                  DatabaseTimings* timings);

    // Held shared while the store is open, so that restore refuses (databaselock.h); released
    // last, after every connection has closed.
    std::unique_ptr<sqlite::DatabaseLock> m_lock;
    // The database next: members are destroyed in reverse order, so the parts (which refer
    // to it) go before it.
    std::unique_ptr<SqliteDatabase> m_database;
    std::unique_ptr<SqliteAccountStore> m_accounts;
    std::unique_ptr<SqliteEventStore> m_events;
    std::unique_ptr<SqliteHoldStore> m_holds;
    std::unique_ptr<SqliteSaleStore> m_sales;
    std::unique_ptr<SqliteWaitingRoomStore> m_waitingRoom;
    std::unique_ptr<SqliteChangeStore> m_changes;
    std::unique_ptr<SqliteReportStore> m_reports;
    std::unique_ptr<SqliteAuditStore> m_audit;
    std::unique_ptr<SqliteDoorStore> m_door;
    std::unique_ptr<SqliteRefundStore> m_refunds;
    std::unique_ptr<SqliteNotificationStore> m_notifications;
};

} // namespace bilheteria
