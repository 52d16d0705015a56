// The SQLite store's sales part (sales.h): a hold turned into a paid order with its tickets and
// payment, the idempotency keys, orders and the payments' capture, with their SQL.
#include "server/store/sqlite/sales.h"

#include <map>

#include "server/store/auditchain.h"
#include "server/store/changesignal.h"
#include "server/store/sql/door.h"
#include "server/store/sql/notifications.h"
#include "server/store/sql/sales.h"
#include "server/store/sqlite/auditlog.h"
#include "server/store/sqlite/database.h"
#include "server/store/sqlite/holdrows.h"
#include "server/store/sqlite/notifications.h"
#include "server/store/sqlite/outbox.h"

#include <nlohmann/json.hpp>

namespace bilheteria {

using sqlite::Connection;

namespace {

// The card's tickets for the event (`current`) plus the hold's would pass `limit`.
Error cardLimitExceeded(int limit, std::int64_t current) {
    return {ErrorCode::CardLimitExceeded,
            "this would pass the limit of " + std::to_string(limit) +
                " tickets per payment card for this event",
            {{"limit", limit}, {"current", current}}};
}

} // namespace

SqliteSaleStore::SqliteSaleStore(SqliteDatabase& db)
    : m_db(db) {}

Result<Order> SqliteSaleStore::completePurchase(const NewPurchase& in) {
    auto sold = m_db.transaction<Order>(true, [&](Connection& db) -> Result<Order> {
        auto close = db.prepare("UPDATE holds SET status = 'purchased', closed_at = ? WHERE id = ? "
                                "AND status = 'active' AND expires_at > ?");
        close.bind(1, in.now).bind(2, in.holdId).bind(3, in.now);
        close.run();
        if (db.changes() != 1) return fail(inactiveHold(db, in.holdId, in.now));
        auto hold = *readHold(db, in.holdId, in.now);
        if (static_cast<std::int64_t>(in.ticketCodes.size()) != hold.ticketCount())
            return fail(Error::internal("one ticket code per ticket is needed"));

        if (in.cardFingerprint && in.maxTicketsPerCard) {
            // SQLite runs one writer at a time, so no other sale with this card can commit
            // between this count and this sale's own payment row.
            // Driven from the card's few payments (payments_by_card), then each order's tickets
            // (tickets_by_order): a join lets the planner scan every ticket of the event.
            auto current = db.prepare(
                "SELECT coalesce(sum((SELECT count(*) FROM tickets t WHERE t.order_id = p.order_id "
                "AND t.event_id = ?1 AND t.voided_at IS NULL)), 0) FROM payments p "
                "WHERE p.card_fingerprint = ?2");
            current.bind(1, hold.eventId).bind(2, *in.cardFingerprint);
            current.step();
            const std::int64_t already = current.integer(0);
            if (already + hold.ticketCount() > *in.maxTicketsPerCard)
                return fail(cardLimitExceeded(*in.maxTicketsPerCard, already));
        }

        auto sell = db.prepare("UPDATE seats SET state = 'sold', hold_expires_at = NULL WHERE "
                               "hold_id = ? AND state = 'held'");
        sell.bind(1, in.holdId);
        sell.run();
        const std::int64_t soldCount = db.changes();
        if (soldCount != hold.ticketCount())
            return fail(Error::internal("the hold no longer holds all its places"));

        auto insertOrder = db.prepare(
            "INSERT INTO orders (event_id, customer_id, actor_id, hold_id, status, total_cents, "
            "currency, created_at) VALUES (?, ?, ?, ?, 'paid', ?, ?, ?)");
        insertOrder.bind(1, hold.eventId)
            .bind(2, hold.customerId)
            .bind(3, in.actorId)
            .bind(4, in.holdId)
            .bind(5, hold.totalCents)
            .bind(6, hold.currency)
            .bind(7, in.now);
        insertOrder.run();
        const Id orderId = db.lastInsertId();

        std::size_t next = 0;
        std::map<Id, std::int64_t> soldPerSection;
        {
            auto places = db.prepare("SELECT seat_id, section_id, price_cents FROM hold_places "
                                     "WHERE hold_id = ? ORDER BY seat_id");
            places.bind(1, in.holdId);
            while (places.step()) {
                auto ticket = db.prepare(
                    "INSERT INTO tickets (order_id, event_id, customer_id, section_id, seat_id, "
                    "price_cents, code) VALUES (?, ?, ?, ?, ?, ?, ?)");
                ticket.bind(1, orderId)
                    .bind(2, hold.eventId)
                    .bind(3, hold.customerId)
                    .bind(4, places.integer(1))
                    .bind(5, places.integer(0))
                    .bind(6, places.integer(2))
                    .bind(7, in.ticketCodes[next++]);
                ticket.run();
                ++soldPerSection[places.integer(1)];
            }
        }
        for (const auto& [sectionId, count] : soldPerSection) {
            auto counter = db.prepare("UPDATE section_sales SET sold = sold + ? WHERE section_id = "
                                      "? AND shard = ?");
            counter.bind(1, count).bind(2, sectionId).bind(3, orderId % kSalesShards);
            counter.run();
        }

        const auto& summary = in.authorization.summary;
        auto payment = db.prepare(sql::kInsertPayment);
        payment.bind(1, orderId)
            .bind(2, in.authorization.method)
            .bind(3, in.authorization.reference)
            .bind(4, in.authorization.amountCents)
            .bind(5, in.authorization.currency)
            .bind(6, summary.brand)
            .bind(7, summary.last4);
        if (summary.changeCents) payment.bind(8, *summary.changeCents);
        payment.bind(9, in.now).bind(10, in.cardFingerprint);
        payment.run();

        {
            auto exists =
                db.prepare("SELECT 1 FROM idempotency_keys WHERE customer_id = ? AND key = ?");
            exists.bind(1, in.actorId).bind(2, in.idempotencyKey);
            if (exists.step())
                return fail(Error{ErrorCode::IdempotencyMismatch,
                                  "this Idempotency-Key was used for another request"});
        }
        auto key = db.prepare("INSERT INTO idempotency_keys (customer_id, key, request_hash, "
                              "hold_id, order_id, created_at) VALUES (?, ?, ?, ?, ?, ?)");
        key.bind(1, in.actorId)
            .bind(2, in.idempotencyKey)
            .bind(3, in.requestHash)
            .bind(4, in.holdId)
            .bind(5, orderId)
            .bind(6, in.now);
        key.run();

        appendAudit(db, auditChainFor(in.holdId), in.now, in.actorId, "order.paid",
                    "hold:" + std::to_string(in.holdId),
                    nlohmann::json{{"order_id", orderId},
                                   {"total_cents", hold.totalCents},
                                   {"method", in.authorization.method}}
                        .dump());
        // The places sold are exactly the hold's (checked above): no RETURNING needed.
        auto changes = holdPlacesChanges(hold, SeatState::Sold);
        changes.push_back(orderChange(hold.eventId, OrderChange{orderId, hold.customerId, "paid"}));
        insertChanges(db, changes, in.now);
        sqlite::enqueueNotifications(db, sql::kNotifyPurchase, orderId, in.now);
        return *readOrder(db, orderId);
    });
    if (sold) m_db.changeSignal()->notify();
    return sold;
}

Result<std::optional<IdempotencyRecord>>
SqliteSaleStore::findIdempotencyKey(Id customerId, const std::string& key) {
    return m_db.transaction<std::optional<IdempotencyRecord>>(
        false, [&](Connection& db) -> Result<std::optional<IdempotencyRecord>> {
            auto row = db.prepare(sql::kIdempotencyKey);
            row.bind(1, customerId).bind(2, key);
            if (!row.step()) return std::optional<IdempotencyRecord>{};
            return std::optional<IdempotencyRecord>{
                IdempotencyRecord{row.integer(0), row.text(1), row.integer(2)}};
        });
}

Result<Order> SqliteSaleStore::findOrder(Id orderId) {
    return m_db.transaction<Order>(false, [&](Connection& db) -> Result<Order> {
        auto order = readOrder(db, orderId);
        if (!order) return fail(Error::notFound("no such order"));
        return *order;
    });
}

Result<std::vector<Order>> SqliteSaleStore::listOrders(Id customerId) {
    return m_db.transaction<std::vector<Order>>(
        false, [&](Connection& db) -> Result<std::vector<Order>> {
            std::vector<Id> ids;
            {
                auto row =
                    db.prepare("SELECT id FROM orders WHERE customer_id = ? ORDER BY id DESC");
                row.bind(1, customerId);
                while (row.step())
                    ids.push_back(row.integer(0));
            }
            std::vector<Order> orders;
            for (Id id : ids)
                orders.push_back(*readOrder(db, id));
            return orders;
        });
}

Result<void> SqliteSaleStore::markPaymentCaptured(Id orderId, TimePoint now) {
    return m_db.transaction<void>(true, [&](Connection& db) -> Result<void> {
        auto update = db.prepare(sql::kCapturePayment);
        update.bind(1, orderId).bind(2, now);
        update.run();
        return {};
    });
}

Result<std::vector<UncapturedPayment>> SqliteSaleStore::listUncapturedPayments() {
    return m_db.transaction<std::vector<UncapturedPayment>>(
        false, [&](Connection& db) -> Result<std::vector<UncapturedPayment>> {
            std::vector<UncapturedPayment> out;
            auto row = db.prepare(sql::kUncapturedPayments);
            while (row.step()) {
                UncapturedPayment payment;
                payment.orderId = row.integer(0);
                auto& a = payment.authorization;
                a.method = row.text(1);
                a.reference = row.text(2);
                a.amountCents = row.integer(3);
                a.currency = row.text(4);
                a.summary.method = a.method;
                a.summary.brand = row.optionalText(5);
                a.summary.last4 = row.optionalText(6);
                a.summary.changeCents = row.optionalInteger(7);
                out.push_back(std::move(payment));
            }
            return out;
        });
}

} // namespace bilheteria
