// Sales: a hold turned into a paid order with its tickets and payment, the idempotency keys
// that make a retried purchase return the same order, and the payments' capture. Used by
// SalesService (core/sales.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/core/payments.h"
#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria {

// Everything a sale writes, prepared by the core: the payment is already authorized and the
// ticket codes drawn (one per ticket of the hold).
struct NewPurchase {
    Id holdId = 0;
    Id actorId = 0; // who pays: the hold's owner, or counter staff
    std::string idempotencyKey;
    std::string requestHash;
    Authorization authorization;
    std::vector<std::string> ticketCodes;
    // Card payments: a keyed hash of the card number (never the number) and the event's limit
    // of tickets per card, counted over every order paid with that card whoever bought it.
    std::optional<std::string> cardFingerprint;
    std::optional<int> maxTicketsPerCard;
    TimePoint now{};
};

struct IdempotencyRecord {
    Id holdId = 0;
    std::string requestHash;
    Id orderId = 0;
};

struct UncapturedPayment {
    Id orderId = 0;
    Authorization authorization;
};

// Every method is one transaction (see core/store/storage.h).
class SaleStore {
public:
    virtual ~SaleStore() = default;

    // Turns an active hold into a paid order with its tickets, the payment (authorized), the
    // audit entry and the outbox's changes (places sold, the order), atomically.
    // hold_expired / hold_not_active when the hold is no longer active; idempotency_mismatch
    // when the key is taken (the caller then looks the key up again); card_limit_exceeded
    // (details.limit and .current) when the card's tickets for the event plus the hold's
    // would pass maxTicketsPerCard.
    virtual Result<Order> completePurchase(const NewPurchase& purchase) = 0;
    virtual Result<std::optional<IdempotencyRecord>> findIdempotencyKey(Id customerId,
                                                                        const std::string& key) = 0;
    virtual Result<Order> findOrder(Id orderId) = 0;
    virtual Result<std::vector<Order>> listOrders(Id customerId) = 0;
    virtual Result<void> markPaymentCaptured(Id orderId, TimePoint now) = 0;
    // Orders whose payment was authorized but not yet captured (a crash between commit and
    // capture): recovery captures them.
    virtual Result<std::vector<UncapturedPayment>> listUncapturedPayments() = 0;
};

} // namespace bilheteria
