#include "server/core/sales.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>

#include "server/core/eventrules.h"
#include "server/core/holds.h"
#include "server/core/idempotency.h"
#include "server/core/policy.h"
#include "shared/crypto/crypto.h"
#include "shared/timeformat.h"

namespace bilheteria {

SalesService::SalesService(Stores stores, const Clock& clock, PaymentGateways& gateways,
                           std::string requestHashKey, std::string cardFingerprintKey,
                           ActivityCounters* activity, std::chrono::seconds holdAfterCardRefusal)
    : m_stores(stores)
    , m_clock(clock)
    , m_gateways(gateways)
    , m_requestHashKey(std::move(requestHashKey))
    , m_cardFingerprintKey(std::move(cardFingerprintKey))
    , m_activity(activity)
    , m_holdAfterCardRefusal(std::max(holdAfterCardRefusal, std::chrono::seconds{1})) {}

std::string SalesService::cardFingerprint(const CardPayment& card) const {
    // The digits alone, so "4111 1111-1111 1111" and "4111111111111111" are one card.
    std::string digits;
    for (unsigned char c : card.number)
        if (std::isdigit(c)) digits += static_cast<char>(c);
    return crypto::hexEncode(crypto::hmacSha256(m_cardFingerprintKey, digits));
}

std::string SalesService::requestHash(Id holdId, const PaymentRequest& payment) const {
    std::string canonical = "hold=" + std::to_string(holdId);
    if (const auto* card = std::get_if<CardPayment>(&payment)) {
        canonical += "|card|" + card->number + "|" + std::to_string(card->expMonth) + "|" +
                     std::to_string(card->expYear) + "|" + card->cvc + "|" + card->holderName;
    } else {
        canonical += "|cash|" + std::to_string(std::get<CashPayment>(payment).tenderedCents);
    }
    return crypto::hexEncode(crypto::hmacSha256(m_requestHashKey, canonical));
}

Result<PurchaseResult> SalesService::replay(const User& actor, const IdempotencyRecord& record,
                                            Id holdId, const std::string& hash) {
    if (record.holdId != holdId || !crypto::constantTimeEquals(record.requestHash, hash))
        return fail(idempotencyMismatch());
    BILHETERIA_TRY(order, m_stores.sales.findOrder(record.orderId));
    (void)actor;
    return PurchaseResult{std::move(order), true};
}

Result<PurchaseResult> SalesService::purchase(const User& actor, Id holdId,
                                              const std::string& idempotencyKey,
                                              const PaymentRequest& payment) {
    BILHETERIA_CHECK(checkIdempotencyKey(idempotencyKey));
    const auto hash = requestHash(holdId, payment);
    BILHETERIA_TRY(earlier, m_stores.sales.findIdempotencyKey(actor.id, idempotencyKey));
    if (earlier) return replay(actor, *earlier, holdId, hash);

    const auto now = m_clock.now();
    BILHETERIA_TRY(hold, m_stores.holds.findHold(holdId, now));
    if (!mayActOnHold(actor, hold)) return fail(Error::notFound("no such hold"));
    if (hold.status == HoldStatus::Purchased) {
        // Perhaps by a request with this very key that committed since the lookup above.
        BILHETERIA_TRY(winner, m_stores.sales.findIdempotencyKey(actor.id, idempotencyKey));
        if (winner) return replay(actor, *winner, holdId, hash);
    }
    // A cancelled event sells nothing, whatever became of the hold (the cancellation ended it).
    BILHETERIA_TRY(event, m_stores.events.getEventSettings(hold.eventId));
    BILHETERIA_CHECK(requireNotCancelled(event.summary));
    if (hold.status == HoldStatus::Expired)
        return fail(Error{ErrorCode::HoldExpired, "the hold has expired; its seats were freed"});
    if (hold.status != HoldStatus::Active)
        return fail(Error{ErrorCode::HoldNotActive,
                          "the hold is " + std::string(holdStatusName(hold.status))});

    const auto method = paymentMethodName(payment);
    if (method == "cash") BILHETERIA_CHECK(authorize(actor, Action::SellAtCounter));
    PaymentGateway* gateway = m_gateways.find(method);
    if (!gateway)
        return fail(Error::invalidField("payment.method", "this server does not take " + method));

    // The per-card limit binds everyone who pays by card, counter staff included: the card is
    // the customer's, whoever types its number in.
    std::optional<int> maxTicketsPerCard;
    if (std::holds_alternative<CardPayment>(payment)) maxTicketsPerCard = event.maxTicketsPerCard;

    auto authorized = gateway->authorize(payment, hold.totalCents, hold.currency, now);
    if (!authorized) {
        // The buyer hears of a refusal by e-mail too; its own transaction, after the refusal
        // (nothing of the sale was written). Losing this message loses no money: best effort.
        if (authorized.error().code == ErrorCode::PaymentDeclined)
            (void)m_stores.notifications.recordRefusedPurchase(holdId, authorized.error().message,
                                                               now);
        return fail(authorized.error());
    }
    const Authorization& authorization = *authorized;

    NewPurchase purchase;
    purchase.holdId = holdId;
    purchase.actorId = actor.id;
    purchase.idempotencyKey = idempotencyKey;
    purchase.requestHash = hash;
    purchase.authorization = authorization;
    if (const auto* card = std::get_if<CardPayment>(&payment)) {
        purchase.cardFingerprint = cardFingerprint(*card);
        purchase.maxTicketsPerCard = maxTicketsPerCard;
    }
    purchase.now = now;
    for (std::int64_t i = 0; i < hold.ticketCount(); ++i)
        purchase.ticketCodes.push_back(crypto::randomToken(kTicketCodeBytes));

    auto order = m_stores.sales.completePurchase(purchase);
    if (!order) {
        // The sale did not happen: release the money before anything else.
        gateway->voidAuthorization(authorization);
        // A concurrent request with the same key may have won the race (this one then finds
        // the hold purchased, or the key taken): answer as that one did.
        BILHETERIA_TRY(winner, m_stores.sales.findIdempotencyKey(actor.id, idempotencyKey));
        if (winner) return replay(actor, *winner, holdId, hash);
        if (order.error().code == ErrorCode::CardLimitExceeded)
            return fail(shortenRefusedHold(holdId, order.error(), now));
        return fail(order.error());
    }
    if (m_activity)
        m_activity->saleMade(order->eventId, static_cast<std::int64_t>(order->tickets.size()));
    if (auto captured = gateway->capture(authorization); captured) {
        if (auto marked = m_stores.sales.markPaymentCaptured(order->id, m_clock.now()); !marked)
            std::fprintf(stderr, "order %lld: captured but not marked yet (%s); recovery retries\n",
                         static_cast<long long>(order->id), marked.error().message.c_str());
    } else {
        std::fprintf(stderr, "order %lld: capture failed (%s); recovery retries\n",
                     static_cast<long long>(order->id), captured.error().message.c_str());
    }
    return PurchaseResult{std::move(*order), false};
}

Error SalesService::shortenRefusedHold(Id holdId, Error refusal, TimePoint now) {
    // The card is at its limit: the hold stays for another card, but not for long, so places
    // held by accounts that share one card come back during the rush (docs/api.md).
    auto shortened = m_stores.holds.shortenHold(holdId, now + m_holdAfterCardRefusal,
                                                "card_limit_exceeded", now);
    if (shortened) refusal.details["hold_expires_at"] = formatRfc3339(shortened->expiresAt);
    return refusal;
}

Result<Order> SalesService::order(const User& actor, Id orderId) {
    BILHETERIA_TRY(found, m_stores.sales.findOrder(orderId));
    if (found.customerId != actor.id && !isAllowed(actor.role, Action::SellAtCounter))
        return fail(Error::notFound("no such order"));
    return found;
}

Result<std::vector<Order>> SalesService::orders(const User& actor) {
    return m_stores.sales.listOrders(actor.id);
}

Result<std::vector<Order>> SalesService::orderByTicket(const User& actor,
                                                       std::optional<Id> orderId) {
    if (!orderId) return std::vector<Order>{};
    BILHETERIA_TRY(found, m_stores.sales.findOrder(*orderId));
    if (found.customerId != actor.id && !isAllowed(actor.role, Action::CheckIn))
        return std::vector<Order>{};
    return std::vector<Order>{std::move(found)};
}

Result<ShiftSummary> SalesService::shift(const User& actor, TimePoint since,
                                         std::optional<TimePoint> until) {
    // Times are whole seconds: without an until the window ends after the current second, so a
    // sale made this very second counts.
    const TimePoint end = until.value_or(m_clock.now() + std::chrono::seconds{1});
    if (end < since) return fail(Error::invalidField("until", "until must not come before since"));
    return m_stores.reports.shiftSummary(actor.id, since, end);
}

Result<std::int64_t> SalesService::captureUncaptured() {
    BILHETERIA_TRY(pending, m_stores.sales.listUncapturedPayments());
    std::int64_t captured = 0;
    for (const auto& payment : pending) {
        PaymentGateway* gateway = m_gateways.find(payment.authorization.method);
        if (!gateway) continue;
        if (!gateway->capture(payment.authorization)) continue;
        if (m_stores.sales.markPaymentCaptured(payment.orderId, m_clock.now())) ++captured;
    }
    return captured;
}

} // namespace bilheteria
