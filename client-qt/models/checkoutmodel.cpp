#include "client-qt/models/checkoutmodel.h"

#include <QUuid>

#include "client-qt/net/apiclient.h"
#include "client-qt/net/qtconversion.h"
#include "shared/payment.h"

namespace bilheteria::client {

CheckoutModel::CheckoutModel(ApiClient* api, QObject* parent, HoldCountdown::Clock clock)
    : QObject(parent)
    , m_api(api)
    , m_countdown(new HoldCountdown(this, std::move(clock))) {
    connect(m_countdown, &HoldCountdown::expired, this, [this] {
        if (m_state == State::Paying) return; // the answer decides (see send())
        if (m_pending && m_pending->unanswered) {
            // The last payment got no answer: it may have been charged. Ask once more with the
            // same key before saying the time is up; the server answers with the order if
            // there is one.
            send();
            return;
        }
        expire(tr("Your time to pay ran out and the seats were released. "
                  "Please choose them again."));
    });
    connect(m_api, &ApiClient::confirming, this, [this](const QString& key) {
        if (m_state != State::Paying || !m_pending || m_pending->key != key) return;
        m_confirming = true;
        Q_EMIT confirmingPayment();
    });
}

void CheckoutModel::setState(State state) {
    if (m_state == state) return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void CheckoutModel::setEvent(const Event& event) {
    m_event = event;
    Q_EMIT eventLoaded();
}

QString CheckoutModel::sectionName(Id sectionId) const {
    if (m_event)
        for (const SectionInfo& section : m_event->sections)
            if (section.id == sectionId) return toQString(section.name);
    return tr("Section %1").arg(sectionId);
}

bool CheckoutModel::canRetryPayment() const {
    return m_state == State::Held && m_pending && m_pending->unanswered;
}

void CheckoutModel::loadEvent(Id eventId) {
    if (m_event && m_event->summary.id == eventId) return;
    m_api->event(eventId, this, [this, eventId](ApiResult<Event> result) {
        // A late answer for another sale's event is of no use.
        if (!result || m_hold.eventId != eventId) return;
        setEvent(*result);
    });
}

void CheckoutModel::createHold(Id eventId, const HoldRequest& request) {
    if (hasHold() || m_state == State::Holding) return;
    dropPayment();
    m_lastError.clear();
    m_hold = Hold{};
    m_hold.eventId = eventId;
    m_lastOrder.reset();
    m_lastTendered.reset();
    setState(State::Holding);
    loadEvent(eventId);
    m_api->createHold(eventId, request, this, [this, eventId](ApiResult<Hold> result) {
        if (m_state != State::Holding || m_hold.eventId != eventId) return; // reset meanwhile
        if (!result) {
            m_lastError = result.error().message();
            setState(State::Idle);
            Q_EMIT holdFailed(m_lastError, result.error().code());
            return;
        }
        m_hold = *result;
        setState(State::Held);
        m_countdown->start(m_hold.expiresAt, m_api->serverClockOffsetMs());
        Q_EMIT holdCreated(m_hold);
    });
}

void CheckoutModel::release() {
    releaseThen({});
}

void CheckoutModel::releaseThen(std::function<void()> answered) {
    if (!hasHold()) {
        if (answered) answered();
        return;
    }
    const Id holdId = m_hold.id;
    m_countdown->stop();
    dropPayment();
    // The seats are given back whatever the answer: a hold that cannot be released now ends
    // by itself at expires_at.
    m_api->releaseHold(holdId, this, [answered = std::move(answered)](ApiResult<void>) {
        if (answered) answered();
    });
    m_hold = Hold{};
    setState(State::Idle);
    Q_EMIT holdReleased();
}

void CheckoutModel::reset() {
    if (hasHold()) release();
    m_countdown->stop();
    dropPayment();
    m_lastOrder.reset();
    m_lastTendered.reset();
    m_lastError.clear();
    m_hold = Hold{};
    setState(State::Idle);
}

void CheckoutModel::pay(const PaymentRequest& payment) {
    if (m_state != State::Held) return;
    const bool sameAsUnanswered = m_pending && m_pending->unanswered &&
                                  m_pending->holdId == m_hold.id &&
                                  samePayment(m_pending->payment, payment);
    if (!sameAsUnanswered) {
        dropPayment();
        m_pending = PendingPayment{m_hold.id, payment,
                                   QUuid::createUuid().toString(QUuid::WithoutBraces), false};
    }
    send();
}

void CheckoutModel::retryPayment() {
    if (!canRetryPayment()) return;
    send();
}

void CheckoutModel::send() {
    if (!m_pending) return;
    m_lastError.clear();
    m_confirming = false;
    setState(State::Paying);
    Q_EMIT paymentStarted();
    const Id holdId = m_pending->holdId;
    m_api->purchase(
        holdId, m_pending->payment, m_pending->key, this, [this, holdId](ApiResult<Order> result) {
            if (m_state != State::Paying || m_hold.id != holdId) return;
            m_confirming = false;
            const bool timeUp = m_countdown->hasExpired();
            if (result) {
                if (const auto* cash = std::get_if<CashPayment>(&m_pending->payment))
                    m_lastTendered = cash->tenderedCents;
                dropPayment();
                m_countdown->stop();
                m_lastOrder = *result;
                setState(State::Completed);
                Q_EMIT orderCompleted(*m_lastOrder);
                return;
            }
            const ApiError& error = result.error();
            // No definite answer even after ApiClient's retries: the server may have charged.
            // Keep the payment and its key for a check that cannot charge twice, whatever the
            // countdown says (the server answers a known key with its order even then).
            const bool unknown = error.outcomeUnknown();
            if (unknown) {
                m_pending->unanswered = true;
                m_lastError = tr("We could not confirm whether the payment went through. It "
                                 "cannot be charged twice: press “Check again” to ask the "
                                 "server once more.");
                setState(State::Held);
                Q_EMIT paymentFailed(m_lastError, error.code(), true, true);
                return;
            }
            m_lastError = error.message();
            dropPayment();
            if (error.is(ErrorCode::HoldExpired) || error.is(ErrorCode::HoldNotActive)) {
                expire(m_lastError);
                return;
            }
            if (timeUp) {
                expire(tr("Your time to pay ran out and the seats were "
                          "released. Nothing was charged for them."));
                return;
            }
            if (error.is(ErrorCode::CardLimitExceeded)) shortenHold(error);
            setState(State::Held);
            Q_EMIT paymentFailed(m_lastError, error.code(), true, false);
        });
}

void CheckoutModel::shortenHold(const ApiError& refusal) {
    // The server keeps a hold refused for its card's limit only briefly (docs/api.md): the
    // countdown must show the new end, or the person would pay into an expired hold.
    const auto cut = holdEndAfterRefusal(refusal.error);
    if (!cut || *cut >= m_hold.expiresAt) return;
    m_hold.expiresAt = *cut;
    m_countdown->start(m_hold.expiresAt, m_api->serverClockOffsetMs());
}

void CheckoutModel::expire(const QString& message) {
    m_countdown->stop();
    dropPayment();
    m_lastError = message;
    m_hold.status = HoldStatus::Expired; // kept: the page may go back to hold.eventId
    setState(State::Expired);
    Q_EMIT holdExpired(message);
}

void CheckoutModel::dropPayment() {
    if (m_pending) wipeSecrets(m_pending->payment);
    m_pending.reset();
}

} // namespace bilheteria::client
