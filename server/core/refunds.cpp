#include "server/core/refunds.h"

#include <algorithm>
#include <cstdio>

#include "server/core/eventrules.h"
#include "server/core/idempotency.h"
#include "server/core/policy.h"
#include "server/core/sales.h"
#include "shared/crypto/crypto.h"

namespace bilheteria {

namespace {

constexpr std::size_t kRefundReferenceBytes = 12; // 96 random bits, as a payment's

} // namespace

RefundService::RefundService(Stores stores, const Clock& clock, PaymentGateways& gateways,
                             std::string requestHashKey, ActivityCounters* activity)
    : m_stores(stores)
    , m_clock(clock)
    , m_gateways(gateways)
    , m_requestHashKey(std::move(requestHashKey))
    , m_activity(activity) {}

std::string RefundService::requestHash(Id orderId, const RefundRequest& request) const {
    std::vector<Id> ids = request.ticketIds;
    std::sort(ids.begin(), ids.end());
    std::string canonical = "order=" + std::to_string(orderId) + "|tickets=";
    for (Id id : ids)
        canonical += std::to_string(id) + ",";
    canonical += "|reason=" + (request.reason ? "1" + *request.reason : std::string("0"));
    return crypto::hexEncode(crypto::hmacSha256(m_requestHashKey, canonical));
}

Result<RefundResult> RefundService::replay(const RefundKeyRecord& record, Id orderId,
                                           const std::string& hash) {
    if (record.orderId != orderId || !crypto::constantTimeEquals(record.requestHash, hash))
        return fail(idempotencyMismatch());
    BILHETERIA_TRY(found, m_stores.refunds.findRefund(record.refundId));
    return RefundResult{std::move(found.order), std::move(found.refund), true};
}

Result<RefundResult> RefundService::refund(const User& actor, Id orderId,
                                           const std::string& idempotencyKey,
                                           const RefundRequest& request) {
    BILHETERIA_CHECK(checkIdempotencyKey(idempotencyKey));
    const auto hash = requestHash(orderId, request);
    BILHETERIA_TRY(earlier, m_stores.refunds.findRefundKey(actor.id, idempotencyKey));
    if (earlier) return replay(*earlier, orderId, hash);

    const auto now = m_clock.now();
    BILHETERIA_TRY(order, m_stores.sales.findOrder(orderId));
    if (!isAllowed(actor.role, Action::Refund)) {
        // A buyer sees only their own orders; cash goes back at the counter, never online.
        if (order.customerId != actor.id) return fail(Error::notFound("no such order"));
        if (order.payment.method == "cash")
            return fail(Error::forbidden("a cash order is refunded at the box office"));
        BILHETERIA_TRY(event, m_stores.events.getEventSettings(order.eventId));
        if (!event.refundsUntil || now >= *event.refundsUntil)
            return fail(Error::forbidden("refunds for this event are closed"));
    }
    NewRefund in;
    in.orderId = orderId;
    in.actorId = actor.id;
    in.ticketIds = request.ticketIds; // each once (parseRefundRequest)
    if (request.reason && !request.reason->empty()) in.reason = request.reason;
    in.idempotencyKey = idempotencyKey;
    in.requestHash = hash;
    in.reference = "rf_" + crypto::randomToken(kRefundReferenceBytes);
    in.now = now;
    auto done = m_stores.refunds.refund(in);
    if (!done) {
        // A concurrent request with the same key may have won: answer as that one did.
        BILHETERIA_TRY(winner, m_stores.refunds.findRefundKey(actor.id, idempotencyKey));
        if (winner) return replay(*winner, orderId, hash);
        return fail(done.error());
    }
    Refund& refund = done->refund;
    if (m_activity) m_activity->refundMade(static_cast<std::int64_t>(refund.ticketIds.size()));
    if (refund.status != "settled" &&
        settle({refund.id, refund.method, done->paymentReference, done->reference,
                refund.amountCents, refund.currency}))
        refund.status = "settled";
    return RefundResult{std::move(done->order), std::move(done->refund), false};
}

// A failure leaves the refund pending for settleUnsettled: the gateway pays one refund
// reference once however often it is asked.
bool RefundService::settle(const UnsettledRefund& refund) {
    return payBack(refund) && markSettled({refund.refundId});
}

bool RefundService::payBack(const UnsettledRefund& refund) {
    PaymentGateway* gateway = m_gateways.find(refund.method);
    if (!gateway) return false;
    if (auto paid = gateway->refund(refund.paymentReference, refund.reference, refund.amountCents);
        !paid) {
        std::fprintf(stderr, "refund %lld: the gateway refused (%s); recovery retries\n",
                     static_cast<long long>(refund.refundId), paid.error().message.c_str());
        return false;
    }
    return true;
}

bool RefundService::markSettled(const std::vector<Id>& refundIds) {
    if (refundIds.empty()) return true;
    if (auto marked = m_stores.refunds.markRefundsSettled(refundIds, m_clock.now()); !marked) {
        std::fprintf(stderr, "%zu refunds paid but not marked yet (%s); recovery retries\n",
                     refundIds.size(), marked.error().message.c_str());
        return false;
    }
    return true;
}

Result<std::int64_t> RefundService::settleUnsettled() {
    BILHETERIA_TRY(pending, m_stores.refunds.listUnsettledRefunds());
    std::int64_t settled = 0;
    for (const auto& refund : pending)
        if (settle(refund)) ++settled;
    return settled;
}

Result<ExchangeResult> RefundService::replayExchange(const ExchangeKeyRecord& record, Id orderId,
                                                     const std::string& hash) {
    if (record.orderId != orderId || !crypto::constantTimeEquals(record.requestHash, hash))
        return fail(idempotencyMismatch());
    BILHETERIA_TRY(found, m_stores.refunds.findExchange(record.exchangeId));
    return ExchangeResult{std::move(found.order), std::move(found.exchange), true};
}

std::string RefundService::exchangeRequestHash(Id orderId, const ExchangeRequest& request) const {
    std::string canonical = "exchange|order=" + std::to_string(orderId) +
                            "|ticket=" + std::to_string(request.ticketId) +
                            "|seat=" + std::to_string(request.seatId.value_or(0)) +
                            "|section=" + std::to_string(request.sectionId.value_or(0));
    // The payment as a purchase's request hash has it: the card's fields only ever inside the
    // keyed hash, never stored.
    if (!request.payment) {
        canonical += "|none";
    } else if (const auto* card = std::get_if<CardPayment>(&*request.payment)) {
        canonical += "|card|" + card->number + "|" + std::to_string(card->expMonth) + "|" +
                     std::to_string(card->expYear) + "|" + card->cvc + "|" + card->holderName;
    } else {
        canonical +=
            "|cash|" + std::to_string(std::get<CashPayment>(*request.payment).tenderedCents);
    }
    return crypto::hexEncode(crypto::hmacSha256(m_requestHashKey, canonical));
}

Result<ExchangeResult> RefundService::exchange(const User& actor, Id orderId,
                                               const std::string& idempotencyKey,
                                               const ExchangeRequest& request) {
    BILHETERIA_CHECK(authorize(actor, Action::Refund)); // the staff who refund exchange too
    BILHETERIA_CHECK(checkIdempotencyKey(idempotencyKey));
    const auto hash = exchangeRequestHash(orderId, request);
    BILHETERIA_TRY(earlier, m_stores.refunds.findExchangeKey(actor.id, idempotencyKey));
    if (earlier) return replayExchange(*earlier, orderId, hash);

    BILHETERIA_TRY(order, m_stores.sales.findOrder(orderId));
    BILHETERIA_TRY(event, m_stores.events.getEventSettings(order.eventId));
    BILHETERIA_CHECK(requireNotCancelled(event.summary));
    NewExchange in;
    in.orderId = orderId;
    in.actorId = actor.id;
    in.ticketId = request.ticketId;
    in.seatId = request.seatId;
    in.sectionId = request.sectionId;
    in.code = crypto::randomToken(kTicketCodeBytes);
    in.idempotencyKey = idempotencyKey;
    in.requestHash = hash;
    in.now = m_clock.now();

    // The difference decides the payment: required for a dearer place, refused otherwise (a
    // cheaper place's difference goes back as a refund).
    BILHETERIA_TRY(quote, m_stores.refunds.quoteExchange(in));
    in.oldPriceCents = quote.oldPriceCents;
    in.newPriceCents = quote.newPriceCents;
    const Cents difference = quote.newPriceCents - quote.oldPriceCents;
    if (difference <= 0 && request.payment)
        return fail(Error::invalidField(
            "payment", difference == 0 ? "the new place costs the same: there is nothing to pay"
                                       : "the new place is cheaper: the difference is paid back"));
    if (difference > 0 && !request.payment)
        return fail(Error::invalidField("payment", "the new place is dearer: payment is required "
                                                   "for the difference of " +
                                                       std::to_string(difference) + " cents"));
    PaymentGateway* gateway = nullptr;
    if (difference > 0) {
        const auto method = paymentMethodName(*request.payment);
        if (method == "cash") BILHETERIA_CHECK(authorize(actor, Action::SellAtCounter));
        gateway = m_gateways.find(method);
        if (!gateway)
            return fail(
                Error::invalidField("payment.method", "this server does not take " + method));
        // Declined: nothing has changed yet.
        BILHETERIA_TRY(authorization,
                       gateway->authorize(*request.payment, difference, quote.currency, in.now));
        in.topUp = std::move(authorization);
    } else if (difference < 0) {
        in.refundReference = "rf_" + crypto::randomToken(kRefundReferenceBytes);
    }

    auto done = m_stores.refunds.exchange(in);
    if (!done) {
        // The exchange did not happen: release the money before anything else.
        if (in.topUp) gateway->voidAuthorization(*in.topUp);
        // A concurrent request with the same key may have won: answer as that one did.
        BILHETERIA_TRY(winner, m_stores.refunds.findExchangeKey(actor.id, idempotencyKey));
        if (winner) return replayExchange(*winner, orderId, hash);
        return fail(done.error());
    }
    if (m_activity) m_activity->exchangeMade();
    if (in.topUp) {
        if (auto captured = gateway->capture(*in.topUp); !captured)
            std::fprintf(stderr, "exchange %lld: capture of the top-up failed (%s)\n",
                         static_cast<long long>(done->exchange.id),
                         captured.error().message.c_str());
    }
    if (auto& refund = done->exchange.refund;
        refund && refund->status != "settled" &&
        settle({refund->id, refund->method, done->paymentReference, done->refundReference,
                refund->amountCents, refund->currency}))
        refund->status = "settled";
    return ExchangeResult{std::move(done->order), std::move(done->exchange), false};
}

Result<CancellationResult> RefundService::cancelEvent(const User& actor, Id eventId,
                                                      const CancelRequest& request) {
    BILHETERIA_TRY(settings, m_stores.events.getEventSettings(eventId));
    BILHETERIA_CHECK(authorizeEventCancel(actor, settings));
    if (auto cancelled =
            m_stores.events.cancelEvent(eventId, actor.id, request.reason, m_clock.now());
        !cancelled)
        return fail(cancelled.error());
    // The refunds carry the reason the event was cancelled for (the first call's).
    BILHETERIA_TRY(done, refundCancelled(actor.id, eventId, request.reason));
    BILHETERIA_TRY(event, m_stores.events.getEvent(eventId, m_clock.now()));
    done.event = std::move(event);
    return done;
}

Result<CancellationResult>
RefundService::refundCancelled(Id actorId, Id eventId, const std::optional<std::string>& reason) {
    CancellationResult out;
    Id after = 0;
    for (;;) {
        BILHETERIA_TRY(orders,
                       m_stores.refunds.ordersWithValidTickets(eventId, after, kCancellationBatch));
        if (orders.empty()) break;
        after = orders.back();
        std::vector<NewRefund> batch;
        batch.reserve(orders.size());
        const auto now = m_clock.now();
        for (Id orderId : orders) {
            NewRefund in;
            in.orderId = orderId;
            in.actorId = actorId;
            in.reason = reason;
            in.reference = "rf_" + crypto::randomToken(kRefundReferenceBytes);
            in.now = now;
            in.voidReason = "cancelled";
            batch.push_back(std::move(in));
        }
        BILHETERIA_TRY(refunded, m_stores.refunds.refundOrders(batch));
        // The batch's card refunds paid back one by one, then marked settled together.
        std::vector<Id> paid;
        for (const RefundOutcome& done : refunded) {
            ++out.refundedOrders;
            out.refundedCents += done.refund.amountCents;
            if (m_activity)
                m_activity->refundMade(static_cast<std::int64_t>(done.refund.ticketIds.size()));
            if (done.refund.status != "settled" &&
                payBack({done.refund.id, done.refund.method, done.paymentReference, done.reference,
                         done.refund.amountCents, done.refund.currency}))
                paid.push_back(done.refund.id);
        }
        markSettled(paid);
    }
    return out;
}

Result<std::int64_t> RefundService::finishCancellations() {
    BILHETERIA_TRY(events, m_stores.refunds.unfinishedCancellations());
    std::int64_t refunded = 0;
    for (Id eventId : events) {
        BILHETERIA_TRY(event, m_stores.events.getEventSettings(eventId));
        if (!event.cancelledBy) continue;
        BILHETERIA_TRY(done, refundCancelled(*event.cancelledBy, eventId, std::nullopt));
        refunded += done.refundedOrders;
    }
    return refunded;
}

} // namespace bilheteria
