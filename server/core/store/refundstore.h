// Refunds: tickets of a paid order made void and their places put back on sale, the money
// recorded against the order's payment, and the idempotency keys that make a retried refund
// return the same refund. Used by RefundService (core/refunds.h).
//
// The rules every method keeps: a ticket is refunded at most once (refund_tickets is unique by
// ticket), never once checked in (the void is ONE conditional update of the ticket's row,
// `voided_at IS NULL AND checked_in_at IS NULL`, so a refund and a gate race on that row alone),
// and what is refunded never passes what the payment captured.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria {

// A refund the core has checked (who may, which tickets are named), for the store to write.
struct NewRefund {
    Id orderId = 0;
    Id actorId = 0;
    std::vector<Id> ticketIds; // empty: every ticket of the order that is still valid
    std::optional<std::string> reason;
    std::string idempotencyKey; // empty: none (a cancellation's refunds)
    std::string requestHash;
    std::string reference; // the refund's own reference at the payment gateway
    TimePoint now{};
    // Why the tickets become void: refunded, or cancelled (their event was; then checked-in
    // tickets are refunded too: the show does not happen).
    std::string voidReason = "refunded";
};

struct RefundKeyRecord {
    Id orderId = 0;
    std::string requestHash;
    Id refundId = 0;
};

// A refund written but not yet paid back at the gateway (a crash in between): recovery pays it.
struct UnsettledRefund {
    Id refundId = 0;
    std::string method;
    std::string paymentReference; // the captured payment's
    std::string reference;        // the refund's
    Cents amountCents = 0;
    std::string currency;
};

// An exchange the core has checked (staff, same price), for the store to write.
struct NewExchange {
    Id orderId = 0;
    Id actorId = 0;
    Id ticketId = 0;             // the ticket given up
    std::optional<Id> seatId;    // the new place: a numbered seat,
    std::optional<Id> sectionId; // or any free place of a general-admission section
    std::string code;            // the new ticket's code, drawn by the core
    std::string idempotencyKey;
    std::string requestHash;
    TimePoint now{};
};

struct ExchangeKeyRecord {
    Id orderId = 0;
    std::string requestHash;
    Id exchangeId = 0;
};

struct ExchangeOutcome {
    Order order;
    Exchange exchange;
};

struct RefundOutcome {
    Order order;
    Refund refund;
    std::string paymentReference; // the captured payment's, for the gateway
    std::string reference;        // the refund's own
};

// Every method is one transaction (see core/store/storage.h).
class RefundStore {
public:
    virtual ~RefundStore() = default;

    // Voids the tickets (all the order's valid ones when none are named), frees their places
    // for sale, gives the section counters back, records the refund (settled at once for cash,
    // which the clerk hands back; pending for a card until the gateway confirms), the key, the
    // audit entry and the live feed's changes. not_found for an unknown order;
    // invalid_request (ticket_ids) for a ticket of another order; already_checked_in for a
    // checked-in ticket; ticket_void when a named ticket is void already or none is left;
    // idempotency_mismatch when the key is taken.
    virtual Result<RefundOutcome> refund(const NewRefund& refund) = 0;
    // A cancellation's batch: each refund as refund() writes it (each names no ticket: all the
    // order's tickets not void), all in one transaction; an order with nothing left to refund
    // is skipped. The outcomes of the orders refunded (their `order` holds its id and status
    // only), in the order given.
    virtual Result<std::vector<RefundOutcome>>
    refundOrders(const std::vector<NewRefund>& refunds) = 0;
    // Up to `limit` orders of the event that have a ticket not void, ascending by id, above
    // `afterOrderId`: what a cancellation has left to refund.
    virtual Result<std::vector<Id>> ordersWithValidTickets(Id eventId, Id afterOrderId,
                                                           int limit) = 0;
    // Cancelled events that still have a ticket not void (a cancellation cut short).
    virtual Result<std::vector<Id>> unfinishedCancellations() = 0;
    virtual Result<std::optional<RefundKeyRecord>> findRefundKey(Id actorId,
                                                                 const std::string& key) = 0;
    // The refund and its order as they are now; not_found.
    virtual Result<RefundOutcome> findRefund(Id refundId) = 0;
    // Marks the refunds settled (the gateway paid them back), all in one transaction; a
    // settled one keeps its time.
    virtual Result<void> markRefundsSettled(const std::vector<Id>& refundIds, TimePoint now) = 0;
    virtual Result<std::vector<UnsettledRefund>> listUnsettledRefunds() = 0;

    // Exchanges: in one transaction the ticket becomes void (exchanged; the mirror of the
    // check-in's conditional update), its place is free again, the new place is taken with ONE
    // conditional update (free, or held by a hold that has expired: of two exchanges or holds
    // racing for it one wins) and a new ticket at it joins the order, with the section
    // counters, the exchange, its key, the audit entry ticket.exchanged and the live feed's
    // changes. not_found for an unknown order; invalid_request naming ticket_id (not the
    // order's), seat_id (not a seat of the event) or section_id (not a general-admission
    // section of the event); already_checked_in; ticket_void; seats_unavailable (the seat is
    // taken) or sold_out (no free place left); price_differs (details.old_price_cents,
    // new_price_cents: only same-price exchanges are made); idempotency_mismatch when the key
    // is taken.
    virtual Result<ExchangeOutcome> exchange(const NewExchange& exchange) = 0;
    virtual Result<std::optional<ExchangeKeyRecord>> findExchangeKey(Id actorId,
                                                                     const std::string& key) = 0;
    // The exchange and its order as they are now; not_found.
    virtual Result<ExchangeOutcome> findExchange(Id exchangeId) = 0;
};

} // namespace bilheteria
