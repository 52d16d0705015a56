// The PostgreSQL store's notifications part (notifications.h). Several servers dispatch at
// once: a claim locks its rows FOR UPDATE SKIP LOCKED (another server's claim passes them by)
// and moves their next attempt past the lease in the same statement, so once it commits no
// other claim takes them until the lease runs out.
#include "server/store/postgres/notifications.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "server/store/postgres/database.h"
#include "server/store/postgres/rows.h"
#include "server/store/sql/notifications.h"

namespace bilheteria {

using namespace postgres;

namespace postgres {

void enqueueNotifications(pqxx::transaction_base& tx, const char* statement, Id subjectId,
                          TimePoint now) {
    tx.exec_prepared0(statement, subjectId, unixSeconds(now));
}

const std::vector<Statement>& notificationStatements() {
    static const std::vector<Statement> all{
        {"notify_purchase", sql::kNotifyPurchase},
        {"notify_refund", sql::kNotifyRefund},
        {"notify_cancellation", sql::kNotifyCancellation},
        {"notify_refusal", sql::kNotifyRefusal},
        {"notify_expiring_holds", sql::kNotifyExpiringHolds},
        {"claim_notifications",
         std::string{"UPDATE notifications SET attempts = attempts + 1, next_attempt_at = $2 "
                     "WHERE id IN (SELECT id FROM notifications WHERE status = 'pending' AND "
                     "next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $3 "
                     "FOR UPDATE SKIP LOCKED) RETURNING "} +
             sql::kNotificationColumns},
        {"notification_email_sent", sql::kMarkEmailSent},
        {"notification_webhook_sent", sql::kMarkWebhookSent},
        {"notification_delivered", sql::kMarkDelivered},
        {"notification_failed", sql::kMarkFailed},
        {"count_notifications", sql::kCountNotifications},
    };
    return all;
}

} // namespace postgres

PostgresNotificationStore::PostgresNotificationStore(PostgresDatabase& db)
    : m_db(db) {}

Result<void> PostgresNotificationStore::recordRefusedPurchase(Id holdId, const std::string& reason,
                                                              TimePoint now) {
    return run(
        m_db.pool(), "recordRefusedPurchase", [&](pqxx::connection& connection) -> Result<void> {
            pqxx::work tx{connection};
            if (tx.exec_prepared0("notify_refusal", holdId,
                                  nlohmann::json{{"reason", reason}}.dump(), unixSeconds(now))
                    .affected_rows() != 1)
                return fail(Error::notFound("no such hold"));
            tx.commit();
            return {};
        });
}

Result<std::int64_t> PostgresNotificationStore::enqueueHoldWarnings(TimePoint now,
                                                                    std::chrono::seconds within) {
    return run(m_db.pool(), "enqueueHoldWarnings",
               [&](pqxx::connection& connection) -> Result<std::int64_t> {
                   pqxx::work tx{connection};
                   const auto added = tx.exec_prepared0("notify_expiring_holds", unixSeconds(now),
                                                        unixSeconds(now + within))
                                          .affected_rows();
                   tx.commit();
                   return static_cast<std::int64_t>(added);
               });
}

Result<std::vector<Notification>>
PostgresNotificationStore::claimDue(TimePoint now, std::chrono::seconds lease, int limit) {
    return run(m_db.pool(), "claimNotifications",
               [&](pqxx::connection& connection) -> Result<std::vector<Notification>> {
                   pqxx::work tx{connection};
                   const auto rows = tx.exec_prepared("claim_notifications", unixSeconds(now),
                                                      unixSeconds(now + lease), limit);
                   tx.commit();
                   std::vector<Notification> out;
                   for (const auto& row : rows) {
                       Notification n;
                       n.id = row[0].as<Id>();
                       n.uid = row[1].as<std::string>();
                       n.kind = notificationKindFromName(row[2].c_str())
                                    .value_or(NotificationKind::PurchaseConfirmed);
                       n.eventId = row[3].as<Id>();
                       n.customerId = row[4].as<Id>();
                       n.orderId = optionalInteger(row[5]);
                       n.holdId = optionalInteger(row[6]);
                       n.refundId = optionalInteger(row[7]);
                       n.details = row[8].as<std::string>();
                       n.attempt = row[9].as<int>();
                       n.emailSent = !row[10].is_null();
                       n.webhookSent = !row[11].is_null();
                       n.createdAt = fromUnixSeconds(row[12].as<std::int64_t>());
                       out.push_back(std::move(n));
                   }
                   std::sort(
                       out.begin(), out.end(),
                       [](const Notification& a, const Notification& b) { return a.id < b.id; });
                   return out;
               });
}

Result<void> PostgresNotificationStore::markSent(Id id, int attempt, NotificationChannel channel) {
    return run(
        m_db.pool(), "markNotificationSent", [&](pqxx::connection& connection) -> Result<void> {
            pqxx::work tx{connection};
            tx.exec_prepared0(channel == NotificationChannel::Email ? "notification_email_sent"
                                                                    : "notification_webhook_sent",
                              id, attempt);
            tx.commit();
            return {};
        });
}

Result<void> PostgresNotificationStore::markDelivered(Id id, int attempt, TimePoint now) {
    return run(m_db.pool(), "markNotificationDelivered",
               [&](pqxx::connection& connection) -> Result<void> {
                   pqxx::work tx{connection};
                   tx.exec_prepared0("notification_delivered", id, attempt, unixSeconds(now));
                   tx.commit();
                   return {};
               });
}

Result<void> PostgresNotificationStore::markFailed(Id id, int attempt, const std::string& error,
                                                   std::optional<TimePoint> retryAt) {
    return run(m_db.pool(), "markNotificationFailed",
               [&](pqxx::connection& connection) -> Result<void> {
                   pqxx::work tx{connection};
                   tx.exec_prepared0("notification_failed", id, attempt, error,
                                     nullable(optionalSeconds(retryAt)));
                   tx.commit();
                   return {};
               });
}

Result<NotificationCounts> PostgresNotificationStore::countNotifications() {
    return run(m_db.pool(), "countNotifications",
               [&](pqxx::connection& connection) -> Result<NotificationCounts> {
                   pqxx::nontransaction tx{connection};
                   const auto row = tx.exec_prepared1("count_notifications");
                   return NotificationCounts{row[0].as<std::int64_t>(), row[1].as<std::int64_t>()};
               });
}

} // namespace bilheteria
