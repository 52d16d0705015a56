// Refunds: some or all of a paid order's tickets made void, their places back on sale and the
// money returned the way it came. The refund commits first, then the gateway pays it back and
// the refund is marked settled (cash: settled in the transaction, the clerk hands it over); an
// Idempotency-Key makes a retried request return the same refund without paying twice.
#pragma once

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

class RefundService {
public:
    struct Stores {
        RefundStore& refunds;
        SaleStore& sales;   // the order being refunded
        EventStore& events; // its event's refund window
    };
    // `requestHashKey` keys the hash of each request kept with its idempotency key.
    RefundService(Stores stores, const Clock& clock, PaymentGateways& gateways,
                  std::string requestHashKey);

    // Staff (clerk, organizer, admin) refund any order; a buyer their own while the event's
    // refunds_until is ahead and never a cash order (forbidden); another customer's order is
    // not_found to a buyer.
    Result<RefundResult> refund(const User& actor, Id orderId, const std::string& idempotencyKey,
                                const RefundRequest& request);
    // Pays back refunds that committed but were not settled (a crash in between); returns how
    // many it settled.
    Result<std::int64_t> settleUnsettled();

private:
    std::string requestHash(Id orderId, const RefundRequest& request) const;
    Result<RefundResult> replay(const RefundKeyRecord& record, Id orderId, const std::string& hash);
    // True once the gateway paid it back and the store marked it settled.
    bool settle(const UnsettledRefund& refund);

    Stores m_stores;
    const Clock& m_clock;
    PaymentGateways& m_gateways;
    std::string m_requestHashKey;
};

} // namespace bilheteria
