// The PostgreSQL store's NotificationStore (core/store/notificationstore.h), and writing a
// notification from inside another part's transaction (a sale, a refund, a cancellation).
#pragma once

#include <pqxx/pqxx>

#include "server/core/store/notificationstore.h"

namespace bilheteria {

class PostgresDatabase;

namespace postgres {
// Runs one of the prepared writers "notify_purchase", "notify_refund" or "notify_cancellation"
// ($1 the subject's id, $2 now) inside the caller's transaction.
void enqueueNotifications(pqxx::transaction_base& tx, const char* statement, Id subjectId,
                          TimePoint now);
} // namespace postgres

class PostgresNotificationStore final : public NotificationStore {
public:
    explicit PostgresNotificationStore(PostgresDatabase& db);

    Result<void> recordRefusedPurchase(Id holdId, const std::string& reason,
                                       TimePoint now) override;
    Result<std::int64_t> enqueueHoldWarnings(TimePoint now, std::chrono::seconds within) override;
    Result<std::vector<Notification>> claimDue(TimePoint now, std::chrono::seconds lease,
                                               int limit) override;
    Result<void> markSent(Id id, int attempt, NotificationChannel channel) override;
    Result<void> markDelivered(Id id, int attempt, TimePoint now) override;
    Result<void> markFailed(Id id, int attempt, const std::string& error,
                            std::optional<TimePoint> retryAt) override;
    Result<NotificationCounts> countNotifications() override;

private:
    PostgresDatabase& m_db;
};

} // namespace bilheteria
