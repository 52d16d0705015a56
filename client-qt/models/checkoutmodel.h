// One sale from held seats to a paid order: creates the hold, counts down its time (the
// countdown), releases it, and pays for it, card or cash. Payment is where money moves, so the
// rules are strict:
//  - every purchase carries an Idempotency-Key tied to (hold, payment body). A new payment (a
//    first try, another card after a decline) gets a new key; when the outcome is unknown (no
//    answer, a 503 in a failover: the server may or may not have charged) the same body goes
//    again with the same key, so the server answers with the order it made instead of refusing
//    a new key for seats already sold. ApiClient does that by itself for a while ("Confirming
//    your payment…"); if it gives up, "Check again" (retryPayment()) asks once more with the
//    same key — never a new sale.
//  - the card number and CVC live in the model only while the request is unanswered: an answer,
//    whatever it says, drops them. Only a request that got no answer keeps them, for the retry
//    that must repeat it byte for byte, until the retry, a new payment, release or expiry.
//  - a declined card or a card over its limit keeps the hold: the person may try another card
//    (over its limit, only for the shorter time the server then gives it). An expired hold ends
//    the sale.
#pragma once

#include <QObject>
#include <QString>
#include <functional>
#include <optional>
#include <vector>

#include "client-qt/models/holdcountdown.h"
#include "client-qt/net/apierror.h"
#include "shared/error.h"
#include "shared/payment.h"
#include "shared/protocol.h"

namespace bilheteria::client {

class ApiClient;

class CheckoutModel : public QObject {
    Q_OBJECT
public:
    enum class State {
        Idle,      // no hold
        Holding,   // asking for a hold
        Held,      // the seats are ours until the countdown ends
        Paying,    // a purchase request is on its way
        Completed, // paid: lastOrder() has the order
        Expired,   // the hold ran out before it was paid
    };
    Q_ENUM(State)

    // `clock` drives the countdown (tests pass a fake one).
    explicit CheckoutModel(ApiClient* api, QObject* parent = nullptr,
                           HoldCountdown::Clock clock = {});

    State state() const { return m_state; }
    HoldCountdown* countdown() const { return m_countdown; }
    bool hasHold() const { return m_state == State::Held || m_state == State::Paying; }
    const Hold& hold() const { return m_hold; }
    // The event the hold is for, once read (name, venue, date, section names).
    const std::optional<Event>& event() const { return m_event; }
    // The section's name, or "Section N" while the event is not read yet.
    QString sectionName(Id sectionId) const;
    const std::optional<Order>& lastOrder() const { return m_lastOrder; }
    // What the customer handed over for the last cash order (for the confirmation page).
    std::optional<Cents> lastTendered() const { return m_lastTendered; }
    // The message of the last failure, for the page that shows it.
    QString lastError() const { return m_lastError; }
    // The key the current (or last unanswered) payment uses; empty when none.
    QString idempotencyKey() const { return m_pending ? m_pending->key : QString(); }
    // True after a payment's outcome stayed unknown: retryPayment() repeats it with the same key.
    bool canRetryPayment() const;
    // A payment's outcome is unknown and ApiClient is asking again with its key.
    bool isConfirming() const { return m_confirming; }
    // The payment the model still holds (only after an unanswered request): for tests, which
    // check that answers drop the card number.
    bool holdsPaymentDetails() const { return m_pending.has_value(); }

    // Sets the event (when the page that chose the seats has it) so it need not be read again.
    void setEvent(const Event& event);

public Q_SLOTS:
    void createHold(bilheteria::Id eventId, const bilheteria::HoldRequest& request);
    // Gives the seats back (DELETE the hold) and ends the sale.
    void release();

public:
    // release(), then `answered` once the server has answered the DELETE (whatever it said):
    // what must not overtake it (signing out, which would refuse the DELETE) waits for it.
    void releaseThen(std::function<void()> answered);

public Q_SLOTS:
    // Pays for the current hold. A new payment gets a new key, unless it is the very payment
    // that got no answer (same hold, same body): that one keeps its key.
    void pay(const bilheteria::PaymentRequest& payment);
    // Sends the payment whose outcome is unknown again with its key ("Check again").
    void retryPayment();
    // Forgets the order (and any hold) and starts over: "New sale".
    void reset();

Q_SIGNALS:
    void stateChanged(bilheteria::client::CheckoutModel::State state);
    void holdCreated(const bilheteria::Hold& hold);
    void holdFailed(const QString& message, bilheteria::ErrorCode code);
    void eventLoaded();
    void holdReleased();
    // The hold ran out (the countdown, or the server said so): the seats are no longer ours.
    void holdExpired(const QString& message);
    void paymentStarted();
    // The payment's outcome is unknown (503, no answer): it is being sent again with its key.
    void confirmingPayment();
    // The payment did not go through, or its outcome stayed unknown. `holdKept`: the seats are
    // still held (declined card, ...); `retryable`: the outcome is unknown — the message says
    // so, and retryPayment() ("Check again", same key) is the way on.
    void paymentFailed(const QString& message, bilheteria::ErrorCode code, bool holdKept,
                       bool retryable);
    void orderCompleted(const bilheteria::Order& order);

private:
    struct PendingPayment {
        Id holdId = 0;
        PaymentRequest payment;
        QString key;
        bool unanswered = false; // the last try got no answer
    };

    void setState(State state);
    void send();
    void expire(const QString& message);
    // A card-limit refusal brought the hold's end forward: the countdown follows.
    void shortenHold(const ApiError& refusal);
    void dropPayment();
    void loadEvent(Id eventId);

    ApiClient* m_api;
    HoldCountdown* m_countdown;
    State m_state = State::Idle;
    Hold m_hold;
    std::optional<Event> m_event;
    std::optional<Order> m_lastOrder;
    std::optional<Cents> m_lastTendered;
    std::optional<PendingPayment> m_pending;
    QString m_lastError;
    bool m_confirming = false;
};

} // namespace bilheteria::client
