// The SQLite store's refunds part (refunds.h): one transaction voids the tickets (the mirror of
// the check-in's conditional update), frees their places, gives the section counters back and
// writes the refund, its tickets, its key, the audit entry and the outbox. SQLite's one writer
// serialises refunds of an order; the statements are server/store/sql/refunds.h.
#include "server/store/sqlite/refunds.h"

#include <algorithm>
#include <map>

#include "server/store/auditchain.h"
#include "server/store/changesignal.h"
#include "server/store/refunds.h"
#include "server/store/sql/notifications.h"
#include "server/store/sql/refunds.h"
#include "server/store/sqlite/auditlog.h"
#include "server/store/sqlite/database.h"
#include "server/store/sqlite/holdrows.h"
#include "server/store/sqlite/notifications.h"
#include "server/store/sqlite/outbox.h"

namespace bilheteria {

using sqlite::Connection;

namespace {

// The refund with its references; the order is left to the caller.
std::optional<RefundOutcome> readRefund(Connection& db, Id refundId) {
    RefundOutcome out;
    Refund& refund = out.refund;
    {
        auto row = db.prepare(sql::kRefundById);
        row.bind(1, refundId);
        if (!row.step()) return std::nullopt;
        refund.id = row.integer(0);
        refund.orderId = row.integer(1);
        refund.amountCents = row.integer(2);
        refund.currency = row.text(3);
        refund.method = row.text(4);
        refund.status = row.text(5);
        refund.reason = row.optionalText(6);
        refund.createdAt = row.time(7);
        out.reference = row.text(8);
        out.paymentReference = row.text(9);
    }
    auto tickets = db.prepare(sql::kRefundTicketIds);
    tickets.bind(1, refundId);
    while (tickets.step())
        refund.ticketIds.push_back(tickets.integer(0));
    return out;
}

// A refund's row (a settled one with its settlement time); its id.
Id insertRefundRow(Connection& db, const Refund& refund, Id eventId, Id actorId,
                   const std::string& reference) {
    auto insert = db.prepare(sql::kInsertRefund);
    insert.bind(1, refund.orderId)
        .bind(2, eventId)
        .bind(3, actorId)
        .bind(4, refund.amountCents)
        .bind(5, refund.currency)
        .bind(6, refund.method)
        .bind(7, refund.reason)
        .bind(8, reference)
        .bind(9, refund.status)
        .bind(10, refund.status == "settled" ? std::optional{refund.createdAt} : std::nullopt)
        .bind(11, refund.createdAt);
    insert.step(); // RETURNING id
    const Id refundId = insert.integer(0);
    sqlite::enqueueNotifications(db, sql::kNotifyRefund, refundId, refund.createdAt);
    return refundId;
}

// One refund inside the caller's transaction (SQLite's one writer: no other refund or
// check-in of this order runs until commit). With `readBack` the order is read back whole;
// without, only its id and status (a cancellation's batch, which voids every ticket left).
Result<RefundOutcome> writeRefund(Connection& db, const NewRefund& in, bool readBack) {
    RefundOutcome out;
    Refund& refund = out.refund;
    Id eventId = 0;
    Id customerId = 0;
    Id holdId = 0;
    Cents paid = 0;
    Cents refundedBefore = 0;
    {
        auto order = db.prepare(sql::kRefundOrder);
        order.bind(1, in.orderId);
        if (!order.step()) return fail(Error::notFound("no such order"));
        eventId = order.integer(0);
        customerId = order.integer(1);
        holdId = order.integer(2);
        refund.currency = order.text(3);
        refund.method = order.text(4);
        out.paymentReference = order.text(5);
        paid = order.integer(6);
        refundedBefore = order.integer(7);
    }

    std::vector<Id> ticketIds = in.ticketIds;
    std::sort(ticketIds.begin(), ticketIds.end());
    if (ticketIds.empty()) {
        auto rows = db.prepare(sql::kRefundableTickets);
        rows.bind(1, in.orderId);
        while (rows.step())
            ticketIds.push_back(rows.integer(0));
        if (ticketIds.empty()) return fail(nothingToRefund());
    } else {
        for (Id ticketId : ticketIds) {
            auto owner = db.prepare(sql::kTicketOrder);
            owner.bind(1, ticketId);
            if (!owner.step() || owner.integer(0) != in.orderId)
                return fail(foreignTicket(ticketId));
        }
    }

    SeatsChangeBuilder freed(SeatState::Free);
    std::map<Id, std::int64_t> givenBack; // per section
    for (Id ticketId : ticketIds) {
        Id seatId = 0;
        Id sectionId = 0;
        {
            auto voided = db.prepare(sql::kVoidTicket);
            voided.bind(1, ticketId).bind(2, in.orderId).bind(3, in.now).bind(4, in.voidReason);
            if (!voided.step()) {
                const auto ticket = doorTicketById(db, ticketId);
                if (!ticket) return fail(foreignTicket(ticketId));
                return fail(refusedVoid(*ticket));
            }
            seatId = voided.integer(0);
            sectionId = voided.integer(1);
            refund.amountCents += voided.integer(2);
        }
        refund.ticketIds.push_back(ticketId);
        ++givenBack[sectionId];
        auto free = db.prepare(sql::kFreeSoldSeat);
        free.bind(1, seatId).bind(2, holdId);
        if (free.step()) freed.addPlace(eventId, seatId, sectionId, !free.isNull(0));
    }
    if (refundedBefore + refund.amountCents > paid) return fail(refundPassesPayment());
    for (const auto& [sectionId, count] : givenBack) {
        auto counter = db.prepare(sql::kGiveBackSold);
        counter.bind(1, sectionId).bind(2, in.orderId % kSalesShards).bind(3, count);
        counter.run();
    }

    // Cash goes back over the counter as the clerk records it: settled at once.
    const bool cash = refund.method == "cash";
    refund.orderId = in.orderId;
    refund.status = cash ? "settled" : "pending";
    refund.reason = in.reason;
    refund.createdAt = in.now;
    refund.id = insertRefundRow(db, refund, eventId, in.actorId, in.reference);
    for (Id ticketId : refund.ticketIds) {
        auto row = db.prepare(sql::kInsertRefundTicket);
        row.bind(1, refund.id).bind(2, ticketId);
        row.run();
    }
    if (!in.idempotencyKey.empty()) {
        auto key = db.prepare(sql::kInsertRefundKey);
        key.bind(1, in.actorId)
            .bind(2, in.idempotencyKey)
            .bind(3, in.requestHash)
            .bind(4, in.orderId)
            .bind(5, refund.id)
            .bind(6, in.now);
        key.run();
        if (db.changes() != 1) return fail(refundKeyTaken());
    }

    if (readBack) {
        out.order = *readOrder(db, in.orderId);
    } else {
        out.order.id = in.orderId;
        out.order.eventId = eventId;
        out.order.customerId = customerId;
        out.order.status = "refunded"; // every ticket left is void now
    }
    out.reference = in.reference;
    appendAudit(db, auditChainFor(in.orderId), in.now, in.actorId, "order.refunded",
                refundSubject(in.orderId), refundDetails(refund));
    auto changes = freed.build();
    changes.push_back(orderChange(eventId, OrderChange{in.orderId, customerId, out.order.status}));
    insertChanges(db, changes, in.now);
    return out;
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

Result<ExchangePlaces> readExchangePlaces(Connection& db, const NewExchange& in) {
    ExchangePlaces out;
    {
        auto order = db.prepare(sql::kExchangeOrder);
        order.bind(1, in.orderId);
        if (!order.step()) return fail(Error::notFound("no such order"));
        out.eventId = order.integer(0);
        out.customerId = order.integer(1);
        out.holdId = order.integer(2);
        out.quote.currency = order.text(3);
        out.quote.method = order.text(4);
        out.paymentReference = order.text(5);
    }
    {
        auto ticket = db.prepare(sql::kExchangeTicket);
        ticket.bind(1, in.ticketId);
        if (!ticket.step() || ticket.integer(0) != in.orderId)
            return fail(
                Error::invalidField("ticket_id", "ticket_id names no ticket of this order"));
        out.quote.oldPriceCents = ticket.integer(1);
    }
    if (in.seatId) {
        auto seat = db.prepare(sql::kExchangeSeat);
        seat.bind(1, *in.seatId).bind(2, out.eventId);
        if (!seat.step()) return fail(notAPlaceOfTheEvent("seat_id"));
        out.newSectionId = seat.integer(0);
        out.quote.newPriceCents = seat.integer(1);
    } else {
        auto section = db.prepare(sql::kExchangeSection);
        section.bind(1, in.sectionId.value_or(0)).bind(2, out.eventId);
        if (!section.step()) return fail(notAPlaceOfTheEvent("section_id"));
        out.newSectionId = *in.sectionId;
        out.quote.newPriceCents = section.integer(0);
    }
    return out;
}

// A cheaper place's refund of the difference, inside the exchange's transaction.
Refund writeExchangeRefund(Connection& db, const NewExchange& in, const ExchangeQuote& quote,
                           Id eventId) {
    Refund refund = exchangeRefund(in, quote);
    refund.id = insertRefundRow(db, refund, eventId, in.actorId, in.refundReference);
    return refund;
}

} // namespace

SqliteRefundStore::SqliteRefundStore(SqliteDatabase& db)
    : m_db(db) {}

Result<RefundOutcome> SqliteRefundStore::refund(const NewRefund& in) {
    auto done = m_db.transaction<RefundOutcome>(
        true, [&](Connection& db) -> Result<RefundOutcome> { return writeRefund(db, in, true); });
    if (done) m_db.changeSignal()->notify();
    return done;
}

Result<std::vector<RefundOutcome>>
SqliteRefundStore::refundOrders(const std::vector<NewRefund>& refunds) {
    auto done = m_db.transaction<std::vector<RefundOutcome>>(
        true, [&](Connection& db) -> Result<std::vector<RefundOutcome>> {
            return writeEach(refunds,
                             [&](const NewRefund& in) { return writeRefund(db, in, false); });
        });
    if (done) m_db.changeSignal()->notify();
    return done;
}

Result<std::vector<Id>> SqliteRefundStore::ordersWithValidTickets(Id eventId, Id afterOrderId,
                                                                  int limit) {
    return m_db.transaction<std::vector<Id>>(false, [&](Connection& db) -> Result<std::vector<Id>> {
        std::vector<Id> out;
        auto row = db.prepare(sql::kOrdersWithValidTickets);
        row.bind(1, eventId).bind(2, afterOrderId).bind(3, std::int64_t{limit});
        while (row.step())
            out.push_back(row.integer(0));
        return out;
    });
}

Result<std::vector<Id>> SqliteRefundStore::unfinishedCancellations() {
    return m_db.transaction<std::vector<Id>>(false, [&](Connection& db) -> Result<std::vector<Id>> {
        std::vector<Id> out;
        auto row = db.prepare(sql::kUnfinishedCancellations);
        while (row.step())
            out.push_back(row.integer(0));
        return out;
    });
}

Result<std::optional<RefundKeyRecord>> SqliteRefundStore::findRefundKey(Id actorId,
                                                                        const std::string& key) {
    return m_db.transaction<std::optional<RefundKeyRecord>>(
        false, [&](Connection& db) -> Result<std::optional<RefundKeyRecord>> {
            auto row = db.prepare(sql::kRefundKey);
            row.bind(1, actorId).bind(2, key);
            if (!row.step()) return std::optional<RefundKeyRecord>{};
            return std::optional<RefundKeyRecord>{
                RefundKeyRecord{row.integer(0), row.text(1), row.integer(2)}};
        });
}

Result<RefundOutcome> SqliteRefundStore::findRefund(Id refundId) {
    return m_db.transaction<RefundOutcome>(false, [&](Connection& db) -> Result<RefundOutcome> {
        auto found = readRefund(db, refundId);
        if (!found) return fail(Error::notFound("no such refund"));
        found->order = *readOrder(db, found->refund.orderId);
        return std::move(*found);
    });
}

Result<void> SqliteRefundStore::markRefundsSettled(const std::vector<Id>& refundIds,
                                                   TimePoint now) {
    return m_db.transaction<void>(true, [&](Connection& db) -> Result<void> {
        for (Id refundId : refundIds) {
            auto update = db.prepare(sql::kSettleRefund);
            update.bind(1, refundId).bind(2, now);
            update.run();
        }
        return {};
    });
}

Result<std::vector<UnsettledRefund>> SqliteRefundStore::listUnsettledRefunds() {
    return m_db.transaction<std::vector<UnsettledRefund>>(
        false, [&](Connection& db) -> Result<std::vector<UnsettledRefund>> {
            std::vector<UnsettledRefund> out;
            auto row = db.prepare(sql::kUnsettledRefunds);
            while (row.step())
                out.push_back(UnsettledRefund{row.integer(0), row.text(1), row.text(2), row.text(3),
                                              row.integer(4), row.text(5)});
            return out;
        });
}

Result<ExchangeQuote> SqliteRefundStore::quoteExchange(const NewExchange& in) {
    return m_db.transaction<ExchangeQuote>(false, [&](Connection& db) -> Result<ExchangeQuote> {
        BILHETERIA_TRY(places, readExchangePlaces(db, in));
        return places.quote;
    });
}

Result<ExchangeOutcome> SqliteRefundStore::exchange(const NewExchange& in) {
    auto done =
        m_db.transaction<ExchangeOutcome>(true, [&](Connection& db) -> Result<ExchangeOutcome> {
            BILHETERIA_TRY(places, readExchangePlaces(db, in));
            const ExchangeQuote& quote = places.quote;
            if (quote.oldPriceCents != in.oldPriceCents || quote.newPriceCents != in.newPriceCents)
                return fail(exchangePricesChanged(in, quote));
            const Id eventId = places.eventId;
            const Id customerId = places.customerId;
            const Id holdId = places.holdId;
            const Id newSectionId = places.newSectionId;
            const Cents newPrice = quote.newPriceCents;

            SeatsChangeBuilder freed(SeatState::Free);
            Id oldSectionId = 0;
            {
                Id oldSeatId = 0;
                {
                    auto voided = db.prepare(sql::kVoidExchangedTicket);
                    voided.bind(1, in.ticketId).bind(2, in.orderId).bind(3, in.now);
                    if (!voided.step()) return fail(refusedVoid(*doorTicketById(db, in.ticketId)));
                    oldSeatId = voided.integer(0);
                    oldSectionId = voided.integer(1);
                }
                auto free = db.prepare(sql::kFreeSoldSeat);
                free.bind(1, oldSeatId).bind(2, holdId);
                if (free.step()) freed.addPlace(eventId, oldSeatId, oldSectionId, !free.isNull(0));
            }
            Id newSeatId = 0;
            {
                auto take = db.prepare(in.seatId ? sql::kTakeSeat : sql::kTakeGeneralPlace);
                take.bind(1, in.seatId ? *in.seatId : newSectionId).bind(2, holdId).bind(3, in.now);
                if (!take.step())
                    return fail(in.seatId ? exchangeSeatTaken(*in.seatId) : exchangeSoldOut());
                newSeatId = take.integer(0);
            }
            SeatsChangeBuilder sold(SeatState::Sold);
            sold.addPlace(eventId, newSeatId, newSectionId, in.seatId.has_value());
            const std::int64_t shard = in.orderId % kSalesShards;
            for (const auto& [sectionId, by] : {std::pair{oldSectionId, std::int64_t{-1}},
                                                std::pair{newSectionId, std::int64_t{1}}}) {
                auto counter = db.prepare(sql::kAddSold);
                counter.bind(1, sectionId).bind(2, shard).bind(3, by);
                counter.run();
            }

            ExchangeOutcome out;
            out.exchange = exchangeOf(in, quote);
            Exchange& exchange = out.exchange;
            {
                auto ticket = db.prepare(sql::kInsertExchangedTicket);
                ticket.bind(1, in.orderId)
                    .bind(2, eventId)
                    .bind(3, customerId)
                    .bind(4, newSectionId)
                    .bind(5, newSeatId)
                    .bind(6, newPrice)
                    .bind(7, in.code);
                ticket.step(); // RETURNING id
                exchange.newTicketId = ticket.integer(0);
            }
            if (exchange.differenceCents != 0) {
                auto total = db.prepare(sql::kMoveOrderTotal);
                total.bind(1, in.orderId).bind(2, exchange.differenceCents);
                total.run();
            }
            if (exchange.differenceCents < 0) {
                exchange.refund = writeExchangeRefund(db, in, quote, eventId);
                out.paymentReference = places.paymentReference;
                out.refundReference = in.refundReference;
            }
            {
                const auto& topUp = in.topUp;
                auto insert = db.prepare(sql::kInsertExchange);
                insert.bind(1, in.orderId)
                    .bind(2, in.ticketId)
                    .bind(3, exchange.newTicketId)
                    .bind(4, exchange.differenceCents)
                    .bind(5, in.actorId)
                    .bind(6, in.now)
                    .bind(7, exchange.oldPriceCents)
                    .bind(8, exchange.newPriceCents)
                    .bind(9, exchange.currency)
                    .bind(10, topUp ? std::optional{topUp->method} : std::nullopt)
                    .bind(11, topUp ? std::optional{topUp->amountCents} : std::nullopt)
                    .bind(12, topUp ? topUp->summary.brand : std::nullopt)
                    .bind(13, topUp ? topUp->summary.last4 : std::nullopt)
                    .bind(14, topUp ? topUp->summary.changeCents : std::nullopt)
                    .bind(15, topUp ? std::optional{topUp->reference} : std::nullopt)
                    .bind(16, exchange.refund ? std::optional{exchange.refund->id} : std::nullopt);
                insert.step(); // RETURNING id
                exchange.id = insert.integer(0);
            }
            auto key = db.prepare(sql::kInsertExchangeKey);
            key.bind(1, in.actorId)
                .bind(2, in.idempotencyKey)
                .bind(3, in.requestHash)
                .bind(4, in.orderId)
                .bind(5, exchange.id)
                .bind(6, in.now);
            key.run();
            if (db.changes() != 1) return fail(refundKeyTaken());

            out.order = *readOrder(db, in.orderId);
            appendAudit(db, auditChainFor(in.orderId), in.now, in.actorId, "ticket.exchanged",
                        refundSubject(in.orderId), exchangeDetails(exchange));
            auto changes = freed.build();
            for (auto& change : sold.build())
                changes.push_back(std::move(change));
            changes.push_back(
                orderChange(eventId, OrderChange{in.orderId, customerId, out.order.status}));
            insertChanges(db, changes, in.now);
            return out;
        });
    if (done) m_db.changeSignal()->notify();
    return done;
}

Result<std::optional<ExchangeKeyRecord>>
SqliteRefundStore::findExchangeKey(Id actorId, const std::string& key) {
    return m_db.transaction<std::optional<ExchangeKeyRecord>>(
        false, [&](Connection& db) -> Result<std::optional<ExchangeKeyRecord>> {
            auto row = db.prepare(sql::kExchangeKey);
            row.bind(1, actorId).bind(2, key);
            if (!row.step()) return std::optional<ExchangeKeyRecord>{};
            return std::optional<ExchangeKeyRecord>{
                ExchangeKeyRecord{row.integer(0), row.text(1), row.integer(2)}};
        });
}

Result<ExchangeOutcome> SqliteRefundStore::findExchange(Id exchangeId) {
    return m_db.transaction<ExchangeOutcome>(false, [&](Connection& db) -> Result<ExchangeOutcome> {
        auto row = db.prepare(sql::kExchangeById);
        row.bind(1, exchangeId);
        if (!row.step()) return fail(Error::notFound("no such exchange"));
        ExchangeOutcome out;
        out.exchange.id = row.integer(0);
        out.exchange.orderId = row.integer(1);
        out.exchange.oldTicketId = row.integer(2);
        out.exchange.newTicketId = row.integer(3);
        out.exchange.differenceCents = row.integer(4);
        out.exchange.createdAt = row.time(5);
        out.exchange.oldPriceCents = row.integer(6);
        out.exchange.newPriceCents = row.integer(7);
        out.exchange.currency = row.text(8);
        if (!row.isNull(9))
            out.exchange.payment =
                ExchangePayment{row.text(9), row.integer(10), row.optionalText(11),
                                row.optionalText(12), row.optionalInteger(13)};
        if (!row.isNull(14)) {
            auto refund = readRefund(db, row.integer(14));
            if (refund) out.exchange.refund = std::move(refund->refund);
        }
        out.order = *readOrder(db, out.exchange.orderId);
        return out;
    });
}

} // namespace bilheteria
