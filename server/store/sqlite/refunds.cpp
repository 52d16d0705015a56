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
#include "server/store/sql/refunds.h"
#include "server/store/sqlite/auditlog.h"
#include "server/store/sqlite/database.h"
#include "server/store/sqlite/holdrows.h"
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

} // namespace

SqliteRefundStore::SqliteRefundStore(SqliteDatabase& db)
    : m_db(db) {}

Result<RefundOutcome> SqliteRefundStore::refund(const NewRefund& in) {
    auto done = m_db.transaction<RefundOutcome>(true, [&](Connection& db) -> Result<RefundOutcome> {
        // SQLite's one writer: no other refund or check-in of this order runs until commit.
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
        }
        for (Id ticketId : ticketIds) {
            auto owner = db.prepare(sql::kTicketOrder);
            owner.bind(1, ticketId);
            if (!owner.step() || owner.integer(0) != in.orderId)
                return fail(foreignTicket(ticketId));
        }

        SeatsChangeBuilder freed(SeatState::Free);
        std::map<Id, std::int64_t> givenBack; // per section
        for (Id ticketId : ticketIds) {
            Id seatId = 0;
            Id sectionId = 0;
            {
                auto voided = db.prepare(sql::kVoidTicket);
                voided.bind(1, ticketId).bind(2, in.orderId).bind(3, in.now);
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
        {
            auto insert = db.prepare(sql::kInsertRefund);
            insert.bind(1, in.orderId)
                .bind(2, eventId)
                .bind(3, in.actorId)
                .bind(4, refund.amountCents)
                .bind(5, refund.currency)
                .bind(6, refund.method)
                .bind(7, in.reason)
                .bind(8, in.reference)
                .bind(9, refund.status)
                .bind(10, cash ? std::optional{in.now} : std::nullopt)
                .bind(11, in.now);
            insert.step(); // RETURNING id
            refund.id = insert.integer(0);
        }
        for (Id ticketId : refund.ticketIds) {
            auto row = db.prepare(sql::kInsertRefundTicket);
            row.bind(1, refund.id).bind(2, ticketId);
            row.run();
        }
        auto key = db.prepare(sql::kInsertRefundKey);
        key.bind(1, in.actorId)
            .bind(2, in.idempotencyKey)
            .bind(3, in.requestHash)
            .bind(4, in.orderId)
            .bind(5, refund.id)
            .bind(6, in.now);
        key.run();
        if (db.changes() != 1) return fail(refundKeyTaken());

        out.order = *readOrder(db, in.orderId);
        out.reference = in.reference;
        appendAudit(db, auditChainFor(in.orderId), in.now, in.actorId, "order.refunded",
                    refundSubject(in.orderId), refundDetails(refund));
        auto changes = freed.build();
        changes.push_back(
            orderChange(eventId, OrderChange{in.orderId, customerId, out.order.status}));
        insertChanges(db, changes, in.now);
        return out;
    });
    if (done) m_db.changeSignal()->notify();
    return done;
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

Result<void> SqliteRefundStore::markRefundSettled(Id refundId, TimePoint now) {
    return m_db.transaction<void>(true, [&](Connection& db) -> Result<void> {
        auto update = db.prepare(sql::kSettleRefund);
        update.bind(1, refundId).bind(2, now);
        update.run();
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

} // namespace bilheteria
