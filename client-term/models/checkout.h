// One sale from held seats to a paid order, as the terminal shows it: the hold, its countdown
// to the server's expires_at, and the payment. The money rules are the desktop checkout's
// (client-qt/models/checkoutmodel.h):
//  - every purchase carries an Idempotency-Key tied to (hold, payment body). A new payment (a
//    first try, another card after a decline) gets a new key; while the outcome is unknown (no
//    answer, a 503 in a failover: the server may or may not have charged) the same body goes
//    with the same key — ApiClient asks again by itself for a while, then retry() ("Check
//    again", F9) — so the server answers with the order it made instead of charging twice;
//  - the card number and CVC are kept only while a request is unanswered;
//  - a declined card or a card over its limit keeps the hold; an expired hold ends the sale.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "client-term/net/apiclient.h"

namespace bilheteria::term {

class Checkout {
public:
    enum class State { Idle, Held, Completed, Expired };
    using Clock = std::function<std::chrono::system_clock::time_point()>;

    // `clock` is this machine's (tests pass a fake one); the countdown adds the server's offset.
    explicit Checkout(ApiClient& api, Clock clock = {});

    State state() const { return m_state; }
    const Hold& hold() const { return m_hold; }
    const std::optional<Order>& order() const { return m_order; }
    std::optional<Cents> tendered() const { return m_tendered; }

    ApiResult<Hold> createHold(Id eventId, const HoldRequest& request);
    // Takes over a hold made elsewhere (the command line's `buy HOLD`).
    ApiResult<Hold> resume(Id holdId);
    ApiResult<void> release();

    // Seconds left on the hold by the server's clock, rounded up (0 once it is over).
    std::int64_t secondsLeft() const;
    // Marks the hold expired once its time is up and the server agrees (our estimate of its
    // clock is good to about a second; asked at most once a second), unless a payment awaits
    // its answer's retry. True when it has just expired.
    bool checkExpiry();

    // Pays for the hold. A new payment gets a new key, unless it is the very payment that got
    // no answer (same hold, same body): that one keeps its key.
    ApiResult<Order> pay(const PaymentRequest& payment);
    // Sends the payment whose outcome is unknown again with its key ("Check again").
    ApiResult<Order> retry();
    bool canRetry() const { return m_pending && m_pending->unanswered; }
    // The key the unanswered payment keeps; empty when none.
    std::string pendingKey() const { return m_pending ? m_pending->key : std::string{}; }
    bool holdsPaymentDetails() const { return m_pending.has_value(); }

    void reset();

private:
    struct PendingPayment {
        Id holdId = 0;
        PaymentRequest payment;
        std::string key;
        bool unanswered = false;
    };
    ApiResult<Order> send();
    void dropPayment();
    std::chrono::system_clock::time_point now() const;

    ApiClient& m_api;
    Clock m_clock;
    State m_state = State::Idle;
    Hold m_hold;
    std::optional<Order> m_order;
    std::optional<Cents> m_tendered;
    std::optional<PendingPayment> m_pending;
    std::chrono::steady_clock::time_point m_lastAskedServer{};
};

} // namespace bilheteria::term
