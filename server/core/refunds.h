// Refunds: some or all of a paid order's tickets made void, their places back on sale and the
// money returned the way it came. The refund commits first, then the gateway pays it back and
// the refund is marked settled (cash: settled in the transaction, the clerk hands it over); an
// Idempotency-Key makes a retried request return the same refund without paying twice.
#pragma once

#include "server/core/activity.h"
#include "server/core/clock.h"
#include "server/core/payments.h"
#include "server/core/store/eventstore.h"
#include "server/core/store/refundstore.h"
#include "server/core/store/salestore.h"

namespace bilheteria {

struct RefundResult {
    Order order;
    Refund refund;
    bool replayed = false; // an earlier request with the same key made this refund
};

struct ExchangeResult {
    Order order;
    Exchange exchange;
    bool replayed = false; // an earlier request with the same key made this exchange
};

// POST /events/{id}/cancel: the event afterwards and what this call refunded.
struct CancellationResult {
    Event event;
    std::int64_t refundedOrders = 0;
    Cents refundedCents = 0;
};

// Orders a cancellation refunds in one transaction: few enough that the audit chains and
// counters they lock are not held long, many enough that 5,000 orders are not 5,000 commits.
constexpr int kCancellationBatch = 200;

class RefundService {
public:
    struct Stores {
        RefundStore& refunds;
        SaleStore& sales;   // the order being refunded
        EventStore& events; // its event's refund window
    };
    // `requestHashKey` keys the hash of each request kept with its idempotency key.
    // `activity`, when given, hears of each refund (also a cancellation's) and exchange.
    RefundService(Stores stores, const Clock& clock, PaymentGateways& gateways,
                  std::string requestHashKey, ActivityCounters* activity = nullptr);

    // Staff (clerk, organizer, admin) refund any order; a buyer their own while the event's
    // refunds_until is ahead and never a cash order (forbidden); another customer's order is
    // not_found to a buyer.
    Result<RefundResult> refund(const User& actor, Id orderId, const std::string& idempotencyKey,
                                const RefundRequest& request);
    // Pays back refunds that committed but were not settled (a crash in between); returns how
    // many it settled.
    Result<std::int64_t> settleUnsettled();

    // Cancels the event (its organizer or an admin; forbidden otherwise, not_found for an
    // unknown event): the sale closes at once, then every order with a ticket not void is
    // refunded whole (tickets void as `cancelled`, checked-in ones too), kCancellationBatch
    // orders a transaction, each order's refund audited as any refund and settled after its
    // batch commits. Calling again refunds only what is left: a cancellation cut short (a
    // crash) is finished by the next call, or by finishCancellations. Never pays twice: a
    // ticket is voided, and so refunded, once.
    Result<CancellationResult> cancelEvent(const User& actor, Id eventId,
                                           const CancelRequest& request);
    // POST /orders/{id}/exchanges: staff only (forbidden otherwise). A ticket of the order for
    // a new one at another place, in one transaction (RefundStore::exchange); sale_closed once
    // the event is cancelled. The difference decides the payment: a dearer place requires one
    // for the difference (invalid_request naming payment otherwise; cash for clerks and admins
    // only, forbidden otherwise), authorized before the transaction, voided if it fails and
    // captured after it commits (payment_declined: nothing changes); a place of the same price
    // or a cheaper one takes none (invalid_request naming payment), a cheaper one's difference
    // is a refund written with the exchange and settled as refunds are. The same key and
    // request (its payment included) again return the same exchange (replayed), nothing
    // charged twice; idempotency_mismatch for the key with another request.
    Result<ExchangeResult> exchange(const User& actor, Id orderId,
                                    const std::string& idempotencyKey,
                                    const ExchangeRequest& request);

    // The housekeeper: refunds what cancelled events have left (in the name of whoever
    // cancelled each); returns how many orders it refunded.
    Result<std::int64_t> finishCancellations();

private:
    std::string requestHash(Id orderId, const RefundRequest& request) const;
    Result<RefundResult> replay(const RefundKeyRecord& record, Id orderId, const std::string& hash);
    // The keyed hash of an exchange's request, its payment included (a card's number only
    // ever inside the hash).
    std::string exchangeRequestHash(Id orderId, const ExchangeRequest& request) const;
    Result<ExchangeResult> replayExchange(const ExchangeKeyRecord& record, Id orderId,
                                          const std::string& hash);
    // True once the gateway paid it back and the store marked it settled.
    bool settle(const UnsettledRefund& refund);
    // The gateway's part of settle (it pays one refund reference once, however often asked).
    bool payBack(const UnsettledRefund& refund);
    // The store's part, for several refunds in one transaction.
    bool markSettled(const std::vector<Id>& refundIds);
    // Refunds every order of the cancelled event with a ticket not void, in batches.
    Result<CancellationResult> refundCancelled(Id actorId, Id eventId,
                                               const std::optional<std::string>& reason);

    Stores m_stores;
    const Clock& m_clock;
    PaymentGateways& m_gateways;
    std::string m_requestHashKey;
    ActivityCounters* m_activity;
};

} // namespace bilheteria
