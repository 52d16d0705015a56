// The PostgreSQL store's refunds part (refunds.h): one transaction locks the order's row (refunds
// of one order serialise there), voids the tickets in id order (the mirror of the check-in's
// conditional update, so a gate and a refund race on the ticket's row alone), frees their
// places, gives the section counters back and writes the refund, its tickets, its key, the
// audit entry and the outbox. The statements both dialects share are in sql/refunds.h.
#include "server/store/postgres/refunds.h"

#include <algorithm>
#include <map>

#include <pqxx/pqxx>

#include "server/core/changefeed.h"
#include "server/store/auditchain.h"
#include "server/store/postgres/auditlog.h"
#include "server/store/postgres/database.h"
#include "server/store/postgres/notifications.h"
#include "server/store/postgres/rows.h"
#include "server/store/refunds.h"
#include "server/store/sql/refunds.h"

namespace bilheteria {

using namespace postgres;

namespace {

// The refund with its references; the order is left to the caller.
std::optional<RefundOutcome> readRefund(pqxx::transaction_base& tx, Id refundId) {
    const auto rows = tx.exec_prepared("refund_by_id", refundId);
    if (rows.empty()) return std::nullopt;
    const pqxx::row row = rows[0];
    RefundOutcome out;
    Refund& refund = out.refund;
    refund.id = row[0].as<Id>();
    refund.orderId = row[1].as<Id>();
    refund.amountCents = row[2].as<Cents>();
    refund.currency = row[3].as<std::string>();
    refund.method = row[4].as<std::string>();
    refund.status = row[5].as<std::string>();
    refund.reason = optionalText(row[6]);
    refund.createdAt = fromUnixSeconds(row[7].as<std::int64_t>());
    out.reference = row[8].as<std::string>();
    out.paymentReference = row[9].as<std::string>();
    for (const auto& ticket : tx.exec_prepared("refund_ticket_ids", refundId))
        refund.ticketIds.push_back(ticket[0].as<Id>());
    return out;
}

// A nullable BIGINT parameter as text (with nullable()).
std::optional<std::string> optionalNumber(std::optional<std::int64_t> value) {
    return value ? std::optional{std::to_string(*value)} : std::nullopt;
}

// What an exchange reads before it writes: the order, the ticket given up and the new place.
struct ExchangePlaces {
    ExchangeQuote quote;
    Id eventId = 0;
    Id customerId = 0;
    Id holdId = 0;
    Id newSectionId = 0;
    std::string paymentReference;
};

Result<ExchangePlaces> readExchangePlaces(pqxx::transaction_base& tx, const NewExchange& in) {
    const auto order = tx.exec_prepared("exchange_order", in.orderId);
    if (order.empty()) return fail(Error::notFound("no such order"));
    ExchangePlaces out;
    out.eventId = order[0][0].as<Id>();
    out.customerId = order[0][1].as<Id>();
    out.holdId = order[0][2].as<Id>();
    out.quote.currency = order[0][3].as<std::string>();
    out.quote.method = order[0][4].as<std::string>();
    out.paymentReference = order[0][5].as<std::string>();
    const auto ticket = tx.exec_prepared("exchange_ticket", in.ticketId);
    if (ticket.empty() || ticket[0][0].as<Id>() != in.orderId)
        return fail(Error::invalidField("ticket_id", "ticket_id names no ticket of this order"));
    out.quote.oldPriceCents = ticket[0][1].as<Cents>();
    if (in.seatId) {
        const auto seat = tx.exec_prepared("exchange_seat", *in.seatId, out.eventId);
        if (seat.empty()) return fail(notAPlaceOfTheEvent("seat_id"));
        out.newSectionId = seat[0][0].as<Id>();
        out.quote.newPriceCents = seat[0][1].as<Cents>();
    } else {
        const auto section =
            tx.exec_prepared("exchange_section", in.sectionId.value_or(0), out.eventId);
        if (section.empty()) return fail(notAPlaceOfTheEvent("section_id"));
        out.newSectionId = *in.sectionId;
        out.quote.newPriceCents = section[0][0].as<Cents>();
    }
    return out;
}

// A refund's row (a settled one with its settlement time); its id.
Id insertRefundRow(pqxx::work& tx, const Refund& refund, Id eventId, Id actorId,
                   const std::string& reference) {
    const std::optional<std::string> settledAt = refund.status == "settled"
                                                     ? optionalSeconds(refund.createdAt)
                                                     : std::optional<std::string>{};
    const Id refundId =
        tx.exec_prepared1("refund_insert", refund.orderId, eventId, actorId, refund.amountCents,
                          refund.currency, refund.method, nullable(refund.reason), reference,
                          refund.status, nullable(settledAt), unixSeconds(refund.createdAt))[0]
            .as<Id>();
    enqueueNotifications(tx, "notify_refund", refundId, refund.createdAt);
    return refundId;
}

// A cheaper place's refund of the difference, inside the exchange's transaction.
Refund writeExchangeRefund(pqxx::work& tx, const NewExchange& in, const ExchangeQuote& quote,
                           Id eventId) {
    Refund refund = exchangeRefund(in, quote);
    refund.id = insertRefundRow(tx, refund, eventId, in.actorId, in.refundReference);
    return refund;
}

} // namespace

namespace postgres {

const std::vector<Statement>& refundStatements() {
    static const std::vector<Statement> all{
        {"refund_lock_order", "SELECT 1 FROM orders WHERE id = $1 FOR UPDATE"},
        {"refund_order", sql::kRefundOrder},
        {"refund_refundable_tickets", sql::kRefundableTickets},
        {"refund_ticket_order", sql::kTicketOrder},
        {"refund_void_ticket", sql::kVoidTicket},
        {"refund_free_seat", sql::kFreeSoldSeat},
        {"refund_give_back_sold", sql::kGiveBackSold},
        {"refund_insert", sql::kInsertRefund},
        {"refund_insert_ticket", sql::kInsertRefundTicket},
        {"refund_insert_key", sql::kInsertRefundKey},
        {"refund_key", sql::kRefundKey},
        {"refund_by_id", sql::kRefundById},
        {"refund_ticket_ids", sql::kRefundTicketIds},
        {"refunds_settle", "UPDATE refunds SET status = 'settled', settled_at = $2 "
                           "WHERE id = ANY($1::bigint[]) AND status = 'pending'"},
        {"refund_unsettled", sql::kUnsettledRefunds},
        {"refund_orders_with_valid_tickets", sql::kOrdersWithValidTickets},
        {"refund_unfinished_cancellations", sql::kUnfinishedCancellations},
        {"exchange_order", sql::kExchangeOrder},
        {"exchange_ticket", sql::kExchangeTicket},
        {"exchange_void_ticket", sql::kVoidExchangedTicket},
        {"exchange_seat", sql::kExchangeSeat},
        {"exchange_section", sql::kExchangeSection},
        {"exchange_take_seat", sql::kTakeSeat},
        {"exchange_take_general", sql::kTakeGeneralPlace},
        {"exchange_add_sold", sql::kAddSold},
        {"exchange_insert_ticket", sql::kInsertExchangedTicket},
        {"exchange_insert", sql::kInsertExchange},
        {"exchange_insert_key", sql::kInsertExchangeKey},
        {"exchange_key", sql::kExchangeKey},
        {"exchange_by_id", sql::kExchangeById},
        {"exchange_move_total", sql::kMoveOrderTotal},
    };
    return all;
}

} // namespace postgres

PostgresRefundStore::PostgresRefundStore(PostgresDatabase& db)
    : m_db(db) {}

namespace {

// One refund inside the caller's transaction. With `readBack` the order is read back whole;
// without, only its id and status (a cancellation's batch, which voids every ticket left).
Result<RefundOutcome> writeRefund(pqxx::work& tx, const NewRefund& in, bool readBack) {
    // The order's row first: two refunds of one order take turns, so the second sees the
    // first's void tickets and its amount.
    if (tx.exec_prepared("refund_lock_order", in.orderId).empty())
        return fail(Error::notFound("no such order"));
    const pqxx::row order = tx.exec_prepared1("refund_order", in.orderId);
    RefundOutcome out;
    Refund& refund = out.refund;
    out.paymentReference = order[5].as<std::string>();
    out.reference = in.reference;
    const Id eventId = order[0].as<Id>();
    const Id customerId = order[1].as<Id>();
    const Id holdId = order[2].as<Id>();
    refund.currency = order[3].as<std::string>();
    refund.method = order[4].as<std::string>();
    const Cents paid = order[6].as<Cents>();
    const Cents refundedBefore = order[7].as<Cents>();

    std::vector<Id> ticketIds = in.ticketIds;
    std::sort(ticketIds.begin(), ticketIds.end()); // rows lock in id order
    if (ticketIds.empty()) {
        for (const auto& row : tx.exec_prepared("refund_refundable_tickets", in.orderId))
            ticketIds.push_back(row[0].as<Id>());
        if (ticketIds.empty()) return fail(nothingToRefund());
    } else {
        for (Id ticketId : ticketIds) {
            const auto owner = tx.exec_prepared("refund_ticket_order", ticketId);
            if (owner.empty() || owner[0][0].as<Id>() != in.orderId)
                return fail(foreignTicket(ticketId));
        }
    }

    SeatsChangeBuilder freed(SeatState::Free);
    std::map<Id, std::int64_t> givenBack; // ascending: the shard rows lock in order
    for (Id ticketId : ticketIds) {
        const auto voided = tx.exec_prepared("refund_void_ticket", ticketId, in.orderId,
                                             unixSeconds(in.now), in.voidReason);
        if (voided.empty()) {
            const auto ticket = tx.exec_prepared("door_ticket_by_id", ticketId);
            if (ticket.empty()) return fail(foreignTicket(ticketId));
            return fail(refusedVoid(doorTicketFromRow(ticket[0])));
        }
        const Id seatId = voided[0][0].as<Id>();
        const Id sectionId = voided[0][1].as<Id>();
        refund.amountCents += voided[0][2].as<Cents>();
        refund.ticketIds.push_back(ticketId);
        ++givenBack[sectionId];
        const auto free = tx.exec_prepared("refund_free_seat", seatId, holdId);
        if (!free.empty()) freed.addPlace(eventId, seatId, sectionId, !free[0][0].is_null());
    }
    if (refundedBefore + refund.amountCents > paid) return fail(refundPassesPayment());

    // Cash goes back over the counter as the clerk records it: settled at once.
    const bool cash = refund.method == "cash";
    refund.orderId = in.orderId;
    refund.status = cash ? "settled" : "pending";
    refund.reason = in.reason;
    refund.createdAt = in.now;
    refund.id = insertRefundRow(tx, refund, eventId, in.actorId, in.reference);
    for (Id ticketId : refund.ticketIds)
        tx.exec_prepared0("refund_insert_ticket", refund.id, ticketId);
    if (!in.idempotencyKey.empty() &&
        tx.exec_prepared0("refund_insert_key", in.actorId, in.idempotencyKey, in.requestHash,
                          in.orderId, refund.id, unixSeconds(in.now))
                .affected_rows() != 1)
        return fail(refundKeyTaken());

    // The shared rows last, as a sale does: counter shards, then the audit chain's head.
    for (const auto& [sectionId, count] : givenBack)
        tx.exec_prepared0("refund_give_back_sold", sectionId,
                          static_cast<int>(in.orderId % kSalesShards), count);
    if (readBack) {
        out.order = *readOrder(tx, in.orderId);
    } else {
        out.order.id = in.orderId;
        out.order.eventId = eventId;
        out.order.customerId = customerId;
        out.order.status = "refunded"; // every ticket left is void now
    }
    auto changes = freed.build();
    changes.push_back(orderChange(eventId, OrderChange{in.orderId, customerId, out.order.status}));
    appendAudit(tx, auditChainFor(in.orderId), in.now, in.actorId, "order.refunded",
                refundSubject(in.orderId), refundDetails(refund), changes);
    return out;
}

} // namespace

Result<RefundOutcome> PostgresRefundStore::refund(const NewRefund& in) {
    return run(m_db.pool(), "refund", [&](pqxx::connection& connection) -> Result<RefundOutcome> {
        pqxx::work tx{connection};
        BILHETERIA_TRY(out, writeRefund(tx, in, true));
        tx.commit();
        m_db.notifyChanges();
        return out;
    });
}

Result<std::vector<RefundOutcome>>
PostgresRefundStore::refundOrders(const std::vector<NewRefund>& refunds) {
    return run(m_db.pool(), "refundOrders",
               [&](pqxx::connection& connection) -> Result<std::vector<RefundOutcome>> {
                   pqxx::work tx{connection};
                   BILHETERIA_TRY(out, writeEach(refunds, [&](const NewRefund& in) {
                                      return writeRefund(tx, in, false);
                                  }));
                   tx.commit();
                   m_db.notifyChanges();
                   return out;
               });
}

Result<std::vector<Id>> PostgresRefundStore::ordersWithValidTickets(Id eventId, Id afterOrderId,
                                                                    int limit) {
    return run(m_db.pool(), "ordersWithValidTickets",
               [&](pqxx::connection& connection) -> Result<std::vector<Id>> {
                   pqxx::nontransaction tx{connection};
                   std::vector<Id> out;
                   for (const auto& row : tx.exec_prepared("refund_orders_with_valid_tickets",
                                                           eventId, afterOrderId, limit))
                       out.push_back(row[0].as<Id>());
                   return out;
               });
}

Result<std::vector<Id>> PostgresRefundStore::unfinishedCancellations() {
    return run(m_db.pool(), "unfinishedCancellations",
               [&](pqxx::connection& connection) -> Result<std::vector<Id>> {
                   pqxx::nontransaction tx{connection};
                   std::vector<Id> out;
                   for (const auto& row : tx.exec_prepared("refund_unfinished_cancellations"))
                       out.push_back(row[0].as<Id>());
                   return out;
               });
}

Result<std::optional<RefundKeyRecord>> PostgresRefundStore::findRefundKey(Id actorId,
                                                                          const std::string& key) {
    return run(m_db.pool(), "findRefundKey",
               [&](pqxx::connection& connection) -> Result<std::optional<RefundKeyRecord>> {
                   pqxx::nontransaction tx{connection};
                   const auto rows = tx.exec_prepared("refund_key", actorId, key);
                   if (rows.empty()) return std::optional<RefundKeyRecord>{};
                   return std::optional<RefundKeyRecord>{RefundKeyRecord{
                       rows[0][0].as<Id>(), rows[0][1].as<std::string>(), rows[0][2].as<Id>()}};
               });
}

Result<RefundOutcome> PostgresRefundStore::findRefund(Id refundId) {
    return run(m_db.pool(), "findRefund",
               [&](pqxx::connection& connection) -> Result<RefundOutcome> {
                   pqxx::read_transaction tx{connection};
                   auto found = readRefund(tx, refundId);
                   if (!found) return fail(Error::notFound("no such refund"));
                   found->order = *readOrder(tx, found->refund.orderId);
                   return std::move(*found);
               });
}

Result<void> PostgresRefundStore::markRefundsSettled(const std::vector<Id>& refundIds,
                                                     TimePoint now) {
    return run(m_db.pool(), "markRefundsSettled",
               [&](pqxx::connection& connection) -> Result<void> {
                   pqxx::work tx{connection};
                   tx.exec_prepared0("refunds_settle", idArray(refundIds), unixSeconds(now));
                   tx.commit();
                   return {};
               });
}

Result<std::vector<UnsettledRefund>> PostgresRefundStore::listUnsettledRefunds() {
    return run(m_db.pool(), "listUnsettledRefunds",
               [&](pqxx::connection& connection) -> Result<std::vector<UnsettledRefund>> {
                   pqxx::nontransaction tx{connection};
                   std::vector<UnsettledRefund> out;
                   for (const auto& row : tx.exec_prepared("refund_unsettled"))
                       out.push_back(UnsettledRefund{
                           row[0].as<Id>(), row[1].as<std::string>(), row[2].as<std::string>(),
                           row[3].as<std::string>(), row[4].as<Cents>(), row[5].as<std::string>()});
                   return out;
               });
}

Result<ExchangeQuote> PostgresRefundStore::quoteExchange(const NewExchange& in) {
    return run(m_db.pool(), "quoteExchange",
               [&](pqxx::connection& connection) -> Result<ExchangeQuote> {
                   pqxx::nontransaction tx{connection};
                   BILHETERIA_TRY(places, readExchangePlaces(tx, in));
                   return places.quote;
               });
}

Result<ExchangeOutcome> PostgresRefundStore::exchange(const NewExchange& in) {
    return run(
        m_db.pool(), "exchange", [&](pqxx::connection& connection) -> Result<ExchangeOutcome> {
            pqxx::work tx{connection};
            // The order's row first, as a refund: an order's refunds and exchanges take turns.
            if (tx.exec_prepared("refund_lock_order", in.orderId).empty())
                return fail(Error::notFound("no such order"));
            BILHETERIA_TRY(places, readExchangePlaces(tx, in));
            const ExchangeQuote& quote = places.quote;
            if (quote.oldPriceCents != in.oldPriceCents || quote.newPriceCents != in.newPriceCents)
                return fail(exchangePricesChanged(in, quote));
            const Id eventId = places.eventId;
            const Id customerId = places.customerId;
            const Id holdId = places.holdId;
            const Id newSectionId = places.newSectionId;
            const Cents newPrice = quote.newPriceCents;

            const auto voided = tx.exec_prepared("exchange_void_ticket", in.ticketId, in.orderId,
                                                 unixSeconds(in.now));
            if (voided.empty()) {
                const auto refused = tx.exec_prepared("door_ticket_by_id", in.ticketId);
                return fail(refusedVoid(doorTicketFromRow(refused[0])));
            }
            const Id oldSeatId = voided[0][0].as<Id>();
            const Id oldSectionId = voided[0][1].as<Id>();
            SeatsChangeBuilder freed(SeatState::Free);
            const auto free = tx.exec_prepared("refund_free_seat", oldSeatId, holdId);
            if (!free.empty())
                freed.addPlace(eventId, oldSeatId, oldSectionId, !free[0][0].is_null());
            const auto taken = in.seatId ? tx.exec_prepared("exchange_take_seat", *in.seatId,
                                                            holdId, unixSeconds(in.now))
                                         : tx.exec_prepared("exchange_take_general", newSectionId,
                                                            holdId, unixSeconds(in.now));
            if (taken.empty())
                return fail(in.seatId ? exchangeSeatTaken(*in.seatId) : exchangeSoldOut());
            const Id newSeatId = taken[0][0].as<Id>();
            SeatsChangeBuilder sold(SeatState::Sold);
            sold.addPlace(eventId, newSeatId, newSectionId, in.seatId.has_value());

            ExchangeOutcome out;
            out.exchange = exchangeOf(in, quote);
            Exchange& exchange = out.exchange;
            exchange.newTicketId =
                tx.exec_prepared1("exchange_insert_ticket", in.orderId, eventId, customerId,
                                  newSectionId, newSeatId, newPrice, in.code)[0]
                    .as<Id>();
            if (exchange.differenceCents != 0)
                tx.exec_prepared0("exchange_move_total", in.orderId, exchange.differenceCents);
            if (exchange.differenceCents < 0) {
                exchange.refund = writeExchangeRefund(tx, in, quote, eventId);
                out.paymentReference = places.paymentReference;
                out.refundReference = in.refundReference;
            }
            const auto& topUp = in.topUp;
            const std::optional<std::string> topUpMethod =
                topUp ? std::optional{topUp->method} : std::nullopt;
            const std::optional<std::string> topUpAmount =
                topUp ? optionalNumber(topUp->amountCents) : std::nullopt;
            const std::optional<std::string> topUpChange =
                topUp ? optionalNumber(topUp->summary.changeCents) : std::nullopt;
            const std::optional<std::string> topUpBrand =
                topUp ? topUp->summary.brand : std::nullopt;
            const std::optional<std::string> topUpLast4 =
                topUp ? topUp->summary.last4 : std::nullopt;
            const std::optional<std::string> topUpReference =
                topUp ? std::optional{topUp->reference} : std::nullopt;
            const std::optional<std::string> refundId =
                exchange.refund ? optionalNumber(exchange.refund->id) : std::nullopt;
            exchange.id =
                tx.exec_prepared1("exchange_insert", in.orderId, in.ticketId, exchange.newTicketId,
                                  exchange.differenceCents, in.actorId, unixSeconds(in.now),
                                  exchange.oldPriceCents, exchange.newPriceCents, exchange.currency,
                                  nullable(topUpMethod), nullable(topUpAmount),
                                  nullable(topUpBrand), nullable(topUpLast4), nullable(topUpChange),
                                  nullable(topUpReference), nullable(refundId))[0]
                    .as<Id>();
            if (tx.exec_prepared0("exchange_insert_key", in.actorId, in.idempotencyKey,
                                  in.requestHash, in.orderId, exchange.id, unixSeconds(in.now))
                    .affected_rows() != 1)
                return fail(refundKeyTaken());

            // The shared rows last, as a sale does: counter shards (ascending), then the audit
            // head.
            const int shard = static_cast<int>(in.orderId % kSalesShards);
            if (oldSectionId != newSectionId) {
                std::map<Id, std::int64_t> moves{{oldSectionId, -1}, {newSectionId, 1}};
                for (const auto& [sectionId, by] : moves)
                    tx.exec_prepared0("exchange_add_sold", sectionId, shard, by);
            }
            out.order = *readOrder(tx, in.orderId);
            auto changes = freed.build();
            for (auto& change : sold.build())
                changes.push_back(std::move(change));
            changes.push_back(
                orderChange(eventId, OrderChange{in.orderId, customerId, out.order.status}));
            appendAudit(tx, auditChainFor(in.orderId), in.now, in.actorId, "ticket.exchanged",
                        refundSubject(in.orderId), exchangeDetails(exchange), changes);
            tx.commit();
            m_db.notifyChanges();
            return out;
        });
}

Result<std::optional<ExchangeKeyRecord>>
PostgresRefundStore::findExchangeKey(Id actorId, const std::string& key) {
    return run(m_db.pool(), "findExchangeKey",
               [&](pqxx::connection& connection) -> Result<std::optional<ExchangeKeyRecord>> {
                   pqxx::nontransaction tx{connection};
                   const auto rows = tx.exec_prepared("exchange_key", actorId, key);
                   if (rows.empty()) return std::optional<ExchangeKeyRecord>{};
                   return std::optional<ExchangeKeyRecord>{ExchangeKeyRecord{
                       rows[0][0].as<Id>(), rows[0][1].as<std::string>(), rows[0][2].as<Id>()}};
               });
}

Result<ExchangeOutcome> PostgresRefundStore::findExchange(Id exchangeId) {
    return run(m_db.pool(), "findExchange",
               [&](pqxx::connection& connection) -> Result<ExchangeOutcome> {
                   SnapshotTransaction tx{connection};
                   const auto rows = tx.exec_prepared("exchange_by_id", exchangeId);
                   if (rows.empty()) return fail(Error::notFound("no such exchange"));
                   const pqxx::row row = rows[0];
                   ExchangeOutcome out;
                   out.exchange.id = row[0].as<Id>();
                   out.exchange.orderId = row[1].as<Id>();
                   out.exchange.oldTicketId = row[2].as<Id>();
                   out.exchange.newTicketId = row[3].as<Id>();
                   out.exchange.differenceCents = row[4].as<Cents>();
                   out.exchange.createdAt = fromUnixSeconds(row[5].as<std::int64_t>());
                   out.exchange.oldPriceCents = row[6].as<Cents>();
                   out.exchange.newPriceCents = row[7].as<Cents>();
                   out.exchange.currency = row[8].as<std::string>();
                   if (!row[9].is_null())
                       out.exchange.payment = ExchangePayment{
                           row[9].as<std::string>(), row[10].as<Cents>(), optionalText(row[11]),
                           optionalText(row[12]), optionalInteger(row[13])};
                   if (!row[14].is_null()) {
                       auto refund = readRefund(tx, row[14].as<Id>());
                       if (refund) out.exchange.refund = std::move(refund->refund);
                   }
                   out.order = *readOrder(tx, out.exchange.orderId);
                   tx.commit();
                   return out;
               });
}

} // namespace bilheteria
