// The SQLite store's notifications part (notifications.h). One writer at a time: a claim
// needs no row locks, its UPDATE ... RETURNING moves the rows' next attempt past the lease.
#include "server/store/sqlite/notifications.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "server/store/sql/notifications.h"
#include "server/store/sqlite/database.h"

namespace bilheteria {

using sqlite::Connection;

namespace sqlite {

void enqueueNotifications(Connection& db, const char* statement, Id subjectId, TimePoint now) {
    auto insert = db.prepare(statement);
    insert.bind(1, subjectId).bind(2, now);
    insert.run();
}

} // namespace sqlite

SqliteNotificationStore::SqliteNotificationStore(SqliteDatabase& db)
    : m_db(db) {}

Result<void> SqliteNotificationStore::recordRefusedPurchase(Id holdId, const std::string& reason,
                                                            TimePoint now) {
    return m_db.transaction<void>(true, [&](Connection& db) -> Result<void> {
        auto insert = db.prepare(sql::kNotifyRefusal);
        insert.bind(1, holdId).bind(2, nlohmann::json{{"reason", reason}}.dump()).bind(3, now);
        insert.run();
        if (db.changes() != 1) return fail(Error::notFound("no such hold"));
        return {};
    });
}

Result<std::int64_t> SqliteNotificationStore::enqueueHoldWarnings(TimePoint now,
                                                                  std::chrono::seconds within) {
    return m_db.transaction<std::int64_t>(true, [&](Connection& db) -> Result<std::int64_t> {
        auto insert = db.prepare(sql::kNotifyExpiringHolds);
        insert.bind(1, now).bind(2, now + within);
        insert.run();
        return db.changes();
    });
}

Result<std::vector<Notification>>
SqliteNotificationStore::claimDue(TimePoint now, std::chrono::seconds lease, int limit) {
    return m_db.transaction<std::vector<Notification>>(
        true, [&](Connection& db) -> Result<std::vector<Notification>> {
            auto claim = db.prepare(
                std::string{"UPDATE notifications SET attempts = attempts + 1, next_attempt_at = "
                            "?2 WHERE id IN (SELECT id FROM notifications WHERE status = "
                            "'pending' AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id "
                            "LIMIT ?3) RETURNING "} +
                sql::kNotificationColumns);
            claim.bind(1, now).bind(2, now + lease).bind(3, std::int64_t{limit});
            std::vector<Notification> out;
            while (claim.step()) {
                Notification n;
                n.id = claim.integer(0);
                n.uid = claim.text(1);
                n.kind = notificationKindFromName(claim.text(2))
                             .value_or(NotificationKind::PurchaseConfirmed);
                n.eventId = claim.integer(3);
                n.customerId = claim.integer(4);
                n.orderId = claim.optionalInteger(5);
                n.holdId = claim.optionalInteger(6);
                n.refundId = claim.optionalInteger(7);
                n.details = claim.text(8);
                n.attempt = static_cast<int>(claim.integer(9));
                n.emailSent = !claim.isNull(10);
                n.webhookSent = !claim.isNull(11);
                n.createdAt = claim.time(12);
                out.push_back(std::move(n));
            }
            // RETURNING gives no order: oldest first, as the claim chose them.
            std::sort(out.begin(), out.end(),
                      [](const Notification& a, const Notification& b) { return a.id < b.id; });
            return out;
        });
}

Result<void> SqliteNotificationStore::markSent(Id id, int attempt, NotificationChannel channel) {
    return m_db.transaction<void>(true, [&](Connection& db) -> Result<void> {
        auto update = db.prepare(channel == NotificationChannel::Email ? sql::kMarkEmailSent
                                                                       : sql::kMarkWebhookSent);
        update.bind(1, id).bind(2, std::int64_t{attempt});
        update.run();
        return {};
    });
}

Result<void> SqliteNotificationStore::markDelivered(Id id, int attempt, TimePoint now) {
    return m_db.transaction<void>(true, [&](Connection& db) -> Result<void> {
        auto update = db.prepare(sql::kMarkDelivered);
        update.bind(1, id).bind(2, std::int64_t{attempt}).bind(3, now);
        update.run();
        return {};
    });
}

Result<void> SqliteNotificationStore::markFailed(Id id, int attempt, const std::string& error,
                                                 std::optional<TimePoint> retryAt) {
    return m_db.transaction<void>(true, [&](Connection& db) -> Result<void> {
        auto update = db.prepare(sql::kMarkFailed);
        update.bind(1, id).bind(2, std::int64_t{attempt}).bind(3, error).bind(4, retryAt);
        update.run();
        return {};
    });
}

Result<NotificationCounts> SqliteNotificationStore::countNotifications() {
    return m_db.transaction<NotificationCounts>(
        false, [&](Connection& db) -> Result<NotificationCounts> {
            auto row = db.prepare(sql::kCountNotifications);
            row.step();
            return NotificationCounts{row.integer(0), row.integer(1)};
        });
}

} // namespace bilheteria
