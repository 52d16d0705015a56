#include "client-term/models/checkout.h"

#include "shared/payment.h"

namespace bilheteria::term {

Checkout::Checkout(ApiClient& api, Clock clock)
    : m_api(api)
    , m_clock(clock ? std::move(clock) : Clock([] { return std::chrono::system_clock::now(); })) {}

std::chrono::system_clock::time_point Checkout::now() const {
    return m_clock() + m_api.serverClockOffset();
}

ApiResult<Hold> Checkout::createHold(Id eventId, const HoldRequest& request) {
    reset();
    auto hold = m_api.createHold(eventId, request);
    if (!hold) return hold;
    m_hold = *hold;
    m_state = State::Held;
    return hold;
}

ApiResult<Hold> Checkout::resume(Id holdId) {
    reset();
    auto hold = m_api.hold(holdId);
    if (!hold) return hold;
    m_hold = *hold;
    m_state = hold->status == HoldStatus::Active ? State::Held : State::Expired;
    return hold;
}

ApiResult<void> Checkout::release() {
    if (m_state != State::Held) return {};
    auto released = m_api.releaseHold(m_hold.id);
    dropPayment();
    m_state = State::Idle;
    return released;
}

std::int64_t Checkout::secondsLeft() const {
    if (m_state != State::Held) return 0;
    const auto left = std::chrono::ceil<std::chrono::seconds>(m_hold.expiresAt - now());
    return std::max<std::int64_t>(0, left.count());
}

bool Checkout::checkExpiry() {
    if (m_state != State::Held || secondsLeft() > 0) return false;
    // A payment without an answer may have been charged: the next pay()/retry() asks with
    // its key and learns the truth; only then is the hold given up.
    if (canRetry()) return false;
    // The server decides: while it still calls the hold active the seats are ours. Without an
    // answer our clock decides (the server frees the seats at their time anyway).
    const auto asked = std::chrono::steady_clock::now();
    if (asked - m_lastAskedServer < std::chrono::seconds(1)) return false;
    m_lastAskedServer = asked;
    if (const auto hold = m_api.hold(m_hold.id); hold && hold->status == HoldStatus::Active)
        return false;
    dropPayment();
    m_hold.status = HoldStatus::Expired;
    m_state = State::Expired;
    return true;
}

ApiResult<Order> Checkout::pay(const PaymentRequest& payment) {
    if (m_state != State::Held) {
        ApiError error;
        error.kind = ApiError::Kind::Http;
        error.error = Error{ErrorCode::HoldNotActive, "there is no hold to pay for"};
        return std::unexpected(error);
    }
    const bool sameAsUnanswered = m_pending && m_pending->unanswered &&
                                  m_pending->holdId == m_hold.id &&
                                  samePayment(m_pending->payment, payment);
    if (!sameAsUnanswered) {
        dropPayment();
        m_pending = PendingPayment{m_hold.id, payment, newIdempotencyKey(), false};
    }
    return send();
}

ApiResult<Order> Checkout::retry() {
    if (!canRetry()) {
        ApiError error;
        error.kind = ApiError::Kind::Http;
        error.error = Error{ErrorCode::InvalidRequest, "no payment is waiting for a retry"};
        return std::unexpected(error);
    }
    return send();
}

ApiResult<Order> Checkout::send() {
    auto order = m_api.purchase(m_pending->holdId, m_pending->payment, m_pending->key);
    if (order) {
        if (const auto* cash = std::get_if<CashPayment>(&m_pending->payment))
            m_tendered = cash->tenderedCents;
        dropPayment();
        m_order = *order;
        m_hold.status = HoldStatus::Purchased;
        m_state = State::Completed;
        return order;
    }
    const ApiError& error = order.error();
    if (error.outcomeUnknown())
        m_pending->unanswered = true; // keep body and key: the retry cannot charge twice
    else
        dropPayment();
    if (error.is(ErrorCode::HoldExpired) || error.is(ErrorCode::HoldNotActive)) {
        m_hold.status = HoldStatus::Expired;
        m_state = State::Expired;
    }
    // Refused for the card's limit, the hold is kept only briefly: the countdown follows.
    if (const auto cut = holdEndAfterRefusal(error.error);
        error.is(ErrorCode::CardLimitExceeded) && cut && *cut < m_hold.expiresAt)
        m_hold.expiresAt = *cut;
    return order;
}

void Checkout::dropPayment() {
    if (m_pending) wipeSecrets(m_pending->payment);
    m_pending.reset();
}

void Checkout::reset() {
    dropPayment();
    m_state = State::Idle;
    m_hold = Hold{};
    m_order.reset();
    m_tendered.reset();
}

} // namespace bilheteria::term
