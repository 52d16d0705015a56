// The SQLite store's NotificationStore (core/store/notificationstore.h), and writing a
// notification from inside another part's transaction (a sale, a refund, a cancellation).
#pragma once

#include "server/core/store/notificationstore.h"

namespace bilheteria {

class SqliteDatabase;

namespace sqlite {
class Connection;

// Runs one of sql/notifications.h's writers (kNotifyPurchase, kNotifyRefund,
// kNotifyCancellation: $1 the subject's id, $2 now) inside the caller's transaction.
void enqueueNotifications(Connection& db, const char* statement, Id subjectId, TimePoint now);
} // namespace sqlite

class SqliteNotificationStore final : public NotificationStore {
public:
    explicit SqliteNotificationStore(SqliteDatabase& db);

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
    SqliteDatabase& m_db;
};

} // namespace bilheteria
