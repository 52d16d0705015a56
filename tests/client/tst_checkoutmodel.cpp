// CheckoutModel against the real server: a cash sale with change; a declined card that keeps
// the hold, then another card paid under a new Idempotency-Key; a payment that got no answer
// retried under the same key (and the server's answer to that key is the same order); a card
// over its limit; a hold that cannot be had; release; expiry on a fake clock.
#include <QSignalSpy>
#include <QTest>

#include "client-qt/models/checkoutmodel.h"
#include "tests/client/clientfixture.h"
#include "tests/support/builders.h"

using namespace bilheteria;
using namespace bilheteria::client;
using bilheteria::testing::await;
using bilheteria::testing::LiveServer;

Q_DECLARE_METATYPE(bilheteria::Hold)
Q_DECLARE_METATYPE(bilheteria::Order)
Q_DECLARE_METATYPE(bilheteria::ErrorCode)

namespace {

constexpr int kWaitMs = 20'000;

CardPayment card(const char* number) {
    CardPayment payment;
    payment.number = number;
    payment.expMonth = 12;
    payment.expYear = 2035;
    payment.cvc = "123";
    payment.holderName = "Ana Souza";
    return payment;
}

} // namespace

class TestCheckoutModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        qRegisterMetaType<Hold>();
        qRegisterMetaType<Order>();
        qRegisterMetaType<ErrorCode>();
        m_server = std::make_unique<LiveServer>();
    }
    void cleanupTestCase() { m_server.reset(); }

    void sellsForCashWithChange() {
        auto api = m_server->client(LiveServer::kClerk);
        CheckoutModel checkout(api.get());
        QVERIFY(holdSeats(checkout, m_server->demoEventId(), 2));
        QCOMPARE(checkout.hold().totalCents, Cents{50000});
        QVERIFY(checkout.countdown()->isRunning());
        // The demo event holds for 600 s; the countdown says so, give or take the round trip.
        QVERIFY(checkout.countdown()->remainingSeconds() > 590);
        QVERIFY(checkout.countdown()->remainingSeconds() <= 601);

        QSignalSpy completed(&checkout, &CheckoutModel::orderCompleted);
        checkout.pay(CashPayment{60000});
        QCOMPARE(checkout.state(), CheckoutModel::State::Paying);
        QVERIFY(completed.wait(kWaitMs));
        QCOMPARE(checkout.state(), CheckoutModel::State::Completed);
        QVERIFY(checkout.lastOrder());
        QCOMPARE(checkout.lastOrder()->payment.method, std::string("cash"));
        QCOMPARE(checkout.lastOrder()->payment.changeCents.value_or(-1), Cents{10000});
        QCOMPARE(checkout.lastOrder()->tickets.size(), std::size_t{2});
        QCOMPARE(checkout.lastTendered().value_or(-1), Cents{60000});
        QVERIFY(!checkout.countdown()->isRunning());
        QVERIFY(!checkout.holdsPaymentDetails());
        // The event's details come along for the confirmation page (read beside the hold, so
        // possibly after the order on a busy machine).
        QTRY_VERIFY_WITH_TIMEOUT(checkout.event().has_value(), kWaitMs);
        QCOMPARE(checkout.sectionName(checkout.lastOrder()->tickets.front().sectionId),
                 QStringLiteral("Plateia"));

        checkout.reset();
        QCOMPARE(checkout.state(), CheckoutModel::State::Idle);
        QVERIFY(!checkout.lastOrder());
    }

    void aDeclinedCardKeepsTheHoldAndTheNextCardGetsANewKey() {
        auto api = m_server->client(LiveServer::kBuyer);
        CheckoutModel checkout(api.get());
        const Id eventId = m_server->createEvent(bilheteria::testing::demoEventBody("Declines"));
        QVERIFY(holdSeats(checkout, eventId, 1));
        const Id holdId = checkout.hold().id;

        QSignalSpy failed(&checkout, &CheckoutModel::paymentFailed);
        checkout.pay(card("4000 0000 0000 0002"));
        const QString firstKey = checkout.idempotencyKey();
        QVERIFY(!firstKey.isEmpty());
        QVERIFY(failed.wait(kWaitMs));
        QCOMPARE(failed.last().at(1).value<ErrorCode>(), ErrorCode::PaymentDeclined);
        QCOMPARE(failed.last().at(2).toBool(), true);  // hold kept
        QCOMPARE(failed.last().at(3).toBool(), false); // answered: not a retry case
        QVERIFY(failed.last().at(0).toString().contains(QStringLiteral("still held")));
        QCOMPARE(checkout.state(), CheckoutModel::State::Held);
        QVERIFY(checkout.hasHold());
        QVERIFY(!checkout.canRetryPayment());
        // The answer came: the model no longer has the card number.
        QVERIFY(!checkout.holdsPaymentDetails());
        QVERIFY(checkout.idempotencyKey().isEmpty());
        // The server agrees the seats are still ours.
        const auto hold = await<Hold>([&](QObject* c, auto done) { api->hold(holdId, c, done); });
        QVERIFY(hold);
        QCOMPARE(hold->status, HoldStatus::Active);

        QSignalSpy completed(&checkout, &CheckoutModel::orderCompleted);
        checkout.pay(card("4111 1111 1111 1111"));
        const QString secondKey = checkout.idempotencyKey();
        QVERIFY(!secondKey.isEmpty());
        QVERIFY(secondKey != firstKey);
        QVERIFY(completed.wait(kWaitMs));
        const Order& order = *checkout.lastOrder();
        QCOMPARE(order.payment.brand.value_or(""), std::string("visa"));
        QCOMPARE(order.payment.last4.value_or(""), std::string("1111"));
        QVERIFY(!checkout.holdsPaymentDetails());
    }

    void aPaymentWithoutAnAnswerIsRetriedUnderTheSameKey() {
        auto api = m_server->client(LiveServer::kClerk);
        CheckoutModel checkout(api.get());
        QVERIFY(holdSeats(checkout, m_server->demoEventId(), 1));
        const Id holdId = checkout.hold().id;
        const PaymentRequest payment = card("5555 5555 5555 4444");

        // Nothing listens there: the request gets no answer.
        const QUrl serverUrl = api->baseUrl();
        api->setBaseUrl(QUrl(QStringLiteral("https://127.0.0.1:1")));
        QSignalSpy failed(&checkout, &CheckoutModel::paymentFailed);
        checkout.pay(payment);
        const QString key = checkout.idempotencyKey();
        QVERIFY(failed.wait(kWaitMs));
        QCOMPARE(failed.last().at(2).toBool(), true); // hold kept
        QCOMPARE(failed.last().at(3).toBool(), true); // retryable
        QCOMPARE(checkout.state(), CheckoutModel::State::Held);
        QVERIFY(checkout.canRetryPayment());
        QVERIFY(checkout.holdsPaymentDetails()); // needed to repeat the request exactly
        QCOMPARE(checkout.idempotencyKey(), key);

        // Paying again with the very same card is the same payment: same key.
        checkout.pay(payment);
        QCOMPARE(checkout.idempotencyKey(), key);
        QVERIFY(failed.wait(kWaitMs));
        QCOMPARE(failed.count(), 2);

        api->setBaseUrl(serverUrl);
        QSignalSpy completed(&checkout, &CheckoutModel::orderCompleted);
        checkout.retryPayment();
        QCOMPARE(checkout.idempotencyKey(), key);
        QVERIFY(completed.wait(kWaitMs));
        const Id orderId = checkout.lastOrder()->id;
        QVERIFY(!checkout.holdsPaymentDetails());

        // Had that answer been lost too, the next retry under the key gets the same order:
        // nothing is charged twice.
        const auto again = await<Order>(
            [&](QObject* c, auto done) { api->purchase(holdId, payment, key, c, done); });
        QVERIFY2(again, qPrintable(again ? QString() : again.error().message()));
        QCOMPARE(again->id, orderId);
    }

    void anotherPaymentAfterNoAnswerGetsANewKey() {
        auto api = m_server->client(LiveServer::kClerk);
        CheckoutModel checkout(api.get());
        QVERIFY(holdSeats(checkout, m_server->demoEventId(), 1));
        const QUrl serverUrl = api->baseUrl();
        api->setBaseUrl(QUrl(QStringLiteral("https://127.0.0.1:1")));
        QSignalSpy failed(&checkout, &CheckoutModel::paymentFailed);
        checkout.pay(CashPayment{checkout.hold().totalCents});
        const QString key = checkout.idempotencyKey();
        QVERIFY(failed.wait(kWaitMs));
        api->setBaseUrl(serverUrl);
        // Different amount handed over: a different payment, so a different key.
        QSignalSpy completed(&checkout, &CheckoutModel::orderCompleted);
        checkout.pay(CashPayment{checkout.hold().totalCents + 5000});
        QVERIFY(checkout.idempotencyKey() != key);
        QVERIFY(completed.wait(kWaitMs));
        QCOMPARE(checkout.lastOrder()->payment.changeCents.value_or(-1), Cents{5000});
    }

    void aCardOverItsLimitKeepsTheHold() {
        auto body = bilheteria::testing::demoEventBody("Card limit");
        body["max_tickets_per_card"] = 1;
        const Id eventId = m_server->createEvent(body);
        auto api = m_server->client(LiveServer::kClerk);
        CheckoutModel checkout(api.get());
        QVERIFY(holdSeats(checkout, eventId, 1));
        QSignalSpy completed(&checkout, &CheckoutModel::orderCompleted);
        checkout.pay(card("4111111111111111"));
        QVERIFY(completed.wait(kWaitMs));
        checkout.reset();

        QVERIFY(holdSeats(checkout, eventId, 1));
        QSignalSpy failed(&checkout, &CheckoutModel::paymentFailed);
        checkout.pay(card("4111111111111111"));
        QVERIFY(failed.wait(kWaitMs));
        QCOMPARE(failed.last().at(1).value<ErrorCode>(), ErrorCode::CardLimitExceeded);
        QCOMPARE(failed.last().at(2).toBool(), true);
        QCOMPARE(checkout.state(), CheckoutModel::State::Held);
        // ... but only briefly (the server's 30 s by default): the countdown shows the new end.
        QVERIFY2(checkout.countdown()->remainingSeconds() <= 30,
                 qPrintable(QString::number(checkout.countdown()->remainingSeconds())));
        QVERIFY(checkout.countdown()->remainingSeconds() > 0);
        QVERIFY(checkout.countdown()->isRunning());
        // Another card may pay for it.
        checkout.pay(card("5555555555554444"));
        QVERIFY(completed.wait(kWaitMs));
        QCOMPARE(completed.count(), 2);
    }

    void saysWhenSeatsCannotBeHeld() {
        auto api = m_server->client(LiveServer::kClerk);
        CheckoutModel first(api.get());
        QVERIFY(holdSeats(first, m_server->demoEventId(), 1));
        CheckoutModel second(api.get());
        QSignalSpy failed(&second, &CheckoutModel::holdFailed);
        second.createHold(m_server->demoEventId(),
                          HoldRequest{{first.hold().seats.front().id}, std::nullopt, 0});
        QCOMPARE(second.state(), CheckoutModel::State::Holding);
        QVERIFY(failed.wait(kWaitMs));
        QCOMPARE(failed.last().at(1).value<ErrorCode>(), ErrorCode::SeatsUnavailable);
        QCOMPARE(second.state(), CheckoutModel::State::Idle);
        QVERIFY(!second.hasHold());
        first.release();
    }

    void releaseGivesTheSeatsBack() {
        auto api = m_server->client(LiveServer::kClerk);
        CheckoutModel checkout(api.get());
        QVERIFY(holdSeats(checkout, m_server->demoEventId(), 1));
        const Id seatId = checkout.hold().seats.front().id;
        QCOMPARE(seatState(*api, seatId), SeatState::Held);
        QSignalSpy released(&checkout, &CheckoutModel::holdReleased);
        checkout.release();
        QCOMPARE(released.count(), 1);
        QCOMPARE(checkout.state(), CheckoutModel::State::Idle);
        QVERIFY(!checkout.countdown()->isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(seatState(*api, seatId), SeatState::Free, kWaitMs);
    }

    void expiresWhenTheCountdownEnds() {
        auto api = m_server->client(LiveServer::kClerk);
        qint64 now = QDateTime::currentMSecsSinceEpoch();
        CheckoutModel checkout(api.get(), nullptr, [&now] { return now; });
        QVERIFY(holdSeats(checkout, m_server->demoEventId(), 1));
        QSignalSpy warning(checkout.countdown(), &HoldCountdown::warningStarted);
        QSignalSpy expired(&checkout, &CheckoutModel::holdExpired);
        const int left = checkout.countdown()->remainingSeconds();
        now += qint64(left - 30) * 1000;
        checkout.countdown()->tick();
        QCOMPARE(warning.count(), 1);
        QCOMPARE(expired.count(), 0);
        now += 31'000;
        checkout.countdown()->tick();
        QCOMPARE(expired.count(), 1);
        QVERIFY(!expired.last().at(0).toString().isEmpty());
        QCOMPARE(checkout.state(), CheckoutModel::State::Expired);
        QVERIFY(!checkout.hasHold());
        // Nothing can be paid for an expired hold.
        QSignalSpy started(&checkout, &CheckoutModel::paymentStarted);
        checkout.pay(CashPayment{100000});
        QCOMPARE(started.count(), 0);
        checkout.countdown()->tick();
        QCOMPARE(expired.count(), 1);
    }

private:
    // Holds the first `count` free seats of the event through the model.
    bool holdSeats(CheckoutModel& checkout, Id eventId, int count) {
        auto reader = m_server->client();
        const auto seats = await<std::vector<Seat>>(
            [&](QObject* c, auto done) { reader->seats(eventId, c, done); });
        if (!seats) return false;
        HoldRequest request;
        for (const Seat& seat : *seats)
            if (seat.state == SeatState::Free && static_cast<int>(request.seatIds.size()) < count)
                request.seatIds.push_back(seat.id);
        QSignalSpy created(&checkout, &CheckoutModel::holdCreated);
        checkout.createHold(eventId, request);
        if (!created.wait(kWaitMs)) return false;
        return checkout.state() == CheckoutModel::State::Held &&
               checkout.hold().seats.size() == static_cast<std::size_t>(count);
    }

    SeatState seatState(ApiClient& api, Id seatId) {
        const auto seats = await<std::vector<Seat>>(
            [&](QObject* c, auto done) { api.seats(m_server->demoEventId(), c, done); });
        if (seats)
            for (const Seat& seat : *seats)
                if (seat.id == seatId) return seat.state;
        return SeatState::Sold;
    }

    std::unique_ptr<LiveServer> m_server;
};

QTEST_GUILESS_MAIN(TestCheckoutModel)
#include "tst_checkoutmodel.moc"
