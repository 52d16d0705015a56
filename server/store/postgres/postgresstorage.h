// The PostgreSQL store: libpqxx 6.4 over a pool of connections, each with every part's
// statements prepared. The root Storage owns the database (database.h: the pool, run(), the
// migrations) and one object per part of core/store/, each in its own file of this folder.
// libpqxx stays inside this folder's .cpp files and headers no other code includes.
#pragma once

#include <memory>

#include "server/core/store/storage.h"
#include "server/store/storagefactory.h"

namespace bilheteria {

class PostgresDatabase;
class FieldCipher;
class PostgresAccountStore;
class PostgresEventStore;
class PostgresHoldStore;
class PostgresSaleStore;
class PostgresDoorStore;
class PostgresRefundStore;
class PostgresWaitingRoomStore;
class PostgresChangeStore;
class PostgresReportStore;
class PostgresAuditStore;
class PostgresNotificationStore;

class PostgresStorage final : public Storage {
public:
    // Connects to options.url ("postgresql://..." or "postgres://..."), applies pending
    // migrations and keeps up to options.poolSize connections. unavailable when the database
    // cannot be reached.
    static Result<std::unique_ptr<Storage>> open(const StorageOptions& options);
    ~PostgresStorage() override;

    PostgresStorage(const PostgresStorage&) = delete;
    PostgresStorage& operator=(const PostgresStorage&) = delete;

    std::string backendName() const override { return "postgresql"; }
    Result<void> ping() override;
    Result<void> maintain() override { return {}; } // autovacuum does PostgreSQL's
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
    PostgresStorage(std::unique_ptr<PostgresDatabase> database,
                    std::shared_ptr<const FieldCipher> cipher);

    // The database first: members are destroyed in reverse order, so the parts (which refer
    // to it) go before it.
    std::unique_ptr<PostgresDatabase> m_database;
    std::unique_ptr<PostgresAccountStore> m_accounts;
    std::unique_ptr<PostgresEventStore> m_events;
    std::unique_ptr<PostgresHoldStore> m_holds;
    std::unique_ptr<PostgresSaleStore> m_sales;
    std::unique_ptr<PostgresWaitingRoomStore> m_waitingRoom;
    std::unique_ptr<PostgresChangeStore> m_changes;
    std::unique_ptr<PostgresReportStore> m_reports;
    std::unique_ptr<PostgresAuditStore> m_audit;
    std::unique_ptr<PostgresDoorStore> m_door;
    std::unique_ptr<PostgresRefundStore> m_refunds;
    std::unique_ptr<PostgresNotificationStore> m_notifications;
};

} // namespace bilheteria
