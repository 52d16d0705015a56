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

#include "server/core/payments.h"
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

// The two places of an exchange as the store reads them before the exchange: what the core
// needs to decide the difference (and so the payment) before it charges a card.
struct ExchangeQuote {
    Cents oldPriceCents = 0; // the ticket given up
    Cents newPriceCents = 0; // the new place's section
    std::string currency;    // the order's
    std::string method;      // the order's payment method: a cheaper place's refund goes back by it
};

// An exchange the core has checked (staff; the payment fits the difference), for the store to
// write.
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
    // The prices the core decided the payment on (quoteExchange); the store refuses with
    // `conflict` if the two places cost otherwise when it writes.
    Cents oldPriceCents = 0;
    Cents newPriceCents = 0;
    // A dearer place: the difference's authorization (captured by the core after the commit).
    std::optional<Authorization> topUp;
    // A cheaper place: the reference of the refund that pays the difference back.
    std::string refundReference;
};

struct ExchangeKeyRecord {
    Id orderId = 0;
    std::string requestHash;
    Id exchangeId = 0;
};

struct ExchangeOutcome {
    Order order;
    Exchange exchange; // with its payment (a dearer place) or refund (a cheaper one)
    // A cheaper place's refund: the captured payment's reference and the refund's own, for the
    // gateway (empty otherwise).
    std::string paymentReference;
    std::string refundReference;
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

    // The prices of an exchange's two places, the order's currency and payment method, read
    // before anything is charged: not_found for an unknown order; invalid_request naming
    // ticket_id (not the order's), seat_id (not a numbered seat of the event) or section_id
    // (not a general-admission section of the event).
    virtual Result<ExchangeQuote> quoteExchange(const NewExchange& exchange) = 0;
    // Exchanges: in one transaction the ticket becomes void (exchanged; the mirror of the
    // check-in's conditional update), its place is free again, the new place is taken with ONE
    // conditional update (free, or held by a hold that has expired: of two exchanges or holds
    // racing for it one wins) and a new ticket at it joins the order, the order's total moves
    // by the difference, with the section counters, the exchange (its prices, the top-up of a
    // dearer place, or for a cheaper one a refund of the difference by the order's payment
    // method, settled at once for cash, pending for a card), its key, the audit entry
    // ticket.exchanged and the live feed's changes. The errors of quoteExchange, and
    // already_checked_in; ticket_void; seats_unavailable (the seat is taken) or sold_out (no
    // free place left); conflict when the places no longer cost what the core was told;
    // idempotency_mismatch when the key is taken.
    virtual Result<ExchangeOutcome> exchange(const NewExchange& exchange) = 0;
    virtual Result<std::optional<ExchangeKeyRecord>> findExchangeKey(Id actorId,
                                                                     const std::string& key) = 0;
    // The exchange and its order as they are now; not_found.
    virtual Result<ExchangeOutcome> findExchange(Id exchangeId) = 0;
};

} // namespace bilheteria
