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
    std::string idempotencyKey;
    std::string requestHash;
    std::string reference; // the refund's own reference at the payment gateway
    TimePoint now{};
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
    virtual Result<std::optional<RefundKeyRecord>> findRefundKey(Id actorId,
                                                                 const std::string& key) = 0;
    // The refund and its order as they are now; not_found.
    virtual Result<RefundOutcome> findRefund(Id refundId) = 0;
    virtual Result<void> markRefundSettled(Id refundId, TimePoint now) = 0;
    virtual Result<std::vector<UnsettledRefund>> listUnsettledRefunds() = 0;
};

} // namespace bilheteria
