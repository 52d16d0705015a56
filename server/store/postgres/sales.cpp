// The PostgreSQL store's SaleStore (core/store/salestore.h): the purchase that turns a hold
// into an order, idempotency keys, orders and payments, with their SQL.
#include "server/store/postgres/sales.h"

#include <map>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "server/core/changefeed.h"
#include "server/store/auditchain.h"
#include "server/store/postgres/auditlog.h"
#include "server/store/postgres/database.h"
#include "server/store/postgres/holdrows.h"
#include "server/store/postgres/notifications.h"
#include "server/store/postgres/rows.h"
#include "server/store/refunds.h"
#include "server/store/sql/door.h"
#include "server/store/sql/sales.h"

namespace bilheteria {

using namespace postgres;

namespace {

// An order and its payment's summary; see orderFromRow.
const std::string kOrderColumns =
    "o.id, o.event_id, o.customer_id, o.status, o.total_cents, o.currency, o.created_at, "
    "p.method, p.brand, p.last4, p.change_cents FROM orders o "
    "JOIN payments p ON p.order_id = o.id";

// Tickets with their section's name and, for numbered seats, the row and number; see
// ticketFromRow (rows.h).
const std::string kTicketColumns = sql::kTicketColumns;

// The card's tickets for the event (`current`) plus the hold's would pass `limit`.
Error cardLimitExceeded(int limit, std::int64_t current) {
    return {ErrorCode::CardLimitExceeded,
            "this would pass the limit of " + std::to_string(limit) +
                " tickets per payment card for this event",
            {{"limit", limit}, {"current", current}}};
}

} // namespace

namespace postgres {

const std::vector<Statement>& saleStatements() {
    static const std::vector<Statement> all{
        {"purchase_hold", "UPDATE holds SET status = 'purchased', closed_at = $2 "
                          "WHERE id = $1 AND status = 'active' AND expires_at > $2 "
                          "RETURNING event_id, customer_id, ticket_count, total_cents, currency"},
        // The card's row for the event, locked until commit as lock_customer_limit does for a
        // customer: sales with one card for one event serialise here; nobody else waits.
        {"lock_card_limit", "INSERT INTO card_limits (event_id, card_fingerprint) VALUES ($1, $2) "
                            "ON CONFLICT (event_id, card_fingerprint) DO UPDATE "
                            "SET card_fingerprint = EXCLUDED.card_fingerprint WHERE false"},
        // Driven from the card's few payments (payments_by_card), then each order's tickets
        // (tickets_by_order): a join lets the planner scan every ticket of a fresh event.
        {"card_tickets",
         "SELECT coalesce(sum((SELECT count(*) FROM tickets t WHERE t.order_id = p.order_id "
         "AND t.event_id = $1 AND t.voided_at IS NULL)), 0)::bigint FROM payments p "
         "WHERE p.card_fingerprint = $2"},
        {"sell_places", "UPDATE seats SET state = 'sold', hold_expires_at = NULL "
                        "WHERE hold_id = $1 AND state = 'held'"},
        {"insert_order", "INSERT INTO orders (event_id, customer_id, actor_id, hold_id, status, "
                         "total_cents, currency, created_at) "
                         "VALUES ($1, $2, $3, $4, 'paid', $5, $6, $7) RETURNING id"},
        // One ticket per place of hold $4, in seat order, the n-th taking the n-th code of $5;
        // returns them as the order shows them.
        {"insert_tickets",
         R"sql(
    WITH codes AS (
        SELECT code, ord FROM unnest($5::text[]) WITH ORDINALITY AS c (code, ord)),
    places AS (
        SELECT seat_id, section_id, price_cents, row_number() OVER (ORDER BY seat_id) AS ord
        FROM hold_places WHERE hold_id = $4),
    inserted AS (
        INSERT INTO tickets (order_id, event_id, customer_id, section_id, seat_id, price_cents,
                             code)
        SELECT $1::bigint, $2::bigint, $3::bigint, p.section_id, p.seat_id, p.price_cents, codes.code
        FROM places p JOIN codes ON codes.ord = p.ord
        ORDER BY p.seat_id
        RETURNING id, code, section_id, seat_id, order_id)
    SELECT t.id, t.code, t.section_id, c.name, t.seat_id, s.row_label, s.number, t.order_id,
           'valid'
    FROM inserted t JOIN sections c ON c.id = t.section_id JOIN seats s ON s.id = t.seat_id
    ORDER BY t.id)sql"},
        {"add_sold", "UPDATE section_sales SET sold = sold + $3 "
                     "WHERE section_id = $1 AND shard = $2"},
        {"insert_payment", sql::kInsertPayment},
        // A key taken by a transaction still in flight: this insert waits for it, then does
        // nothing if it committed.
        {"insert_idempotency_key",
         "INSERT INTO idempotency_keys (customer_id, key, request_hash, hold_id, order_id, "
         "created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (customer_id, key) DO NOTHING"},
        {"idempotency_key", sql::kIdempotencyKey},
        {"order_by_id", "SELECT " + kOrderColumns + " WHERE o.id = $1"},
        {"tickets_of_order", "SELECT " + kTicketColumns + " WHERE t.order_id = $1 ORDER BY t.id"},
        {"orders_of_customer",
         "SELECT " + kOrderColumns + " WHERE o.customer_id = $1 ORDER BY o.id DESC"},
        {"tickets_of_customer", "SELECT " + kTicketColumns +
                                    " JOIN orders o ON o.id = t.order_id "
                                    "WHERE o.customer_id = $1 ORDER BY t.order_id DESC, t.id"},
        {"capture_payment", sql::kCapturePayment},
        {"uncaptured_payments", sql::kUncapturedPayments},
    };
    return all;
}

} // namespace postgres

PostgresSaleStore::PostgresSaleStore(PostgresDatabase& db)
    : m_db(db) {}

Result<Order> PostgresSaleStore::completePurchase(const NewPurchase& in) {
    return run(m_db.pool(), "completePurchase", [&](pqxx::connection& connection) -> Result<Order> {
        pqxx::work tx{connection};
        const auto closed = tx.exec_prepared("purchase_hold", in.holdId, unixSeconds(in.now));
        if (closed.empty()) return fail(inactiveHold(tx, in.holdId, in.now));
        const pqxx::row hold = closed[0];
        Order order;
        order.eventId = hold[0].as<Id>();
        order.customerId = hold[1].as<Id>();
        const auto ticketCount = hold[2].as<std::int64_t>();
        order.status = "paid";
        order.totalCents = hold[3].as<Cents>();
        order.currency = hold[4].as<std::string>();
        order.createdAt = in.now;
        if (static_cast<std::int64_t>(in.ticketCodes.size()) != ticketCount)
            return fail(Error::internal("one ticket code per ticket is needed"));

        if (in.cardFingerprint && in.maxTicketsPerCard) {
            // The card's row stays locked until commit, so another sale with this card counts
            // after this one's tickets are written; the count is its own statement so that it
            // sees what committed while this one waited for the lock.
            tx.exec_prepared0("lock_card_limit", order.eventId, *in.cardFingerprint);
            const std::int64_t already =
                tx.exec_prepared1("card_tickets", order.eventId, *in.cardFingerprint)[0]
                    .as<std::int64_t>();
            if (already + ticketCount > *in.maxTicketsPerCard)
                return fail(cardLimitExceeded(*in.maxTicketsPerCard, already));
        }

        const auto sold = tx.exec_prepared0("sell_places", in.holdId).affected_rows();
        if (static_cast<std::int64_t>(sold) != ticketCount)
            return fail(Error::internal("the hold no longer holds all its places"));

        order.id =
            tx.exec_prepared1("insert_order", order.eventId, order.customerId, in.actorId,
                              in.holdId, order.totalCents, order.currency, unixSeconds(in.now))[0]
                .as<Id>();

        std::map<Id, std::int64_t> soldPerSection; // ascending: the shard rows lock in order
        for (const auto& row :
             tx.exec_prepared("insert_tickets", order.id, order.eventId, order.customerId,
                              in.holdId, textArray(in.ticketCodes))) {
            order.tickets.push_back(ticketFromRow(row));
            ++soldPerSection[order.tickets.back().sectionId];
        }
        if (static_cast<std::int64_t>(order.tickets.size()) != ticketCount)
            return fail(Error::internal("the hold's places and its tickets differ"));

        const Authorization& authorization = in.authorization;
        const PaymentSummary& summary = authorization.summary;
        const std::optional<std::string> change =
            summary.changeCents ? std::optional{std::to_string(*summary.changeCents)}
                                : std::nullopt;
        tx.exec_prepared0("insert_payment", order.id, authorization.method, authorization.reference,
                          authorization.amountCents, authorization.currency,
                          nullable(summary.brand), nullable(summary.last4), nullable(change),
                          unixSeconds(in.now), nullable(in.cardFingerprint));
        order.payment.method = authorization.method;
        order.payment.brand = summary.brand;
        order.payment.last4 = summary.last4;
        order.payment.changeCents = summary.changeCents;

        if (tx.exec_prepared0("insert_idempotency_key", in.actorId, in.idempotencyKey,
                              in.requestHash, in.holdId, order.id, unixSeconds(in.now))
                .affected_rows() != 1)
            return fail(Error{ErrorCode::IdempotencyMismatch,
                              "this Idempotency-Key was used for another request"});

        // The shared rows last: a sold-counter shard and the audit chain's head are wanted by
        // other sales, so they are locked for as short a time as the transaction allows.
        for (const auto& [sectionId, count] : soldPerSection)
            tx.exec_prepared0("add_sold", sectionId, static_cast<int>(order.id % kSalesShards),
                              count);
        // The places sold are the tickets' (one each, checked above).
        SeatsChangeBuilder soldPlaces(SeatState::Sold);
        for (const Ticket& ticket : order.tickets) {
            if (ticket.seatId)
                soldPlaces.addPlace(order.eventId, *ticket.seatId, ticket.sectionId, true);
            else
                soldPlaces.addPlaces(order.eventId, ticket.sectionId, 1);
        }
        auto changes = soldPlaces.build();
        changes.push_back(
            orderChange(order.eventId, OrderChange{order.id, order.customerId, order.status}));
        enqueueNotifications(tx, "notify_purchase", order.id, in.now);
        appendAudit(tx, auditChainFor(in.holdId), in.now, in.actorId, "order.paid",
                    "hold:" + std::to_string(in.holdId),
                    nlohmann::json{{"order_id", order.id},
                                   {"total_cents", order.totalCents},
                                   {"method", authorization.method}}
                        .dump(),
                    changes);
        tx.commit();
        m_db.notifyChanges();
        return order;
    });
}

Result<std::optional<IdempotencyRecord>>
PostgresSaleStore::findIdempotencyKey(Id customerId, const std::string& key) {
    return run(m_db.pool(), "findIdempotencyKey",
               [&](pqxx::connection& connection) -> Result<std::optional<IdempotencyRecord>> {
                   pqxx::nontransaction tx{connection};
                   const auto rows = tx.exec_prepared("idempotency_key", customerId, key);
                   if (rows.empty()) return std::optional<IdempotencyRecord>{};
                   return std::optional<IdempotencyRecord>{IdempotencyRecord{
                       rows[0][0].as<Id>(), rows[0][1].as<std::string>(), rows[0][2].as<Id>()}};
               });
}

Result<Order> PostgresSaleStore::findOrder(Id orderId) {
    return run(m_db.pool(), "findOrder", [&](pqxx::connection& connection) -> Result<Order> {
        pqxx::read_transaction tx{connection}; // the order and its tickets as of one moment
        auto order = readOrder(tx, orderId);
        if (!order) return fail(Error::notFound("no such order"));
        return std::move(*order);
    });
}

Result<std::vector<Order>> PostgresSaleStore::listOrders(Id customerId) {
    return run(m_db.pool(), "listOrders",
               [&](pqxx::connection& connection) -> Result<std::vector<Order>> {
                   pqxx::nontransaction tx{connection};
                   std::vector<Order> orders;
                   std::map<Id, std::size_t> byId;
                   for (const auto& row : tx.exec_prepared("orders_of_customer", customerId)) {
                       orders.push_back(orderFromRow(row));
                       byId.emplace(orders.back().id, orders.size() - 1);
                   }
                   if (orders.empty()) return orders;
                   for (const auto& row : tx.exec_prepared("tickets_of_customer", customerId)) {
                       // An order committed between the two statements has no entry: skipped.
                       const auto order = byId.find(row[7].as<Id>());
                       if (order != byId.end())
                           orders[order->second].tickets.push_back(ticketFromRow(row));
                   }
                   for (Order& order : orders)
                       order.status = orderStatus(order.tickets);
                   return orders;
               });
}

Result<void> PostgresSaleStore::markPaymentCaptured(Id orderId, TimePoint now) {
    return run(m_db.pool(), "markPaymentCaptured",
               [&](pqxx::connection& connection) -> Result<void> {
                   // Only an authorized payment changes: marking a captured one again keeps its
                   // time.
                   pqxx::nontransaction tx{connection};
                   tx.exec_prepared0("capture_payment", orderId, unixSeconds(now));
                   return {};
               });
}

Result<std::vector<UncapturedPayment>> PostgresSaleStore::listUncapturedPayments() {
    return run(m_db.pool(), "listUncapturedPayments",
               [&](pqxx::connection& connection) -> Result<std::vector<UncapturedPayment>> {
                   pqxx::nontransaction tx{connection};
                   std::vector<UncapturedPayment> payments;
                   for (const auto& row : tx.exec_prepared("uncaptured_payments")) {
                       UncapturedPayment payment;
                       payment.orderId = row[0].as<Id>();
                       Authorization& authorization = payment.authorization;
                       authorization.method = row[1].as<std::string>();
                       authorization.reference = row[2].as<std::string>();
                       authorization.amountCents = row[3].as<Cents>();
                       authorization.currency = row[4].as<std::string>();
                       authorization.summary.method = authorization.method;
                       authorization.summary.brand = optionalText(row[5]);
                       authorization.summary.last4 = optionalText(row[6]);
                       authorization.summary.changeCents = optionalInteger(row[7]);
                       payments.push_back(std::move(payment));
                   }
                   return payments;
               });
}

} // namespace bilheteria
